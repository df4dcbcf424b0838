import { DEFAULT_PACKAGES, type CreditPackage, type PackageId, type PaymentStatus } from '@credits/shared';
import type { OrderHistory } from './history';

/** How the credits of an order reached the buyer: Whop's webhook, the developer test endpoint, polling Whop, or an operator. */
export type CompletionSource = 'webhook' | 'test' | 'reconcile' | 'operator';

/**
 * Where a fact came from: Whop (a webhook, or asked: `reconcile`), an operator, the test endpoint;
 * or this service itself: the buyer cancelling, the order's time running out, Whop refusing to open
 * its checkout. Only the first four can credit an order, and the one that does is recorded on it.
 */
export type FactSource = CompletionSource | 'buyer' | 'expiry' | 'checkout_refused';

/**
 * An order: our record of one purchase of a credit pack. `history` is what the order knows of Whop;
 * the status and the figures beside it are derived from it by the policy and stored for reading
 * and querying. `version` grows by one with every change (optimistic concurrency).
 */
export interface Order {
  id: string;
  userId: string;
  packageId: PackageId;
  /** The pack's names as bought: a later catalog renames or drops packs without rewriting orders. */
  packNames: PackNames;
  credits: number;
  amountCents: number;
  currency: string;
  status: PaymentStatus;
  statusReason: string | null;
  checkoutUrl: string | null;
  whopCheckoutId: string | null;
  /** The Whop payment that granted the credits (or, in review, the one that did not match). */
  whopPaymentId: string | null;
  completionSource: CompletionSource | null;
  /** What Whop charged for the order in all (every payment it took, tax included), in cents. */
  chargedCents: number;
  /** The tax Whop added on top in that, in cents (0 when none, or when Whop charged tax included in the price). */
  taxCents: number;
  /** What of that went back to the buyer, by refunds and lost chargebacks, in cents. */
  refundedCents: number;
  /** Credits taken back for that money. */
  clawedCredits: number;
  /** Credits held while a dispute is open. */
  heldCredits: number;
  /** The soonest time Whop takes the seller's evidence for a dispute waiting for it (responseDue), or null. */
  respondBy: Date | null;
  idempotencyKey: string | null;
  /** Payments Whop took for this order after the one credited (the buyer paid twice): they add no credits and are refunded. */
  secondPayments: SecondPayment[];
  history: OrderHistory;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
}

export interface SecondPayment {
  whopPaymentId: string;
  /** Whop reports it refunded in full. */
  refunded: boolean;
}

/** An order as its buyer and the API see it: everything but what it learnt of Whop. */
export type OrderSummary = Omit<Order, 'history'>;

export interface NewOrder {
  id: string;
  userId: string;
  packageId: PackageId;
  packNames: PackNames;
  credits: number;
  amountCents: number;
  currency: string;
  createdAt: Date;
  /** The client's Idempotency-Key: a second order with the same key for the same user is not created. */
  idempotencyKey?: string | null;
}

export type PackNames = CreditPackage['names'];

/**
 * The names an order was bought under. Orders from before names were kept on them have none
 * stored: the seed's pack of that id names them, else the id itself.
 */
export function packNamesAsBought(packageId: string, stored: PackNames | null | undefined): PackNames {
  if (stored) return stored;
  const seed = DEFAULT_PACKAGES.find((p) => p.id === packageId);
  return seed ? seed.names : { en: packageId, 'zh-CN': packageId };
}

export type LedgerKind = 'grant' | 'refund' | 'dispute' | 'spend' | 'adjustment';

/** A ledger entry the policy wants written: its key is unique for its cause, forever. */
export interface LedgerDraft {
  key: string;
  kind: LedgerKind;
  credits: number;
  memo: string;
}
