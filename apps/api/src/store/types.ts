import type { PackageId, PaymentStatus } from '@credits/shared';

/**
 * The storage port (ARCHITECTURE §4). PaymentService depends on this interface only.
 * Every method is atomic on its own; the service never composes two writes that must succeed together.
 */

export type CompletionSource = 'webhook' | 'test' | 'reconcile';

export interface PaymentRecord {
  id: string;
  userId: string;
  packageId: PackageId;
  credits: number;
  amountCents: number;
  currency: 'usd';
  status: PaymentStatus;
  checkoutUrl: string | null;
  whopCheckoutId: string | null;
  whopPaymentId: string | null;
  completionSource: CompletionSource | null;
  statusReason: string | null;
  /** Money refunded so far (cumulative) and the credits taken back for it. */
  refundedCents: number;
  clawedCredits: number;
  /** Credits held back while a dispute is open. */
  heldCredits: number;
  idempotencyKey: string | null;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
}

export interface NewPayment {
  id: string;
  userId: string;
  packageId: PackageId;
  credits: number;
  amountCents: number;
  currency: 'usd';
  createdAt: Date;
  /** The client's Idempotency-Key: a second order with the same key for the same user is not created. */
  idempotencyKey?: string | null;
}

export interface PageRequest {
  limit: number;
  /** Opaque cursor from a previous page; invalid cursors throw InvalidCursorError. */
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Completion {
  whopPaymentId: string;
  source: CompletionSource;
}

export interface TransitionResult {
  /** true when this call changed the order; false when it was already in (or past) that state. */
  applied: boolean;
  payment: PaymentRecord;
}

export interface LedgerEntry {
  id: string;
  userId: string;
  /** Unique cause key: `grant:<whop payment id>`, `refund:<refund id>`, … */
  key: string;
  kind: LedgerKind;
  credits: number;
  paymentId: string | null;
  memo: string | null;
  createdAt: Date;
}

export type LedgerKind = 'grant' | 'refund' | 'dispute' | 'spend' | 'adjustment';

export interface RefundInput {
  /** Unique cause key of the ledger entry: `refund:<refund id>`. */
  key: string;
  /** This refund's amount, added to what was refunded before… */
  amountCents: number;
  /** …unless Whop told the payment's cumulative refunded amount, which then wins. */
  totalRefundedCents?: number;
}

export interface RefundResult extends TransitionResult {
  /** Credits taken back by this call (0 when it was already applied or nothing was granted yet). */
  creditsClawed: number;
}

export interface SpendInput {
  userId: string;
  credits: number;
  reason: string;
  idempotencyKey: string;
  /** Hash of the request body: the same key with another body is a conflict. */
  requestHash: string;
}

export type SpendResult =
  | { outcome: 'spent'; credits: number; balance: number; entryId: string; replayed: boolean }
  | { outcome: 'insufficient'; credits: number; balance: number; replayed: boolean };

export interface LedgerDifference {
  userId: string;
  balance: number;
  ledgerSum: number;
}

export type WebhookEventState = 'new' | 'unprocessed' | 'processed';

export interface WebhookEventInput {
  id: string;
  type: string;
  payload: unknown;
  receivedAt: Date;
}

export interface Store {
  readonly kind: string;

  /**
   * Creates a pending order. With an idempotencyKey this user used before, nothing is created and
   * that earlier order is returned (compare ids to tell).
   */
  createPayment(input: NewPayment): Promise<PaymentRecord>;
  /** Stores Whop's checkout configuration id and purchase URL on a pending order. */
  attachCheckout(paymentId: string, checkout: { checkoutId: string; checkoutUrl: string }): Promise<PaymentRecord>;
  getPayment(paymentId: string): Promise<PaymentRecord | null>;
  /** Another user's order is null, exactly like a missing one. */
  getPaymentForUser(paymentId: string, userId: string): Promise<PaymentRecord | null>;
  findPaymentByCheckoutId(checkoutId: string): Promise<PaymentRecord | null>;
  findPaymentByWhopPaymentId(whopPaymentId: string): Promise<PaymentRecord | null>;
  /** Newest first (createdAt, then id, descending). */
  listPaymentsForUser(userId: string, page: PageRequest): Promise<Page<PaymentRecord>>;

