import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { paymentSchema, type PaymentDto } from '@credits/shared';
import { seedPack } from './support/packs';
import { TEST_CARDS } from '@credits/whop-sim';
import { testDatabases } from './support/databases';
import { resultPageUrl } from '../src/config/whop';
import { createWhopClient } from '../src/whop/client';
import { APP_URL, COMPANY_ID, useHarness } from './support/harness';
import { eventually } from './support/wait';

/** Whole purchases through the simulator's hosted page and its chaos switches. */
describe.each(testDatabases)('purchases through the simulator on $name', (database) => {
  const { h, user } = useHarness(database, { retryScheduleMs: [100, 100] });

  async function createOrder(userId: string, packageId = 'standard'): Promise<PaymentDto> {
    const res = await h.api.post('/api/payment/create').set(h.auth(userId)).send({ packageId }).expect(201);
    return paymentSchema.parse(res.body.payment);
  }

  const status = async (id: string) => (await h.store.orders.find({ id }))!.status;
  const balance = (userId: string) => h.store.ledger.balance(userId);

  it('titles the plan on Whop’s checkout in the buyer’s language: the body’s, else Accept-Language’s', async () => {
    const titleOf = async (body: object, headers: Record<string, string> = {}) => {
      const res = await h.api.post('/api/payment/create').set(h.auth(user())).set(headers).send(body).expect(201);
      return h.sim.engine.config(res.body.payment.whopCheckoutId as string).productTitle;
    };
    expect(await titleOf({ packageId: 'standard' })).toBe('Standard · 1,000 credits');
    expect(await titleOf({ packageId: 'standard', locale: 'zh-CN' })).toBe('标准包 · 1,000 积分');
    expect(await titleOf({ packageId: 'premium' }, { 'Accept-Language': 'zh-CN,zh;q=0.9,en;q=0.8' })).toBe('超值包 · 15,000 积分');
    expect(await titleOf({ packageId: 'premium', locale: 'en' }, { 'Accept-Language': 'zh-CN' })).toBe('Premium · 15,000 credits');
    await h.api.post('/api/payment/create').set(h.auth(user())).send({ packageId: 'basic', locale: 'fr' }).expect(400);
  });

  it('walks the hosted checkout: pay with 4242…, come back to the result page, credited once', async () => {
    const alice = user();
    const order = await createOrder(alice);
    const checkout = new URL(order.checkoutUrl!);
    const sim = request(checkout.origin);
    const pageRes = await sim.get(`${checkout.pathname}${checkout.search}`).expect(200);
    expect(pageRes.text).toContain('1,000 credits');

    const paid = await sim.post(`${checkout.pathname}pay${checkout.search}`).type('form').send({ card: TEST_CARDS.success }).expect(303);
    const back = new URL(paid.headers.location!);
    expect(`${back.origin}${back.pathname}`).toBe(`${APP_URL}/payment/result`);
    expect(back.searchParams.get('paymentId')).toBe(order.id);
    expect(back.searchParams.get('status')).toBe('success');
    const whopPaymentId = back.searchParams.get('payment_id');

    await eventually(async () => (await status(order.id)) === 'completed', 5_000, 'order completed');
    expect((await h.store.orders.find({ id: order.id }))!.whopPaymentId).toBe(whopPaymentId);
    expect(await balance(alice)).toBe(1_000);
  });

  it('fails on a decline, then completes when the buyer retries with a good card', async () => {
    const alice = user();
    const order = await createOrder(alice);
    const checkout = new URL(order.checkoutUrl!);
    const sim = request(checkout.origin);
    await sim.post(`${checkout.pathname}pay${checkout.search}`).type('form').send({ card: TEST_CARDS.decline }).expect(200);
    await eventually(async () => (await status(order.id)) === 'failed', 5_000, 'order failed');
    await sim.post(`${checkout.pathname}pay${checkout.search}`).type('form').send({ card: TEST_CARDS.success }).expect(303);
    await eventually(async () => (await status(order.id)) === 'completed', 5_000, 'order completed');
    expect(await balance(alice)).toBe(1_000);
  });

  it('leaves the order pending when the buyer cancels', async () => {
    const alice = user();
    const order = await createOrder(alice);
    const checkout = new URL(order.checkoutUrl!);
    const res = await request(checkout.origin).get(`${checkout.pathname}cancel${checkout.search}`).expect(303);
    expect(new URL(res.headers.location!).searchParams.get('status')).toBe('error');
    expect(await status(order.id)).toBe('pending');
  });

  it('credits once when every event arrives five times, newest first', async () => {
    const alice = user();
    const order = await createOrder(alice, 'premium');
    const { deliveries } = await h.sim.pay(order.whopCheckoutId!, TEST_CARDS.success, { duplicates: 5, reorder: true });
    expect(deliveries.map((d) => d.type)).toEqual([...Array(5).fill('payment.succeeded'), ...Array(5).fill('payment.created')]);
    expect(deliveries.every((d) => d.state === 'delivered')).toBe(true);
    expect(await status(order.id)).toBe('completed');
    expect(await balance(alice)).toBe(15_000);
  });

  it('credits once when a decline and a success on one checkout arrive out of order', async () => {
    const alice = user();
    const order = await createOrder(alice);
    // The decline happens first at Whop, but its events arrive after the success's (which also deletes the checkout).
    const declined = await h.sim.pay(order.whopCheckoutId!, TEST_CARDS.decline, { reorder: true, delayMs: 300 });
    await h.sim.pay(order.whopCheckoutId!, TEST_CARDS.success, { reorder: true });
    expect(await status(order.id)).toBe('completed');
    await eventually(() => declined.deliveries.every((d) => d.state === 'delivered'), 5_000, 'the late decline');
    expect(await status(order.id)).toBe('completed');
    expect(await balance(alice)).toBe(1_000);
  });

  it('credits once when the first attempt fails and Whop retries with the same webhook-id', async () => {
    const alice = user();
    const order = await createOrder(alice);
    const apiWebhook = `${h.apiUrl}/api/payment/webhook/whop`;
    h.sim.setWebhookUrl('http://127.0.0.1:9/unreachable');
    let deliveries;
    try {
      ({ deliveries } = await h.sim.pay(order.whopCheckoutId!, TEST_CARDS.success));
      expect(await status(order.id)).toBe('pending');
    } finally {
      h.sim.setWebhookUrl(apiWebhook);
    }
    await eventually(async () => (await status(order.id)) === 'completed', 5_000, 'completion on retry');
    const succeeded = deliveries.find((d) => d.type === 'payment.succeeded')!;
    await eventually(() => succeeded.state === 'delivered', 5_000, 'delivery recorded');
    expect(succeeded.attempts.map((a) => a.status)).toEqual([null, 200]);
    expect(await balance(alice)).toBe(1_000);
  });

  it('leaves the order pending when every delivery is dropped', async () => {
    const alice = user();
    const order = await createOrder(alice);
    const { payment, deliveries } = await h.sim.pay(order.whopCheckoutId!, TEST_CARDS.success, { drop: true });
    expect(deliveries.every((d) => d.state === 'dropped')).toBe(true);
    expect(payment.status).toBe('paid');
    expect(await status(order.id)).toBe('pending');
    expect(await balance(alice)).toBe(0);
  });

  it('completes a dropped payment when the result page asks the API to re-check, for the owner only', async () => {
    const alice = user();
    const order = await createOrder(alice);
    await h.sim.pay(order.whopCheckoutId!, TEST_CARDS.success, { drop: true });
    await h.api.post(`/api/payment/${order.id}/refresh`).set(h.auth(user())).expect(404);
    const res = await h.api.post(`/api/payment/${order.id}/refresh`).set(h.auth(alice)).expect(200);
    expect(res.body.payment).toMatchObject({ id: order.id, status: 'completed', whopPaymentId: expect.stringMatching(/^pay_/) });
    expect((await h.store.orders.find({ id: order.id }))!.completionSource).toBe('reconcile');
    expect(await balance(alice)).toBe(1_000);
    // Asking again changes nothing.
    await h.api.post(`/api/payment/${order.id}/refresh`).set(h.auth(alice)).expect(200);
    expect(await balance(alice)).toBe(1_000);
  });

  it('re-checks an unpaid order without changing it', async () => {
    const alice = user();
    const order = await createOrder(alice);
    const res = await h.api.post(`/api/payment/${order.id}/refresh`).set(h.auth(alice)).expect(200);
    expect(res.body.payment.status).toBe('pending');
  });

  it('gives a buyer who comes back for the same pack the order still open, not another one', async () => {
    const alice = user();
    const first = await createOrder(alice);
    const again = await h.api.post('/api/payment/create').set(h.auth(alice)).send({ packageId: 'standard' }).expect(200);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(again.body.payment).toMatchObject({ id: first.id, checkoutUrl: first.checkoutUrl, status: 'pending', expiresAt: first.expiresAt });
    expect(Date.parse(first.expiresAt!) - Date.parse(first.createdAt)).toBe(24 * 3_600_000);
    // Another pack, or another buyer, is another order.
    expect((await createOrder(alice, 'basic')).id).not.toBe(first.id);
    expect((await createOrder(user())).id).not.toBe(first.id);
    expect((await h.store.orders.pageForUser(alice, { limit: 10 })).items).toHaveLength(2);
  });

  it('opens one order when a buyer’s requests for a pack race: twenty at once share it and its one checkout', async () => {
    const alice = user();
    const answers = await Promise.all(Array.from({ length: 20 }, () => h.api.post('/api/payment/create').set(h.auth(alice)).send({ packageId: 'standard' })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(19);
    const orders = (await h.store.orders.pageForUser(alice, { limit: 50 })).items;
    expect(orders).toHaveLength(1);
    for (const answer of answers) expect(answer.body.payment).toMatchObject({ id: orders[0]!.id, status: 'pending', checkoutUrl: orders[0]!.checkoutUrl });
    expect(orders[0]!.checkoutUrl).toEqual(expect.any(String));
    const configurations = [...h.sim.engine.configs.values()].filter((c) => c.metadata?.payment_id === orders[0]!.id);
    expect(configurations).toHaveLength(1);
  });

  it('asks Whop before resuming: a paid order whose webhook is late completes, and the buyer gets a new one', async () => {
    const alice = user();
    const paid = await createOrder(alice);
    await h.sim.pay(paid.whopCheckoutId!, TEST_CARDS.success, { drop: true });
    const next = await createOrder(alice);
    expect(next.id).not.toBe(paid.id);
    expect(await status(paid.id)).toBe('completed');
    expect(await balance(alice)).toBe(1_000);
  });

  it('cancels an unpaid order for its buyer, after asking Whop, and then opens a fresh one', async () => {
    const alice = user();
    const order = await createOrder(alice);
    await h.api.post(`/api/payment/${order.id}/cancel`).set(h.auth(user())).expect(404);
    const res = await h.api.post(`/api/payment/${order.id}/cancel`).set(h.auth(alice)).expect(200);
    expect(res.body.payment).toMatchObject({ id: order.id, status: 'cancelled', expiresAt: null });
    const history = await h.api.get('/api/payment/user/history').set(h.auth(alice)).expect(200);
    expect(history.body.payments.map((p: PaymentDto) => [p.id, p.status])).toEqual([[order.id, 'cancelled']]);
    // Cancelling again changes nothing; coming back for the pack opens another order.
    expect((await h.api.post(`/api/payment/${order.id}/cancel`).set(h.auth(alice)).expect(200)).body.payment.status).toBe('cancelled');
    expect((await createOrder(alice)).id).not.toBe(order.id);
    expect(await balance(alice)).toBe(0);
  });

  it('completes instead of cancelling when Whop already took the money', async () => {
    const alice = user();
    const order = await createOrder(alice);
    await h.sim.pay(order.whopCheckoutId!, TEST_CARDS.success, { drop: true });
    const res = await h.api.post(`/api/payment/${order.id}/cancel`).set(h.auth(alice)).expect(200);
    expect(res.body.payment.status).toBe('completed');
    expect(await balance(alice)).toBe(1_000);
  });

  it('still credits a cancelled order whose payment comes later', async () => {
    const alice = user();
    const order = await createOrder(alice);
    await h.api.post(`/api/payment/${order.id}/cancel`).set(h.auth(alice)).expect(200);
    await h.sim.pay(order.whopCheckoutId!, TEST_CARDS.success);
    await eventually(async () => (await status(order.id)) === 'completed', 5_000, 'completion after cancel');
    expect(await balance(alice)).toBe(1_000);
  });

  it('completes when a delayed webhook finally arrives', async () => {
    const alice = user();
    const order = await createOrder(alice);
    await h.sim.pay(order.whopCheckoutId!, TEST_CARDS.success, { delayMs: 300 });
    expect(await status(order.id)).toBe('pending');
    await eventually(async () => (await status(order.id)) === 'completed', 5_000, 'delayed completion');
    expect(await balance(alice)).toBe(1_000);
  });

  it('holds for review a payment of the wrong amount', async () => {
    const alice = user();
    const order = await createOrder(alice);
    await h.sim.pay(order.whopCheckoutId!, TEST_CARDS.success, { amountCents: 100 });
    expect(await h.store.orders.find({ id: order.id })).toMatchObject({ status: 'review', statusReason: 'amount_mismatch' });
    expect(await balance(alice)).toBe(0);
  });

  it('still finds the order by its checkout when the payment carries no metadata', async () => {
    const alice = user();
    const order = await createOrder(alice);
    await h.sim.pay(order.whopCheckoutId!, TEST_CARDS.success, { omitMetadata: true });
    expect(await status(order.id)).toBe('completed');
    expect(await balance(alice)).toBe(1_000);
  });

  it('reads the native payload shape end to end', async () => {
    const alice = user();
    const order = await createOrder(alice, 'premium');
    // The webhook endpoint pinned to the native version: its events take that shape.
    await request(h.sim.url).put('/_sim/webhook').send({ api_version_date: '2026-09-02-1' }).expect(200);
    const { deliveries } = await h.sim
      .pay(order.whopCheckoutId!, TEST_CARDS.success)
      .finally(() => request(h.sim.url).put('/_sim/webhook').send({ api_version_date: '2026-07-20' }));
    expect(JSON.parse(deliveries[1]!.body).data.total).toEqual({ amount: '100.00', currency: 'usd', decimals: 2, display_decimals: 2 });
    expect(await status(order.id)).toBe('completed');
    expect(await balance(alice)).toBe(15_000);
  });
});

describe.each(testDatabases)('an open order whose checkout its request never stored, on $name', (database) => {
  const { h, user } = useHarness(database, { checkoutWaitMs: 200 });

  it('gets the checkout Whop made for it, asked under the order’s own key, and the buyer pays it', async () => {
    const alice = user();
    const pack = seedPack('standard');
    // A request opened the order and had its checkout from Whop, then died before storing it.
    const order = await h.store.orders.create({
      id: randomUUID(),
      userId: alice,
      packageId: pack.id,
      packNames: pack.names,
      credits: pack.totalCredits,
      amountCents: pack.priceCents,
      currency: pack.currency,
      createdAt: new Date(),
      idempotencyKey: null,
    });
    const whop = createWhopClient({ apiKey: 'test_api_key', companyId: COMPANY_ID, apiBaseUrl: h.sim.apiBaseUrl, apiVersion: '2026-07-20', timeoutMs: 5_000 });
    const made = await whop.createCheckoutConfiguration({ orderId: order.id, userId: alice, pack, redirectUrl: resultPageUrl(APP_URL, order.id) });

    const res = await h.api.post('/api/payment/create').set(h.auth(alice)).send({ packageId: 'standard' }).expect(200);
    expect(res.body.payment).toMatchObject({ id: order.id, status: 'pending', whopCheckoutId: made.id, checkoutUrl: made.purchaseUrl });
    await h.sim.pay(made.id, TEST_CARDS.success);
    await eventually(async () => (await h.store.orders.find({ id: order.id }))!.status === 'completed', 5_000, 'the order paid');
    expect(await h.store.ledger.balance(alice)).toBe(1_000);
  });
});
