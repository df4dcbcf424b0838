import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { detectLocale } from '../src/i18n/I18nProvider';
import { en } from '../src/i18n/en';
import { zhCN } from '../src/i18n/zhCN';
import { backend, buildPayment, settle } from './backend';
import { renderApp } from './render';

describe('languages', () => {
  it('has every string in both languages', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(zhCN)) {
      expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
      expect({ key, placeholders: text.match(/\{\w+\}/g)?.sort() ?? [] }).toEqual({ key, placeholders: en[key as keyof typeof en].match(/\{\w+\}/g)?.sort() ?? [] });
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
    const premium = await screen.findByRole('radio', { name: /高级/ });
    expect(premium.closest('label')).toHaveTextContent(/最划算.*15,000 积分.*含赠送 5,000.*US\$100\.00.*每积分 0\.67¢/);
    expect(document.documentElement.lang).toBe('zh-CN');
  });

  it('shows the result page in Chinese', async () => {
    const p = buildPayment();
    backend.payments.push(p);
    settle(p, 'completed');
    renderApp(`/payment/result?paymentId=${p.id}`, { locale: 'zh-CN' });
    expect(await screen.findByRole('heading', { name: '付款成功' })).toBeInTheDocument();
    expect(screen.getByText('已向你的余额添加 1,000 积分。')).toBeInTheDocument();
  });

  it('switches language from the header and remembers the choice', async () => {
    renderApp('/');
    await screen.findByRole('button', { name: 'Buy credits' });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Language' }), 'zh-CN');
    expect(await screen.findByRole('button', { name: '购买积分' })).toBeInTheDocument();
    expect(localStorage.getItem('credits.locale')).toBe('zh-CN');
  });
});
