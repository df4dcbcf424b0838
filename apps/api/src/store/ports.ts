import type { PackageId, PaymentStatus } from '@credits/shared';
import type { Account, Hold } from '../domain/holds';
import type { LedgerDraft, LedgerKind, NewOrder, Order, OrderSummary } from '../domain/order';
import type { Movement } from '../domain/figures';
import type { CountsRow, FunnelRow, FunnelStep, MoneyRow, Outstanding, StatsRange } from '../domain/stats';
import { ValidationError } from '../errors';

/**
 * The storage ports, one per job. Adapters (store/postgres, store/mongo) implement them and know no
 * money rule: they find and lock rows, apply plans the policy made, and page through what is there.
 */

/** How an order is found: by our id, by Whop's checkout configuration, or by the Whop payment credited to it. */
export type OrderRef = { id: string } | { checkoutId: string } | { whopPaymentId: string };

export interface PageRequest {
  limit: number;
  /** Opaque cursor from a previous page; one this API did not issue throws InvalidCursorError. */
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface LedgerEntry {
  id: string;
  userId: string;
  key: string;
  kind: LedgerKind;
  credits: number;
  /** The order the entry belongs to (null for spends and adjustments). */
  orderId: string | null;
  memo: string | null;
  createdAt: Date;
}

export interface LedgerDifference {
  userId: string;
  balance: number;
  ledgerSum: number;
}

export interface WebhookEventInput {
  id: string;
  type: string;
  /** The event as JSON text, as Whop sent it. */
  payload: string;
  receivedAt: Date;
}

export interface WebhookEventRecord {
  id: string;
  type: string;
  receivedAt: Date;
  processedAt: Date | null;
  outcome: string | null;
  /** The order it was about, when it matched one. */
  orderId: string | null;
}

/** A stored event with what Whop sent, for handling it again. */
export interface StoredWebhookEvent extends WebhookEventRecord {
  payload: unknown;
}

/** What operators do, each written to the audit log with who, why and what it moved. */
export type AuditAction = 'adjustment' | 'resolve_grant' | 'resolve_refund' | 'resolve_dismiss' | 'webhook_replay';

export interface AuditDraft {
  /** The operator's user id. */
  actor: string;
  action: AuditAction;
  orderId: string | null;
  userId: string | null;
  /** The operator's words. */
  reason: string;
  details: Record<string, unknown>;
}

export interface AuditEntry extends AuditDraft {
  id: string;
  at: Date;
}

/** Appended, never changed. */
export interface AuditLog {
  append(draft: AuditDraft): Promise<AuditEntry>;
  /** Oldest first. */
  forOrder(orderId: string): Promise<AuditEntry[]>;
  /** Newest first, at most `limit`. */
  forUser(userId: string, limit: number): Promise<AuditEntry[]>;
}

/** How operators look for orders; every field optional. */
export interface OrderSearch {
  status?: PaymentStatus;
  packageId?: PackageId;
  userId?: string;
  /** An order id or its start (6 characters or more; whatever the letters' case), or a user id, a Whop payment id or a Whop checkout id, matched exactly. */
  q?: string;
  /** Created at or after. */
  from?: Date;
  /** Created before. */
  to?: Date;
}

export interface FunnelStepInput {
  userId: string;
  step: FunnelStep;
  /** The pack, for the steps after one was chosen. */
  packageId: PackageId | null;
  at: Date;
}

/** Requests counted over some seconds, added to their minute. */
export interface RequestCounts {
  requests: number;
  serverErrors: number;
  /** Whop's deliveries answered 5xx (Whop retries them). */
  webhookFailures: number;
}

/** What the operator dashboard reads, computed in the database; and what it needs recorded durably. */
export interface StatsStore {
  /** Orders created in the range, counted per interval and pack (intervals without orders are absent). */
  orderCounts(range: StatsRange): Promise<CountsRow[]>;
  /** Whop's movements of money learnt in the range, summed per interval and pack of the order (intervals without any are absent). */
  moneyMoved(range: StatsRange): Promise<MoneyRow[]>;
  /** The ledger's entries in the range, their credits summed per kind. */
  ledgerSums(from: Date, to: Date): Promise<Record<LedgerKind, number>>;
  /** Credits owed to buyers at `at` (balances above zero, from the ledger), and the prices and credits of the orders paid before it. */
  outstanding(at: Date): Promise<Outstanding>;
  /** Users with a paid order among the orders created in the range; `repeat`: of them, those with more than one paid order created before `to`. */
  buyers(from: Date, to: Date): Promise<{ unique: number; repeat: number }>;
  /** A buyer reached a step: kept once per user, step, pack and UTC day of `at` (again the same day changes nothing). */
  recordFunnelStep(step: FunnelStepInput): Promise<void>;
  /** Distinct users per step (with `paid` from the orders created in the range) per pack, and per step over all packs (packageId null). */
  funnel(from: Date, to: Date): Promise<FunnelRow[]>;
  /** Webhooks handled in the range, and their handling time's median and 99th percentile. */
  webhookTimes(from: Date, to: Date): Promise<{ handled: number; p50Ms: number | null; p99Ms: number | null }>;
  requests(from: Date, to: Date): Promise<RequestCounts>;
  addRequests(minute: Date, counts: RequestCounts): Promise<void>;
  recordLedgerCheck(at: Date, differences: number): Promise<void>;
  lastLedgerCheck(): Promise<{ at: Date; differences: number } | null>;
}

/** Orders outside a unit of work: what moves no money. */
export interface OrderStore {
  /** A pending order; with an Idempotency-Key this user used before, that earlier order instead (compare ids). */
  create(input: NewOrder): Promise<Order>;
  /**
   * The user's newest pending order of the pack made after `openSince` (with its checkout or still
   * without), else a new pending order from `input` (which has no Idempotency-Key). Calls for one
   * user and pack are serialised: however many race, one creates and the others get its order
   * (compare ids).
   */
  createUnlessOpen(input: NewOrder, openSince: Date): Promise<Order>;
  /** Stores Whop's checkout configuration on an order. */
  attachCheckout(orderId: string, checkout: { checkoutId: string; checkoutUrl: string }): Promise<Order>;
  find(ref: OrderRef): Promise<Order | null>;
  /** Another user's order is null, exactly like a missing one. */
  findForUser(orderId: string, userId: string): Promise<OrderSummary | null>;
  /** Newest first (createdAt, then id, descending). */
  pageForUser(userId: string, page: PageRequest): Promise<Page<OrderSummary>>;
  /** Pending orders created before `olderThan`, oldest first. */
  listPendingCreatedBefore(olderThan: Date, limit: number): Promise<Order[]>;
  /** The user's newest pending order of a pack, made after `since`, that has a checkout: what a buyer who came back can resume. */
  findOpenForUser(userId: string, packageId: PackageId, since: Date): Promise<OrderSummary | null>;
  /** Orders in one status, least recently changed first. */
  listByStatus(status: PaymentStatus, limit: number): Promise<Order[]>;
  /**
   * Orders waiting on Whop to end something (a dispute open, a refund in a currency not yet
   * converted), least recently asked about first (never asked first): each run asks the next ones.
   */
  listAwaitingWhop(limit: number): Promise<Order[]>;
  /** Notes when Whop was last asked about the order (moves no money, leaves its version). */
  markAskedWhop(orderId: string, at: Date): Promise<void>;
  /** Credited orders with a second payment not yet refunded in full, least recently asked about first (never asked first). */
  listWithUnrefundedSecondPayments(limit: number): Promise<Order[]>;
  /** Every user's orders matching `search`, newest first (createdAt, then id, descending). */
  search(search: OrderSearch, page: PageRequest): Promise<Page<OrderSummary>>;
  /** User ids of orders that equal `userId` but for the case of letters (never `userId` itself), in order, at most `limit`. */
  userIdsInOtherCase(userId: string, limit: number): Promise<string[]>;
  /** User ids that start with `prefix` (exactly, case included), in order, at most `limit`. */
  userIdsStartingWith(prefix: string, limit: number): Promise<string[]>;
}

export interface LedgerReads {
  balance(userId: string): Promise<number>;
  /** The balance and what active holds set aside (0 and 0 for a user without an account). */
  account(userId: string): Promise<Account>;
  /** Newest first. */
  page(userId: string, page: PageRequest): Promise<Page<LedgerEntry>>;
  /** Accounts whose cached balance differs from the sum of their entries (there should be none). */
  differences(): Promise<LedgerDifference[]>;
  /** An order's entries, oldest first. */
  forOrder(orderId: string): Promise<LedgerEntry[]>;
  /** User ids of accounts that equal `userId` but for the case of letters (never `userId` itself), in order, at most `limit`. */
  userIdsInOtherCase(userId: string, limit: number): Promise<string[]>;
  /** User ids that start with `prefix` (exactly, case included), in order, at most `limit`. */
  userIdsStartingWith(prefix: string, limit: number): Promise<string[]>;
}

export interface WebhookInboxReads {
  find(eventId: string): Promise<WebhookEventRecord | null>;
  /** With its payload, for handling it again. */
  stored(eventId: string): Promise<StoredWebhookEvent | null>;
  /** The events about an order, oldest first. */
  forOrder(orderId: string): Promise<WebhookEventRecord[]>;
}

/** What Whop sent that could not be read (a payment with no total, a refund naming no payment): recorded, shown to operators, skipped. */
export interface UnreadableWhopObject {
  kind: 'payment' | 'refund' | 'dispute';
  /** Whop's id, or `(no id)`. */
  whopId: string;
  reason: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  /** How many times it was met. */
  seen: number;
}

export interface UnreadableLog {
  record(kind: UnreadableWhopObject['kind'], whopId: string | null, reason: string, at: Date): Promise<void>;
  /** Those met in the range, most recently met first: how many, and the first `limit`. */
  seenBetween(from: Date, to: Date, limit: number): Promise<{ count: number; items: UnreadableWhopObject[] }>;
}

/** Named points in time, kept durably (how far the sweep has read Whop's changes). */
export interface Watermarks {
  get(name: string): Promise<Date | null>;
  set(name: string, at: Date): Promise<void>;
}

export interface Leases {
  /** Takes or renews the named lease for `holder` unless someone else holds an unexpired one. */
  acquire(name: string, holder: string, ttlMs: number): Promise<boolean>;
  release(name: string, holder: string): Promise<void>;
}

/** What a decision writes, applied at once (one statement where the database allows). */
export interface Change {
  /**
   * The order as decided; written only if the stored one still has `expectedVersion`, else
   * StaleOrderError. With it, unless null (unchanged), every movement of money Whop made for it as
   * it now knows them: each kept by Whop's id (the first order to report one keeps it), dated when
   * first recorded; those it no longer knows (a refund that failed after succeeding) are removed.
   */
  order?: { next: Order; expectedVersion: number; movements: readonly Movement[] | null };
  /** Ledger entries, and the user's balance moved by their sum; a key already taken throws LedgerKeyTakenError. */
  entries?: { userId: string; orderId: string | null; drafts: readonly LedgerDraft[] };
  /** The webhook that told us, recorded as handled with its outcome and the order it was about (unless a concurrent copy was recorded first). */
  event?: { record: WebhookEventInput; outcome: string; orderId: string | null };
  /** An operator's action, appended to the audit log with the rest. */
  audit?: AuditDraft;
  /** When it happens, by the product's clock: the date of the entries, movements and records written (the database host's time when absent). */
  at?: Date;
}

export interface Applied {
  /** Ids of the ledger entries written, in the order given. */
  entryIds: string[];
  /** False when a concurrent copy of the event was recorded first. */
  eventRecorded: boolean;
}

/** Everything below runs inside one transaction and commits with it. */
export interface UnitOfWork {
  orders: {
    /** The order, locked until the unit ends; null when none matches. */
    lock(ref: OrderRef): Promise<Order | null>;
    /** The same, and whether the webhook `eventId` was handled before: one read where the database allows (the webhook path's). */
    lockForEvent(ref: OrderRef, eventId: string): Promise<{ order: Order | null; handled: boolean }>;
  };
  ledger: {
    /** The user's balance and held credits, locked until the unit ends (0 and 0 for a user without an account). */
    lockAccount(userId: string): Promise<Account>;
  };
  holds: {
    /** The hold, locked until the unit ends; null when there is none. */
    lock(holdId: string): Promise<Hold | null>;
    /** Writes a new active hold and raises its user's held credits by it. */
    open(hold: Hold): Promise<void>;
    /** Saves how an active hold ended (`hold` as decided) and lowers its user's held credits by what it held. */
    end(hold: Hold): Promise<void>;
  };
  inbox: {
    /** Whether this webhook was handled before. */
    handled(eventId: string): Promise<boolean>;
  };
  idempotency: {
    /** Claims `key` in `scope` for a request, or returns what the first request with it stored. */
    claim(scope: string, key: string, requestHash: string): Promise<{ claimed: true } | { claimed: false; requestHash: string; result: unknown }>;
    complete(scope: string, key: string, result: unknown): Promise<void>;
    /** Frees a claimed key whose request did nothing (it may be sent again). */
    release(scope: string, key: string): Promise<void>;
  };
  apply(change: Change): Promise<Applied>;
}

export interface HoldReads {
  find(holdId: string): Promise<Hold | null>;
  /** Active holds whose time has passed at `now`, the longest past first, at most `limit`. */
  expired(now: Date, limit: number): Promise<Hold[]>;
}

/** An event for the host app (EVENTS_WEBHOOK_URL) and how its delivery went. */
export interface OutboundEvent {
  /** The `webhook-id`. */
  id: string;
  seq: number;
  type: string;
  userId: string;
  /** The body sent: `{ type, timestamp, data }`. */
  payload: Record<string, unknown>;
  createdAt: Date;
  attempts: number;
  nextAttemptAt: Date;
  deliveredAt: Date | null;
  lastStatus: number | null;
  lastError: string | null;
}

export interface OutboxFilter {
  status?: 'pending' | 'delivered' | 'failing';
  userId?: string;
}

export interface OutboxStore {
  /**
   * Events due at `now` that no one is delivering, each the earliest undelivered of its user (so a
   * user's events go in order), claimed until `until`; in order, at most `limit`.
   */
  claim(now: Date, until: Date, limit: number): Promise<OutboundEvent[]>;
  /**
   * The attempt made under the claim that lasts until `claim` went through; nothing happens when the
   * claim is no longer that one (an operator sent the event again meanwhile: it goes again).
   */
  delivered(id: string, claim: Date, at: Date, status: number): Promise<void>;
  /** A failed attempt under `claim`: tried again at `retryAt`. */
  failed(id: string, claim: Date, status: number | null, error: string, retryAt: Date): Promise<void>;
  /** Sends it again (delivered or not) as soon as its user's earlier events are; null when there is none. */
  redeliver(id: string, at: Date): Promise<OutboundEvent | null>;
  /** Newest first. */
  page(filter: OutboxFilter, page: PageRequest): Promise<Page<OutboundEvent>>;
}

export interface Store {
  readonly kind: string;
  /** Where events for the host app wait to be delivered (written only when EVENTS_WEBHOOK_URL is set). */
  outbox: OutboxStore;
  orders: OrderStore;
  ledger: LedgerReads;
  holds: HoldReads;
  inbox: WebhookInboxReads;
  leases: Leases;
  watermarks: Watermarks;
  audit: AuditLog;
  stats: StatsStore;
  unreadable: UnreadableLog;
  /** Runs `work` in one transaction: commits if it resolves, rolls back if it throws. It may run `work` again after a transient conflict. */
  transact<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T>;
  /** Cheap round trip for health checks. */
  ping(): Promise<void>;
  /** Throws unless the database answers with the schema this code expects. */
  checkReady(): Promise<void>;
  close(): Promise<void>;
}

/** A cursor this API did not issue: the request's fault, answered 400 on `cursor` wherever a page is read. */
export class InvalidCursorError extends ValidationError {
  override name = 'InvalidCursorError';
  constructor(reason: string) {
    super('The cursor is not valid.', [{ path: 'cursor', message: reason }]);
  }
}

/** A ledger key is already taken: the cause was booked before (for a grant, possibly on another order). */
export class LedgerKeyTakenError extends Error {
  override name = 'LedgerKeyTakenError';
}

/** The order changed since it was read: decide again on the current one. */
export class StaleOrderError extends Error {
  override name = 'StaleOrderError';
}
