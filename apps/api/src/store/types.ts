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
  kind: 'grant' | 'refund' | 'dispute' | 'spend' | 'adjustment';
  credits: number;
  paymentId: string | null;
  createdAt: Date;
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

  createPayment(input: NewPayment): Promise<PaymentRecord>;
  /** Stores Whop's checkout configuration id and purchase URL on a pending order. */
  attachCheckout(paymentId: string, checkout: { checkoutId: string; checkoutUrl: string }): Promise<PaymentRecord>;
  getPayment(paymentId: string): Promise<PaymentRecord | null>;
  /** Another user's order is null, exactly like a missing one. */
  getPaymentForUser(paymentId: string, userId: string): Promise<PaymentRecord | null>;
  findPaymentByCheckoutId(checkoutId: string): Promise<PaymentRecord | null>;
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

  /** Inserts the event, or reports whether the earlier copy was already processed. */
  recordWebhookEvent(event: WebhookEventInput): Promise<WebhookEventState>;
  markWebhookEventProcessed(eventId: string, outcome: string): Promise<void>;

  getBalance(userId: string): Promise<number>;
  listLedger(userId: string, page: PageRequest): Promise<Page<LedgerEntry>>;

  /** Cheap round trip used by health checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
}

/** The Whop payment is already granted to another order: a person must look (the order goes to review). */
export class DuplicateGrantError extends Error {
  override name = 'DuplicateGrantError';
}
