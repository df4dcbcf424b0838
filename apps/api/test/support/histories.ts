import fc from 'fast-check';
import { DEFAULT_PACKAGES, type PackageId, type PaymentStatus } from '@credits/shared';
import { seedPack } from './packs';
import type { OrderFact, PaymentReport } from '../../src/domain/facts';
import { OPEN_DISPUTE_STATUSES, type DisputeStatus, type RefundStatus } from '../../src/domain/history';

/**
 * Random histories of one order, generated as Whop would live them: payments (matching, mismatched,
 * unpaid, declined), some with tax added on top and some priced in the buyer's currency, each with
 * refunds that move through their statuses and disputes that walk an inquiry or a chargeback path
 * (in the charge's currency, the buyer's, or one Whop gives no conversion for), plus reports of the
 * payment carrying its cumulative refunded amount (and, as a retrieved payment would, the tax in it)
 * at some moment, and an operator's resolution of a payment held for review. `facts` lists every
 * report in the order things happened.
 *
 * Amounts are chosen so that every conversion is exact: tax is a tenth of a charge that is a
 * multiple of ten cents, refunds of a taxed payment are multiples of ten cents before tax, and the
 * buyer's currency is 150 units to the dollar. The world knows each amount in dollars before tax;
 * what Whop reports is derived from that, and the expected outcome from the dollars.
 */

const REFUND_PATHS: RefundStatus[][] = [
  ['succeeded'],
  ['pending', 'succeeded'],
  ['pending', 'requires_action', 'succeeded'],
  ['pending', 'failed'],
  ['pending', 'canceled'],
  ['succeeded', 'failed'],
];

const DISPUTE_PATHS: DisputeStatus[][] = [
  ['warning_needs_response', 'warning_under_review', 'warning_closed'],
  ['warning_needs_response', 'needs_response', 'under_review', 'lost'],
  ['needs_response', 'under_review', 'won'],
  ['needs_response', 'under_review', 'lost'],
  ['needs_response', 'closed'],
  ['under_review', 'other'],
  ['needs_response'],
  ['warning_needs_response'],
  ['won'],
];

export type PaymentKind = 'match' | 'amount' | 'checkout' | 'open' | 'declined';

/** `usd`: the charge's; `jpy`: the buyer's, Whop's settlement figures convert it; `eur`: one Whop gives no conversion for. */
export type WorldCurrency = 'usd' | 'jpy' | 'eur';
export const BUYER_RATE = 150;

export interface WorldRefund {
  id: string;
  /** In dollar cents before tax: what the refund is worth to the order. */
  netCents: number;
  currency: WorldCurrency;
  path: RefundStatus[];
  start: number;
}
export interface WorldDispute {
  id: string;
  /** In dollar cents before tax; null when Whop says no amount (the whole charge). */
  netCents: number | null;
  currency: WorldCurrency;
  path: DisputeStatus[];
  start: number;
}
export interface WorldPayment {
  id: string;
  kind: PaymentKind;
  /** What Whop charged for the pack: the price, or for a payment at the wrong amount less or more than it. */
  charged: number;
  /** Tax Whop added on top (exclusive): a tenth of the charge, or none. */
  taxCents: number;
  /** The payment was priced in the buyer's currency (Whop's settlement figures give the conversion). */
  inBuyerCurrency: boolean;
  refunds: WorldRefund[];
  disputes: WorldDispute[];
  /** Moments at which Whop was asked about the payment (its refunded amount then), and whether the answer said the tax in it (a retrieved payment does, a list item does not). */
  snapshots: Array<{ t: number; withTax: boolean }>;
  /** What an operator decided about it, last of all. */
  operator: 'accept' | 'dismiss' | null;
}
export interface World {
  packageId: PackageId;
  payments: WorldPayment[];
  expired: boolean;
  cancelled: boolean;
  checkoutFailed: boolean;
}

export interface OrderTerms {
  id: string;
  whopCheckoutId: string;
  amountCents: number;
}

