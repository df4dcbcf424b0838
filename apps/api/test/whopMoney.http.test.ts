import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { paymentSchema, statsResponseSchema, type PaymentDto } from '@credits/shared';
import { TEST_CARDS } from '@credits/whop-sim';
import { testDatabases } from './support/databases';
import { COMPANY_ID, useHarness, type Harness } from './support/harness';
import { OVERLAP_MS, WATERMARKS } from '../src/services/Sweeper';
import { eventually } from './support/wait';

/**
 * Money as Whop moves it, through the real API and the simulator, whose lists carry only what the
 * SDK declares for list items (no refunds or disputes inside): disputes and refunds whose webhooks
 * never came, found by the sweep; payloads the SDK allows (no status, no total, another currency,
 * tax on top, no payment named); refunds that fail and are asked again under a key of their own.
 */

/** A new order each time (a unique Idempotency-Key). */
async function createOrder(h: Harness, userId: string, packageId = 'standard'): Promise<PaymentDto> {
  const res = await h.api.post('/api/payment/create').set(h.auth(userId)).set('Idempotency-Key', randomUUID()).send({ packageId }).expect(201);
  return paymentSchema.parse(res.body.payment);
}
const balance = async (h: Harness, userId: string) => (await h.api.get('/api/credits').set(h.auth(userId)).expect(200)).body.balance as number;
const order = async (h: Harness, userId: string, id: string) => paymentSchema.parse((await h.api.get(`/api/payment/${id}`).set(h.auth(userId)).expect(200)).body.payment);
const control = (h: Harness) => request(h.sim.url);
const whopApi = (h: Harness) => ({
  get: (path: string) => request(h.sim.url).get(`/api/v1${path}`).set('Authorization', 'Bearer test_api_key').set('Api-Version-Date', '2026-07-20'),
  post: (path: string) => request(h.sim.url).post(`/api/v1${path}`).set('Authorization', 'Bearer test_api_key').set('Api-Version-Date', '2026-07-20'),
});
const dropWebhooks = (h: Harness, checkoutId: string) => h.sim.engine.checkoutChaos.set(checkoutId, { ...h.sim.engine.checkoutChaos.get(checkoutId), drop: true });

/** Pays a new order on the simulator (its webhooks delivered, unless chaos says otherwise) and waits for the grant. */
async function paidOrder(h: Harness, userId: string, chaos: Record<string, unknown> = {}, packageId = 'standard') {
  const o = await createOrder(h, userId, packageId);
  const { payment } = await h.sim.pay(o.whopCheckoutId!, TEST_CARDS.success, chaos);
  await eventually(async () => (await order(h, userId, o.id)).status === 'completed', 5_000, 'the grant');
  return { o, whopPaymentId: payment.id };
}

