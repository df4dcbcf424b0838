import type { DisputeStatuses } from '@whop/sdk/resources/disputes';
import type { RefundStatus } from '@whop/sdk/resources/refunds';
import type { FriendlyReceiptStatus } from '@whop/sdk/resources/shared';
import { newId } from './ids';

/** The simulator's records, in integer cents; present.ts turns them into Whop's JSON for a version. */

export interface SimPlan {
  id: string;
  companyId: string;
  productId: string;
  productTitle: string;
  priceCents: number;
  currency: string;
  createdAt: Date;
}

export interface CheckoutConfig {
  id: string;
  companyId: string;
  planId: string;
  productId: string;
  productTitle: string;
  priceCents: number;
  currency: string;
  metadata: Record<string, unknown> | null;
  redirectUrl: string | null;
  purchaseUrl: string;
  /** The Api-Version-Date the configuration was created with: its events use that shape. */
  apiVersion: string;
  createdAt: Date;
  /** Deleted configurations cannot be paid (DELETE /checkout_configurations/{id}). */
  deletedAt: Date | null;
}

export interface SimPayment {
  id: string;
  checkoutId: string;
  companyId: string;
  planId: string;
  productId: string;
  productTitle: string;
  /** Null as the SDK allows it: a payment Whop has not settled (seen on other products of an account). */
  status: 'paid' | 'open' | 'pending' | null;
  /** The substatus before refunds and disputes; presentation derives the one Whop shows. */
  outcome: 'succeeded' | 'failed' | 'pending';
  /** What Whop charged in all (tax added on top included); null as the SDK allows it. */
  totalCents: number | null;
  /** Tax Whop added on top of the price (`tax_behavior: exclusive`); 0 for none. */
  taxCents: number;
  currency: string;
  /** The same charge in the buyer's currency, when the price was converted for them (settlement_amount / settlement_currency). */
  settlement: { cents: number; currency: string } | null;
  /** A substatus Whop shows whatever the refunds and disputes say (a closed dispute that left `dispute_lost`). */
  substatusOverride: FriendlyReceiptStatus | null;
  cardLast4: string;
  failureMessage: string | null;
  metadata: Record<string, unknown> | null;
  userId: string;
  memberId: string;
  membershipId: string;
  createdAt: Date;
  paidAt: Date | null;
  updatedAt: Date;
}

export interface SimRefund {
  id: string;
  paymentId: string;
  amountCents: number;
  currency: string;
  status: RefundStatus;
  createdAt: Date;
  updatedAt: Date;
}

export interface SimDispute {
  id: string;
  paymentId: string;
  amountCents: number;
  currency: string;
  status: DisputeStatuses;
  reason: string;
  createdAt: Date;
  updatedAt: Date;
}

export function newPayment(
  config: CheckoutConfig,
  outcome: 'paid' | 'declined' | 'pending',
  cardLast4: string,
  now: Date,
  overrides: { totalCents?: number; omitMetadata?: boolean; taxCents?: number; buyerCurrency?: { currency: string; rate: number } } = {},
): SimPayment {
  const taxCents = overrides.taxCents ?? 0;
  const totalCents = (overrides.totalCents ?? config.priceCents) + taxCents;
  return {
    id: newId.payment(),
    checkoutId: config.id,
    companyId: config.companyId,
    planId: config.planId,
    productId: config.productId,
    productTitle: config.productTitle,
    status: outcome === 'declined' ? 'open' : outcome,
    outcome: outcome === 'paid' ? 'succeeded' : outcome === 'declined' ? 'failed' : 'pending',
    totalCents,
    taxCents,
    currency: config.currency,
    settlement: overrides.buyerCurrency ? { cents: Math.round(totalCents * overrides.buyerCurrency.rate), currency: overrides.buyerCurrency.currency } : null,
    substatusOverride: null,
    cardLast4,
    failureMessage: outcome === 'declined' ? 'Your card was declined.' : null,
    metadata: overrides.omitMetadata ? null : config.metadata,
    userId: newId.user(),
    memberId: newId.member(),
    membershipId: newId.membership(),
    createdAt: now,
    paidAt: outcome === 'paid' ? now : null,
    updatedAt: now,
  };
}

/**
 * US dollars per unit of a currency, as the simulator's Whop converts what it is not told: a refund
 * in another currency than a payment's counts in its `refunded_amount` at these rates (Whop knows
 * its own conversions; the product is told only the settlement figures, when there are any).
 */
const USD_PER_UNIT: Record<string, number> = { usd: 1, eur: 1.08, gbp: 1.27, jpy: 1 / 150, cad: 0.73, aud: 0.66 };

/** An amount in `currency` in the payment's own currency: by its settlement figures, else at the simulator's rates. */
export function inPaymentCurrency(payment: SimPayment, cents: number, currency: string): number {
  if (currency === payment.currency) return cents;
  if (payment.settlement?.currency === currency && payment.totalCents !== null) return Math.round((cents * payment.totalCents) / payment.settlement.cents);
  const [from, to] = [USD_PER_UNIT[currency], USD_PER_UNIT[payment.currency]];
  return from && to ? Math.round((cents * from) / to) : cents;
}

/** Money refunded so far (refunds that succeeded), in the payment's currency. */
export function refundedCents(payment: SimPayment, refunds: readonly SimRefund[]): number {
  return refunds.filter((r) => r.status === 'succeeded').reduce((sum, r) => sum + inPaymentCurrency(payment, r.amountCents, r.currency), 0);
}

/** The tax in what was refunded: refunds give back tax in proportion. */
export function refundedTaxCents(payment: SimPayment, refunds: readonly SimRefund[]): number {
  if (!payment.totalCents || payment.taxCents === 0) return 0;
  return Math.round((refundedCents(payment, refunds) * payment.taxCents) / payment.totalCents);
}

const DISPUTE_SUBSTATUS: Record<DisputeStatuses, FriendlyReceiptStatus> = {
  warning_needs_response: 'dispute_warning_needs_response',
  warning_under_review: 'dispute_warning_under_review',
  warning_closed: 'dispute_warning_closed',
  needs_response: 'dispute_needs_response',
  under_review: 'dispute_under_review',
  won: 'dispute_won',
  lost: 'dispute_lost',
  closed: 'dispute_closed',
  other: 'dispute_closed',
};

/** What Whop shows as the payment's substatus: its newest dispute, else its refunds, else how it went. */
export function substatusOf(payment: SimPayment, refunds: readonly SimRefund[], disputes: readonly SimDispute[]): FriendlyReceiptStatus {
  if (payment.substatusOverride) return payment.substatusOverride;
  // The most recently changed; of two changed in the same millisecond, the one opened later.
  const newest = disputes.map((d, i) => ({ d, i })).sort((a, b) => b.d.updatedAt.getTime() - a.d.updatedAt.getTime() || b.i - a.i)[0]?.d;
  if (newest) return DISPUTE_SUBSTATUS[newest.status];
  const refunded = refundedCents(payment, refunds);
  if (refunded > 0) return refunded >= (payment.totalCents ?? 0) ? 'refunded' : 'partially_refunded';
  return payment.outcome;
}
