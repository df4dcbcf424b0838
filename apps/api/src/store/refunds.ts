import type { PaymentStatus } from '@credits/shared';
import { creditsForRefund, type PaymentRecord, type RefundInput } from './types';

/**
 * The refund and dispute arithmetic, once, for every adapter: the adapters only make it atomic.
 * Policy (docs/guarantees.md): credits are taken back in proportion to the money refunded; before
 * the grant or during a dispute the refund is remembered and taken back later.
 */
type OrderFigures = Pick<PaymentRecord, 'status' | 'credits' | 'amountCents' | 'refundedCents' | 'clawedCredits'>;

/** What a refund does to an order: the new cumulative amount, the credits to take back now, the status. */
export function applyRefundTo(order: OrderFigures, refund: RefundInput): { totalRefundedCents: number; claw: number; status: PaymentStatus } {
  const totalRefundedCents = Math.min(order.amountCents, Math.max(order.refundedCents, refund.totalRefundedCents ?? order.refundedCents + refund.amountCents));
  const granted = order.status === 'completed' || order.status === 'partially_refunded';
  if (!granted) return { totalRefundedCents, claw: 0, status: order.status };
  return {
    totalRefundedCents,
    claw: Math.max(creditsForRefund(order, totalRefundedCents) - order.clawedCredits, 0),
    status: statusForRefunded(order, totalRefundedCents),
  };
}

/** A won dispute: the credits given back (what was held, less refunds recorded meanwhile) and the order's status after. */
export function winDispute(order: OrderFigures): { back: number; clawedCredits: number; status: PaymentStatus } {
  const clawedCredits = Math.max(creditsForRefund(order, order.refundedCents), order.clawedCredits);
  return { back: order.credits - clawedCredits, clawedCredits, status: order.refundedCents === 0 ? 'completed' : statusForRefunded(order, order.refundedCents) };
}

export function statusForRefunded(order: Pick<PaymentRecord, 'amountCents'>, refundedCents: number): PaymentStatus {
  return refundedCents >= order.amountCents ? 'refunded' : 'partially_refunded';
}
