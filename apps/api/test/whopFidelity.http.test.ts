import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { paymentSchema, type PaymentDto } from '@credits/shared';
import { TEST_CARDS } from '@credits/whop-sim';
import { testDatabases } from './support/databases';
import { useHarness, type Harness } from './support/harness';
import { eventually } from './support/wait';
import { newOrderOf } from './support/packs';

/**
 * Whop as it really is, through the real API and the simulator: reduced refund payloads learnt
 * twice, every dispute path, webhooks that never arrive (found by the sweep), many abandoned
 * checkouts, and a buyer who pays twice.
 */
const VERSIONS = ['2025-01-01', '2026-07-20', '2026-09-02-1'];

/** A new order each time (a unique Idempotency-Key; without one, the buyer's open order of the pack is resumed). */
async function createOrder(h: Harness, userId: string, packageId = 'standard'): Promise<PaymentDto> {
  const res = await h.api.post('/api/payment/create').set(h.auth(userId)).set('Idempotency-Key', randomUUID()).send({ packageId }).expect(201);
  return paymentSchema.parse(res.body.payment);
}
const balance = async (h: Harness, userId: string) => (await h.api.get('/api/credits').set(h.auth(userId)).expect(200)).body.balance as number;
const order = async (h: Harness, userId: string, id: string) => paymentSchema.parse((await h.api.get(`/api/payment/${id}`).set(h.auth(userId)).expect(200)).body.payment);
const refundOnWhop = (h: Harness, whopPaymentId: string, dollars?: number) =>
  request(h.sim.url)
    .post(`/api/v1/payments/${whopPaymentId}/refund`)
    .set('Authorization', 'Bearer test_api_key')
    .send(dollars ? { partial_amount: dollars } : {})
    .expect(200);
const openDispute = (h: Harness, whopPaymentId: string, kind: 'inquiry' | 'chargeback') => h.sim.engine.openDispute(whopPaymentId, { kind });
const dropWebhooks = (h: Harness, checkoutId: string) => h.sim.engine.checkoutChaos.set(checkoutId, { drop: true });

