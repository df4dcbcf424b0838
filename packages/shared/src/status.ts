/** The order's statuses and the moves between them: plain data, no zod (the browser packages use it). */
export const PAYMENT_STATUSES = ['pending', 'completed', 'failed', 'cancelled', 'expired', 'partially_refunded', 'refunded', 'disputed', 'review'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Statuses of an order no payment has been credited to yet: Whop may still report one. */
export const UNPAID_STATUSES = ['pending', 'failed', 'expired', 'cancelled', 'review'] as const satisfies readonly PaymentStatus[];
/** Statuses of an order whose credits were granted; they never go back to an unpaid status. */
export const PAID_STATUSES = ['completed', 'partially_refunded', 'refunded', 'disputed'] as const satisfies readonly PaymentStatus[];

/**
 * The order state machine (ARCHITECTURE §5). The money policy derives an order's status from what
 * the order learnt of Whop; this table is what that derivation may do, and the policy's tests hold
 * it to it. An unpaid order only moves to a more decisive unpaid status (a decline, then expiry,
 * then a cancellation, then a payment that needs a person) or to a paid one: money collected after
 * expiry or cancellation is still credited. A review an operator closed (dismissed, or its money
 * refunded) ends like a cancellation. A paid order never becomes unpaid again; among paid
 * statuses it moves with refunds and disputes, and back when a refund fails or a dispute is won.
 */
export const TRANSITIONS: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  pending: ['failed', 'expired', 'cancelled', 'review', ...PAID_STATUSES],
  failed: ['expired', 'cancelled', 'review', ...PAID_STATUSES],
  expired: ['cancelled', 'review', ...PAID_STATUSES],
  cancelled: ['review', ...PAID_STATUSES],
  review: ['cancelled', ...PAID_STATUSES],
  completed: ['partially_refunded', 'refunded', 'disputed'],
  partially_refunded: ['completed', 'refunded', 'disputed'],
  refunded: ['completed', 'partially_refunded', 'disputed'],
  disputed: ['completed', 'partially_refunded', 'refunded'],
};

export function canTransition(from: PaymentStatus, to: PaymentStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isUnpaid(status: PaymentStatus): boolean {
  return (UNPAID_STATUSES as readonly PaymentStatus[]).includes(status);
}
