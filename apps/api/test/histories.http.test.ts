import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import request from 'supertest';
import { paymentSchema } from '@credits/shared';
import { TEST_CARDS } from '@credits/whop-sim';
import type { OrderFact } from '../src/domain/facts';
import { signed } from './support/builders';
import { testDatabases } from './support/databases';
import { COMPANY_ID, useHarness } from './support/harness';
import { OVERLAP_MS, WATERMARKS } from '../src/services/Sweeper';
import { BUYER_RATE, deliveryOrderArb, expectedOutcome, grossOf, inCurrency, totalOf, worldArb, worldFacts, type World, type WorldPayment } from './support/histories';
import { replay } from './support/replay';

/**
 * The generated histories of the policy's property tests, lived through the real API: each world's
 * payments are made on the simulator (so Whop can be asked about them), every report is delivered
 * as a signed webhook in Whop's own shapes (refunds and disputes with the reduced payment), in a
 * random order with duplicates, and the order and balance must end as the policy alone says.
 */
const RUNS = Number(process.env.HISTORY_REPLAY_RUNS ?? 150);
/** Worlds lived on the simulator and found by the sweep alone. */
const RECOVERY_RUNS = Number(process.env.HISTORY_RECOVERY_RUNS ?? 25);

const dollars = (cents: number) => cents / 100;

