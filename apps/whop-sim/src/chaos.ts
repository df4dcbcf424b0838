import { z } from 'zod';

/**
 * Faults real Whop can produce but never on demand. Set for the whole simulator (PUT /_sim/chaos),
 * for one checkout (PUT /_sim/checkout_configurations/{id}/chaos), or for one control payment.
 */
export const chaosSchema = z.strictObject({
  /** Deliver every event this many times, under the same webhook-id (at-least-once delivery). */
  duplicates: z.number().int().min(1).max(50).optional(),
  /** Send a purchase's events newest first (payment.succeeded before payment.created). */
  reorder: z.boolean().optional(),
  /** Hold each event this long before its first attempt. */
  delayMs: z.number().int().min(0).max(3_600_000).optional(),
  /**
   * The payment stays `pending` at Whop this long before it is paid and payment.succeeded is sent
   * (slow rails): the buyer is back on the result page before Whop knows the outcome.
   */
  settleAfterMs: z.number().int().min(0).max(3_600_000).optional(),
  /** Never deliver: only reconciliation through the API can find the payment. */
  drop: z.boolean().optional(),
  /** Charge (and report) this amount instead of the plan's price. */
  amountCents: z.number().int().positive().optional(),
  /** The payment carries no metadata (as when a checkout was made without it). */
  omitMetadata: z.boolean().optional(),
  /** How refunds end after refund.created: succeeded (default), failed, canceled, or pending until settled by hand. */
  refundOutcome: z.enum(['succeeded', 'failed', 'canceled', 'pending']).optional(),
  /** Tax Whop adds on top of the price (`tax_behavior: exclusive`), in cents: the charge is the price plus this. */
  taxCents: z.number().int().positive().optional(),
  /** The price converted for the buyer: the payment's settlement figures are in this currency at this rate (units per dollar). */
  buyerCurrency: z.strictObject({ currency: z.string().regex(/^[a-z]{3}$/), rate: z.number().positive() }).optional(),
  /** Refund and dispute events name no payment (`payment: null`, which the SDK allows). */
  nullPayment: z.boolean().optional(),
  /** Whop refuses to refund the payments of this checkout (400), whatever their refunds say. */
  refuseRefunds: z.boolean().optional(),
});
export type Chaos = z.infer<typeof chaosSchema>;

export function mergeChaos(...layers: Array<Chaos | undefined>): Chaos {
  return Object.assign({}, ...layers.filter(Boolean)) as Chaos;
}
