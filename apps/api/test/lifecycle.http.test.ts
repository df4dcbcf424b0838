import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { paymentSchema, type PaymentDto } from '@credits/shared';
import { TEST_CARDS } from '@credits/whop-sim';
import { disputeEvent, paymentEvent, refundEvent, signed } from './support/builders';
import { testDatabases } from './support/databases';
import { CRON_SECRET, SERVICE_API_KEY, useHarness } from './support/harness';
import { eventually } from './support/wait';
import { newOrderOf } from './support/packs';

const PROBLEM = /application\/problem\+json/;

describe.each(testDatabases)('payment lifecycle on $name', (database) => {
  const { h, user } = useHarness(database, { sweeper: { expireAfterMs: 60 * 60_000 } });

  async function createOrder(userId: string, packageId = 'standard', headers: Record<string, string> = {}): Promise<PaymentDto> {
    const res = await h.api.post('/api/payment/create').set(h.auth(userId)).set(headers).send({ packageId }).expect(201);
    return paymentSchema.parse(res.body.payment);
  }
  async function paidOrder(userId: string, packageId = 'standard') {
    const order = await createOrder(userId, packageId);
    const { payment } = await h.sim.pay(order.whopCheckoutId!, TEST_CARDS.success);
    return { order, whopPaymentId: payment.id };
  }
  const balance = async (userId: string) => (await h.api.get('/api/credits').set(h.auth(userId)).expect(200)).body.balance as number;
  const status = async (id: string) => (await h.store.orders.find({ id }))!.status;
  const deliver = (event: { id: string }) => {
    const { body, headers } = signed(event);
    return h.api.post('/api/payment/webhook/whop').set(headers).send(body).expect(200);
  };
  const refundOnWhop = (whopPaymentId: string, dollars?: number) =>
    request(h.sim.url)
      .post(`/api/v1/payments/${whopPaymentId}/refund`)
      .set('Authorization', 'Bearer test_api_key')
      .send(dollars ? { partial_amount: dollars } : {})
      .expect(200);
  const spend = (userId: string, credits: number, key = randomUUID()) =>
    h.api.post('/api/credits/spend').set(h.auth(userId)).set('Idempotency-Key', key).send({ credits, reason: 'generation' });

  describe('refunds', () => {
    it('takes back credits in proportion, bonus included: a partial refund, then the rest', async () => {
      const alice = user();
      const { order, whopPaymentId } = await paidOrder(alice, 'premium');
      expect(await balance(alice)).toBe(15_000);
      await refundOnWhop(whopPaymentId, 25);
      await eventually(async () => (await status(order.id)) === 'partially_refunded', 5_000, 'partial refund');
      expect(await balance(alice)).toBe(11_250);
      await refundOnWhop(whopPaymentId);
      await eventually(async () => (await status(order.id)) === 'refunded', 5_000, 'full refund');
      expect(await balance(alice)).toBe(0);
      const ledger = (await h.api.get('/api/credits/ledger').set(h.auth(alice)).expect(200)).body.entries as Array<{ kind: string; credits: number }>;
      expect(ledger.map((e) => [e.kind, e.credits])).toEqual([
        ['refund', -11_250],
        ['refund', -3_750],
        ['grant', 15_000],
      ]);
    });

    it('changes nothing when the same refund arrives again, under any webhook id', async () => {
      const alice = user();
      const { order, whopPaymentId } = await paidOrder(alice);
      const payment = await h.api.get(`/api/payment/${order.id}`).set(h.auth(alice));
      const event = refundEvent({
        id: 'rfnd_same',
        amountCents: 400,
        payment: { id: whopPaymentId, status: 'paid', total: 10, currency: 'usd', checkout_configuration_id: payment.body.payment.whopCheckoutId },
      });
      expect((await deliver(event)).body.outcome).toBe('refunded');
      await deliver({ ...event, id: `msg_again_${randomUUID()}` });
      await deliver(event);
      expect(await balance(alice)).toBe(600);
    });

    it('lets a refund after spending drive the balance negative, and then refuses to spend', async () => {
      const alice = user();
      const { order, whopPaymentId } = await paidOrder(alice);
      await spend(alice, 900).expect(200);
      await refundOnWhop(whopPaymentId);
      await eventually(async () => (await status(order.id)) === 'refunded', 5_000, 'refund');
      expect(await balance(alice)).toBe(-900);
      const refused = await spend(alice, 1).expect(409);
      expect(refused.headers['content-type']).toMatch(PROBLEM);
      expect(refused.body).toMatchObject({ code: 'insufficient_credits', detail: expect.stringMatching(/negative/) });
    });

    it('remembers a refund seen before its success and takes it back when the success arrives', async () => {
      const alice = user();
      const order = await createOrder(alice);
      const success = paymentEvent(order);
      const refund = refundEvent({ id: 'rfnd_early', amountCents: 1_000, payment: { ...success.data } });
      expect((await deliver(refund)).body.outcome).toBe('refunded');
      expect(await status(order.id)).toBe('pending');
      expect((await deliver(success)).body.outcome).toBe('completed');
      expect(await status(order.id)).toBe('refunded');
      expect(await balance(alice)).toBe(0);
    });

    it('waits for a pending refund to be done', async () => {
      const alice = user();
      const { order, whopPaymentId } = await paidOrder(alice);
      const event = refundEvent({ id: 'rfnd_pending', amountCents: 1_000, status: 'pending', payment: { id: whopPaymentId } });
      expect((await deliver(event)).body.outcome).toBe('refund_pending');
      expect(await balance(alice)).toBe(1_000);
      const done = refundEvent({ id: 'rfnd_pending', amountCents: 1_000, status: 'succeeded', payment: { id: whopPaymentId } }, 'refund.updated');
      expect((await deliver(done)).body.outcome).toBe('refunded');
      expect(await status(order.id)).toBe('refunded');
      expect(await balance(alice)).toBe(0);
    });
  });

  describe('disputes', () => {
    it('holds the credits while open and gives them back when won', async () => {
      const alice = user();
      const { order, whopPaymentId } = await paidOrder(alice);
      expect((await deliver(disputeEvent({ id: 'dp_won', status: 'needs_response', paymentId: whopPaymentId }))).body.outcome).toBe('dispute_opened');
      expect(await status(order.id)).toBe('disputed');
      expect(await balance(alice)).toBe(0);
      expect((await deliver(disputeEvent({ id: 'dp_won', status: 'under_review', paymentId: whopPaymentId }, 'dispute.updated'))).body.outcome).toBe('dispute_open');
      expect((await deliver(disputeEvent({ id: 'dp_won', status: 'won', paymentId: whopPaymentId }, 'dispute.updated'))).body.outcome).toBe('dispute_won');
      expect(await status(order.id)).toBe('completed');
      expect(await balance(alice)).toBe(1_000);
    });

    it('treats a lost dispute as a refund', async () => {
      const alice = user();
      const { order, whopPaymentId } = await paidOrder(alice, 'premium');
      await deliver(disputeEvent({ id: 'dp_lost', status: 'needs_response', paymentId: whopPaymentId, amountCents: 10_000 }));
      expect((await deliver(disputeEvent({ id: 'dp_lost', status: 'lost', paymentId: whopPaymentId, amountCents: 10_000 }, 'dispute.updated'))).body.outcome).toBe('dispute_lost');
      expect(await h.store.orders.find({ id: order.id })).toMatchObject({ status: 'refunded', clawedCredits: 15_000 });
      expect(await balance(alice)).toBe(0);
      // A late "won" for a dispute already lost changes nothing.
      await deliver(disputeEvent({ id: 'dp_lost', status: 'won', paymentId: whopPaymentId, amountCents: 10_000 }, 'dispute.updated'));
      expect(await balance(alice)).toBe(0);
    });
  });

  describe('reconciliation and expiry', () => {
    it('recovers a paid order whose webhooks were all dropped', async () => {
      const alice = user();
      const order = await createOrder(alice);
      await h.sim.pay(order.whopCheckoutId!, TEST_CARDS.success, { drop: true });
      expect(await status(order.id)).toBe('pending');
      const report = await h.components.sweeper.runOnce();
      expect(report).toMatchObject({ ran: true, ledgerDifferences: [] });
      expect(report.completed).toBeGreaterThanOrEqual(1);
      expect(await h.store.orders.find({ id: order.id })).toMatchObject({ status: 'completed', completionSource: 'reconcile' });
      expect(await balance(alice)).toBe(1_000);
    });

    it('expires an order left unpaid past the bound, and still completes it if the money arrives later', async () => {
      const alice = user();
      const past = new Date(Date.now() - 25 * 3_600_000);
      const order = await h.store.orders.create(newOrderOf('basic', alice, past));
      const checkout = await request(h.sim.url)
        .post('/api/v1/checkout_configurations')
        .set('Authorization', 'Bearer test_api_key')
        .set('Api-Version-Date', '2026-07-20')
        .send({ account_id: 'biz_TestCompany01', plan: { plan_type: 'one_time', initial_price: 1, currency: 'usd' }, metadata: { payment_id: order.id } })
        .expect(200);
      await h.store.orders.attachCheckout(order.id, { checkoutId: checkout.body.id, checkoutUrl: checkout.body.purchase_url });
      await h.components.sweeper.runOnce();
      expect(await status(order.id)).toBe('expired');
      await h.sim.pay(checkout.body.id, TEST_CARDS.success);
      expect(await status(order.id)).toBe('completed');
      expect(await balance(alice)).toBe(100);
    });

    it('runs from the cron endpoint only with the secret', async () => {
      await h.api.get('/api/internal/sweep').expect(401);
      await h.api.get('/api/internal/sweep').set('Authorization', 'Bearer wrong-secret-wrong-secret-wrong-secret').expect(401);
      const res = await h.api.get('/api/internal/sweep').set('Authorization', `Bearer ${CRON_SECRET}`).expect(200);
      expect(res.body).toMatchObject({ ran: true, ledgerDifferences: 0 });
    });

    it('lets one sweeper run at a time', async () => {
      const [a, b] = await Promise.all([h.components.sweeper.runOnce(), h.components.sweeper.runOnce()]);
      expect(a).toBe(b);
      expect(await h.store.leases.acquire('sweeper', 'another-instance', 60_000)).toBe(true);
      expect((await h.components.sweeper.runOnce()).ran).toBe(false);
      await h.store.leases.release('sweeper', 'another-instance');
    });
  });

  describe('spending', () => {
    it('spends for the user with an Idempotency-Key, replays the same request, refuses another body with it', async () => {
      const alice = user();
      await paidOrder(alice);
      const key = randomUUID();
      const first = await spend(alice, 300, key).expect(200);
      expect(first.body).toMatchObject({ spent: 300, balance: 700 });
      const again = await spend(alice, 300, key).expect(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      const other = await spend(alice, 5, key).expect(422);
      expect(other.body.code).toBe('idempotency_key_reused');
      expect(await balance(alice)).toBe(700);
    });

    it('needs an Idempotency-Key and a valid body', async () => {
      const alice = user();
      const missing = await h.api.post('/api/credits/spend').set(h.auth(alice)).send({ credits: 1, reason: 'x' }).expect(400);
      expect(missing.headers['content-type']).toMatch(PROBLEM);
      for (const body of [{ credits: 0, reason: 'x' }, { credits: 1.5, reason: 'x' }, { credits: 1 }, { credits: 1, reason: 'x', userId: 'bob' }]) {
        await h.api.post('/api/credits/spend').set(h.auth(alice)).set('Idempotency-Key', randomUUID()).send(body).expect(400);
      }
    });

    it('lets the host app’s backend spend for a user with the service key, and nobody else', async () => {
      const alice = user();
      await paidOrder(alice);
      const res = await h.api
        .post('/api/credits/spend')
        .set('Authorization', `Bearer ${SERVICE_API_KEY}`)
        .set('Idempotency-Key', randomUUID())
        .send({ userId: alice, credits: 100, reason: 'api call' })
        .expect(200);
      expect(res.body.balance).toBe(900);
      await h.api
        .post('/api/credits/spend')
        .set('Authorization', `Bearer ${SERVICE_API_KEY}`)
        .set('Idempotency-Key', randomUUID())
        .send({ credits: 100, reason: 'no user' })
        .expect(400);
      await h.api
        .post('/api/credits/spend')
        .set('Authorization', 'Bearer not-the-service-key-not-the-service-key')
        .set('Idempotency-Key', randomUUID())
        .send({ userId: alice, credits: 1, reason: 'x' })
        .expect(401);
    });

    it('lets exactly 10 of 100 concurrent spends through when the balance affords 10', async () => {
      const alice = user();
      await paidOrder(alice);
      const results = await Promise.all(Array.from({ length: 100 }, () => spend(alice, 100)));
      expect(results.filter((r) => r.status === 200)).toHaveLength(10);
      expect(results.filter((r) => r.status === 409)).toHaveLength(90);
      expect(await balance(alice)).toBe(0);
    });

    it('pages the caller’s ledger', async () => {
      const alice = user();
      await paidOrder(alice);
      for (let i = 0; i < 4; i++) await spend(alice, 10).expect(200);
      const first = await h.api.get('/api/credits/ledger?limit=3').set(h.auth(alice)).expect(200);
      const second = await h.api.get(`/api/credits/ledger?limit=3&cursor=${first.body.nextCursor}`).set(h.auth(alice)).expect(200);
      expect([...first.body.entries, ...second.body.entries].map((e: { kind: string }) => e.kind)).toEqual(['spend', 'spend', 'spend', 'spend', 'grant']);
      expect(second.body.nextCursor).toBeNull();
      expect(first.body.entries[0]).toMatchObject({ memo: 'generation', credits: -10 });
    });
  });

  describe('idempotent order creation', () => {
    it('returns the same order for the same key and body, and refuses the key for another package', async () => {
      const alice = user();
      const key = randomUUID();
      const first = await createOrder(alice, 'standard', { 'Idempotency-Key': key });
      const again = await h.api.post('/api/payment/create').set(h.auth(alice)).set('Idempotency-Key', key).send({ packageId: 'standard' }).expect(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body.payment).toEqual(first);
      const other = await h.api.post('/api/payment/create').set(h.auth(alice)).set('Idempotency-Key', key).send({ packageId: 'premium' }).expect(422);
      expect(other.body.code).toBe('idempotency_key_reused');
      expect((await h.store.orders.pageForUser(alice, { limit: 10 })).items).toHaveLength(1);
      expect([...h.sim.engine.configs.values()].filter((c) => c.metadata?.payment_id === first.id)).toHaveLength(1);
    });
  });
});
