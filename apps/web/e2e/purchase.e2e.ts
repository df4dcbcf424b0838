import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { eventually } from '../../api/test/support/wait';
import { axeViolations, buildWeb, CHROMIUM, getOverTheWire, hasChromium, horizontalOverflow, launchBrowser, startStack, watchConsole, type Stack } from './stack';

/**
 * The buyer's whole experience against the real server (`npm start`'s entry: API, built web app,
 * PGlite and the Whop simulator's hosted checkout): what it serves over the wire, then, in Debian's
 * Chromium, purchases by keyboard alone at three screen sizes in both languages with axe on every
 * page, Back after paying, cancelling, resuming, a new tab, and errors in the buyer's language.
 * Set SCREENSHOTS=1 to refresh docs/screenshots.
 */
const SHOTS = process.env.SCREENSHOTS ? path.resolve(__dirname, '../../../docs/screenshots') : null;
const describeInBrowser = hasChromium ? describe : describe.skip;
if (!hasChromium) console.log(`skipped: browser tests need Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);

jest.setTimeout(120_000);

type Lang = 'en' | 'zh-CN';
type Pack = 'basic' | 'standard' | 'premium';

const TEXT = {
  en: {
    signIn: 'Sign in as demo user',
    buy: 'Buy credits',
    pack: { basic: 'Starter', standard: 'Standard', premium: 'Premium' },
    pay: { basic: 'Pay $1.00 for 100 credits', standard: 'Pay $10.00 for 1,000 credits', premium: 'Pay $100.00 for 15,000 credits' },
    credits: { basic: 100, standard: 1_000, premium: 15_000 },
    success: 'Payment complete',
    newBalance: (n: number) => `New balance: ${n.toLocaleString('en-US')} credits`,
    history: 'History',
    historyTitle: 'Purchase history',
    completed: 'Completed',
    cancelled: 'Cancelled',
    awaiting: 'Awaiting payment',
    paymentCancelled: 'Payment cancelled',
    nothingCharged: 'Nothing was charged',
    openUntil: /Open until/,
    resume: 'Resume payment',
    tryAgain: 'Try again',
    signOut: 'Sign out',
    rateLimited: /^Too many attempts in a short time\. You can try again in (\d+) s\.$/,
    serverError: 'Something went wrong on our side. Try again in a moment.',
  },
  'zh-CN': {
    signIn: '以演示用户登录',
    buy: '购买积分',
    pack: { basic: '基础包', standard: '标准包', premium: '超值包' },
    pay: { basic: '支付 US$1.00，获得 100 积分', standard: '支付 US$10.00，获得 1,000 积分', premium: '支付 US$100.00，获得 15,000 积分' },
    credits: { basic: 100, standard: 1_000, premium: 15_000 },
    success: '付款成功',
    newBalance: (n: number) => `当前余额：${n.toLocaleString('en-US')} 积分`,
    history: '购买记录',
    historyTitle: '购买记录',
    completed: '已完成',
    cancelled: '已取消',
    awaiting: '等待付款',
    paymentCancelled: '付款已取消',
    nothingCharged: '未产生任何扣款',
    openUntil: /有效期至/,
    resume: '继续付款',
    tryAgain: '再试一次',
    signOut: '退出',
    rateLimited: /^操作过于频繁，请在 (\d+) 秒后重试。$/,
    serverError: '我们这边出了点问题，请稍后重试。',
  },
} as const;

const SCREENS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
  small: { width: 320, height: 640 },
} as const;
type Screen = keyof typeof SCREENS;

let stack: Stack;

/** A token from the development sign-in, for calls the test makes beside the browser (or links it opens). */
async function token(userId: string, role?: 'admin'): Promise<string> {
  const res = await fetch(`${stack.appUrl}/api/dev/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ userId, ...(role ? { role } : {}) }),
  });
  return ((await res.json()) as { token: string }).token;
}

beforeAll(async () => {
  buildWeb();
  stack = await startStack();
});
afterAll(() => stack?.stop());

describe('what npm start serves', () => {
  /** index.html's module script and the modules it preloads: what a first visit downloads before anything renders. */
  async function initialScripts(encoding: string): Promise<Array<{ url: string; bytes: number; encoding: string | undefined; cacheControl: string | undefined }>> {
    const index = await getOverTheWire(`${stack.appUrl}/`, { accept: 'text/html', 'accept-encoding': encoding });
    const html = index.headers['content-encoding'] ? (await getOverTheWire(`${stack.appUrl}/`, { accept: 'text/html' })).body.toString() : index.body.toString();
    const paths = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="([^"]+\.js)"/g)].map((m) => m[1]!);
    expect(paths.length).toBeGreaterThan(0);
    return Promise.all(
      paths.map(async (p) => {
        const res = await getOverTheWire(`${stack.appUrl}${p}`, { 'accept-encoding': encoding });
        expect(res.status).toBe(200);
        return { url: p, bytes: res.bytes, encoding: res.headers['content-encoding'] as string | undefined, cacheControl: res.headers['cache-control'] as string | undefined };
      }),
    );
  }

  it('keeps the initial JavaScript within 100 KB gzipped, as it crosses the wire, cached for a year', async () => {
    const gzip = await initialScripts('gzip');
    const total = gzip.reduce((sum, f) => sum + f.bytes, 0);
    const brotli = (await initialScripts('gzip, deflate, br')).reduce((sum, f) => sum + f.bytes, 0);
    console.log(`initial JavaScript over the wire: ${(total / 1024).toFixed(1)} KB gzip, ${(brotli / 1024).toFixed(1)} KB brotli, in ${gzip.length} files`);
    for (const f of gzip) expect(f).toMatchObject({ encoding: 'gzip', cacheControl: 'public, max-age=31536000, immutable' });
    expect(total).toBeLessThanOrEqual(100 * 1024);
    expect(brotli).toBeLessThan(total);
  });

  it('publishes no source maps', async () => {
    const [script] = await initialScripts('identity');
    const body = (await getOverTheWire(`${stack.appUrl}${script!.url}`, {})).body.toString();
    expect(body).not.toMatch(/sourceMappingURL/);
    expect((await getOverTheWire(`${stack.appUrl}${script!.url}.map`, {})).status).toBe(404);
  });
});

