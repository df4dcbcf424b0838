import type { PackageId } from '@credits/shared';

/**
 * The operator dashboard's figures, summed from what the store counted. Orders are counted by when
 * they were created (a cohort): of the orders created in an interval, how many were completed (at
 * any time since), failed, expired, were cancelled or wait in review. Intervals are UTC hours or days.
 */
export type Interval = 'day' | 'hour';

export interface StatsRange {
  from: Date;
  to: Date;
  interval: Interval;
}

export interface OrderCounts {
  created: number;
  completed: number;
  failed: number;
  expired: number;
  cancelled: number;
  review: number;
  /** Money of the completed orders, in cents, and what was refunded of it. */
  revenueCents: number;
  refundedCents: number;
  creditsGranted: number;
}

/** What the store counts: one row per interval and pack that has orders. */
export interface CountsRow extends OrderCounts {
  start: Date;
  packageId: PackageId;
}

export interface Rates {
  /** Completed ÷ created; null with nothing created. */
  conversion: number | null;
  /** Completed ÷ (completed + failed); null with neither. */
  successRate: number | null;
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

export function emptyCounts(): OrderCounts {
  return { created: 0, completed: 0, failed: 0, expired: 0, cancelled: 0, review: 0, revenueCents: 0, refundedCents: 0, creditsGranted: 0 };
}

function add(a: OrderCounts, b: OrderCounts): OrderCounts {
  return {
    created: a.created + b.created,
    completed: a.completed + b.completed,
    failed: a.failed + b.failed,
    expired: a.expired + b.expired,
    cancelled: a.cancelled + b.cancelled,
    review: a.review + b.review,
    revenueCents: a.revenueCents + b.revenueCents,
    refundedCents: a.refundedCents + b.refundedCents,
    creditsGranted: a.creditsGranted + b.creditsGranted,
  };
}

export function rates(c: OrderCounts): Rates {
  return {
    conversion: c.created > 0 ? c.completed / c.created : null,
    successRate: c.completed + c.failed > 0 ? c.completed / (c.completed + c.failed) : null,
  };
}

const withRates = (c: OrderCounts) => ({ ...c, ...rates(c) });

/** Every interval of the range (empty ones as zeros), the totals, and the totals per pack. */
export function summarize(rows: readonly CountsRow[], range: StatsRange, packs: readonly PackageId[]): OrderFiguresSummary {
  const byStart = new Map<number, OrderCounts>();
  const byPack = new Map<PackageId, OrderCounts>(packs.map((p) => [p, emptyCounts()]));
  let total = emptyCounts();
  for (const { start, packageId, ...counts } of rows) {
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