const currencyArb = fc.constantFrom<WorldCurrency>('usd', 'usd', 'usd', 'jpy', 'jpy', 'eur');
const refundArb = fc.record({ share: fc.integer({ min: 1, max: 100 }), currency: currencyArb, path: fc.constantFrom(...REFUND_PATHS), start: fc.integer({ min: 1, max: 40 }) });
const disputeArb = fc.record({
  share: fc.option(fc.integer({ min: 1, max: 100 }), { nil: null }),
  currency: currencyArb,
  path: fc.constantFrom(...DISPUTE_PATHS),
  start: fc.integer({ min: 1, max: 40 }),
});
const paymentArb = fc.record({
  kind: fc.constantFrom<PaymentKind>('match', 'match', 'match', 'match', 'amount', 'checkout', 'open', 'declined'),
  /** For a payment at the wrong amount: its charge as a share of the price, in percent (101 stands for one cent more). */
  chargedShare: fc.constantFrom(25, 50, 101, 150, 200),
  taxed: fc.boolean(),
  inBuyerCurrency: fc.boolean(),
  refunds: fc.array(refundArb, { maxLength: 3 }),
  disputes: fc.array(disputeArb, { maxLength: 2 }),
  snapshots: fc.array(fc.record({ t: fc.integer({ min: 0, max: 50 }), withTax: fc.boolean() }), { maxLength: 3 }),
  operator: fc.constantFrom<WorldPayment['operator']>(null, null, 'accept', 'dismiss'),
});

export const worldArb: fc.Arbitrary<World> = fc
  .record({
    packageId: fc.constantFrom(...DEFAULT_PACKAGES.map((p) => p.id)),
    payments: fc.array(paymentArb, { minLength: 1, maxLength: 3 }),
    expired: fc.boolean(),
    cancelled: fc.boolean(),
    checkoutFailed: fc.boolean(),
  })
  .map(({ packageId, payments, ...flags }) => {
    const amount = seedPack(packageId).priceCents;
    return {
      packageId,
      ...flags,
      payments: payments.map((p, i) => {
        const charged = p.kind !== 'amount' ? amount : p.chargedShare === 101 ? amount + 1 : Math.round((amount * p.chargedShare) / 100);
        const taxed = p.taxed && charged % 10 === 0;
        // A share of the charge, in whole tens of cents when tax is a tenth of it (so the tax in it is whole cents).
        const share = (percent: number) => (taxed ? Math.max(10, Math.round((charged * percent) / 1000) * 10) : Math.max(1, Math.round((charged * percent) / 100)));
        const currency = (c: WorldCurrency): WorldCurrency => (c === 'jpy' && !p.inBuyerCurrency ? 'usd' : c);
        // Whop never refunds more than was paid: later refunds that would go over are not made.
        let room = charged;
        const refunds: WorldRefund[] = [];
        for (const [j, r] of p.refunds.entries()) {
          const netCents = share(r.share);
          if (netCents > room) continue;
          room -= netCents;
          refunds.push({ id: `rf_${i}_${j}`, netCents, currency: currency(r.currency), path: r.path, start: r.start });
        }
        const disputes = p.disputes.map((d, j) => ({
          id: `dp_${i}_${j}`,
          netCents: d.share === null ? null : share(d.share),
          currency: currency(d.currency),
          path: d.path,
          start: d.start,
        }));
        return {
          id: `pay_${i}`,
          kind: p.kind,
          charged,
          taxCents: taxed ? charged / 10 : 0,
          inBuyerCurrency: p.inBuyerCurrency,
          refunds,
          disputes,
          snapshots: p.snapshots,
          operator: p.operator,
        };
      }),
    };
  });

const at = (t: number) => new Date(Date.UTC(2026, 10, 1) + t * 60_000).toISOString();

/** The status a refund had at moment t, if it existed yet. */
function refundStatusAt(refund: WorldRefund, t: number): RefundStatus | null {
  const step = t - refund.start;
  return step < 0 ? null : refund.path[Math.min(step, refund.path.length - 1)]!;
}

