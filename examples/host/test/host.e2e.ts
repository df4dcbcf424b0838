import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchBrowser, watchConsole } from '../../../apps/web/e2e/browser';
import { testDatabases } from '../../../apps/api/test/support/databases';
import { eventually } from '../../../apps/api/test/support/wait';
import { startHost, type Host } from '../src/server';

/**
 * InkGenius, the example host, in Chromium: its own sign-in (RS256 through its JWKS), the purchase
 * through @credits/react and Whop's checkout (the simulator), a generation that holds credits and
 * captures what it cost, one that fails and releases them, and the credit events the host receives.
 */
const describeWithBrowser = hasChromium ? describe : describe.skip;

describeWithBrowser('the example host app (examples/host)', () => {
  let host: Host;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    // A copy of the tests' migrated PGlite database, written to as the host's events announce.
    const store = await testDatabases[0]!.open({ announces: true });
    [host, browser] = await Promise.all([startHost({ data: { store } }), launchBrowser()]);
    page = await browser.newPage();
    errors = watchConsole(page);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  const available = async () => Number(((await page.getByTestId('available').textContent()) ?? '').replace(/[^\d]/g, ''));
  /** Waits until the header shows `credits` available (the components refetch on their own). */
  const availableBecomes = (credits: number) => eventually(async () => (await available()) === credits, 10_000, `${credits} credits available`);
  const eventLines = async () => page.getByRole('list', { name: 'Credit events' }).getByRole('listitem').allTextContents();

  it('signs in with the host’s own tokens, buys credits through Whop, generates, and hears of every movement', async () => {
    await page.goto(host.url);
    await page.getByLabel('Your name').fill('ada');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await availableBecomes(0);

    // The purchase: @credits/react's button and modal, Whop's hosted checkout, back to the host's result page.
    await page.getByRole('button', { name: 'Buy credits' }).click();
    const dialog = page.getByRole('dialog', { name: 'Buy credits' });
    await dialog.getByRole('button', { name: /^Standard/ }).click();
    await dialog.getByRole('button', { name: 'Pay $10.00 for 1,000 credits' }).click();
    await page.waitForURL(`${host.simUrl}/checkout/**`);
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByRole('button', { name: /^Pay / }).click();
    await page.waitForURL(`${host.url}/payment/result?**`);
    await page.getByRole('heading', { name: 'Payment complete' }).waitFor();
    expect(new URL(page.url()).searchParams.has('status')).toBe(false);
    await availableBecomes(1_000);

    // A generation: 50 held, 29 captured (the prompt's cost), 21 released.
    await page.goto(host.url);
    await page.getByLabel('Prompt').fill('a lighthouse keeper');
    await page.getByRole('button', { name: 'Generate' }).click();
    await page.getByText('A story about a lighthouse keeper. (29 credits)').waitFor();
    await availableBecomes(971);

    // A failed generation gives all its hold back.
    await page.getByLabel('Prompt').fill('please fail');
    await page.getByRole('button', { name: 'Generate' }).click();
    await page.getByText('The generation failed; its credits were released.').waitFor();
    await availableBecomes(971);

    // The host's receiver verified and kept each event, in order.
    const expected = [
      'credits.granted 1000 → 1000',
      'credits.held 50 → 1000',
      'credits.spent 29 → 971',
      'credits.released 21 → 971',
      'credits.held 50 → 971',
      'credits.released 50 → 971',
    ];
    await eventually(async () => (await eventLines()).length >= expected.length, 15_000, 'the events');
    expect(await eventLines()).toEqual(expected);
    // The browser logs the failed generation's answer (502); nothing else went wrong.
    expect(errors.filter((e) => !e.includes('status of 502'))).toEqual([]);
  }, 90_000);
});
