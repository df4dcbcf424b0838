import type { PackageId } from '@credits/shared';
import type { LedgerKind } from './order';

/**
 * The operator dashboard's figures, summed from what the store counted. Orders are counted by when
 * they were created (a cohort): of the orders created in an interval, how many were completed (at
 * any time since), failed, expired, were cancelled or wait in review. Money is counted as Whop moved
 * it, by when this service learnt of each movement: every payment Whop took (second payments and
 * payments held for review included), every refund it made (operators' and automatic ones
 * included), every chargeback lost; and every declined attempt. Intervals are UTC hours or days.
 */
export type Interval = 'day' | 'hour';

export interface StatsRange {
  from: Date;
  to: Date;
  interval: Interval;
}

/** Orders of a cohort by what became of them. */
export interface OrderOutcomes {
  created: number;
  completed: number;
  failed: number;
  expired: number;
  cancelled: number;
  review: number;
  creditsGranted: number;
}

/** Money Whop moved, in cents (tax Whop added on top included), and its payment attempts. */
export interface MoneyMoved {
  /** Every payment Whop took. */
  chargedCents: number;
  /** Every refund Whop made; chargebacks are not refunds. */
  refundedCents: number;
  /** Chargebacks lost: money the buyer's bank took back. */
  chargebackCents: number;
  /** Payments Whop took (how many). */
  payments: number;
  /** Payment attempts Whop declined (a card declined, then paid, counts once here and once above). */
  declines: number;
}

export interface OrderCounts extends OrderOutcomes, MoneyMoved {
  /** Charged − refunded − chargebacks: what the shop kept. */
  netCents: number;
}

/** What the store counts of orders: one row per interval and pack that has orders. */
export interface CountsRow extends OrderOutcomes {
  start: Date;
  packageId: PackageId;
}

/** What the store counts of Whop's movements of money: one row per interval and pack that has some. */
export interface MoneyRow extends MoneyMoved {
  start: Date;
  packageId: PackageId;
}

export interface Rates {
  /** Completed ÷ created; null with nothing created. */
  conversion: number | null;
  /** Orders completed ÷ (completed + failed); null with neither. */
  successRate: number | null;
  /** Declined attempts ÷ (payments taken + declined attempts); null with neither. */
  declineRate: number | null;
}

export interface Bucket extends OrderCounts, Rates {
  start: Date;
}

export interface OrderFiguresSummary {
  buckets: Bucket[];
  total: OrderCounts & Rates;
  byPack: Record<PackageId, OrderCounts & Rates>;
}

const STEP_MS: Record<Interval, number> = { hour: 3_600_000, day: 86_400_000 };

/** The UTC hour or day `at` falls in. */
export function intervalStart(at: Date, interval: Interval): Date {
  return new Date(Math.floor(at.getTime() / STEP_MS[interval]) * STEP_MS[interval]);
}

/** Every interval from the one `from` falls in up to `to` (exclusive). */
export function intervalStarts(range: StatsRange): Date[] {
  const starts: Date[] = [];
  for (let t = intervalStart(range.from, range.interval).getTime(); t < range.to.getTime(); t += STEP_MS[range.interval]) starts.push(new Date(t));
  return starts;
}

const COUNTED = [
  'created',
  'completed',
  'failed',
  'expired',
  'cancelled',
  'review',
  'creditsGranted',
  'chargedCents',
  'refundedCents',
  'chargebackCents',
  'payments',
  'declines',
] as const;
type Counted = Record<(typeof COUNTED)[number], number>;

export function emptyCounts(): OrderCounts {
  return {
    created: 0,
    completed: 0,
    failed: 0,
    expired: 0,
    cancelled: 0,
    review: 0,
    creditsGranted: 0,
    chargedCents: 0,
    refundedCents: 0,
    chargebackCents: 0,
    payments: 0,
    declines: 0,
    netCents: 0,
  };
}

function add(a: OrderCounts, b: Partial<Counted>): OrderCounts {
  const sum = { ...a };
  for (const key of COUNTED) sum[key] += b[key] ?? 0;
  sum.netCents = sum.chargedCents - sum.refundedCents - sum.chargebackCents;
  return sum;
}

export function rates(c: OrderCounts): Rates {
  return {
    conversion: c.created > 0 ? c.completed / c.created : null,
    successRate: c.completed + c.failed > 0 ? c.completed / (c.completed + c.failed) : null,
    declineRate: c.payments + c.declines > 0 ? c.declines / (c.payments + c.declines) : null,
  };
}

const withRates = (c: OrderCounts) => ({ ...c, ...rates(c) });

