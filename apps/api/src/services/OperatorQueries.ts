import type { CreditPackage, PackageId } from '@credits/shared';
import type { OrderHistory } from '../domain/history';
import { allowedActions } from '../domain/operatorActions';
import type { OrderSummary } from '../domain/order';
import {
  buyerFigures,
  creditFigures,
  funnelOf,
  summarize,
  type BuyerFigures,
  type CreditFigures,
  type Funnel,
  type OrderCounts,
  type OrderFiguresSummary,
  type Rates,
  type StatsRange,
} from '../domain/stats';
import { NotFoundError } from '../errors';
import type { AuditEntry, LedgerEntry, OrderSearch, OutboundEvent, OutboxFilter, Page, PageRequest, Store, UnreadableWhopObject, WebhookEventRecord } from '../store/ports';

/** One line of an order's story, oldest first. */
export type TimelineItem =
  | { kind: 'created'; at: Date }
  | { kind: 'webhook'; at: Date; eventId: string; type: string; outcome: string | null }
  | { kind: 'ledger'; at: Date; entryKind: LedgerEntry['kind']; credits: number; memo: string | null }
  | { kind: 'completed'; at: Date; source: OrderSummary['completionSource'] }
  | { kind: 'operator'; at: Date; action: AuditEntry['action']; actor: string; reason: string; details: Record<string, unknown> };

export interface OrderDetail {
  order: OrderSummary;
  /** What Whop told about the order: each payment with its refunds and disputes. */
  whop: OrderHistory;
  timeline: TimelineItem[];
  /** What an operator may do to the order now, each with the Whop payment it targets. */
  actions: ReturnType<typeof allowedActions>;
  /** The account's dashboard at Whop, where a payment's page and a dispute's evidence are. */
  whopDashboardUrl: string;
}

export interface UserDetail {
  userId: string;
  balance: number;
  ledger: LedgerEntry[];
  orders: OrderSummary[];
  audit: AuditEntry[];
  /** Existing user ids that differ from `userId` only in case. */
  userIdsInOtherCase: string[];
}

/** The figures of a period that are compared with the period before it. */
export interface PeriodFigures {
  total: OrderCounts & Rates;
  credits: CreditFigures;
  buyers: BuyerFigures;
  funnel: { total: Funnel; byPack: Record<PackageId, Funnel> };
}

export interface StatsReport extends OrderFiguresSummary, PeriodFigures {
  /** The currency the figures' money is in: the catalog's. */
  currency: string;
  creditsTakenBack: { refunds: number; disputes: number };
  /** The same figures for the period of the same length just before. */
  previous: PeriodFigures & { from: Date; to: Date };
  webhooks: { handled: number; p50Ms: number | null; p99Ms: number | null; failures: number };
  requests: { total: number; serverErrors: number; serverErrorShare: number | null };
  ledgerCheck: { at: Date; differences: number } | null;
  /** What Whop sent in the range that could not be read (skipped): how many, and the most recent. */
  unreadable: { count: number; items: UnreadableWhopObject[] };
}

const USER_PAGE = 50;
/** How many user ids in another case the console suggests. */
const CASE_VARIANTS = 5;
const UNREADABLE_SHOWN = 20;
/** How many user ids a user search lists. */
const USERS_FOUND = 20;

/**
 * What operators read: the dashboard's figures, orders and users found, an order's story with what
 * may be done to it now. Reads only.
 */
export class OperatorQueries {
  constructor(private readonly deps: { store: Store; packages: readonly CreditPackage[]; whopDashboardUrl: string }) {}

  /** The dashboard's figures over a range and the period before it, computed in the database. */
  async stats(range: StatsRange): Promise<StatsReport> {
    const { stats } = this.deps.store;
    const length = range.to.getTime() - range.from.getTime();
    const before = { from: new Date(range.from.getTime() - length), to: range.from, interval: range.interval };
    const [current, previous, webhooks, requests, ledgerCheck, unreadable] = await Promise.all([
      this.period(range),
      this.period(before),
      stats.webhookTimes(range.from, range.to),
      stats.requests(range.from, range.to),
      stats.lastLedgerCheck(),
      this.deps.store.unreadable.seenBetween(range.from, range.to, UNREADABLE_SHOWN),
    ]);
    const { sums, ...figures } = current;
    return {
      ...figures,
      previous: { from: before.from, to: before.to, total: previous.total, credits: previous.credits, buyers: previous.buyers, funnel: previous.funnel },
      creditsTakenBack: { refunds: -sums.refund, disputes: -sums.dispute },
      webhooks: { ...webhooks, failures: requests.webhookFailures },
      requests: { total: requests.requests, serverErrors: requests.serverErrors, serverErrorShare: requests.requests > 0 ? requests.serverErrors / requests.requests : null },
      ledgerCheck,
      unreadable,
    };
  }

