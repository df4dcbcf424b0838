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

/** Statuses from which a successful Whop payment may still complete the order (ARCHITECTURE §5). */
export const COMPLETABLE_STATUSES: readonly PaymentStatus[] = ['pending', 'failed', 'expired'];