/** Dollar cents before tax, with the tax Whop added on top. */
export const grossOf = (payment: WorldPayment, netCents: number) => netCents + (payment.taxCents > 0 ? netCents / 10 : 0);
export const totalOf = (payment: WorldPayment) => payment.charged + payment.taxCents;
/** An amount as Whop states it in its own currency. */
export function inCurrency(payment: WorldPayment, netCents: number, currency: WorldCurrency): number {
  const gross = grossOf(payment, netCents);
  return currency === 'jpy' ? gross * BUYER_RATE : currency === 'eur' ? Math.round(gross * 0.9) : gross;
}

/** What was refunded of the payment by moment t (every currency: Whop's own figure knows them all), before tax. */
export function refundedAt(payment: WorldPayment, t: number): number {
  return payment.refunds.filter((r) => refundStatusAt(r, t) === 'succeeded').reduce((sum, r) => sum + r.netCents, 0);
}

function report(order: OrderTerms, payment: WorldPayment, snapshot: { t: number; withTax: boolean } | null): PaymentReport {
  const state = payment.kind === 'open' ? 'open' : payment.kind === 'declined' ? 'failed' : 'paid';
  const refunded = snapshot === null || state === 'failed' ? null : refundedAt(payment, snapshot.t);
  return {
    id: payment.id,
    state,
    currency: 'usd',
    netCents: payment.charged,
    totalCents: totalOf(payment),
    settlement: payment.inBuyerCurrency ? { cents: totalOf(payment) * BUYER_RATE, currency: 'jpy' } : null,
    usdTotalCents: totalOf(payment),
    checkoutId: payment.kind === 'checkout' ? 'ch_someone_elses' : order.whopCheckoutId,
    metadataOrderId: order.id,
    refundedCents: refunded === null ? null : grossOf(payment, refunded),
    refundedTaxCents: refunded === null || !snapshot!.withTax ? null : grossOf(payment, refunded) - refunded,
    at: snapshot === null ? null : at(snapshot.t),
  };
}

/** Every report of the world, in the order it happened. */
export function worldFacts(world: World, order: OrderTerms): OrderFact[] {
  const timed: Array<{ t: number; fact: OrderFact }> = [];
  if (world.checkoutFailed) timed.push({ t: 0, fact: { type: 'checkout_failed' } });
  for (const payment of world.payments) {
    timed.push({ t: 0, fact: { type: 'payment', payment: report(order, payment, null) } });
    for (const snapshot of payment.snapshots) timed.push({ t: snapshot.t, fact: { type: 'payment', payment: report(order, payment, snapshot) } });
    for (const r of payment.refunds) {
      const refund = { id: r.id, paymentId: payment.id, cents: inCurrency(payment, r.netCents, r.currency), currency: r.currency };
      r.path.forEach((status, step) => timed.push({ t: r.start + step, fact: { type: 'refund', refund: { ...refund, status } } }));
    }
    for (const d of payment.disputes) {
      const dispute = {
        id: d.id,
        paymentId: payment.id,
        cents: d.netCents === null ? null : inCurrency(payment, d.netCents, d.currency),
        currency: d.currency,
        paymentSaysLost: false,
        // A deadline says nothing of the money.
        needsResponseBy: null,
      };
      d.path.forEach((status, step) => timed.push({ t: d.start + step, fact: { type: 'dispute', dispute: { ...dispute, status } } }));
    }
    if (payment.operator) timed.push({ t: 47, fact: { type: payment.operator, paymentId: payment.id } });
  }
  if (world.expired) timed.push({ t: 45, fact: { type: 'expired' } });
  if (world.cancelled) timed.push({ t: 46, fact: { type: 'cancelled' } });
  return timed.sort((a, b) => a.t - b.t).map((x) => x.fact);
}

/**
 * What the order must end with once every report arrived, computed straight from the world in
 * dollars before tax: credits in proportion to the money each credited payment kept (refunds counted
 * once, at the larger of their sum and Whop's newest figure; lost disputes), nothing while a dispute
 * is open, and nothing of a payment while a refund of it went back in a currency Whop gives no
 * conversion for and Whop's own figure does not account for yet. A payment an operator accepted at
 * another amount is worth the whole pack while it keeps the smaller of its charge and the price,
 * and in proportion below that.
 */
