/**
 * What an order knows about its Whop payments, refunds and disputes. Every report is merged with a
 * join: commutative, associative and idempotent. Two orders that learnt the same reports, in any
 * order and any number of times, hold the same history; everything about money is derived from it
 * (figures.ts), which is why the final balance cannot depend on the order Whop's events arrive in.
 */

/** Whop's refund statuses (@whop/sdk `RefundStatus`), ranked: a refund only moves forward. */
export const REFUND_STATUSES = ['pending', 'requires_action', 'succeeded', 'canceled', 'failed'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/**
 * Whop's dispute statuses (@whop/sdk `DisputeStatuses`), ranked. An inquiry (`warning_*`) comes
 * before a chargeback, so an inquiry that escalates under the same id is held again; among final
 * statuses `lost` ranks highest, so a stale `won` can never undo a loss.
 */
export const DISPUTE_STATUSES = ['warning_needs_response', 'warning_under_review', 'warning_closed', 'needs_response', 'under_review', 'other', 'closed', 'won', 'lost'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

/** A dispute in one of these statuses holds the credits of its payment. */
export const OPEN_DISPUTE_STATUSES: readonly DisputeStatus[] = ['warning_needs_response', 'warning_under_review', 'needs_response', 'under_review'];

/** Why a paid Whop payment cannot be credited to the order it names, most serious first. */
export const MISMATCH_REASONS = ['whop_payment_already_granted', 'checkout_mismatch', 'metadata_mismatch', 'currency_mismatch', 'amount_mismatch'] as const;
export type MismatchReason = (typeof MISMATCH_REASONS)[number];

/** An amount of money in a currency (lowercase ISO code, as Whop writes it). */
export interface Amount {
  cents: number;
  currency: string;
}

export interface RefundHistory {
  id: string;
  status: RefundStatus;
  /** What Whop gave back, tax included, in `currency`. */
  cents: number;
  /** The refund's own currency (the buyer's, for a payment priced in another); null: the payment's. */
  currency: string | null;
}

export interface DisputeHistory {
  id: string;
  status: DisputeStatus;
  /** The disputed amount; null when Whop did not say (the whole payment is then assumed). */
  cents: number | null;
  /** The dispute's own currency; null: the payment's. */
  currency: string | null;
  /**
   * Ended `closed` or `other` (which say nothing of the money), and Whop, asked then, showed its
   * payment `dispute_lost`: how figures.ts decides whether this one took the money.
   */
  paymentSaysLost: boolean;
  /** When evidence is due at Whop (ISO time), when Whop said; the latest it said. */
  needsResponseBy: string | null;
}

export interface PaymentHistory {
  id: string;
  /** Whop reported the payment collected. */
  paid: boolean;
  /** Whop reported an attempt of it declined (it may have been paid on a later attempt). */
  declined: boolean;
  /** Set when a paid report did not match the order; such a payment is never credited automatically. */
  mismatch: MismatchReason | null;
  /** What Whop charged for the pack (net of tax added on top), when a report said. */
  chargedCents: number | null;
  /** What Whop charged in all, tax added on top included: what its refunds are measured against. */
  totalCents: number | null;
  /** The currency of the charge; null until a report said (the order's currency is assumed). */
  currency: string | null;
  /** The same charge in the buyer's currency, when Whop priced it in another: how a refund in that currency converts. */
  settlement: Amount | null;
  /** Whop's `usd_total`: the charge in US dollars, how a charge in another currency is counted in the order's. */
  usdTotalCents: number | null;
  /** An operator accepted the mismatched payment (credited unless it was granted to another order). */
  accepted: boolean;
  /** An operator closed its review with no money moved. */
  dismissed: boolean;
  /** Whop's cumulative refunded amount for the payment (and the tax in it, when the report says), from its newest report (by Whop's `updated_at`). */
  reportedRefund: ReportedRefund | null;
  refunds: RefundHistory[];
  disputes: DisputeHistory[];
}

export interface ReportedRefund {
  at: string;
  cents: number;
  taxCents: number | null;
}

export interface OrderHistory {
  /** Sorted by id, as are the refunds and disputes inside: one canonical form per history. */
  payments: PaymentHistory[];
  /** A payment attempt was declined. */
  failed: boolean;
  /** Whop could not create the checkout. */
  checkoutFailed: boolean;
  expired: boolean;
  cancelled: boolean;
}

export function emptyHistory(): OrderHistory {
  return { payments: [], failed: false, checkoutFailed: false, expired: false, cancelled: false };
}

export function emptyPaymentHistory(id: string): PaymentHistory {
  return {
    id,
    paid: false,
    declined: false,
    mismatch: null,
    chargedCents: null,
    totalCents: null,
    currency: null,
    settlement: null,
    usdTotalCents: null,
    accepted: false,
    dismissed: false,
    reportedRefund: null,
    refunds: [],
    disputes: [],
  };
}

const rank =
  <T extends string>(order: readonly T[]) =>
  (value: T) =>
    order.indexOf(value);
const refundRank = rank(REFUND_STATUSES);
const disputeRank = rank(DISPUTE_STATUSES);
const mismatchRank = rank(MISMATCH_REASONS);

function maxBy<T>(a: T, b: T, greater: (x: T, y: T) => boolean): T {
  return greater(b, a) ? b : a;
}

/** The known one of two values, or the larger when both are known (reports of one fact never disagree but in how much they say). */
function joinKnown<T extends number | string>(a: T | null, b: T | null): T | null {
  if (a === null || b === null) return a ?? b;
  return a >= b ? a : b;
}

function joinAmount(a: Amount | null, b: Amount | null): Amount | null {
  if (!a || !b) return a ?? b;
  return maxBy(a, b, (x, y) => x.cents > y.cents || (x.cents === y.cents && x.currency > y.currency));
}

/** Merges two lists keyed by id into one sorted list, joining entries that share an id. */
function mergeById<T extends { id: string }>(a: readonly T[], b: readonly T[], join: (x: T, y: T) => T): T[] {
  const byId = new Map<string, T>();
  for (const item of [...a, ...b]) {
    const seen = byId.get(item.id);
    byId.set(item.id, seen ? join(seen, item) : item);
  }
  return [...byId.values()].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

export function joinRefund(a: RefundHistory, b: RefundHistory): RefundHistory {
  return {
    id: a.id,
    status: maxBy(a.status, b.status, (x, y) => refundRank(x) > refundRank(y)),
    cents: Math.max(a.cents, b.cents),
    currency: joinKnown(a.currency, b.currency),
  };
}

export function joinDispute(a: DisputeHistory, b: DisputeHistory): DisputeHistory {
  return {
    id: a.id,
    status: maxBy(a.status, b.status, (x, y) => disputeRank(x) > disputeRank(y)),
    cents: joinKnown(a.cents, b.cents),
    currency: joinKnown(a.currency, b.currency),
    paymentSaysLost: a.paymentSaysLost || b.paymentSaysLost,
    needsResponseBy:
      a.needsResponseBy === null || (b.needsResponseBy !== null && Date.parse(b.needsResponseBy) > Date.parse(a.needsResponseBy)) ? b.needsResponseBy : a.needsResponseBy,
  };
}

function joinReported(a: ReportedRefund | null, b: ReportedRefund | null): ReportedRefund | null {
  if (!a || !b) return a ?? b;
  const tax = (x: ReportedRefund) => x.taxCents ?? -1;
  return maxBy(a, b, (x, y) => x.at > y.at || (x.at === y.at && (x.cents > y.cents || (x.cents === y.cents && tax(x) > tax(y)))));
}

export function joinPayment(a: PaymentHistory, b: PaymentHistory): PaymentHistory {
  return {
    id: a.id,
    paid: a.paid || b.paid,
    declined: a.declined || b.declined,
    mismatch: a.mismatch === null ? b.mismatch : b.mismatch === null ? a.mismatch : maxBy(a.mismatch, b.mismatch, (x, y) => mismatchRank(x) < mismatchRank(y)),
    chargedCents: joinKnown(a.chargedCents, b.chargedCents),
    totalCents: joinKnown(a.totalCents, b.totalCents),
    currency: joinKnown(a.currency, b.currency),
    settlement: joinAmount(a.settlement, b.settlement),
    usdTotalCents: joinKnown(a.usdTotalCents, b.usdTotalCents),
    accepted: a.accepted || b.accepted,
    dismissed: a.dismissed || b.dismissed,
    reportedRefund: joinReported(a.reportedRefund, b.reportedRefund),
    refunds: mergeById(a.refunds, b.refunds, joinRefund),
    disputes: mergeById(a.disputes, b.disputes, joinDispute),
  };
}

export function joinHistory(a: OrderHistory, b: OrderHistory): OrderHistory {
  return {
    payments: mergeById(a.payments, b.payments, joinPayment),
    failed: a.failed || b.failed,
    checkoutFailed: a.checkoutFailed || b.checkoutFailed,
    expired: a.expired || b.expired,
    cancelled: a.cancelled || b.cancelled,
  };
}

/** Deep equality that ignores key order (a history read back from JSONB has its keys reordered). */
export function sameHistory(a: OrderHistory, b: OrderHistory): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function isOpenDispute(dispute: DisputeHistory): boolean {
  return OPEN_DISPUTE_STATUSES.includes(dispute.status);
}

/** The soonest time Whop takes the seller's evidence for a dispute of the order still waiting for it; null: none waits (or Whop gave no time). */
export function responseDue(history: OrderHistory): string | null {
  const due = history.payments
    .flatMap((p) => p.disputes)
    .filter((d) => (d.status === 'needs_response' || d.status === 'warning_needs_response') && d.needsResponseBy !== null)
    .map((d) => d.needsResponseBy!)
    .sort();
  return due[0] ?? null;
}