describe.each(testDatabases)('Whop as it really is, on $name', (database) => {
  describe.each(VERSIONS)('at Api-Version-Date %s', (apiVersion) => {
    const { h, user } = useHarness(database, { apiVersion });

    it('takes back a refund once, learnt from its webhooks, from the payment on a re-check, and again by the sweep', async () => {
      const alice = user();
      const o = await createOrder(h, alice);
      const { payment } = await h.sim.pay(o.whopCheckoutId!, TEST_CARDS.success);
      expect(await balance(h, alice)).toBe(1_000);
      await refundOnWhop(h, payment.id, 5);
      await eventually(async () => (await balance(h, alice)) === 500, 5_000, 'refund through its webhooks');
      // The same money again: from the payment's cumulative refunded amount, through the sweep and a checkout re-read.
      await h.components.sweeper.runOnce();
      await h.components.reconciliation.reconcileCheckout(o.whopCheckoutId!);
      expect(await balance(h, alice)).toBe(500);
      expect(await order(h, alice, o.id)).toMatchObject({ status: 'partially_refunded' });
    });
  });

  describe('disputes and lost webhooks', () => {
    const { h, user } = useHarness(database);

    async function paid(userId: string) {
      const o = await createOrder(h, userId);
      const { payment } = await h.sim.pay(o.whopCheckoutId!, TEST_CARDS.success);
      await eventually(async () => (await balance(h, userId)) === 1_000, 5_000, 'the grant');
      return { o, whopPaymentId: payment.id };
    }

    it('leaves every credit after an inquiry that closes', async () => {
      const alice = user();
      const { o, whopPaymentId } = await paid(alice);
      const inquiry = openDispute(h, whopPaymentId, 'inquiry');
      await eventually(async () => (await balance(h, alice)) === 0, 5_000, 'the hold');
      h.sim.engine.updateDispute(inquiry.id, 'warning_under_review');
      h.sim.engine.updateDispute(inquiry.id, 'warning_closed');
      await eventually(async () => (await balance(h, alice)) === 1_000, 5_000, 'the release');
      expect((await order(h, alice, o.id)).status).toBe('completed');
    });

    it.each([
      ['won', ['under_review', 'won'], 1_000],
      ['lost', ['under_review', 'lost'], 0],
      ['closed', ['closed'], 1_000],
      ['other', ['under_review', 'other'], 1_000],
    ] as const)('settles the hold of a chargeback that ends %s', async (_final, path, credits) => {
      const alice = user();
      const { o, whopPaymentId } = await paid(alice);
      const dispute = openDispute(h, whopPaymentId, 'chargeback');
      for (const status of path) h.sim.engine.updateDispute(dispute.id, status);
      await h.sim.deliverer.idle();
      await eventually(async () => (await balance(h, alice)) === credits, 5_000, 'the outcome');
      expect((await order(h, alice, o.id)).status).not.toBe('disputed');
    });

    it('applies a refund and a dispute whose webhooks never arrive, by the sweep', async () => {
      const alice = user();
      const bob = user();
      const refunded = await paid(alice);
      const disputed = await paid(bob);
      dropWebhooks(h, refunded.o.whopCheckoutId!);
      dropWebhooks(h, disputed.o.whopCheckoutId!);
      await refundOnWhop(h, refunded.whopPaymentId, 2.5);
      const dispute = openDispute(h, disputed.whopPaymentId, 'chargeback');
      h.sim.engine.updateDispute(dispute.id, 'lost');
      expect([await balance(h, alice), await balance(h, bob)]).toEqual([1_000, 1_000]);
      await h.components.sweeper.runOnce();
      expect([await balance(h, alice), await balance(h, bob)]).toEqual([750, 0]);
      expect((await order(h, bob, disputed.o.id)).status).toBe('refunded');
    });

    it('credits 5 paid orders among 200 abandoned ones, webhooks dropped, within two sweep runs', async () => {
      const idle = user();
      for (let i = 0; i < 200; i += 20) await Promise.all(Array.from({ length: 20 }, () => createOrder(h, idle, 'basic')));
      const buyers = Array.from({ length: 5 }, () => user());
      const orders = [];
      for (const buyer of buyers) {
        const o = await createOrder(h, buyer);
        await h.sim.pay(o.whopCheckoutId!, TEST_CARDS.success, { drop: true });
        orders.push(o);
      }
      const first = await h.components.sweeper.runOnce();
      const second = await h.components.sweeper.runOnce();
      expect(first.completed + second.completed).toBeGreaterThanOrEqual(5);
      for (const buyer of buyers) expect(await balance(h, buyer)).toBe(1_000);
    });

    it('credits, by the sweep, a payment made after a decline and one made after the order expired', async () => {
      const alice = user();
      const bob = user();
      const afterDecline = await createOrder(h, alice);
      await h.sim.pay(afterDecline.whopCheckoutId!, TEST_CARDS.decline);
      await eventually(async () => (await order(h, alice, afterDecline.id)).status === 'failed', 5_000, 'the decline');
      await h.sim.pay(afterDecline.whopCheckoutId!, TEST_CARDS.success, { drop: true });

      const past = new Date(Date.now() - 25 * 3_600_000);
      const stale = await h.store.orders.create(newOrderOf('standard', bob, past));
      const checkout = h.sim.engine.createCheckout({
        companyId: 'biz_TestCompany01',
        plan: { priceCents: 1_000, currency: 'usd', title: '1,000 credits' },
        metadata: { payment_id: stale.id },
        redirectUrl: null,
        apiVersion: '2026-07-20',
      });
      await h.store.orders.attachCheckout(stale.id, { checkoutId: checkout.id, checkoutUrl: checkout.purchaseUrl });
      expect((await h.components.sweeper.runOnce()).expired).toBeGreaterThanOrEqual(1);
      expect((await order(h, bob, stale.id)).status).toBe('expired');
      await h.sim.pay(checkout.id, TEST_CARDS.success, { drop: true });

      await h.components.sweeper.runOnce();
      expect((await order(h, alice, afterDecline.id)).status).toBe('completed');
      expect([await balance(h, alice), await balance(h, bob)]).toEqual([1_000, 1_000]);
      expect((await order(h, bob, stale.id)).status).toBe('completed');
    });

    it('refuses to take a completed order’s checkout again, and refunds and shows a second payment forced through', async () => {
      const alice = user();
      const { o } = await paid(alice);
      await h.components.followUp.idle();
      expect(h.sim.engine.config(o.whopCheckoutId!).deletedAt).toBeInstanceOf(Date);
      const page = new URL(o.checkoutUrl!);
      await request(h.sim.url)
        .get(page.pathname + page.search)
        .expect(410);
      await expect(h.sim.pay(o.whopCheckoutId!, TEST_CARDS.success)).rejects.toMatchObject({ status: 410 });

      const forced = await request(h.sim.url).post(`/_sim/checkout_configurations/${o.whopCheckoutId}/pay`).send({ card: TEST_CARDS.success, force: true }).expect(201);
      const second = forced.body.payment.id as string;
      await h.sim.deliverer.idle();
      await h.components.followUp.idle();
      await eventually(async () => (await order(h, alice, o.id)).secondPayments.some((p) => p.whopPaymentId === second && p.refunded), 5_000, 'the refund');
      expect(await balance(h, alice)).toBe(1_000);
      const shown = await order(h, alice, o.id);
      expect(shown).toMatchObject({ status: 'completed', secondPayments: [{ whopPaymentId: second, refunded: true }] });
      const metrics = await h.components.metrics.registry.metrics();
      expect(metrics).toMatch(/credits_second_payments_total\{action="refund_requested"\} [1-9]/);
    });
  });
});