export function expectedOutcome(world: World): { balance: number; status: PaymentStatus } {
  const pack = seedPack(world.packageId);
  const amount = pack.priceCents;
  const last = <T>(path: T[]) => path[path.length - 1]!;
  const convertible = (c: WorldCurrency) => c !== 'eur';
  const refundedByEvents = (p: WorldPayment) => p.refunds.filter((r) => last(r.path) === 'succeeded' && convertible(r.currency)).reduce((sum, r) => sum + r.netCents, 0);
  /** Whop's newest cumulative figure (it knows every currency). */
  const newest = (p: WorldPayment) => (p.snapshots.length ? refundedAt(p, Math.max(...p.snapshots.map((s) => s.t))) : 0);
  /** A refund went back in a currency with no conversion, and Whop's newest figure does not account for it. */
  const unconverted = (p: WorldPayment) => p.refunds.some((r) => last(r.path) === 'succeeded' && !convertible(r.currency)) && newest(p) <= refundedByEvents(p);
  /** Cents a payment keeps of its charge once its refunds (counted once) and lost disputes are taken off; a chargeback of no stated or no convertible amount takes the whole charge. */
  const keptOfCharge = (p: WorldPayment) => {
    const lost = p.disputes.filter((d) => last(d.path) === 'lost').reduce((sum, d) => sum + (d.netCents === null || !convertible(d.currency) ? p.charged : d.netCents), 0);
    return p.charged - Math.min(p.charged, Math.max(refundedByEvents(p), newest(p)) + lost);
  };
  /** Cents of the price a credited payment keeps. */
  const keeps = (p: WorldPayment) => Math.round(amount * Math.min(1, keptOfCharge(p) / Math.min(p.charged, amount)));
  const mismatched = world.payments.filter((p) => p.kind === 'amount' || p.kind === 'checkout');
  // A payment is credited when it matches, or when an operator accepted it.
  const matching = world.payments.filter((p) => p.kind === 'match' || (mismatched.includes(p) && p.operator === 'accept'));
  if (matching.length === 0) {
    // Held for review while its money is kept and no operator dismissed it; a closed review ends like a cancellation.
    const status: PaymentStatus = mismatched.some((p) => p.operator !== 'dismiss' && (keptOfCharge(p) > 0 || unconverted(p)))
      ? 'review'
      : mismatched.length > 0 || world.cancelled
        ? 'cancelled'
        : world.expired
          ? 'expired'
          : world.checkoutFailed || world.payments.some((p) => p.kind === 'declined')
            ? 'failed'
            : 'pending';
    return { balance: 0, status };
  }
  const open = (p: WorldPayment) => p.disputes.some((d) => OPEN_DISPUTE_STATUSES.includes(last(d.path)));
  const covered = Math.min(
    amount,
    matching.reduce((sum, p) => sum + keeps(p), 0),
  );
  const available = Math.min(
    amount,
    matching.filter((p) => !open(p) && !unconverted(p)).reduce((sum, p) => sum + keeps(p), 0),
  );
  const status: PaymentStatus = matching.some(open) ? 'disputed' : covered === 0 ? 'refunded' : covered < amount || matching.some(unconverted) ? 'partially_refunded' : 'completed';
  return { balance: Math.round((pack.totalCredits * available) / amount), status };
}

/** Positions in a list of `count` facts as they arrive: each one or more times (Whop delivers at least once), in any order. */
export function deliveryOrderArb(count: number, options: { dropSome: boolean }): fc.Arbitrary<number[]> {
  const positions = Array.from({ length: count }, (_, i) => i);
  const chosen = options.dropSome ? fc.subarray(positions) : fc.constant(positions);
  return chosen.chain((kept) =>
    fc.array(fc.integer({ min: 1, max: 3 }), { minLength: kept.length, maxLength: kept.length }).chain((copies) => {
      const all = kept.flatMap((position, i) => Array<number>(copies[i]!).fill(position));
      return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length });
    }),
  );
}

export function deliveriesArb(facts: readonly OrderFact[], options: { dropSome: boolean }): fc.Arbitrary<OrderFact[]> {
  return deliveryOrderArb(facts.length, options).map((order) => order.map((i) => facts[i]!));
}