  /** The figures per interval and pack alone (the statistics export): none of the rest is read. */
  async intervals(range: StatsRange): Promise<OrderFiguresSummary & { currency: string }> {
    const { stats } = this.deps.store;
    const [counts, money] = await Promise.all([stats.orderCounts(range), stats.moneyMoved(range)]);
    const packs = this.deps.packages.map((p) => p.id);
    // Every amount is in the catalog's currency.
    return { ...summarize(counts, money, range, packs), currency: this.deps.packages[0]!.currency };
  }

  private async period(range: StatsRange) {
    const { stats } = this.deps.store;
    const packs = this.deps.packages.map((p) => p.id);
    const [summary, sums, owed, buyers, funnel] = await Promise.all([
      this.intervals(range),
      stats.ledgerSums(range.from, range.to),
      stats.outstanding(range.to),
      stats.buyers(range.from, range.to),
      stats.funnel(range.from, range.to),
    ]);
    return {
      ...summary,
      sums,
      credits: creditFigures(sums, owed),
      buyers: buyerFigures(buyers, summary.total),
      funnel: funnelOf(funnel, packs),
    };
  }

  searchOrders(search: OrderSearch, page: PageRequest): Promise<Page<OrderSummary>> {
    return this.deps.store.orders.search(search, page);
  }

  async orderDetail(orderId: string): Promise<OrderDetail> {
    const { store } = this.deps;
    const order = await store.orders.find({ id: orderId });
    if (!order) throw new NotFoundError('No such order.', 'payment_not_found');
    const [events, entries, audit] = await Promise.all([store.inbox.forOrder(orderId), store.ledger.forOrder(orderId), store.audit.forOrder(orderId)]);
    const { history, ...summary } = order;
    return { order: summary, whop: history, timeline: timelineOf(summary, events, entries, audit), actions: allowedActions(order), whopDashboardUrl: this.deps.whopDashboardUrl };
  }

  async userDetail(userId: string): Promise<UserDetail> {
    const { store } = this.deps;
    const [balance, ledger, orders, audit, userIdsInOtherCase] = await Promise.all([
      store.ledger.balance(userId),
      store.ledger.page(userId, { limit: USER_PAGE }),
      store.orders.pageForUser(userId, { limit: USER_PAGE }),
      store.audit.forUser(userId, USER_PAGE),
      this.userIdsInOtherCase(userId),
    ]);
    return { userId, balance, ledger: ledger.items, orders: orders.items, audit, userIdsInOtherCase };
  }

  /** User ids with orders or credits that start with `prefix` (exactly, case included), the id itself first when it is one. */
  async usersStartingWith(prefix: string): Promise<string[]> {
    const found = await this.userIdsOf('userIdsStartingWith', prefix, USERS_FOUND);
    return found.sort((a, b) => Number(b === prefix) - Number(a === prefix) || (a < b ? -1 : a > b ? 1 : 0)).slice(0, USERS_FOUND);
  }

  /** The events told to the host app, newest first, with how their delivery went. */
  events(filter: OutboxFilter, page: PageRequest): Promise<Page<OutboundEvent>> {
    return this.deps.store.outbox.page(filter, page);
  }

  /**
   * User ids are compared exactly (`Alice` is not `alice`); these are the ones with orders or an
   * account that differ from `userId` only in case, for an operator who typed the wrong case.
   */
  async userIdsInOtherCase(userId: string): Promise<string[]> {
    return (await this.userIdsOf('userIdsInOtherCase', userId, CASE_VARIANTS)).sort().slice(0, CASE_VARIANTS);
  }

  /** User ids the orders and the credit accounts both answer for `query`, each once. */
  private async userIdsOf(query: 'userIdsStartingWith' | 'userIdsInOtherCase', value: string, limit: number): Promise<string[]> {
    const { orders, ledger } = this.deps.store;
    const found = await Promise.all([orders[query](value, limit), ledger[query](value, limit)]);
    return [...new Set(found.flat())];
  }
}

function timelineOf(order: OrderSummary, events: WebhookEventRecord[], entries: LedgerEntry[], audit: AuditEntry[]): TimelineItem[] {
  const items: TimelineItem[] = [
    { kind: 'created', at: order.createdAt },
    ...events.map((e): TimelineItem => ({ kind: 'webhook', at: e.receivedAt, eventId: e.id, type: e.type, outcome: e.outcome })),
    ...entries.map((e): TimelineItem => ({ kind: 'ledger', at: e.createdAt, entryKind: e.kind, credits: e.credits, memo: e.memo })),
    ...audit.map((a): TimelineItem => ({ kind: 'operator', at: a.at, action: a.action, actor: a.actor, reason: a.reason, details: a.details })),
  ];
  if (order.completedAt) items.push({ kind: 'completed', at: order.completedAt, source: order.completionSource });
  // Stable: what happened in the same millisecond keeps the order above.
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => a.item.at.getTime() - b.item.at.getTime() || a.i - b.i)
    .map(({ item }) => item);
}