describeInBrowser('the buyer in a browser', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  /** Console errors a test expects (the browser logs every 4xx/5xx a page receives). */
  let expectedErrors: RegExp[];

  beforeAll(async () => {
    browser = await launchBrowser();
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(() => browser?.close());
  afterEach(async () => {
    await context?.close();
    expect(errors.filter((e) => !expectedErrors.some((re) => re.test(e)))).toEqual([]);
  });

  async function open(screen: Screen, colorScheme: 'light' | 'dark' = 'light') {
    context = await browser.newContext({ viewport: SCREENS[screen], colorScheme, reducedMotion: 'reduce' });
    page = await context.newPage();
    errors = watchConsole(page);
    expectedErrors = [];
  }

  const shot = (name: string) => screenshot(page, name);
  const expectAccessible = (where: string) => expectNoAxeViolations(page, where);
  const tabTo = (name: string) => tabUntil(page, name);

  async function expectFits(where: string) {
    expect({ where, overflow: await horizontalOverflow(page) }).toEqual({ where, overflow: 0 });
  }

  async function signIn(lang: Lang, baseUrl = stack.appUrl) {
    await page.goto(`${baseUrl}/?lang=${lang}`);
    await page.getByRole('button', { name: TEXT[lang].signIn }).click();
    await page.getByTestId('balance').waitFor();
  }

  async function balance(): Promise<number> {
    return Number(((await page.getByTestId('balance').textContent()) ?? '').replace(/[^\d-]/g, ''));
  }

  async function pay(card: string) {
    await page.getByLabel('Card number').fill(card);
    await page.getByRole('button', { name: /^Pay / }).click();
  }

  /** Opens the modal, chooses `pack` and pays: the browser goes to Whop's checkout (or, refused, stays with an alert). */
  async function choose(lang: Lang, pack: Pack) {
    await page.getByRole('button', { name: TEXT[lang].buy, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: TEXT[lang].buy });
    await dialog.getByRole('button', { name: new RegExp(`^${TEXT[lang].pack[pack]}`) }).click();
    await dialog.getByRole('button', { name: TEXT[lang].pay[pack] }).click();
  }

  async function toCheckout(lang: Lang, pack: Pack, simUrl = stack.simUrl) {
    await choose(lang, pack);
    await page.waitForURL(`${simUrl}/checkout/**`);
  }

  const PURCHASES: Array<[Lang, Screen, Pack, 'light' | 'dark']> = [
    ['en', 'desktop', 'standard', 'light'],
    ['en', 'phone', 'premium', 'dark'],
    ['en', 'small', 'basic', 'light'],
    ['zh-CN', 'desktop', 'premium', 'light'],
    ['zh-CN', 'phone', 'basic', 'dark'],
    ['zh-CN', 'small', 'standard', 'light'],
  ];

  it.each(PURCHASES)('buys by keyboard alone (%s, %s, %s pack, %s), every page accessible, and Back after paying charges nothing', async (lang, screen, pack, scheme) => {
    const text = TEXT[lang];
    await open(screen, scheme);
    expectedErrors = [/status of 410/];
    const tag = `${screen === 'desktop' ? '' : `${screen}-`}${lang}`;

    await page.goto(`${stack.appUrl}/?lang=${lang}`);
    await page.getByRole('button', { name: text.signIn }).waitFor();
    await expectAccessible('sign-in');
    await tabTo(text.signIn);
    await page.keyboard.press('Enter');
    await page.getByTestId('balance').waitFor();
    const before = await balance();
    await expectAccessible('home');
    await expectFits('home');
    // The header fits on one row with the brand: nothing wraps under it on its own.
    const brandBox = (await page.locator('.brand').boundingBox())!;
    const signOutBox = (await page.getByRole('button', { name: text.signOut }).boundingBox())!;
    expect(Math.abs(brandBox.y + brandBox.height / 2 - (signOutBox.y + signOutBox.height / 2))).toBeLessThan(4);

    await tabTo(text.buy);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: text.buy });
    await dialog.getByRole('group').waitFor();
    // Nothing is chosen for the buyer, and Enter with nothing chosen buys nothing.
    expect(await dialog.locator('[aria-pressed="true"]').count()).toBe(0);
    await tabTo(text.pack[pack]);
    await page.keyboard.press('Space');
    await dialog.getByRole('button', { name: text.pay[pack] }).waitFor();
    await expectAccessible('purchase modal');
    await expectFits('purchase modal');
    await shot(`modal-${tag}`);
    await tabTo(text.pay[pack]);
    await page.keyboard.press('Enter');

    await page.waitForURL(`${stack.simUrl}/checkout/**`);
    await expectAccessible('Whop checkout (simulator)');
    expect(await focusedName(page)).toMatch(/Card number/);
    await page.keyboard.type('4242424242424242');
    await page.keyboard.press('Enter');

    await page.waitForURL(`${stack.appUrl}/payment/result?**`);
    await page.getByRole('heading', { name: text.success }).waitFor();
    await page.getByText(text.newBalance(before + text.credits[pack])).waitFor();
    expect(await page.locator('.celebrate').count()).toBe(1);
    await expectAccessible('result');
    await expectFits('result');
    await shot(`result-${tag}`);
    const resultUrl = page.url();

    // Back lands on Whop's checkout, which no longer takes a payment (it is withdrawn once the order is paid).
    await page.goBack();
    const gone = 'This checkout is no longer available';
    await eventually(async () => (await page.getByRole('heading').first().textContent()) === gone || (await page.reload(), false), 10_000, 'the paid checkout withdrawn');
    expect(await page.getByLabel('Card number').count()).toBe(0);
    await page.getByRole('link', { name: 'Return to the shop to see your order' }).click();
    await page.getByRole('heading', { name: text.success }).waitFor();
    expect(new URL(page.url()).searchParams.get('paymentId')).toBe(new URL(resultUrl).searchParams.get('paymentId'));
    await page.getByText(text.newBalance(before + text.credits[pack])).waitFor();
    // No second payment was taken, so none is reported.
    expect(await page.locator('.alert-warning').count()).toBe(0);

    await page.getByRole('link', { name: text.history, exact: true }).click();
    await page.getByRole('heading', { name: text.historyTitle }).waitFor();
    const first = page.getByRole('listitem').first();
    await first.getByText(text.completed).waitFor();
    await expectAccessible('history');
    await expectFits('history');
    // A status is one short line, never a column of single characters.
    expect((await first.locator('.status').boundingBox())!.height).toBeLessThan(30);
    await shot(`history-${tag}`);
  });

  const ACCOUNT = {
    en: {
      waiting: 'An order is waiting for payment',
      resume: 'Resume payment',
      recent: 'Your last purchases',
      receiptFor: 'Receipt for Standard',
      receipt: 'Receipt',
      bought: 'Credits bought',
      adjusted: 'Adjusted by support',
      credits: 'Credits',
      creditsTitle: 'Your credits',
      charged: '$10.00',
    },
    'zh-CN': {
      waiting: '有一笔订单等待付款',
      resume: '继续付款',
      recent: '最近的购买',
      receiptFor: '标准包 的收据',
      receipt: '收据',
      bought: '购买积分',
      adjusted: '客服调整',
      credits: '积分明细',
      creditsTitle: '您的积分',
      charged: 'US$10.00',
    },
  } as const;

  it.each([
    ['en', 'desktop'],
    ['zh-CN', 'phone'],
  ] as const)('shows a buyer their open order on the home page, a receipt, and where their credits went (%s, %s), accessible', async (lang, screen) => {
    const text = ACCOUNT[lang];
    const buyer = `account-${lang}-${screen}-${Date.now()}`;
    const bearer = await token(buyer);
    const call = (path: string, body?: unknown, headers: Record<string, string> = {}) =>
      fetch(`${stack.appUrl}${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID(), ...headers },
        body: JSON.stringify(body ?? {}),
      }).then(async (res) => (await res.json()) as { payment: { id: string; whopCheckoutId: string; checkoutUrl: string } });
    // One standard pack paid, one premium left open; support gives 50 credits.
    const paid = (await call('/api/payment/create', { packageId: 'standard' })).payment;
    await fetch(`${stack.simUrl}/_sim/checkout_configurations/${paid.whopCheckoutId}/pay`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ card: '4242424242424242' }),
    });
    const open_ = (await call('/api/payment/create', { packageId: 'premium' })).payment;
    const operator = await token('operator', 'admin');
    const adjusted = await fetch(`${stack.appUrl}/api/admin/users/${buyer}/adjustments`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${operator}`, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify({ credits: 50, reason: 'Sorry for the wait' }),
    });
    expect(adjusted.status).toBe(201);

    await open(screen);
    await page.goto(`${stack.appUrl}/?lang=${lang}#token=${bearer}`);
    await eventually(async () => (await balance().catch(() => 0)) === 1_050 || (await page.reload(), false), 10_000, 'the paid pack credited');
    const waiting = page.getByRole('region', { name: text.waiting });
    await waiting.waitFor();
    expect(await waiting.getByRole('link', { name: text.resume }).getAttribute('href')).toBe(open_.checkoutUrl);
    await page.getByRole('region', { name: text.recent }).getByText(text.charged, { exact: false }).waitFor();
    await expectAccessible(`home with an open order, ${lang}, ${screen}`);
    await expectFits(`home with an open order, ${lang}, ${screen}`);
    const tag = `${screen === 'desktop' ? '' : `${screen}-`}${lang}`;
    await shot(`home-open-order-${tag}`);

    await page.getByRole('link', { name: text.receiptFor }).click();
    await page.getByRole('heading', { name: text.receipt, exact: true }).waitFor();
    await page.getByText(paid.id).waitFor();
    await expectAccessible(`receipt, ${lang}, ${screen}`);
    await expectFits(`receipt, ${lang}, ${screen}`);
    await shot(`receipt-${tag}`);

    await page.getByRole('navigation').getByRole('link', { name: text.credits }).click();
    await page.getByRole('heading', { name: text.creditsTitle }).waitFor();
    const entries = page.getByRole('listitem');
    await entries.first().getByText(text.adjusted).waitFor();
    await entries.nth(1).getByText(text.bought).waitFor();
    await expectAccessible(`credits page, ${lang}, ${screen}`);
    await expectFits(`credits page, ${lang}, ${screen}`);
    await shot(`credits-${tag}`);
  });

  it.each([
    ['zh-CN', 'phone'],
    ['en', 'small'],
  ] as const)('cancels when the buyer leaves the checkout: History says cancelled, and Try again starts over (%s, %s)', async (lang, screen) => {
    const text = TEXT[lang];
    await open(screen);
    await signIn(lang);
    await toCheckout(lang, 'basic');
    await page.getByRole('link', { name: 'Cancel and return' }).click();
    await page.waitForURL(`${stack.appUrl}/payment/result?**`);
    await page.getByRole('heading', { name: text.paymentCancelled }).waitFor();
    await page.getByText(text.nothingCharged, { exact: false }).waitFor();
    await expectAccessible('cancelled result');
    await expectFits('cancelled result');
    await shot(`result-cancelled-${screen}-${lang}`);
    await page.getByRole('link', { name: text.history, exact: true }).click();
    await page.getByRole('listitem').first().getByText(text.cancelled).waitFor();
    await page.goBack();
    await page.getByRole('button', { name: text.tryAgain }).click();
    await page.waitForURL(`${stack.simUrl}/checkout/**`);
    await page.getByText('$1.00').first().waitFor();
  });

  it.each([
    ['en', 'desktop'],
    ['zh-CN', 'small'],
  ] as const)('resumes a pending order instead of opening another, from the modal and from History, and pays it (%s, %s)', async (lang, screen) => {
    const text = TEXT[lang];
    await open(screen);
    await signIn(lang);
    await page.getByRole('link', { name: text.history, exact: true }).click();
    await page.locator('.orders, .empty').first().waitFor();
    const ordersBefore = await page.getByRole('listitem').count();
    await page.goto(`${stack.appUrl}/`);

    await toCheckout(lang, 'standard');
    const checkout = page.url();
    // Back from Whop's checkout, then the same pack again: the same checkout, not a second order.
    await page.goBack();
    await page
      .getByRole('dialog', { name: text.buy })
      .getByRole('button', { name: new RegExp(`^${text.pack.standard}`) })
      .click();
    await page.getByRole('button', { name: text.pay.standard }).click();
    await page.waitForURL(`${stack.simUrl}/checkout/**`);
    expect(page.url()).toBe(checkout);
    await page.goBack();

    await page.goto(`${stack.appUrl}/history`);
    const open_ = page.getByRole('listitem').first();
    await open_.getByText(text.awaiting).waitFor();
    await open_.getByText(text.openUntil).waitFor();
    expect(await page.getByRole('listitem').count()).toBe(ordersBefore + 1);
    await expectAccessible('history with an open order');
    await expectFits('history with an open order');
    await shot(`history-awaiting-${screen}-${lang}`);
    await open_.getByRole('link', { name: text.resume }).click();
    await page.waitForURL(checkout);
    await pay('4242 4242 4242 4242');
    await page.waitForURL(`${stack.appUrl}/payment/result?**`);
    await page.getByRole('heading', { name: text.success }).waitFor();
  });

  it('resumes an open order from History after npm start is stopped and started again, and pays it', async () => {
    await open('desktop');
    await signIn('en');
    await toCheckout('en', 'basic');
    const checkout = page.url();
    await page.goto('about:blank');
    await stack.restart();

    await page.goto(`${stack.appUrl}/history`);
    await page.locator(`a[href="${checkout}"]`).click();
    await page.waitForURL(checkout);
    await page.getByText('100 credits').first().waitFor();
    await pay('4242 4242 4242 4242');
    await page.waitForURL(`${stack.appUrl}/payment/result?**`);
    await page.getByRole('heading', { name: TEXT.en.success }).waitFor();
  });

  it('keeps the session in a new tab, and signing out in one tab signs out the other', async () => {
    await open('desktop');
    await signIn('en');
    const second = await context.newPage();
    errors.push(...watchConsole(second));
    await second.goto(`${stack.appUrl}/history`);
    await second.getByRole('heading', { name: 'Purchase history' }).waitFor();
    await second.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in as demo user' }).waitFor();
  });

  it('asks before a link signs in as someone else (two users, two tabs): nothing changes until the buyer chooses', async () => {
    await open('desktop');
    await signIn('en');
    await page.getByText('Signed in as demo').waitFor();
    const second = await context.newPage();
    errors.push(...watchConsole(second));

    // A link that would sign in as another account and open the buy modal.
    await second.goto(`${stack.appUrl}/?buy#token=${await token('visitor-b')}`);
    const choice = second.getByRole('alertdialog', { name: 'Which account?' });
    await choice.waitFor();
    expect(await choice.textContent()).toContain('This link signs you in as visitor-b. You are signed in as demo.');
    expect(second.url()).toBe(`${stack.appUrl}/?buy`);
    expect(await second.getByRole('dialog').count()).toBe(0);
    expect(await second.getByTestId('balance').count()).toBe(0);
    await expectNoAxeViolations(second, 'account choice');
    // The first tab is still the buyer's.
    await page.reload();
    await page.getByText('Signed in as demo').waitFor();

    await choice.getByRole('button', { name: 'Stay as demo' }).click();
    await second.getByRole('dialog', { name: 'Buy credits' }).waitFor();
    await second.getByText('Signed in as demo').waitFor();

    // Another such link, and this time the buyer continues as that account: both tabs follow.
    await second.goto(`${stack.appUrl}/#token=${await token('visitor-b')}`);
    await second.getByRole('button', { name: 'Continue as visitor-b' }).click();
    await second.getByText('Signed in as visitor-b').waitFor();
    await page.getByText('Signed in as visitor-b').waitFor();
  });

  it('shows a decline on the checkout, and the failed order with a way to try again', async () => {
    await open('desktop');
    await signIn('en');
    await toCheckout('en', 'basic');
    await pay('4000 0000 0000 0002');
    await page.getByRole('alert').filter({ hasText: 'Your card was declined.' }).waitFor();
    await page.getByRole('link', { name: 'Cancel and return' }).click();
    await page.waitForURL(`${stack.appUrl}/payment/result?**`);
    await page.getByRole('heading', { name: 'Payment failed' }).waitFor();
    await page.getByRole('button', { name: 'Try again' }).waitFor();
    await page.getByRole('link', { name: 'Buy credits' }).waitFor();
  });

  it('shows "still processing" while Whop settles, then success when the late webhook lands', async () => {
    await open('phone');
    await signIn('en');
    await fetch(`${stack.simUrl}/_sim/chaos`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ settleAfterMs: 7_000 }) });
    try {
      await toCheckout('en', 'basic');
      await pay('4242424242424242');
      await page.waitForURL(`${stack.appUrl}/payment/result?**`);
      await page.getByRole('heading', { name: 'Still processing' }).waitFor({ timeout: 10_000 });
      await page.getByText('Your credits will arrive', { exact: false }).waitFor();
      await page.getByRole('heading', { name: 'Payment complete' }).waitFor({ timeout: 30_000 });
    } finally {
      await fetch(`${stack.simUrl}/_sim/chaos`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
    }
  });

  describe('errors, in the buyer’s language', () => {
    let limited: Stack;
    beforeAll(async () => {
      // Its own server, with the real per-user limit on orders set low.
      limited = await startStack({ RATE_LIMIT_CREATE: '2' });
    });
    afterAll(() => limited?.stop());

    /** Switches the interface language from the header. */
    async function switchTo(lang: Lang) {
      await page.getByRole('combobox').selectOption(lang);
    }

    it('counts down a real 429 from Retry-After, in Chinese and then in English', async () => {
      await open('small');
      expectedErrors = [/status of 429/];
      await signIn('zh-CN', limited.appUrl);
      for (const pack of ['basic', 'standard'] as const) {
        await toCheckout('zh-CN', pack, limited.simUrl);
        await page.goBack();
        await page.getByRole('dialog').waitFor();
        await page.keyboard.press('Escape');
      }
      await choose('zh-CN', 'premium');
      const alert = page.getByRole('alert');
      await alert.waitFor();
      // The visible countdown ticks; what a screen reader hears is said once (ProblemMessage).
      const secondsLeft = async (lang: Lang) => Number(TEXT[lang].rateLimited.exec((await alert.locator('.countdown').textContent()) ?? '')?.[1] ?? NaN);
      const first = await secondsLeft('zh-CN');
      expect(first).toBeGreaterThan(0);
      expect(await page.getByRole('button', { name: TEXT['zh-CN'].pay.premium }).isDisabled()).toBe(true);
      await eventually(async () => (await secondsLeft('zh-CN')) < first, 10_000, 'the countdown');
      await expectAccessible('rate-limited modal');
      await expectFits('rate-limited modal');
      await page.keyboard.press('Escape');
      await switchTo('en');
      await choose('en', 'premium');
      await alert.waitFor();
      expect(await secondsLeft('en')).toBeGreaterThan(0);
    });

    it('says what a 500 means, never the status, in Chinese and then in English', async () => {
      await open('phone');
      expectedErrors = [/status of 500/];
      // The one response forced in the browser: the real server cannot be made to fail on demand. Forced
      // before signing in, as the home page reads the orders too and History would show what it kept.
      await page.route('**/api/payment/user/history**', (route) => route.fulfill({ status: 500, contentType: 'text/plain', body: 'Internal Server Error' }));
      await signIn('zh-CN');
      await page.getByRole('link', { name: TEXT['zh-CN'].history, exact: true }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor({ timeout: 15_000 });
      expect(await alert.textContent()).toContain(TEXT['zh-CN'].serverError);
      await switchTo('en');
      await page.getByText(TEXT.en.serverError).waitFor();
      expect(await alert.textContent()).not.toMatch(/500|Internal/);
    });
  });
});

