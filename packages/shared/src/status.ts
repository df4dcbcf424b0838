import { z } from 'zod';

export const PAYMENT_STATUSES = [
  'pending',
  'completed',
  'failed',
  'cancelled',
  'expired',
  'partially_refunded',
  'refunded',
  'disputed',
  'review',
] as const;
export const paymentStatusSchema = z.enum(PAYMENT_STATUSES);
export type PaymentStatus = z.infer<typeof paymentStatusSchema>;

/**
 * The order state machine (ARCHITECTURE §5), in one place. Storage adapters derive the statuses an
 * update may start from with `sourcesOf`, so no other code decides what may follow what.
 * Orders never move backwards: an event for a state already passed changes nothing.
 */
export const TRANSITIONS: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  pending: ['completed', 'failed', 'cancelled', 'expired', 'review'],
  failed: ['completed', 'review'], // a later attempt on the same checkout succeeded
  expired: ['completed', 'review'], // money taken after expiry is still credited
  cancelled: [],
  completed: ['partially_refunded', 'refunded', 'disputed'],
  partially_refunded: ['partially_refunded', 'refunded', 'disputed'],
  disputed: ['completed', 'partially_refunded', 'refunded'], // won, or lost (= refunded)
  refunded: [],
  review: [],
};

export function canTransition(from: PaymentStatus, to: PaymentStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Every status from which `to` may be reached. */
export function sourcesOf(to: PaymentStatus): PaymentStatus[] {
  return PAYMENT_STATUSES.filter((from) => canTransition(from, to));
}

/** Statuses from which a successful Whop payment may still complete the order. */
export const COMPLETABLE_STATUSES: readonly PaymentStatus[] = sourcesOf('completed').filter((s) => s !== 'disputed');

