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
  status: 'paid' | 'open' | 'pending';
  /** The substatus before refunds and disputes; presentation derives the one Whop shows. */
  outcome: 'succeeded' | 'failed' | 'pending';
  totalCents: number;
  currency: string;
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
  overrides: { totalCents?: number; omitMetadata?: boolean } = {},
): SimPayment {
  return {
    id: newId.payment(),
    checkoutId: config.id,
    companyId: config.companyId,
    planId: config.planId,
    productId: config.productId,
    productTitle: config.productTitle,
    status: outcome === 'declined' ? 'open' : outcome,
    outcome: outcome === 'paid' ? 'succeeded' : outcome === 'declined' ? 'failed' : 'pending',
    totalCents: overrides.totalCents ?? config.priceCents,
    currency: config.currency,
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

/** Money refunded so far: refunds that succeeded. */
export function refundedCents(refunds: readonly SimRefund[]): number {
  return refunds.filter((r) => r.status === 'succeeded').reduce((sum, r) => sum + r.amountCents, 0);
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
  const newest = [...disputes].sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())[0];
  if (newest) return DISPUTE_SUBSTATUS[newest.status];
  const refunded = refundedCents(refunds);
  if (refunded > 0) return refunded >= payment.totalCents ? 'refunded' : 'partially_refunded';
  return payment.outcome;
}