/** Every interval of the range (empty ones as zeros), the totals, and the totals per pack. */
export function summarize(rows: readonly CountsRow[], money: readonly MoneyRow[], range: StatsRange, packs: readonly PackageId[]): OrderFiguresSummary {
  const byStart = new Map<number, OrderCounts>();
  const byPack = new Map<PackageId, OrderCounts>(packs.map((p) => [p, emptyCounts()]));
  let total = emptyCounts();
  for (const { start, packageId, ...counts } of [...rows, ...money]) {
    const key = intervalStart(start, range.interval).getTime();
    byStart.set(key, add(byStart.get(key) ?? emptyCounts(), counts));
    byPack.set(packageId, add(byPack.get(packageId) ?? emptyCounts(), counts));
    total = add(total, counts);
  }
  return {
    buckets: intervalStarts(range).map((start) => ({ start, ...withRates(byStart.get(start.getTime()) ?? emptyCounts()) })),
    total: withRates(total),
    byPack: Object.fromEntries([...byPack].map(([p, c]) => [p, withRates(c)])) as Record<PackageId, OrderCounts & Rates>,
  };
}

/** Credits the ledger moved in a range, summed per kind (grants positive; spends, refunds and disputes negative; adjustments either). */
export function sumsByKind(rows: Iterable<[LedgerKind, number]>): Record<LedgerKind, number> {
  const sums: Record<LedgerKind, number> = { grant: 0, spend: 0, refund: 0, dispute: 0, adjustment: 0 };
  for (const [kind, credits] of rows) sums[kind] += credits;
  return sums;
}

/** Credits owed to buyers at a moment (their positive balances), and what paid orders cost and gave until then. */
export interface Outstanding {
  credits: number;
  paidCents: number;
  paidCredits: number;
}

export interface CreditFigures {
  /** Given for paid orders in the range. */
  granted: number;
  /** Spent by buyers in the range (holds count when captured). */
  spent: number;
  /** Taken back by refunds and lost disputes in the range, less what won disputes and failed refunds gave back. */
  takenBack: number;
  /** Operators' adjustments in the range, added up (negative: more taken than given). */
  adjusted: number;
  /** Owed to buyers at the end of the range: the sum of the balances above zero. */
  outstanding: number;
  /** `outstanding` at the average price paid per credit until then (cents); null before any paid order. */
  outstandingCents: number | null;
}

export function creditFigures(sums: Record<LedgerKind, number>, owed: Outstanding): CreditFigures {
  return {
    granted: sums.grant,
    spent: -sums.spend,
    takenBack: -(sums.refund + sums.dispute),
    adjusted: sums.adjustment,
    outstanding: owed.credits,
    outstandingCents: owed.paidCredits > 0 ? Math.round((owed.credits * owed.paidCents) / owed.paidCredits) : null,
  };
}

export interface BuyerFigures {
  /** Buyers with a paid order among the orders created in the range. */
  unique: number;
  /** Of those, buyers with more than one paid order by the end of the range. */
  repeat: number;
  /** Charged ÷ payments Whop took in the range (cents); null without payments. */
  averageOrderCents: number | null;
}

export function buyerFigures(buyers: { unique: number; repeat: number }, money: MoneyMoved): BuyerFigures {
  return { ...buyers, averageOrderCents: money.payments > 0 ? Math.round(money.chargedCents / money.payments) : null };
}

/** The steps of a purchase a buyer's browser reports; `paid` is counted from the orders. */
export const FUNNEL_STEPS = ['opened', 'pack_chosen', 'checkout_started'] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

/** Buyers (distinct users) who reached a step in the range, for one pack or (packageId null) for any. */
export interface FunnelRow {
  step: FunnelStep | 'paid';
  packageId: PackageId | null;
  users: number;
}

/** Buyers at each step of the purchase. */
export interface Funnel {
  /** Opened the purchase dialog: every pack was offered to them. */
  opened: number;
  packChosen: number;
  /** Were sent to Whop's checkout. */
  checkoutStarted: number;
  /** Paid an order created in the range. */
  paid: number;
}

const FUNNEL_KEYS: Record<FunnelRow['step'], keyof Funnel> = { opened: 'opened', pack_chosen: 'packChosen', checkout_started: 'checkoutStarted', paid: 'paid' };

/** The funnel in all and per pack; a pack's first step is everyone who opened the dialog (each pack was offered to them). */
export function funnelOf(rows: readonly FunnelRow[], packs: readonly PackageId[]): { total: Funnel; byPack: Record<PackageId, Funnel> } {
  const empty = (): Funnel => ({ opened: 0, packChosen: 0, checkoutStarted: 0, paid: 0 });
  const total = empty();
  const byPack = new Map<PackageId, Funnel>(packs.map((p) => [p, empty()]));
  for (const row of rows) {
    if (row.packageId === null) total[FUNNEL_KEYS[row.step]] = row.users;
    else {
      const funnel = byPack.get(row.packageId) ?? empty();
      funnel[FUNNEL_KEYS[row.step]] = row.users;
      byPack.set(row.packageId, funnel);
    }
  }
  for (const funnel of byPack.values()) funnel.opened = total.opened;
  return { total, byPack: Object.fromEntries(byPack) as Record<PackageId, Funnel> };
}
