import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { creditsEn, loadCreditsMessages, type CreditsMessages } from '@credits/react';
import { PROBLEM_CODES, PROBLEMS } from '@credits/shared';
import { detectLocale } from '../src/i18n/I18nProvider';
import { en } from '../src/i18n/en';
import { zhCN } from '../src/i18n/zhCN';
import type { ApiErrorCode } from '../src/lib/apiClient';
import { backend, buildPayment, settle } from './backend';
import { renderApp } from './render';

let creditsZhCN: CreditsMessages;
beforeAll(async () => {
  creditsZhCN = await loadCreditsMessages('zh-CN');
});

describe('languages', () => {
  it.each([
    ['the app’s', en, zhCN],
    ['@credits/react’s', creditsEn, () => creditsZhCN],
  ])('has every string of %s in both languages', (_name, english: Record<string, string>, chineseOf: Record<string, string> | (() => Record<string, string>)) => {
    const chinese = typeof chineseOf === 'function' ? chineseOf() : chineseOf;
    expect(Object.keys(chinese).sort()).toEqual(Object.keys(english).sort());
    for (const [key, text] of Object.entries(chinese)) {
      expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
      expect({ key, placeholders: text.match(/\{\w+\}/g)?.sort() ?? [] }).toEqual({ key, placeholders: english[key]!.match(/\{\w+\}/g)?.sort() ?? [] });
    }
  });

  it.each([
    ['?lang=zh-CN', null, ['en-US'], 'zh-CN'],
    ['', 'en', ['zh-CN'], 'en'],
    ['', null, ['zh-TW', 'en'], 'zh-CN'],
    ['', null, ['fr-FR'], 'en'],
  ])('chooses the language from %p, storage %p and browser %p', (search, stored, languages, expected) => {
    expect(detectLocale(search, stored, languages)).toBe(expected);
  });

  it('renders the purchase in Chinese with money and numbers for the locale', async () => {
    backend.balance = 15_000;
    renderApp('/', { locale: 'zh-CN' });
    expect(await screen.findByText('15,000 积分')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: '购买积分' }));
    const packs = within(await screen.findByRole('group', { name: '积分套餐' })).getAllByRole('button');
    expect(packs[0]).toHaveTextContent(/^基础包US\$1\.00100 积分每积分 1 美分$/);
    expect(packs[1]).toHaveTextContent(/^标准包US\$10\.001,000 积分每积分 1 美分$/);
    expect(packs[2]).toHaveTextContent(/^超值包省 33%US\$100\.0015,000 积分每积分约 0\.67 美分含赠送 5,000 积分$/);
    expect(screen.getByRole('button', { name: '请选择套餐' })).toBeDisabled();
    await userEvent.click(packs[1]!);
    expect(screen.getByRole('button', { name: '支付 US$10.00，获得 1,000 积分' })).toBeEnabled();
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(document.title).toBe('您的余额 · 积分');
  });

  it('shows the result page in Chinese', async () => {
    const p = buildPayment();
    backend.payments.push(p);
    settle(p, 'completed');
    renderApp(`/payment/result?paymentId=${p.id}`, { locale: 'zh-CN' });
    expect(await screen.findByRole('heading', { name: '付款成功' })).toBeInTheDocument();
    expect(screen.getByText('已向您的余额添加 1,000 积分。')).toBeInTheDocument();
    expect(document.title).toBe('付款 · 积分');
  });

  it('addresses the buyer as 您, as payment pages in mainland China do, never 你', () => {
    for (const [key, text] of Object.entries({ ...creditsZhCN, ...zhCN })) expect({ key, informal: text.includes('你') }).toEqual({ key, informal: false });
  });

  it('never shows the API’s English text: every problem code has a message in both languages', async () => {
    const { problemKey, ApiError } = await import('@credits/react');
    const cases: Array<[number, ApiErrorCode]> = [
      ...PROBLEM_CODES.map((code): [number, ApiErrorCode] => [PROBLEMS[code].status, code]),
      [0, 'network_error'],
      [0, 'network_timeout'],
      [500, 'http_error'],
      [418, 'http_error'],
    ];
    for (const [status, code] of cases) {
      const key = problemKey(new ApiError(status, code, 'English detail from the API'));
      expect({ code, en: creditsEn[key], zh: creditsZhCN[key] }).toEqual({ code, en: expect.any(String), zh: expect.stringMatching(/[\u4e00-\u9fff]/) });
    }
    expect(problemKey(new ApiError(500, 'internal_error', 'x'))).toBe('error.server');
    expect(problemKey(new ApiError(409, 'whop_unknown', 'x'))).toBe('error.whopUnknown');
    // A code this build does not know (a newer API) is said by its status.
    expect(problemKey(new ApiError(418, 'http_error', 'x'))).toBe('error.request');
    expect(problemKey(new ApiError(409, 'a_newer_code' as ApiErrorCode, 'x'))).toBe('error.request');
    expect(problemKey(new ApiError(503, 'http_error', 'x'))).toBe('error.unavailable');
    expect(problemKey(new TypeError('x'))).toBe('error.server');
  });

  it('switches language from the header and remembers the choice', async () => {
    renderApp('/');
    await screen.findByRole('button', { name: 'Buy credits' });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Language' }), 'zh-CN');
    expect(await screen.findByRole('button', { name: '购买积分' })).toBeInTheDocument();
    expect(localStorage.getItem('credits.locale')).toBe('zh-CN');
  });
});
