import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DEFAULT_PACKAGES, paymentSchema, type PaymentDto } from '@credits/shared';
import { TEST_CARDS } from '@credits/whop-sim';
import { paymentEvent, signed } from './support/builders';
import { testDatabases } from './support/databases';
import { APP_URL, useHarness } from './support/harness';

const PROBLEM = /application\/problem\+json/;

describe.each(testDatabases)('payments API over HTTP on $name', (database) => {
  const { h, user } = useHarness(database);

  /** A new order each time (a unique Idempotency-Key; without one, the buyer's open order of the pack is resumed). */
  async function createOrder(userId: string, packageId = 'standard'): Promise<PaymentDto> {
    const res = await h.api.post('/api/payment/create').set(h.auth(userId)).set('Idempotency-Key', randomUUID()).send({ packageId }).expect(201);
    return paymentSchema.parse(res.body.payment);
  }

  async function balance(userId: string): Promise<number> {
    return (await h.api.get('/api/credits').set(h.auth(userId)).expect(200)).body.balance;
  }

  function deliver(event: { id: string }, options?: Parameters<typeof signed>[1]) {
    const { body, headers } = signed(event, options);
    return h.api.post('/api/payment/webhook/whop').set(headers).send(body);
  }

  describe('catalog', () => {
    it('lists the three packs, publicly and cacheably', async () => {
      const res = await h.api.get('/api/payment/packages').expect(200);
      expect(res.headers['cache-control']).toMatch(/public/);
      expect(res.body.packages).toEqual([
        { id: 'basic', credits: 100, bonusCredits: 0, totalCredits: 100, priceCents: 100, currency: 'usd', names: { en: 'Starter', 'zh-CN': '基础包' } },
        { id: 'standard', credits: 1000, bonusCredits: 0, totalCredits: 1000, priceCents: 1000, currency: 'usd', names: { en: 'Standard', 'zh-CN': '标准包' } },
        { id: 'premium', credits: 10000, bonusCredits: 5000, totalCredits: 15000, priceCents: 10000, currency: 'usd', names: { en: 'Premium', 'zh-CN': '超值包' } },
      ]);
    });
  });

  describe('creating an order', () => {
    it('answers 201 with a pending order and the Whop checkout URL, having told Whop the order', async () => {
      const alice = user();
      const order = await createOrder(alice, 'premium');
      expect(order).toMatchObject({
        userId: alice,
        packageId: 'premium',
        credits: 15_000,
        amountCents: 10_000,
        currency: 'usd',
        status: 'pending',
        whopPaymentId: null,
        completedAt: null,
      });
      expect(order.checkoutUrl).toBe(`${h.sim.url}/checkout/${h.sim.engine.config(order.whopCheckoutId!).planId}/?session=${order.whopCheckoutId}`);

      const config = h.sim.engine.config(order.whopCheckoutId!);
      expect(config).toMatchObject({
        priceCents: 10_000,
        currency: 'usd',
        metadata: { payment_id: order.id, user_id: alice, package_id: 'premium' },
        redirectUrl: `${APP_URL}/payment/result?paymentId=${order.id}`,
      });
      expect(await balance(alice)).toBe(0);
    });

    it('takes the price and credits from the catalog only: extra fields are refused', async () => {
      const alice = user();
      const res = await h.api.post('/api/payment/create').set(h.auth(alice)).send({ packageId: 'basic', priceCents: 1, credits: 1e9, userId: 'bob' }).expect(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ status: 400, code: 'validation_failed', title: expect.any(String), type: expect.any(String) });
      expect(res.body.detail).toMatch(/priceCents/);
      expect((await h.store.orders.pageForUser(alice, { limit: 10 })).items).toHaveLength(0);
    });

    it.each([
      ['an unknown package', { packageId: 'gold' }, 400, 'validation_failed'],
      ['no package', {}, 400, 'validation_failed'],
      ['a package id of the wrong type', { packageId: 10 }, 400, 'validation_failed'],
    ])('refuses %s with a problem and stores nothing', async (_what, body, status, code) => {
      const alice = user();
      const res = await h.api.post('/api/payment/create').set(h.auth(alice)).send(body).expect(status);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.code).toBe(code);
      expect((await h.store.orders.pageForUser(alice, { limit: 10 })).items).toHaveLength(0);
    });

    it('refuses malformed JSON and an oversized body with problems, storing nothing', async () => {
      const alice = user();
      const malformed = await h.api.post('/api/payment/create').set(h.auth(alice)).set('content-type', 'application/json').send('{"packageId": ').expect(400);
      expect(malformed.headers['content-type']).toMatch(PROBLEM);
      expect(malformed.body.code).toBe('invalid_json');
      const huge = await h.api
        .post('/api/payment/create')
        .set(h.auth(alice))
        .send({ packageId: 'basic', pad: 'x'.repeat(64 * 1024) })
        .expect(413);
      expect(huge.headers['content-type']).toMatch(PROBLEM);
      expect(huge.body.code).toBe('payload_too_large');
      expect((await h.store.orders.pageForUser(alice, { limit: 10 })).items).toHaveLength(0);
    });

    it('needs a valid token', async () => {
      const none = await h.api.post('/api/payment/create').send({ packageId: 'basic' }).expect(401);
      expect(none.headers['content-type']).toMatch(PROBLEM);
      await h.api.post('/api/payment/create').set('Authorization', 'Bearer not.a.jwt').send({ packageId: 'basic' }).expect(401);
    });
  });

  describe('reading orders', () => {
    it('shows an order to its owner, 404 to anyone else, 401 without a token', async () => {
      const alice = user();
      const order = await createOrder(alice);
      const own = await h.api.get(`/api/payment/${order.id}`).set(h.auth(alice)).expect(200);
      expect(own.body.payment).toEqual(order);
      const other = await h.api.get(`/api/payment/${order.id}`).set(h.auth(user())).expect(404);
      expect(other.headers['content-type']).toMatch(PROBLEM);
      expect(other.body.code).toBe('payment_not_found');
      await h.api.get(`/api/payment/${order.id}`).expect(401);
      await h.api.get('/api/payment/not-a-uuid').set(h.auth(alice)).expect(404);
    });

    it('pages the caller’s history newest first', async () => {
      const alice = user();
      const created: string[] = [];
      for (let i = 0; i < 5; i++) created.push((await createOrder(alice, 'basic')).id);
      await createOrder(user(), 'basic');

      const first = await h.api.get('/api/payment/user/history?limit=2').set(h.auth(alice)).expect(200);
      expect(first.body.payments).toHaveLength(2);
      const second = await h.api.get(`/api/payment/user/history?limit=2&cursor=${first.body.nextCursor}`).set(h.auth(alice)).expect(200);
      const third = await h.api.get(`/api/payment/user/history?limit=2&cursor=${second.body.nextCursor}`).set(h.auth(alice)).expect(200);
      expect(third.body.nextCursor).toBeNull();
      const ids = [...first.body.payments, ...second.body.payments, ...third.body.payments].map((p: PaymentDto) => p.id);
      expect(ids).toEqual([...created].reverse());
    });

    it.each(['limit=0', 'limit=101', 'limit=abc', 'cursor=garbage', 'sort=asc'])('refuses history query %s with 400', async (query) => {
      const res = await h.api.get(`/api/payment/user/history?${query}`).set(h.auth(user())).expect(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
    });
  });

  describe('Whop webhooks', () => {
    it('credits exactly the pack’s credits when the simulator is paid with 4242…', async () => {
      const alice = user();
      const order = await createOrder(alice, 'premium');
      const paid = await request(h.sim.url).post(`/_sim/checkout_configurations/${order.whopCheckoutId}/pay`).send({ card: TEST_CARDS.success }).expect(201);
      expect(paid.body.deliveries.map((d: { type: string; state: string }) => [d.type, d.state])).toEqual([
        ['payment.created', 'delivered'],
        ['payment.succeeded', 'delivered'],
      ]);
      const after = (await h.api.get(`/api/payment/${order.id}`).set(h.auth(alice)).expect(200)).body.payment;
      expect(after).toMatchObject({ status: 'completed' });
      expect(after.whopPaymentId).toMatch(/^pay_/);
      expect(await balance(alice)).toBe(15_000);
    });

    it('accepts an event whose envelope names another id than webhook-id, and deduplicates on webhook-id', async () => {
      const alice = user();
      const order = await createOrder(alice);
      const event = paymentEvent(order);
      const body = JSON.stringify({ ...event, id: 'msg_envelope_differs' });
      const headers = signed(event, { body }).headers;
      expect((await h.api.post('/api/payment/webhook/whop').set(headers).send(body).expect(200)).body.outcome).toBe('completed');
      expect((await h.api.post('/api/payment/webhook/whop').set(signed(event, { body }).headers).send(body).expect(200)).body.outcome).toBe('duplicate');
      expect(await h.store.inbox.find(event.id)).toMatchObject({ outcome: 'completed' });
      expect(await balance(alice)).toBe(1_000);
    });

    it('marks the order failed on a declined card, and a later success on the same checkout completes it', async () => {
      const alice = user();
      const order = await createOrder(alice);
      const declined = await h.sim.pay(order.whopCheckoutId!, TEST_CARDS.decline);
      expect(declined.deliveries.map((d) => [d.type, d.state])).toEqual([
        ['payment.created', 'delivered'],
        ['payment.failed', 'delivered'],
      ]);
      expect((await h.store.orders.find({ id: order.id }))!.status).toBe('failed');
      expect(await balance(alice)).toBe(0);

      await h.sim.pay(order.whopCheckoutId!, TEST_CARDS.success);
      expect((await h.store.orders.find({ id: order.id }))!.status).toBe('completed');
      expect(await balance(alice)).toBe(1_000);
    });

    it('credits once when the same event arrives 50 times at once', async () => {
      const alice = user();
      const order = await createOrder(alice);
      const event = paymentEvent(order);
      const { body, headers } = signed(event);
      const responses = await Promise.all(Array.from({ length: 50 }, () => h.api.post('/api/payment/webhook/whop').set(headers).send(body)));
      expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
      expect(responses.filter((r) => r.body.outcome === 'completed')).toHaveLength(1);
      expect(await balance(alice)).toBe(1_000);
    });

    it('credits once when the same Whop payment arrives under different webhook ids', async () => {
      const alice = user();
      const order = await createOrder(alice);
      const first = paymentEvent(order);
      const second = { ...first, id: `msg_other_${randomUUID()}` };
      expect((await deliver(first).expect(200)).body.outcome).toBe('completed');
      expect((await deliver(second).expect(200)).body.outcome).toBe('already_completed');
      expect((await deliver(first).expect(200)).body.outcome).toBe('duplicate');
      expect(await balance(alice)).toBe(1_000);
    });

    it('reads money-object payloads (native payments) the same way', async () => {
      const alice = user();
      const order = await createOrder(alice, 'premium');
      const money = (amount: string) => ({ amount, currency: 'usd', decimals: 2, display_decimals: 2 });
      const event = paymentEvent(order, {
        total: money('100.00'),
        subtotal: money('100.00'),
        tax_amount: money('0.00'),
        refunded_amount: money('0.00'),
        company_id: undefined,
        account_id: 'biz_TestCompany01',
      });
      expect((await deliver(event).expect(200)).body.outcome).toBe('completed');
      expect(await balance(alice)).toBe(15_000);
    });

    describe('refuses unauthentic deliveries with 401 and stores nothing', () => {
      const cases: Array<[string, (e: { id: string }) => { body: string; headers: Record<string, string> }]> = [
        [
          'a tampered body',
          (e) => {
            const s = signed(e);
            const body = s.body.replace('"total":10', '"total":100');
            expect(body).not.toBe(s.body);
            return { ...s, body };
          },
        ],
        ['the wrong secret', (e) => signed(e, { secret: 'ws_not_the_right_secret_0000000000000000' })],
        ['a timestamp older than 300 s', (e) => signed(e, { nowMs: Date.now() - 301_000 })],
        ['a timestamp more than 300 s ahead', (e) => signed(e, { nowMs: Date.now() + 305_000 })],
        [
          'no signature header',
          (e) => {
            const s = signed(e);
            const { 'webhook-signature': _drop, ...headers } = s.headers;
            return { body: s.body, headers };
          },
        ],
        [
          'no id header',
          (e) => {
            const s = signed(e);
            const { 'webhook-id': _drop, ...headers } = s.headers;
            return { body: s.body, headers };
          },
        ],
        [
          'a timestamp that is not plain digits',
          (e) => {
            const s = signed(e);
            return { body: s.body, headers: { ...s.headers, 'webhook-timestamp': `${s.headers['webhook-timestamp']}abc` } };
          },
        ],
      ];
      it.each(cases)('%s', async (_what, forge) => {
        const alice = user();
        const order = await createOrder(alice);
        const event = paymentEvent(order);
        const { body, headers } = forge(event);
        const res = await h.api.post('/api/payment/webhook/whop').set(headers).send(body).expect(401);
        expect(res.headers['content-type']).toMatch(PROBLEM);
        expect(res.body.code).toBe('invalid_signature');
        expect(await h.store.inbox.find(event.id)).toBeNull();
        expect((await h.store.orders.find({ id: order.id }))!.status).toBe('pending');
        expect(await balance(alice)).toBe(0);
      });
    });

    it.each([
      ['a wrong amount', { total: 1, subtotal: 1 }, 'amount_mismatch'],
      ['a wrong currency', { currency: 'eur' }, 'currency_mismatch'],
      ['another order’s metadata', { metadata: { payment_id: randomUUID() } }, 'metadata_mismatch'],
    ])('holds the order for review on %s, grants nothing, and still answers 2xx', async (_what, overrides, reason) => {
      const alice = user();
      const order = await createOrder(alice);
      const res = await deliver(paymentEvent(order, overrides)).expect(200);
      expect(res.body.outcome).toBe('review');
      const stored = await h.store.orders.find({ id: order.id });
      expect(stored).toMatchObject({ status: 'review', statusReason: reason });
      expect(await balance(alice)).toBe(0);
    });

    it('credits a payment whose tax was added on top of the pack price', async () => {
      const alice = user();
      const order = await createOrder(alice);
      const res = await deliver(paymentEvent(order, { total: 10.8, tax_amount: 0.8, tax_behavior: 'exclusive' })).expect(200);
      expect(res.body.outcome).toBe('completed');
      expect(await balance(alice)).toBe(1_000);
    });

    it('acknowledges events it does not act on, and payments for no order of ours', async () => {
      const order = await createOrder(user());
      expect((await deliver(paymentEvent(order, {}, 'membership.activated')).expect(200)).body.outcome).toBe('ignored');
      const stranger = paymentEvent({ ...order, id: randomUUID(), whopCheckoutId: 'ch_notours' });
      expect((await deliver(stranger).expect(200)).body.outcome).toBe('unknown_order');
    });

    it('never moves a completed order back on a late payment.failed', async () => {
      const alice = user();
      const order = await createOrder(alice);
      await deliver(paymentEvent(order)).expect(200);
      await deliver(paymentEvent(order, { status: 'open', substatus: 'failed' }, 'payment.failed')).expect(200);
      expect((await h.store.orders.find({ id: order.id }))!.status).toBe('completed');
      expect(await balance(alice)).toBe(1_000);
    });
  });

  describe('test completion', () => {
    it('completes a pending order once through the webhook’s fulfilment, for its owner only', async () => {
      const alice = user();
      const order = await createOrder(alice);
      await h.api.post(`/api/payment/test/complete/${order.id}`).set(h.auth(user())).expect(404);
      const first = await h.api.post(`/api/payment/test/complete/${order.id}`).set(h.auth(alice)).expect(200);
      expect(first.body).toMatchObject({ applied: true, balance: 1_000, payment: { status: 'completed', whopPaymentId: `test_${order.id}` } });
      const second = await h.api.post(`/api/payment/test/complete/${order.id}`).set(h.auth(alice)).expect(200);
      expect(second.body).toMatchObject({ applied: false, balance: 1_000 });
      expect((await h.store.orders.find({ id: order.id }))!.completionSource).toBe('test');
      await h.api.post(`/api/payment/test/complete/${order.id}`).expect(401);
    });

    it('refuses an order that is no longer pending', async () => {
      const alice = user();
      const order = await createOrder(alice);
      await h.sim.pay(order.whopCheckoutId!, TEST_CARDS.decline);
      const res = await h.api.post(`/api/payment/test/complete/${order.id}`).set(h.auth(alice)).expect(409);
      expect(res.body.code).toBe('payment_not_pending');
      expect(await balance(alice)).toBe(0);
    });
  });

  it('serves every pack through the whole flow with the right credits', async () => {
    for (const pack of DEFAULT_PACKAGES) {
      const buyer = user();
      const order = await createOrder(buyer, pack.id);
      await h.sim.pay(order.whopCheckoutId!, TEST_CARDS.success);
      expect(await balance(buyer)).toBe(pack.totalCredits);
    }
  });
});