describe.each(testDatabases)('money as Whop moved it, on $name', (database) => {
  describe('recovery from what Whop’s lists carry', () => {
    // A sweep's batch, kept small so that one batch more than it stays cheap to make.
    const BATCH = 20;
    const { h, user } = useHarness(database, { sweeper: { batchSize: BATCH } });

    it('holds a chargeback whose every webhook was dropped, then takes the credits back when it is lost', async () => {
      const alice = user();
      const { o, whopPaymentId } = await paidOrder(h, alice);
      dropWebhooks(h, o.whopCheckoutId!);
      const dispute = h.sim.engine.openDispute(whopPaymentId, { kind: 'chargeback' });
      await h.components.sweeper.runOnce();
      expect([await balance(h, alice), (await order(h, alice, o.id)).status]).toEqual([0, 'disputed']);
      h.sim.engine.updateDispute(dispute.id, 'lost');
      await h.components.sweeper.runOnce();
      const lost = await order(h, alice, o.id);
      expect([await balance(h, alice), lost.status, lost.refundedCents, lost.creditsTakenBack]).toEqual([0, 'refunded', 1_000, 1_000]);
    });

    it('goes on past payments it cannot read (other products of the account) and credits a paid order whose webhooks were dropped', async () => {
      const alice = user();
      await control(h).post('/_sim/payments').send({ account_id: COMPANY_ID, status: null, total: null }).expect(201);
      const unreadable = (await control(h).post('/_sim/payments').send({ account_id: COMPANY_ID, status: 'paid', total: null }).expect(201)).body;
      const o = await createOrder(h, alice);
      await h.sim.pay(o.whopCheckoutId!, TEST_CARDS.success, { drop: true });
      const report = await h.components.sweeper.runOnce();
      expect(report.unreadable).toBeGreaterThanOrEqual(1);
      expect([await balance(h, alice), (await order(h, alice, o.id)).status]).toEqual([1_000, 'completed']);
      // The watermark moved: a payment made after this run is found by the next, and the unreadable one is shown to operators.
      const bob = user();
      const later = await createOrder(h, bob);
      await h.sim.pay(later.whopCheckoutId!, TEST_CARDS.success, { drop: true });
      await h.components.sweeper.runOnce();
      expect(await balance(h, bob)).toBe(1_000);
      const stats = statsResponseSchema.parse((await h.api.get('/api/admin/stats').set(h.operator()).expect(200)).body);
      expect(stats.unreadable.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'payment', whopId: unreadable.id })]));
      const metrics = await h.components.metrics.registry.metrics();
      expect(metrics).toMatch(/credits_whop_unreadable_total\{kind="payment"\} [1-9]/);
    });

    it('finds a refund whose webhooks were dropped, and one that failed after succeeding, from the payment read in full', async () => {
      const alice = user();
      const { o, whopPaymentId } = await paidOrder(h, alice);
      dropWebhooks(h, o.whopCheckoutId!);
      await whopApi(h).post(`/payments/${whopPaymentId}/refund`).send({}).expect(200);
      await h.components.sweeper.runOnce();
      expect([await balance(h, alice), (await order(h, alice, o.id)).status]).toEqual([0, 'refunded']);
      const [refund] = (await whopApi(h).get('/refunds').query({ payment_id: whopPaymentId }).expect(200)).body.data;
      await control(h).post(`/_sim/refunds/${refund.id}/settle`).send({ status: 'failed' }).expect(200);
      await h.components.sweeper.runOnce();
      expect([await balance(h, alice), (await order(h, alice, o.id)).status]).toEqual([1_000, 'completed']);
    });
    // Last: the orders it leaves disputed are asked about by every later sweep of this harness.
    it(`releases the newest of ${BATCH + 1} open disputes (a sweep's batch and one), won with its webhook dropped, within two sweeps`, async () => {
      const buyers = Array.from({ length: BATCH + 1 }, () => user('disputed'));
      const orders: Array<{ buyer: string; o: PaymentDto; whopPaymentId: string }> = [];
      for (let i = 0; i < buyers.length; i += 20) {
        orders.push(
          ...(await Promise.all(
            buyers.slice(i, i + 20).map(async (buyer) => {
              const o = await createOrder(h, buyer, 'basic');
              const { payment } = await h.sim.pay(o.whopCheckoutId!, TEST_CARDS.success, { drop: true });
              return { buyer, o, whopPaymentId: payment.id };
            }),
          )),
        );
      }
      await h.components.sweeper.runOnce();
      const disputes = orders.map(({ o, whopPaymentId }) => {
        dropWebhooks(h, o.whopCheckoutId!);
        return h.sim.engine.openDispute(whopPaymentId, { kind: 'chargeback' });
      });
      await h.components.sweeper.runOnce();
      for (const { buyer } of orders) expect(await balance(h, buyer)).toBe(0);

      const newest = orders.at(-1)!;
      h.sim.engine.updateDispute(disputes.at(-1)!.id, 'won');
      // As if the dispute's end moved nothing Whop's lists show (the sandbox checklist asks whether it does): only asking by id finds it.
      for (const name of Object.values(WATERMARKS)) await h.store.watermarks.set(name, new Date(Date.now() + OVERLAP_MS));
      await h.components.sweeper.runOnce();
      await h.components.sweeper.runOnce();
      expect([await balance(h, newest.buyer), (await order(h, newest.buyer, newest.o.id)).status]).toEqual([100, 'completed']);
      expect(await balance(h, orders[0]!.buyer)).toBe(0);
    }, 120_000);
  });

  describe('currencies, tax and payloads that name no payment', () => {
    const { h, user } = useHarness(database);

    it('converts a ¥ refund of a payment priced in yen by Whop’s settlement figures: ¥750 of ¥1,500 takes half', async () => {
      const alice = user();
      const { o, whopPaymentId } = await paidOrder(h, alice, { buyerCurrency: { currency: 'jpy', rate: 150 } });
      await control(h).post(`/_sim/payments/${whopPaymentId}/refunds`).send({ amount: 750, currency: 'jpy' }).expect(201);
      await eventually(async () => (await balance(h, alice)) === 500, 5_000, 'half taken back');
      expect(await order(h, alice, o.id)).toMatchObject({ status: 'partially_refunded', chargedCents: 1_000, refundedCents: 500, creditsTakenBack: 500 });
    });

    it('never reads a refund in a currency nothing converts as dollars: the credits are held until Whop’s own figure says how much went back', async () => {
      const alice = user();
      const { o, whopPaymentId } = await paidOrder(h, alice);
      await control(h).post(`/_sim/payments/${whopPaymentId}/refunds`).send({ amount: 7.5, currency: 'eur' }).expect(201);
      await eventually(async () => (await order(h, alice, o.id)).status === 'partially_refunded', 5_000, 'the refund');
      const held = (await h.api.get(`/api/admin/orders/${o.id}`).set(h.operator()).expect(200)).body.order;
      expect(held).toMatchObject({ statusReason: 'refund_currency_unknown', heldCredits: 1_000, clawedCredits: 0 });
      expect(await balance(h, alice)).toBe(0);
      // The sweep asks about the order again: the payment's refunded_amount (Whop converted €7.50 to $8.10) settles it.
      await h.components.sweeper.runOnce();
      const settled = (await h.api.get(`/api/admin/orders/${o.id}`).set(h.operator()).expect(200)).body.order;
      expect(settled).toMatchObject({ status: 'partially_refunded', statusReason: null, heldCredits: 0, clawedCredits: 810, refundedCents: 810 });
      expect(await balance(h, alice)).toBe(190);
    });

    it('takes half the credits when half of an $11 charge ($10 + $1 tax added on top) is refunded', async () => {
      const alice = user();
      const { o, whopPaymentId } = await paidOrder(h, alice, { taxCents: 100 });
      // The buyer's order says what Whop charged and the tax in it, as the receipt shows them.
      expect(await order(h, alice, o.id)).toMatchObject({ chargedCents: 1_100, taxCents: 100 });
      await whopApi(h).post(`/payments/${whopPaymentId}/refund`).send({ partial_amount: 5.5 }).expect(200);
      await eventually(async () => (await order(h, alice, o.id)).status === 'partially_refunded', 5_000, 'the refund');
      await h.components.sweeper.runOnce();
      expect([await balance(h, alice), (await order(h, alice, o.id)).refundedCents]).toEqual([500, 550]);
    });

    it('looks up a refund and a dispute whose events name no payment by their own ids', async () => {
      const alice = user();
      const { o, whopPaymentId } = await paidOrder(h, alice);
      h.sim.engine.checkoutChaos.set(o.whopCheckoutId!, { nullPayment: true });
      await whopApi(h).post(`/payments/${whopPaymentId}/refund`).send({ partial_amount: 2.5 }).expect(200);
      await eventually(async () => (await balance(h, alice)) === 750, 5_000, 'the refund');
      h.sim.engine.openDispute(whopPaymentId, { kind: 'chargeback', amountCents: 250 });
      await eventually(async () => (await order(h, alice, o.id)).status === 'disputed', 5_000, 'the hold');
      // Every refund and dispute event was acknowledged only once learnt, each for this order. Whop
      // sends the refund's two events at once: the one handled second may already read the refund
      // as succeeded when it asks Whop about it, so each refund event says pending or refunded.
      await h.sim.deliverer.idle();
      const events = await h.store.inbox.forOrder(o.id);
      const outcomes = Object.fromEntries(events.filter((e) => e.type.startsWith('refund') || e.type.startsWith('dispute')).map((e) => [e.type, e.outcome]));
      expect(outcomes).toEqual({
        'refund.created': expect.stringMatching(/^refund(_pending|ed)$/),
        'refund.updated': expect.stringMatching(/^refund(_pending|ed)$/),
        'dispute.created': 'dispute_opened',
      });
      expect(Object.values(outcomes)).toContain('refunded');
    });

    it('takes back a chargeback Whop closed when the payment says dispute_lost', async () => {
      const alice = user();
      const { o, whopPaymentId } = await paidOrder(h, alice);
      const dispute = h.sim.engine.openDispute(whopPaymentId, { kind: 'chargeback' });
      await eventually(async () => (await order(h, alice, o.id)).status === 'disputed', 5_000, 'the hold');
      h.sim.engine.updateDispute(dispute.id, 'closed', 'dispute_lost');
      await eventually(async () => (await order(h, alice, o.id)).status === 'refunded', 5_000, 'the loss');
      expect(await balance(h, alice)).toBe(0);
    });
  });

  describe('at the native version (2026-09-02-1): no settlement figures, nothing embedded', () => {
    const { h, user } = useHarness(database, { apiVersion: '2026-09-02-1' });

    it('holds a ¥ refund Whop gave no conversion for, then counts it by the payment’s own refunded amount', async () => {
      const alice = user();
      const { o, whopPaymentId } = await paidOrder(h, alice, { buyerCurrency: { currency: 'jpy', rate: 150 } });
      await control(h).post(`/_sim/payments/${whopPaymentId}/refunds`).send({ amount: 750, currency: 'jpy' }).expect(201);
      await eventually(async () => (await order(h, alice, o.id)).creditsHeld === 1_000, 5_000, 'the hold');
      await h.components.sweeper.runOnce();
      expect(await order(h, alice, o.id)).toMatchObject({ status: 'partially_refunded', creditsHeld: 0, creditsTakenBack: 500, refundedCents: 500 });
      expect(await balance(h, alice)).toBe(500);
    });
  });

  describe('refunds that fail are asked again under a key of their own', () => {
    const { h, user } = useHarness(database);

    it('refunds, by a later sweep, a second payment whose first refund failed', async () => {
      const alice = user();
      const { o } = await paidOrder(h, alice);
      await h.components.followUp.idle();
      h.sim.engine.checkoutChaos.set(o.whopCheckoutId!, { refundOutcome: 'failed', drop: true });
      const forced = await control(h).post(`/_sim/checkout_configurations/${o.whopCheckoutId}/pay`).send({ card: TEST_CARDS.success, force: true }).expect(201);
      const second = forced.body.payment.id as string;
      await h.components.reconciliation.reconcileCheckout(o.whopCheckoutId!);
      await h.components.followUp.idle();
      const refunds = async () => (await whopApi(h).get('/refunds').query({ payment_id: second }).expect(200)).body.data as Array<{ status: string }>;
      expect((await refunds()).map((r) => r.status)).toEqual(['failed']);

      h.sim.engine.checkoutChaos.set(o.whopCheckoutId!, { drop: true });
      await h.components.sweeper.runOnce();
      await h.components.followUp.idle();
      expect((await refunds()).map((r) => r.status).sort()).toEqual(['failed', 'succeeded']);
      await h.components.sweeper.runOnce();
      expect((await order(h, alice, o.id)).secondPayments).toEqual([{ whopPaymentId: second, refunded: true }]);
      expect(await balance(h, alice)).toBe(1_000);
    });

    it('keeps asking about other second payments when Whop refuses to refund one', async () => {
      const [alice, bob] = [user(), user()];
      const forceSecond = async (checkoutId: string, chaos: Record<string, unknown>) => {
        h.sim.engine.checkoutChaos.set(checkoutId, chaos);
        return (await control(h).post(`/_sim/checkout_configurations/${checkoutId}/pay`).send({ card: TEST_CARDS.success, force: true }).expect(201)).body.payment.id as string;
      };
      const refused = (await paidOrder(h, alice)).o;
      const retried = (await paidOrder(h, bob)).o;
      await h.components.followUp.idle();
      await forceSecond(refused.whopCheckoutId!, { refuseRefunds: true, drop: true });
      const second = await forceSecond(retried.whopCheckoutId!, { refundOutcome: 'failed', drop: true });
      await h.components.sweeper.runOnce();
      await h.components.followUp.idle();
      const refundsOf = async (id: string) =>
        ((await whopApi(h).get('/refunds').query({ payment_id: id }).expect(200)).body.data as Array<{ status: string }>).map((r) => r.status);
      expect(new Set(await refundsOf(second))).toEqual(new Set(['failed']));
      h.sim.engine.checkoutChaos.set(retried.whopCheckoutId!, { drop: true });
      const report = await h.components.sweeper.runOnce();
      await h.components.followUp.idle();
      expect(report.whopErrors).toBe(0);
      expect((await refundsOf(second)).filter((r) => r === 'succeeded')).toHaveLength(1);
      expect(await order(h, bob, retried.id)).toMatchObject({ secondPayments: [{ whopPaymentId: second, refunded: true }] });
    });

    it('makes a second refund at Whop when an operator tries again after Whop failed the first', async () => {
      const alice = user();
      const { o, whopPaymentId } = await paidOrder(h, alice);
      h.sim.engine.checkoutChaos.set(o.whopCheckoutId!, { refundOutcome: 'failed' });
      const resolve = (key: string) =>
        h.api.post(`/api/admin/orders/${o.id}/resolve`).set(h.operator()).set('Idempotency-Key', key).send({ action: 'refund', note: 'buyer asked' });
      expect((await resolve('first').expect(200)).body.outcome).toBe('refund_requested');
      await h.sim.deliverer.idle();
      expect((await order(h, alice, o.id)).status).toBe('completed');

      h.sim.engine.checkoutChaos.delete(o.whopCheckoutId!);
      expect((await resolve('second').expect(200)).body.outcome).toBe('refund_requested');
      await eventually(async () => (await order(h, alice, o.id)).status === 'refunded', 5_000, 'the second refund');
      const atWhop = (await whopApi(h).get('/refunds').query({ payment_id: whopPaymentId }).expect(200)).body.data.map((r: { status: string }) => r.status);
      expect(atWhop.sort()).toEqual(['failed', 'succeeded']);
      // The same key again replays; Whop is not asked a third time.
      const again = await resolve('second').expect(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      const audit = (await h.api.get(`/api/admin/orders/${o.id}`).set(h.operator()).expect(200)).body.timeline.filter((t: { kind: string }) => t.kind === 'operator');
      expect(audit.map((a: { details: { whop: string } }) => a.details.whop)).toEqual(['requested', 'confirmed', 'requested', 'confirmed']);
      expect(await balance(h, alice)).toBe(0);
    });

    it('replays a key left unfinished by a crash once Whop’s refund is known, without asking Whop again', async () => {
      const alice = user();
      const { o, whopPaymentId } = await paidOrder(h, alice);
      // What a request that stopped half-way leaves: the key claimed with Whop's key, and Whop's refund made.
      const whopKey = `operator-refund:${o.id}:${whopPaymentId}:0`;
      const scope = `resolve:${o.id}`;
      const requestHash = await import('node:crypto').then(({ createHash }) =>
        createHash('sha256')
          .update(JSON.stringify([o.id, 'refund', 'crashed']))
          .digest('hex'),
      );
      await h.store.transact(async (uow) => {
        await uow.idempotency.claim(scope, 'crash-key', requestHash);
        await uow.idempotency.complete(scope, 'crash-key', { whopPaymentId, whopKey });
      });
      await whopApi(h).post(`/payments/${whopPaymentId}/refund`).set('Idempotency-Key', whopKey).send({}).expect(200);
      await eventually(async () => (await order(h, alice, o.id)).status === 'refunded', 5_000, 'the refund');
      const res = await h.api
        .post(`/api/admin/orders/${o.id}/resolve`)
        .set(h.operator())
        .set('Idempotency-Key', 'crash-key')
        .send({ action: 'refund', note: 'crashed' })
        .expect(200);
      expect(res.headers['idempotent-replayed']).toBe('true');
      expect((await whopApi(h).get('/refunds').query({ payment_id: whopPaymentId }).expect(200)).body.data).toHaveLength(1);
    });
  });

  describe('when Whop cannot be asked how a dispute ended', () => {
    let failRetrieve = false;
    /** Disputes read by id come back without what makes them readable. */
    let breakDisputes = false;
    /** Refunds reach Whop, but Whop's answers do not come back. */
    let loseRefundAnswers = false;
    let proxy: Server;
    let proxyUrl = '';
    const target = { url: '' };
    beforeAll(async () => {
      // Whop's API through a door that can refuse to read payments.
      proxy = createServer((req, res) => {
        const down = () => res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"type":"internal_server_error","message":"down"}}');
        if (failRetrieve && req.method === 'GET' && /\/payments\/pay_/.test(req.url ?? '')) return down();
        const brokenDispute = /\/disputes\/(dspt_[^/?]+)/.exec(req.url ?? '');
        if (breakDisputes && req.method === 'GET' && brokenDispute)
          return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: brokenDispute[1] }));
        const upstream = new URL(req.url ?? '/', target.url);
        const swallow = loseRefundAnswers && req.method === 'POST' && /\/refund$/.test(upstream.pathname);
        const forward = httpRequest(upstream, { method: req.method, headers: { ...req.headers, host: upstream.host } }, (answer) => {
          if (swallow) {
            answer.resume();
            return down();
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        req.pipe(forward);
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
      proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => proxy.close(() => resolve())));
    const { h, user } = useHarness(database, {
      retryScheduleMs: [50, 50],
      whopApiBaseUrl: (sim) => {
        target.url = sim.url;
        return `${proxyUrl}/api/v1`;
      },
    });

    it('keeps a closed dispute held until Whop was asked, answering 503 so that Whop delivers again', async () => {
      const alice = user();
      const { o, whopPaymentId } = await paidOrder(h, alice);
      const dispute = h.sim.engine.openDispute(whopPaymentId, { kind: 'chargeback' });
      await eventually(async () => (await order(h, alice, o.id)).status === 'disputed', 5_000, 'the hold');
      failRetrieve = true;
      h.sim.engine.updateDispute(dispute.id, 'closed');
      const closed = () => h.sim.deliverer.list().find((d) => d.type === 'dispute.updated' && d.body.includes(dispute.id));
      await eventually(() => closed()?.state === 'failed', 5_000, 'every delivery refused');
      expect(closed()!.attempts.map((a) => a.status)).toEqual([503, 503, 503]);
      expect([await balance(h, alice), (await order(h, alice, o.id)).status]).toEqual([0, 'disputed']);
      await h.components.sweeper.runOnce();
      expect((await order(h, alice, o.id)).status).toBe('disputed');
      failRetrieve = false;
      await h.components.sweeper.runOnce();
      expect([await balance(h, alice), (await order(h, alice, o.id)).status]).toEqual([1_000, 'completed']);
    });

    it('goes on asking about the other disputed orders, and finishes its run, when Whop answers one with a dispute it cannot read', async () => {
      const [alice, bob] = [user(), user()];
      const first = await paidOrder(h, alice);
      const second = await paidOrder(h, bob);
      for (const { whopPaymentId } of [first, second]) h.sim.engine.openDispute(whopPaymentId, { kind: 'chargeback' });
      await eventually(async () => (await order(h, bob, second.o.id)).status === 'disputed', 5_000, 'the holds');
      const won = h.sim.engine.disputes.find((d) => d.paymentId === second.whopPaymentId)!;
      dropWebhooks(h, second.o.whopCheckoutId!);
      h.sim.engine.updateDispute(won.id, 'won');
      breakDisputes = true;
      try {
        for (const name of Object.values(WATERMARKS)) await h.store.watermarks.set(name, new Date(Date.now() + OVERLAP_MS));
        const report = await h.components.sweeper.runOnce();
        expect(report.ledgerDifferences).toEqual([]);
        expect(report.asked).toBeGreaterThanOrEqual(2);
      } finally {
        breakDisputes = false;
      }
      const stats = statsResponseSchema.parse((await h.api.get('/api/admin/stats').set(h.operator()).expect(200)).body);
      expect(stats.unreadable.items.some((u) => u.kind === 'dispute')).toBe(true);
      // Readable again: the won dispute is found by asking by id.
      await h.components.sweeper.runOnce();
      await h.components.sweeper.runOnce();
      expect([await balance(h, bob), (await order(h, bob, second.o.id)).status]).toEqual([1_000, 'completed']);
    });

    it('asks Whop anew, under a key of its own, when a key is sent again after Whop’s answer was lost and that refund failed', async () => {
      const alice = user();
      const { o, whopPaymentId } = await paidOrder(h, alice);
      h.sim.engine.checkoutChaos.set(o.whopCheckoutId!, { refundOutcome: 'failed' });
      const resolve = () => h.api.post(`/api/admin/orders/${o.id}/resolve`).set(h.operator()).set('Idempotency-Key', 'lost-answer').send({ action: 'refund', note: 'buyer asked' });
      loseRefundAnswers = true;
      try {
        await resolve().expect(502);
      } finally {
        loseRefundAnswers = false;
      }
      await h.sim.deliverer.idle();
      h.sim.engine.checkoutChaos.set(o.whopCheckoutId!, {});
      expect((await resolve().expect(200)).body.outcome).toBe('refund_requested');
      await eventually(async () => (await order(h, alice, o.id)).status === 'refunded', 5_000, 'the refund');
      const atWhop = (await whopApi(h).get('/refunds').query({ payment_id: whopPaymentId }).expect(200)).body.data.map((r: { status: string }) => r.status);
      expect(atWhop.sort()).toEqual(['failed', 'succeeded']);
      const audit = (await h.api.get(`/api/admin/orders/${o.id}`).set(h.operator()).expect(200)).body.timeline.filter((t: { kind: string }) => t.kind === 'operator');
      expect(audit.map((a: { details: { whop: string; whopKey?: string } }) => [a.details.whop, a.details.whopKey?.split(':').at(-1) ?? null])).toEqual([
        ['requested', '0'],
        ['failed', null],
        ['requested', '1'],
        ['confirmed', null],
      ]);
    });
  });
});
