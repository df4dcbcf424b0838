import { z } from 'zod';
import { DISPUTE_STATUSES, MISMATCH_REASONS, REFUND_STATUSES, type OrderHistory } from '../domain/history';
import type { SecondPayment } from '../domain/order';

const amount = z.object({ cents: z.number().int(), currency: z.string() });

/** An order's history as both adapters store it (JSON): validated when read, so a damaged row fails loudly. */
const historySchema = z.object({
  payments: z.array(
    z.object({
      id: z.string(),
      paid: z.boolean(),
      // Histories written before declines, taxes and currencies were kept have none of these; those before operators resolved reviews, none of the three after.
      declined: z.boolean().default(false),
      mismatch: z.enum(MISMATCH_REASONS).nullable(),
      chargedCents: z.number().int().nullable().default(null),
      totalCents: z.number().int().nullable().default(null),
      currency: z.string().nullable().default(null),
      settlement: amount.nullable().default(null),
      usdTotalCents: z.number().int().nullable().default(null),
      accepted: z.boolean().default(false),
      dismissed: z.boolean().default(false),
      reportedRefund: z.object({ at: z.string(), cents: z.number().int(), taxCents: z.number().int().nullable().default(null) }).nullable(),
      refunds: z.array(z.object({ id: z.string(), status: z.enum(REFUND_STATUSES), cents: z.number().int(), currency: z.string().nullable().default(null) })),
      disputes: z.array(
        z.object({
          id: z.string(),
          status: z.enum(DISPUTE_STATUSES),
          cents: z.number().int().nullable(),
          currency: z.string().nullable().default(null),
          paymentSaysLost: z.boolean().default(false),
          // Histories written before deadlines were kept have none.
          needsResponseBy: z.string().nullable().default(null),
        }),
      ),
    }),
  ),
  failed: z.boolean(),
  checkoutFailed: z.boolean(),
  expired: z.boolean(),
  cancelled: z.boolean(),
});

export function parseHistory(value: unknown): OrderHistory {
  return historySchema.parse(value);
}

const secondPaymentsSchema = z.array(z.object({ whopPaymentId: z.string(), refunded: z.boolean() }));

export function parseSecondPayments(value: unknown): SecondPayment[] {
  return secondPaymentsSchema.parse(value);
}