describeInBrowser('the operator console in a browser', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let expectedErrors: RegExp[];

  async function apiGet<T>(path: string, bearer: string): Promise<T> {
    const res = await fetch(`${stack.appUrl}${path}`, { headers: { Authorization: `Bearer ${bearer}` } });
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    return (await res.json()) as T;
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    // Demo data as `npm run seed:demo` makes it, through the running server and its simulator.
    const url = new URL(stack.simUrl);
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/seedDemo.ts', '--orders', '60', '--days', '30'], {
      cwd: path.resolve(__dirname, '../../..'),
      env: { ...process.env, NODE_ENV: 'development', PORT: new URL(stack.appUrl).port, WHOP_SIM_PORT: url.port },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  });
  afterAll(() => browser?.close());
  afterEach(async () => {
    await context?.close();
    expect(errors.filter((e) => !expectedErrors.some((re) => re.test(e)))).toEqual([]);
  });

  async function open(lang: Lang, userId: string, role?: 'admin', screen: Screen = 'desktop') {
    context = await browser.newContext({ viewport: SCREENS[screen], reducedMotion: 'reduce', acceptDownloads: true });
    page = await context.newPage();
    errors = watchConsole(page);
    expectedErrors = [];
    const bearer = await token(userId, role);
    // The session as the host app hands it over: a token in the address's fragment.
    await page.goto(`${stack.appUrl}/?lang=${lang}#token=${bearer}`);
    await page.getByTestId('balance').waitFor();
    return bearer;
  }
  const shot = (name: string) => screenshot(page, name);
  const expectAccessible = (where: string) => expectNoAxeViolations(page, where);
  const tabTo = (name: string) => tabUntil(page, name);

  it.each([
    ['en', 'Console', 'Operators only'],
    ['zh-CN', '控制台', '仅限运营人员'],
  ] as const)('shows a buyer no Console link, and a 403 page at /admin (%s)', async (lang, consoleLink, forbidden) => {
    const bearer = await open(lang, 'console-buyer');
    expectedErrors = [/status of 403/];
    expect(await page.getByRole('link', { name: consoleLink }).count()).toBe(0);
    await page.goto(`${stack.appUrl}/admin`);
    await page.getByRole('heading', { name: forbidden }).waitFor();
    await expectAccessible(`403 page, ${lang}`);
    expect((await fetch(`${stack.appUrl}/api/admin/stats`, { headers: { Authorization: `Bearer ${bearer}` } })).status).toBe(403);
  });

  const DASHBOARD = {
    en: {
      console: 'Console',
      title: 'Dashboard',
      month: 'Last 30 days',
      net: 'Net kept',
      owed: 'Credits owed to buyers',
      funnel: 'Purchase funnel',
      ordersChart: 'Orders created and completed',
      revenueChart: 'Money charged and kept',
      orders: 'Orders',
      steps: ['Opened the purchase dialog', 'Chose a pack', 'Went to Whop’s checkout', 'Paid'],
      download: 'Download figures (CSV)',
    },
    'zh-CN': {
      console: '控制台',
      title: '概览',
      month: '最近 30 天',
      net: '净留存',
      owed: '欠买家的积分',
      funnel: '购买漏斗',
      ordersChart: '创建与完成的订单',
      revenueChart: '扣款与净留存',
      orders: '订单',
      steps: ['打开购买对话框', '选择套餐', '前往 Whop 结账', '已付款'],
      download: '下载数据（CSV）',
    },
  } as const;

  it.each([
    ['en', 'desktop'],
    ['zh-CN', 'phone'],
  ] as const)('shows a month of seeded data: the money row, the funnel and the charts, as the API counts them (%s, %s), accessible', async (lang, screen) => {
    const text = DASHBOARD[lang];
    const operator = await open(lang, 'operator', 'admin', screen);
    await page.getByRole('link', { name: text.console }).click();
    await page.getByRole('heading', { name: text.title }).waitFor();
    await page.getByRole('button', { name: text.month }).click();
    await page.getByRole('button', { name: text.month, pressed: true }).waitFor();
    // The same month the dashboard asks for: whole UTC days, today last.
    const day = 86_400_000;
    const end = (Math.floor(Date.now() / day) + 1) * day;
    const query = `from=${new Date(end - 30 * day).toISOString()}&to=${new Date(end).toISOString()}&interval=day`;
    const stats = await apiGet<{
      total: { created: number; netCents: number };
      credits: { outstanding: number };
      funnel: { total: Record<'opened' | 'packChosen' | 'checkoutStarted' | 'paid', number> };
      buckets: Array<{ created: number }>;
    }>(`/api/admin/stats?${query}`, operator);
    // The seed filled the month: orders on many days, not one spike, and buyers at every step.
    expect(stats.total.created).toBeGreaterThanOrEqual(60);
    expect(stats.buckets.filter((b) => b.created > 0).length).toBeGreaterThanOrEqual(10);
    expect(stats.funnel.total.opened).toBeGreaterThan(stats.funnel.total.paid);
    const number = (value: string | null) => Number((value ?? '').replace(/[^\d-]/g, ''));
    const figure = (label: string) => page.locator('.kpi', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('.kpi-value');
    await eventually(async () => number(await figure(text.net).textContent()) === stats.total.netCents, 5_000, 'the month’s net kept');
    expect(number(await figure(text.owed).textContent())).toBe(stats.credits.outstanding);
    const steps = page.getByRole('region', { name: text.funnel }).getByRole('listitem');
    expect(await steps.count()).toBe(4);
    const keys = ['opened', 'packChosen', 'checkoutStarted', 'paid'] as const;
    for (const [i, key] of keys.entries()) {
      await steps.nth(i).getByText(text.steps[i]!, { exact: true }).waitFor();
      expect(number(await steps.nth(i).locator('.funnel-count').textContent())).toBe(stats.funnel.total[key]);
    }
    for (const name of [text.ordersChart, text.revenueChart]) {
      const chart = page.getByRole('img', { name });
      await chart.locator('canvas').waitFor();
      // uPlot drew lines: the canvas holds coloured pixels, not only its background.
      const inked = await chart.locator('canvas').evaluate((c: HTMLCanvasElement) => {
        const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
        let n = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0 && !(data[i] === data[i + 1] && data[i + 1] === data[i + 2])) n++;
        return n;
      });
      expect(inked).toBeGreaterThan(50);
    }
    await expectAccessible(`dashboard, ${lang}, ${screen}`);
    expect({ screen, overflow: await horizontalOverflow(page) }).toEqual({ screen, overflow: 0 });
    await shot(`console-dashboard-${screen === 'desktop' ? '' : `${screen}-`}${lang}`);
    if (screen === 'phone') return;

    // The month's figures as a file, one line a day.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: text.download }).click()]);
    expect(download.suggestedFilename()).toMatch(/^stats-day-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await download.createReadStream().then(async (stream) => {
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    });
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/^start,orders_created,/);
    expect(lines.slice(1).reduce((sum, line) => sum + Number(line.split(',')[1]), 0)).toBe(stats.total.created);

    await page.getByRole('link', { name: text.orders, exact: true }).last().click();
    await page.locator('table tbody tr').first().waitFor();
    await expectAccessible(`orders, ${lang}`);
  });

  it.each([
    ['en', 'Credits (a negative number takes them back)', 'Reason (kept in the audit log)', 'Adjust', 'Yes, adjust by -1,000,000', 'Take 1,000,000 credits from'],
    ['zh-CN', '积分（负数表示扣回）', '原因（记入审计日志）', '调整', '确定，调整 -1,000,000', '确定从'],
  ] as const)('asks an operator before a large adjustment, naming the amount and the balance it leaves (%s)', async (lang, amountLabel, reasonLabel, adjust, yes, question) => {
    const buyer = `adjusted-${lang}-${Date.now()}`;
    const operator = await open(lang, 'operator', 'admin');
    await page.goto(`${stack.appUrl}/admin/users/${buyer}?lang=${lang}`);
    await page.getByTestId('user-balance').waitFor();
    await page.getByLabel(amountLabel).fill('-1000000');
    await page.getByLabel(reasonLabel).fill('Fraud confirmed by the bank');
    await page.getByRole('button', { name: adjust, exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: question });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('-1,000,000');
    await expectAccessible(`adjustment asks first, ${lang}`);
    await shot(`console-adjust-confirm-${lang}`);
    // Nothing moved until the operator said yes.
    expect((await apiGet<{ balance: number }>(`/api/admin/users/${buyer}`, operator)).balance).toBe(0);
    await page.getByRole('button', { name: yes }).click();
    await page.getByTestId('user-balance').getByText('-1,000,000').waitFor();
    const user = await apiGet<{ audit: Array<{ details: { credits: number; balanceBefore: number } }> }>(`/api/admin/users/${buyer}`, operator);
    expect(user.audit.map((a) => a.details)).toEqual([{ credits: -1_000_000, balanceBefore: 0 }]);
  });

  it('counts a buyer’s steps through the purchase dialog in the funnel, once each, in all and for the pack', async () => {
    const operatorToken = await token('operator', 'admin');
    const funnel = async () =>
      (
        await apiGet<{ funnel: { total: Record<string, number>; byPack: Record<string, Record<string, number>> } }>(
          '/api/admin/stats?interval=hour&from=' + new Date(Date.now() - 3_600_000).toISOString(),
          operatorToken,
        )
      ).funnel;
    const before = await funnel();
    await open('en', `funnel-buyer-${Date.now()}`);
    // Opened twice, Starter then Standard chosen, sent to Whop with Standard.
    await page.getByRole('button', { name: 'Buy credits', exact: true }).click();
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Buy credits', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Buy credits' });
    await dialog.getByRole('button', { name: /^Starter/ }).click();
    await dialog.getByRole('button', { name: /^Standard/ }).click();
    await dialog.getByRole('button', { name: 'Pay $10.00 for 1,000 credits' }).click();
    await page.waitForURL(`${stack.simUrl}/checkout/**`);
    const delta = (after: Record<string, number> | undefined, was: Record<string, number> | undefined) =>
      Object.fromEntries(['opened', 'packChosen', 'checkoutStarted', 'paid'].map((k) => [k, (after?.[k] ?? 0) - (was?.[k] ?? 0)]));
    await eventually(async () => delta((await funnel()).total, before.total).checkoutStarted === 1, 5_000, 'the step to Whop counted');
    const after = await funnel();
    expect(delta(after.total, before.total)).toEqual({ opened: 1, packChosen: 1, checkoutStarted: 1, paid: 0 });
    expect(delta(after.byPack.standard, before.byPack.standard)).toEqual({ opened: 1, packChosen: 1, checkoutStarted: 1, paid: 0 });
    expect(delta(after.byPack.basic, before.byPack.basic)).toEqual({ opened: 1, packChosen: 1, checkoutStarted: 0, paid: 0 });
  });

  it.each([
    {
      lang: 'en',
      closed: 'Closed without credits',
      dismissed: '$5.00 was charged for this order and no credits were added. Nothing has been refunded yet',
      partly: 'Refunded $5.00 of $10.00: 500 credits were taken back.',
      historyDismissed: 'Charged $5.00',
      historyPartly: 'Charged $10.00 · refunded $5.00',
    },
    {
      lang: 'zh-CN',
      closed: '已关闭，未添加积分',
      dismissed: '此订单已扣款 US$5.00，未添加积分，目前尚未退款。',
      partly: '已退款 US$5.00（共扣款 US$10.00）：已扣回 500 积分。',
      historyDismissed: '已扣款 US$5.00',
      historyPartly: '已扣款 US$10.00 · 已退款 US$5.00',
    },
  ] as const)('tells a buyer the money Whop moved: a review dismissed with the money kept, and a partial refund ($lang)', async (text) => {
    const buyer = `money-buyer-${text.lang}-${Date.now()}`;
    const buyerToken = await token(buyer);
    const operatorToken = await token('operator', 'admin');
    const create = async () => {
      const res = await fetch(`${stack.appUrl}/api/payment/create`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${buyerToken}`, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
        body: JSON.stringify({ packageId: 'standard' }),
      });
      return ((await res.json()) as { payment: { id: string; whopCheckoutId: string } }).payment;
    };
    const payOnWhop = async (checkoutId: string, chaos: Record<string, unknown> = {}) => {
      const res = await fetch(`${stack.simUrl}/_sim/checkout_configurations/${checkoutId}/pay`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ card: '4242424242424242', chaos }),
      });
      return ((await res.json()) as { payment: { id: string } }).payment.id;
    };
    const statusOf = async (id: string) => (await apiGet<{ payment: { status: string } }>(`/api/payment/${id}`, buyerToken)).payment.status;

    // Charged $5 on a $10 checkout: held for review, then dismissed by an operator; the buyer's $5 is kept.
    const dismissed = await create();
    await payOnWhop(dismissed.whopCheckoutId, { amountCents: 500 });
    await eventually(async () => (await statusOf(dismissed.id)) === 'review', 10_000, 'the review');
    const resolved = await fetch(`${stack.appUrl}/api/admin/orders/${dismissed.id}/resolve`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${operatorToken}`, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify({ action: 'dismiss', note: 'Looked at it later' }),
    });
    expect(resolved.status).toBe(200);
    // Paid in full, then half of it refunded at Whop.
    const partly = await create();
    const whopPaymentId = await payOnWhop(partly.whopCheckoutId);
    await eventually(async () => (await statusOf(partly.id)) === 'completed', 10_000, 'the grant');
    const refunded = await fetch(`${stack.simUrl}/api/v1/payments/${whopPaymentId}/refund`, {
      method: 'POST',
      headers: { Authorization: 'Bearer sim_local_development_key', 'Content-Type': 'application/json' },
      body: JSON.stringify({ partial_amount: 5 }),
    });
    expect(refunded.status).toBe(200);
    await eventually(async () => (await statusOf(partly.id)) === 'partially_refunded', 10_000, 'the refund');

    await open(text.lang, buyer);
    await page.goto(`${stack.appUrl}/payment/result?paymentId=${dismissed.id}`);
    await page.getByRole('heading', { name: text.closed }).waitFor();
    await page.getByText(text.dismissed).waitFor();
    expect(await page.getByText(TEXT[text.lang].nothingCharged).count()).toBe(0);
    await expectAccessible(`dismissed review, ${text.lang}`);
    await page.goto(`${stack.appUrl}/payment/result?paymentId=${partly.id}`);
    await page.getByText(text.partly).waitFor();
    await expectAccessible(`partial refund, ${text.lang}`);
    await page.goto(`${stack.appUrl}/history`);
    await page.getByText(text.historyDismissed, { exact: true }).waitFor();
    await page.getByText(text.historyPartly, { exact: true }).waitFor();
    await expectAccessible(`history with money, ${text.lang}`);
    await shot(`history-money-${text.lang}`);
  });

  it('lets an operator give back an overcharge by keyboard alone: the credits granted once, $5 refunded through Whop', async () => {
    // A buyer charged $15 on a $10 checkout: the order waits in review.
    const buyer = `review-buyer-${Date.now()}`;
    const buyerToken = await token(buyer);
    const created = await fetch(`${stack.appUrl}/api/payment/create`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${buyerToken}`, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify({ packageId: 'standard' }),
    });
    const order = ((await created.json()) as { payment: { id: string; whopCheckoutId: string } }).payment;
    await fetch(`${stack.simUrl}/_sim/checkout_configurations/${order.whopCheckoutId}/pay`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ card: '4242424242424242', chaos: { amountCents: 1_500 } }),
    });
    const balanceOf = async () => (await apiGet<{ balance: number }>('/api/credits', buyerToken)).balance;
    const operator = await open('en', 'operator', 'admin');
    await eventually(
      async () => (await apiGet<{ payment: { status: string } }>(`/api/payment/${order.id}`, buyerToken)).payment.status === 'review',
      10_000,
      'the order in review',
    );
    expect(await balanceOf()).toBe(0);

    await page.goto(`${stack.appUrl}/admin/orders?q=${order.id}`);
    // The search's result is on the page before the operator tabs to it.
    await page.getByRole('link', { name: order.id.slice(0, 8) }).waitFor();
    await tabTo(order.id.slice(0, 8));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Order ${order.id}` }).waitFor();
    await page.getByText('$15.00 · does not match the order: a different amount was charged').waitFor();
    // The price and what Whop charged, side by side.
    const resolveCard = page.getByRole('region', { name: 'Resolve' });
    expect(await resolveCard.locator('dl').textContent()).toBe('Price$10.00Whop charged$15.00Difference+$5.00');
    await expectAccessible('order in review');
    await shot('console-order-review-en');
    // The first way out, then down the group to the refund of the difference (arrows choose a radio).
    await tabTo('Grant the credits');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await focusedName(page)).toMatch(/^Refund the difference \(\$5\.00\)/);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Charged $15 for a $10 pack; the buyer keeps the credits and gets $5 back');
    await tabTo('Resolve the order');
    await page.keyboard.press('Enter');
    await page.getByText('Done: refund requested from Whop').waitFor();
    expect(await focusedName(page)).toContain('Done: refund requested from Whop');
    await page.getByText('refunded the difference of $5.00', { exact: false }).first().waitFor();
    await expectAccessible('order resolved');
    expect(await balanceOf()).toBe(1_000);
    // Whop gave back $5.00 of the payment, and the order knows it.
    await eventually(
      async () => (await apiGet<{ order: { refundedCents: number; status: string } }>(`/api/admin/orders/${order.id}`, operator)).order.refundedCents === 500,
      10_000,
      'the refund of the difference learnt',
    );

    // Granting again through the API, with another key: refused, nothing moves.
    const again = await fetch(`${stack.appUrl}/api/admin/orders/${order.id}/resolve`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${operator}`, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify({ action: 'grant', note: 'again' }),
    });
    expect(again.status).toBe(409);
    const user = await apiGet<{ balance: number; ledger: Array<{ kind: string; credits: number }>; audit: Array<{ action: string }> }>(`/api/admin/users/${buyer}`, operator);
    expect(user.balance).toBe(1_000);
    expect(user.ledger.map((e) => [e.kind, e.credits])).toEqual([['grant', 1_000]]);
    // Newest first: Whop's answer, the refund asked, the grant before it.
    expect(user.audit.map((a) => a.action)).toEqual(['resolve_refund', 'resolve_refund', 'resolve_grant']);

    // The user page shows it all, in Chinese too.
    await page.goto(`${stack.appUrl}/admin/users/${buyer}?lang=zh-CN`);
    await page.getByTestId('user-balance').getByText('1,000').waitFor();
    await expectAccessible('user page, zh-CN');
  });
});

/** With SCREENSHOTS set, the page as it stands into docs/screenshots. */
async function screenshot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  expect({ where, violations: await axeViolations(page) }).toEqual({ where, violations: [] });
}

/** Presses Tab until the focused element's name starts with `name`. */
async function tabUntil(page: Page, name: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    if ((await focusedName(page)).startsWith(name)) return;
  }
  throw new Error(`could not reach "${name}" with Tab (focused: "${await focusedName(page)}")`);
}

/** The accessible name (or label) of the focused element. */
async function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return '';
    const labelled = el.getAttribute('aria-label') ?? (el as HTMLInputElement).labels?.[0]?.textContent ?? '';
    return `${labelled} ${el.textContent ?? ''}`.trim();
  });
}
