import type { Amount, DisputeStatus, RefundStatus } from './history';

/**
 * One thing learnt about an order, from a webhook, from polling Whop, or from an operator. Facts
 * carry only what was said; the policy decides what it means for the order.
 */
export type OrderFact =
  | { type: 'payment'; payment: PaymentReport }
  | { type: 'refund'; refund: RefundReport }
  | { type: 'dispute'; dispute: DisputeReport }
  | { type: 'checkout_failed' }
  | { type: 'expired' }
  | { type: 'cancelled' }
  /** An operator accepted a paid payment that did not match the order: it is credited like a matching one. */
  | { type: 'accept'; paymentId: string }
  /** An operator closed the review of a paid payment that did not match, moving no money. */
  | { type: 'dismiss'; paymentId: string };

/** A Whop payment as reported (webhook payload or GET /payments), reduced to what the policy reads. */
export interface PaymentReport {
  id: string;
  /** `paid`: money collected; `failed`: the attempt was declined or voided; `open`: neither yet (a null status included). */
  state: 'paid' | 'failed' | 'open';
  currency: string;
  /** What was charged for the pack itself (total less tax added on top), in cents; null if unknown. */
  netCents: number | null;
  /** What was charged in all, tax added on top included; null if unknown. */
  totalCents: number | null;
  /** The same charge in the buyer's currency when it was priced in another (Whop's settlement figures). */
  settlement: Amount | null;
  /** Whop's `usd_total`, when the report carries it. */
  usdTotalCents: number | null;
  checkoutId: string | null;
  /** Our order id from the payment's metadata, when it carries one. */
  metadataOrderId: string | null;
  /** Whop's cumulative refunded amount, when the report carries it (reduced payloads do not). */
  refundedCents: number | null;
  /** How much of that was tax (`tax_refunded_amount`), when the report carries it (list items do not). */
  refundedTaxCents: number | null;
  /** Whop's `updated_at` of the payment: the newer of two reports tells the refunded amount. */
  at: string | null;
  /** The database already holds a grant of this Whop payment for another order. */
  grantedElsewhere?: boolean;
}

export interface RefundReport {
  id: string;
  paymentId: string;
  status: RefundStatus;
  /** Tax included, in `currency`. */
  cents: number;
  /** The refund's own currency; null when the report does not say (the payment's is assumed). */
  currency: string | null;
}

export interface DisputeReport {
  id: string;
  paymentId: string;
  status: DisputeStatus;
  /** The disputed amount in cents, when Whop says it. */
  cents: number | null;
  currency: string | null;
  /** Ended `closed` or `other`, and Whop, asked then, showed the payment `dispute_lost`. */
  paymentSaysLost: boolean;
  /** When evidence is due at Whop (ISO time), when Whop says. */
  needsResponseBy: string | null;
}