describe.each(testDatabases)('generated histories over HTTP on $name', (database) => {
  // The policy's answer is for the reports delivered here: no refunds of second payments on the side.
  const { h, user } = useHarness(database, { refundSecondPayments: false });

  /** Makes the world's payments on the simulator (what they charge, their tax and currency; their webhooks dropped) and returns Whop's id for each. */
  async function makePayments(world: World, order: { id: string; whopCheckoutId: string }): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (const p of world.payments) {
      const { payment } = await h.sim.pay(await checkoutFor(p, order), p.kind === 'declined' ? TEST_CARDS.decline : TEST_CARDS.success, {
        drop: true,
        amountCents: p.charged,
        ...(p.taxCents > 0 ? { taxCents: p.taxCents } : {}),
        ...(p.inBuyerCurrency ? { buyerCurrency: { currency: 'jpy', rate: BUYER_RATE } } : {}),
      });
      ids.set(p.id, payment.id);
    }
    return ids;
  }

  /** The order's checkout, or for a payment made elsewhere another one naming the order in its metadata; its webhooks dropped, its refunds left pending. */
  async function checkoutFor(p: WorldPayment, order: { id: string; whopCheckoutId: string }): Promise<string> {
    let checkoutId = order.whopCheckoutId;
    if (p.kind === 'checkout') {
      const other = await request(h.sim.url)
        .post('/api/v1/checkout_configurations')
        .set('Authorization', 'Bearer test_api_key')
        .set('Api-Version-Date', '2026-07-20')
        .send({ account_id: COMPANY_ID, plan: { plan_type: 'one_time', initial_price: 1, currency: 'usd' }, metadata: { payment_id: order.id } })
        .expect(200);
      checkoutId = other.body.id;
    }
    h.sim.engine.checkoutChaos.set(checkoutId, { drop: true, refundOutcome: 'pending' });
    return checkoutId;
  }

  /** Lives a payment's refunds and disputes on the simulator, each to the end of its path, every webhook dropped. */
  function liveAtWhop(p: WorldPayment, whopId: string): void {
    const engine = h.sim.engine;
    for (const r of p.refunds) {
      const { refund } = engine.refund(whopId, inCurrency(p, r.netCents, r.currency), r.currency);
      for (const status of r.path) if (status !== 'pending') engine.settleRefund(refund.id, status);
    }
    for (const d of p.disputes) {
      const kind = d.path[0]!.startsWith('warning') ? 'inquiry' : 'chargeback';
      const amountCents = d.netCents === null ? totalOf(p) : inCurrency(p, d.netCents, d.currency);
      const dispute = engine.openDispute(whopId, { kind, amountCents, currency: d.netCents === null ? 'usd' : d.currency });
      for (const status of d.path) if (status !== dispute.status) engine.updateDispute(dispute.id, status);
    }
  }

  /** The fact about the simulator's payment rather than the world's. */
  function withWhopIds(fact: OrderFact, ids: Map<string, string>): OrderFact {
    const whopId = (id: string) => ids.get(id)!;
    switch (fact.type) {
      case 'payment':
        return { type: 'payment', payment: { ...fact.payment, id: whopId(fact.payment.id) } };
      case 'refund':
        return { type: 'refund', refund: { ...fact.refund, paymentId: whopId(fact.refund.paymentId) } };
      case 'dispute':
        return { type: 'dispute', dispute: { ...fact.dispute, paymentId: whopId(fact.dispute.paymentId) } };
      default:
        return fact;
    }
  }

  /** A fact as the webhook Whop would send. */
  function webhook(fact: OrderFact, orderId: string) {
    const envelope = (type: string, data: unknown) => ({
      id: `msg_${randomBytes(12).toString('hex')}`,
      type,
      api_version: 'v1',
      timestamp: new Date().toISOString(),
      company_id: COMPANY_ID,
      data,
    });
    switch (fact.type) {
      case 'payment': {
        const p = fact.payment;
        return envelope(p.state === 'failed' ? 'payment.failed' : 'payment.succeeded', {
          id: p.id,
          status: p.state === 'failed' ? 'open' : 'paid',
          substatus: p.state === 'failed' ? 'failed' : 'succeeded',
          currency: p.currency,
          total: dollars(p.totalCents!),
          subtotal: dollars(p.netCents!),
          tax_amount: dollars(p.totalCents! - p.netCents!),
          tax_behavior: 'exclusive',
          checkout_configuration_id: p.checkoutId,
          metadata: { payment_id: orderId },
          ...(p.settlement ? { settlement_amount: dollars(p.settlement.cents), settlement_currency: p.settlement.currency } : {}),
          ...(p.refundedCents === null ? {} : { refunded_amount: dollars(p.refundedCents) }),
          ...(p.refundedTaxCents === null ? {} : { tax_refunded_amount: dollars(p.refundedTaxCents) }),
          ...(p.at === null ? {} : { updated_at: p.at }),
        });
      }
      case 'refund': {
        const r = fact.refund;
        return envelope('refund.updated', {
          id: r.id,
          amount: dollars(r.cents),
          currency: r.currency,
          status: r.status,
          created_at: new Date().toISOString(),
          payment: { id: r.paymentId },
        });
      }
      case 'dispute': {
        const d = fact.dispute;
        return envelope('dispute.updated', {
          id: d.id,
          amount: d.cents === null ? null : dollars(d.cents),
          currency: d.currency,
          status: d.status,
          reason: 'fraudulent',
          payment: { id: d.paymentId },
        });
      }
      default:
        throw new Error(`${fact.type} is not a webhook`);
    }
  }

  it(`ends ${RUNS} generated histories where the policy says, whatever the order and repetition of delivery`, async () => {
    // Expiry, cancellation, a failed checkout and operators' decisions are not webhooks (the operator API
    // has tests of its own), and a payment still open at Whop sends none.
    const scenario = worldArb
      .filter((world) => world.payments.some((p) => p.kind !== 'open'))
      .map((world) => ({
        ...world,
        payments: world.payments.filter((p) => p.kind !== 'open').map((p) => ({ ...p, operator: null })),
        checkoutFailed: false,
        expired: false,
        cancelled: false,
      }))
      .chain((world) => {
        const count = worldFacts(world, { id: 'any', whopCheckoutId: 'any', amountCents: 1 }).length;
        return deliveryOrderArb(count, { dropSome: true }).map((order) => ({ world, order }));
      });
    await fc.assert(
      fc.asyncProperty(scenario, async ({ world, order: deliveryOrder }) => {
        const buyer = user('history');
        const res = await h.api.post('/api/payment/create').set(h.auth(buyer)).send({ packageId: world.packageId }).expect(201);
        const created = paymentSchema.parse(res.body.payment);
        const ids = await makePayments(world, { id: created.id, whopCheckoutId: created.whopCheckoutId! });
        const facts = worldFacts(world, { id: created.id, whopCheckoutId: created.whopCheckoutId!, amountCents: created.amountCents }).map((f) => withWhopIds(f, ids));
        const deliveries = deliveryOrder.map((i) => facts[i]!);

        const start = (await h.store.orders.find({ id: created.id }))!;
        const expected = replay(start, deliveries);
        for (const fact of deliveries) {
          const { body, headers } = signed(webhook(fact, created.id));
          await h.api.post('/api/payment/webhook/whop').set(headers).send(body).expect(200);
        }
        const stored = (await h.store.orders.find({ id: created.id }))!;
        const pick = (o: typeof stored) => ({
          status: o.status,
          statusReason: o.statusReason,
          refundedCents: o.refundedCents,
          clawedCredits: o.clawedCredits,
          heldCredits: o.heldCredits,
        });
        expect({ ...pick(stored), balance: await h.store.ledger.balance(buyer) }).toEqual({ ...pick(expected.order), balance: expected.balance });
      }),
      { numRuns: RUNS },
    );
  }, 300_000);

  it(`recovers ${RECOVERY_RUNS} generated histories from Whop's lists alone, every webhook dropped, past payments it cannot read`, async () => {
    // What the simulator can live: no operator, no expiry or cancellation, nothing refunded or disputed that was never paid, and
    // no currency Whop gives no conversion for (its own cumulative figure would have to convert it, which it cannot here).
    const livable = (p: WorldPayment): WorldPayment => {
      const paid = p.kind !== 'declined';
      const currency = <T extends { currency: string }>(x: T): T => (x.currency === 'eur' ? { ...x, currency: 'usd' } : x);
      return { ...p, operator: null, snapshots: [], refunds: paid ? p.refunds.map(currency) : [], disputes: paid ? p.disputes.map(currency) : [] };
    };
    const scenario = worldArb
      .filter((world) => world.payments.some((p) => p.kind !== 'open'))
      .map((world) => ({ ...world, payments: world.payments.filter((p) => p.kind !== 'open').map(livable), checkoutFailed: false, expired: false, cancelled: false }));
    await fc.assert(
      fc.asyncProperty(scenario, async (world) => {
        const buyer = user('recovered');
        const res = await h.api.post('/api/payment/create').set(h.auth(buyer)).send({ packageId: world.packageId }).expect(201);
        const created = paymentSchema.parse(res.body.payment);
        // Each run reads only what changed since it began: earlier runs' payments are not read again.
        const readFromNow = async () => {
          for (const name of Object.values(WATERMARKS)) await h.store.watermarks.set(name, new Date(Date.now() - 1 + OVERLAP_MS));
        };
        await readFromNow();
        const ids = await makePayments(world, { id: created.id, whopCheckoutId: created.whopCheckoutId! });
        for (const p of world.payments) liveAtWhop(p, ids.get(p.id)!);
        // Other products of the account, listed as the SDK allows: not settled, and unreadable.
        h.sim.engine.foreignPayment(COMPANY_ID, { status: null, totalCents: null });
        h.sim.engine.foreignPayment(COMPANY_ID, { status: 'paid', totalCents: null });
        await h.components.sweeper.runOnce();
        const stored = (await h.store.orders.find({ id: created.id }))!;
        // One run learnt everything; another (asking again about what waits on Whop) changes nothing.
        await readFromNow();
        await h.components.sweeper.runOnce();
        expect((await h.store.orders.find({ id: created.id }))!.version).toBe(stored.version);
        expect({ status: stored.status, balance: await h.store.ledger.balance(buyer) }).toEqual(expectedOutcome(world));
        const charged = world.payments.filter((p) => p.kind !== 'declined').reduce((sum, p) => sum + totalOf(p), 0);
        expect(stored.chargedCents).toBe(charged);
        const lastOf = <T>(path: T[]) => path[path.length - 1];
        const back = world.payments.reduce(
          (sum, p) =>
            sum +
            p.refunds.filter((r) => lastOf(r.path) === 'succeeded').reduce((s, r) => s + grossOf(p, r.netCents), 0) +
            p.disputes.filter((d) => lastOf(d.path) === 'lost').reduce((s, d) => s + (d.netCents === null ? totalOf(p) : grossOf(p, d.netCents)), 0),
          0,
        );
        expect(stored.refundedCents).toBe(back);
      }),
      { numRuns: RECOVERY_RUNS },
    );
  }, 300_000);
});