  /**
   * One atomic unit: move the order to completed (from pending, failed or expired), write the ledger
   * entry `grant:<whop payment id>` and raise the balance by the order's credits. Safe to call any
   * number of times, concurrently: exactly one call applies.
   */
  completePayment(paymentId: string, completion: Completion): Promise<TransitionResult>;
  /** pending → failed. */
  failPayment(paymentId: string, reason: string): Promise<TransitionResult>;
  /** pending | failed | expired → review, with no credits. */
  markForReview(paymentId: string, reason: string, whopPaymentId: string | null): Promise<TransitionResult>;
  /** pending → expired. */
  expirePayment(paymentId: string): Promise<TransitionResult>;
  /** Pending orders with a Whop checkout created before `olderThan`, oldest first. */
  listPendingCreatedBefore(olderThan: Date, limit: number): Promise<PaymentRecord[]>;

  /**
   * Records a refund (idempotent per key) and takes back credits in proportion to the cumulative
   * refunded amount, bonus included; the balance may go negative. On an order not yet granted the
   * amount is remembered and taken back when it completes. During a dispute the take-back waits
   * for the dispute's outcome.
   */
  applyRefund(paymentId: string, refund: RefundInput): Promise<RefundResult>;
  /** completed | partially_refunded → disputed: the credits still granted are held (ledger `dispute:<id>`). */
  openDispute(paymentId: string, disputeId: string): Promise<RefundResult>;
  /** disputed → won: the held credits come back; lost: they are gone and the order is refunded. */
  closeDispute(paymentId: string, disputeId: string, outcome: 'won' | 'lost'): Promise<RefundResult>;

  /** Atomic, never below zero, once per idempotency key (same key, other body: IdempotencyConflictError). */
  spend(input: SpendInput): Promise<SpendResult>;

  /** Inserts the event, or reports whether the earlier copy was already processed. */
  recordWebhookEvent(event: WebhookEventInput): Promise<WebhookEventState>;
  markWebhookEventProcessed(eventId: string, outcome: string): Promise<void>;

  getBalance(userId: string): Promise<number>;
  listLedger(userId: string, page: PageRequest): Promise<Page<LedgerEntry>>;
  /** Accounts whose cached balance differs from the sum of their ledger entries (should be none). */
  ledgerDifferences(): Promise<LedgerDifference[]>;

  /** Takes or renews the named lease for `holder` unless someone else holds an unexpired one. */
  tryAcquireLease(name: string, holder: string, ttlMs: number): Promise<boolean>;
  releaseLease(name: string, holder: string): Promise<void>;

  /** Cheap round trip used by health checks. */
  ping(): Promise<void>;
  /** Throws unless the database answers and its schema is the one this code expects (migrations applied). */
  checkReady(): Promise<void>;
  close(): Promise<void>;
}

export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
}

/** The Whop payment is already granted to another order: a person must look (the order goes to review). */
export class DuplicateGrantError extends Error {
  override name = 'DuplicateGrantError';
}

/** An Idempotency-Key reused with a different request. */
export class IdempotencyConflictError extends Error {
  override name = 'IdempotencyConflictError';
}

/** Credits taken back for `refundedCents` of an order's `amountCents`: proportional, bonus included, rounded to whole credits. */
export function creditsForRefund(order: Pick<PaymentRecord, 'credits' | 'amountCents'>, refundedCents: number): number {
  const refunded = Math.min(Math.max(refundedCents, 0), order.amountCents);
  return Math.round((order.credits * refunded) / order.amountCents);
}
