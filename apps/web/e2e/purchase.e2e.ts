import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildWeb, CHROMIUM, hasChromium, launchBrowser, startStack, watchConsole, type Stack } from './stack';

/**
 * The whole purchase in a real browser (Debian's Chromium) against the real server: API, built web
 * app, PGlite and the Whop simulator's hosted checkout. Set SCREENSHOTS=1 to refresh docs/screenshots.
 */
const SHOTS = process.env.SCREENSHOTS ? path.resolve(__dirname, '../../../docs/screenshots') : null;
const describeInBrowser = hasChromium ? describe : describe.skip;
if (!hasChromium) console.log(`skipped: browser tests need Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);

jest.setTimeout(90_000);

describeInBrowser('purchase in a browser', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    buildWeb();
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1000, height: 760 } });
    page = await context.newPage();
    errors = watchConsole(page);
  });
  afterEach(async () => {
    await context.close();
    expect(errors).toEqual([]);
  });

  const shot = async (name: string) => {
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  };

  async function signIn(lang = 'en') {
    await page.goto(`${stack.appUrl}/?lang=${lang}`);
    await page.getByRole('button', { name: lang === 'en' ? 'Sign in as demo user' : '以演示用户登录' }).click();
    await page.getByRole('button', { name: lang === 'en' ? 'Buy credits' : '购买积分' }).waitFor();
  }

  async function balanceText(): Promise<string> {
    return (await page.getByTestId('balance').textContent()) ?? '';
  }

  async function startPurchase(pack: RegExp) {
    await page.getByRole('button', { name: 'Buy credits' }).click();
    const dialog = page.getByRole('dialog', { name: 'Buy credits' });
    await dialog.getByRole('radio', { name: pack }).check();
    await dialog.getByRole('button', { name: 'Buy now' }).click();
    await page.waitForURL(`${stack.simUrl}/checkout/**`);
  }

  async function pay(card: string) {
    await page.getByLabel('Card number').fill(card);
    await page.getByRole('button', { name: /^Pay / }).click();
  }

  it('buys the 1,000 pack: modal → Whop checkout with 4242… → success → balance 1,000', async () => {
    await signIn();
    const before = Number((await balanceText()).replace(/\D/g, ''));
    await page.getByRole('button', { name: 'Buy credits' }).click();
    await page.getByRole('radio', { name: /Standard/ }).waitFor();
    await shot('modal-en');
    await page.keyboard.press('Escape');
    await startPurchase(/Standard/);
    await pay('4242 4242 4242 4242');
    await page.waitForURL(`${stack.appUrl}/payment/result?**`);
    const url = new URL(page.url());
    expect(url.searchParams.get('status')).toBe('success');
    await page.getByRole('heading', { name: 'Payment complete' }).waitFor();
    await page.getByText('1,000 credits were added to your balance.').waitFor();
    await page.getByText(/^pay_/).waitFor();
    await shot('result-en');
    await page.getByRole('link', { name: 'Back to your credits' }).click();
    await page.getByText(`${(before + 1000).toLocaleString('en-US')} credits`).waitFor();
    await page.getByRole('link', { name: 'History' }).click();
    await page.getByRole('cell', { name: 'Completed' }).first().waitFor();
    await shot('history-en');
  });

  it('shows a decline on the checkout, and the failed order when the buyer gives up', async () => {
    await signIn();
    await startPurchase(/Starter/);
    await pay('4000 0000 0000 0002');
    await page.getByRole('alert').filter({ hasText: 'Your card was declined.' }).waitFor();
    await page.getByRole('link', { name: 'Cancel and return' }).click();
    await page.waitForURL(`${stack.appUrl}/payment/result?**`);
    await page.getByRole('heading', { name: 'Payment failed' }).waitFor();
  });

  it('shows a cancelled checkout as cancelled, with nothing charged', async () => {
    await signIn();
    await startPurchase(/Starter/);
    await page.getByRole('link', { name: 'Cancel and return' }).click();
    await page.waitForURL(`${stack.appUrl}/payment/result?**`);
    await page.getByRole('heading', { name: 'Payment cancelled' }).waitFor();
    await page.getByText('Nothing was charged', { exact: false }).waitFor();
  });

  it('shows "still processing" while Whop settles, then success when the late webhook lands', async () => {
    await signIn();
    await fetch(`${stack.simUrl}/_sim/chaos`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ settleAfterMs: 7_000 }) });
    try {
      await startPurchase(/Starter/);
      await pay('4242424242424242');
      await page.waitForURL(`${stack.appUrl}/payment/result?**`);
      await page.getByRole('heading', { name: 'Still processing' }).waitFor({ timeout: 10_000 });
      await page.getByText('Your credits will arrive', { exact: false }).waitFor();
      await page.getByRole('heading', { name: 'Payment complete' }).waitFor({ timeout: 20_000 });
    } finally {
      await fetch(`${stack.simUrl}/_sim/chaos`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
    }
  });

  it('does the whole purchase in Chinese', async () => {
    await signIn('zh-CN');
    await page.getByRole('button', { name: '购买积分' }).click();
    const dialog = page.getByRole('dialog', { name: '购买积分' });
    await dialog.getByRole('radio', { name: /高级/ }).check();
    await dialog.getByText('最划算').waitFor();
    await shot('modal-zh-CN');
    await dialog.getByRole('button', { name: '立即购买' }).click();
    await page.waitForURL(`${stack.simUrl}/checkout/**`);
    await pay('4242424242424242');
    await page.waitForURL(`${stack.appUrl}/payment/result?**`);
    await page.getByRole('heading', { name: '付款成功' }).waitFor();
    await page.getByText('已向你的余额添加 15,000 积分。').waitFor();
    await shot('result-zh-CN');
    await page.getByRole('link', { name: '购买记录' }).click();
    await page.getByRole('cell', { name: '已完成' }).first().waitFor();
    await shot('history-zh-CN');
  });

  it('can be done with the keyboard alone', async () => {
    await page.goto(`${stack.appUrl}/?lang=en`);
    await tabTo(page, 'Sign in as demo user');
    await page.keyboard.press('Enter');
    await page
      .getByRole('button', { name: 'Buy credits' })
      .waitFor({ timeout: 10_000 })
      .catch(async (err: Error) => {
        throw new Error(
          `${err.message}\nfocused: ${await focusedName(page)}\nurl: ${page.url()}\nerrors: ${errors.join(' | ')}\nbody: ${(await page.textContent('body'))?.slice(0, 300)}`,
        );
      });
    await tabTo(page, 'Buy credits');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Buy credits' }).waitFor();
    // Focus starts on the selected pack (Premium, the best value); arrows move between packs.
    await page.getByRole('radio', { name: /Premium/ }).waitFor();
    expect(await focusedName(page)).toMatch(/Premium/);
    await page.keyboard.press('ArrowUp');
    expect(await page.getByRole('radio', { name: /Standard/ }).isChecked()).toBe(true);
    await tabTo(page, 'Buy now');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${stack.simUrl}/checkout/**`);
    expect(await focusedName(page)).toMatch(/Card number/);
    await page.keyboard.type('4242424242424242');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${stack.appUrl}/payment/result?**`);
    await page.getByRole('heading', { name: 'Payment complete' }).waitFor();
  });
});

/** The accessible name (or label) of the focused element. */
async function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return '';
    const labelled = el.getAttribute('aria-label') ?? (el as HTMLInputElement).labels?.[0]?.textContent ?? '';
    return `${labelled} ${el.textContent ?? ''}`.trim();
  });
}

/** Presses Tab until the focused element's name matches. */
async function tabTo(page: Page, name: string): Promise<void> {
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    if ((await focusedName(page)).includes(name)) return;
  }
  throw new Error(`could not reach "${name}" with Tab`);
}
