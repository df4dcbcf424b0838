import { z } from 'zod';
import { dollarsToCents } from '@credits/shared';

/**
 * A Whop payment as this product needs it, from either payload shape (whop-api.md §5):
 * Shape L (amounts as numbers in dollars, `company_id`) or Shape N (money objects, `account_id`).
 */
export interface WhopPayment {
  id: string;
  status: string;
  substatus: string | null;
  currency: string;
  totalCents: number;
  /** What was charged for the product itself: total less tax added on top. Compared with the pack price. */
  netCents: number;
  refundedCents: number;
  checkoutConfigurationId: string | null;
  metadata: Record<string, string>;
  accountId: string | null;
}

const moneyObject = z.object({ amount: z.string(), currency: z.string().optional() });
const money = z.union([z.number(), z.string(), moneyObject]);
type Money = z.infer<typeof money>;

const paymentPayload = z.object({
  id: z.string().min(1),
  status: z.string(),
  substatus: z.string().nullish(),
  currency: z.string().nullish(),
  total: money.nullish(),
  subtotal: money.nullish(),
  tax_amount: money.nullish(),
  tax_behavior: z.string().nullish(),
  refunded_amount: money.nullish(),
  checkout_configuration_id: z.string().nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  company_id: z.string().nullish(),
  account_id: z.string().nullish(),
  company: z.object({ id: z.string() }).nullish(),
});

function cents(value: Money | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  return dollarsToCents(typeof value === 'object' ? value.amount : value);
}

export class InvalidPaymentPayloadError extends Error {
  override name = 'InvalidPaymentPayloadError';
}

export function normalizePayment(data: unknown): WhopPayment {
  const parsed = paymentPayload.safeParse(data);
  if (!parsed.success) throw new InvalidPaymentPayloadError(`not a Whop payment: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const p = parsed.data;
  const totalCents = cents(p.total) ?? cents(p.subtotal);
  if (totalCents === null) throw new InvalidPaymentPayloadError(`payment ${p.id} has no readable total`);
  const currency = (p.currency ?? (typeof p.total === 'object' && p.total ? p.total.currency : undefined) ?? '').toLowerCase();
  const taxCents = p.tax_behavior === 'exclusive' ? (cents(p.tax_amount) ?? 0) : 0;
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.metadata ?? {})) if (typeof v === 'string' || typeof v === 'number') metadata[k] = String(v);
  return {
    id: p.id,
    status: p.status,
    substatus: p.substatus ?? null,
    currency,
    totalCents,
    netCents: totalCents - taxCents,
    refundedCents: cents(p.refunded_amount) ?? 0,
    checkoutConfigurationId: p.checkout_configuration_id ?? null,
    metadata,
    accountId: p.account_id ?? p.company_id ?? p.company?.id ?? null,
  };
}

/** Whop marks a collected payment `paid` (substatus `succeeded`); the docs' sample shows `succeeded`. */
export function isPaid(payment: WhopPayment): boolean {
  return payment.status === 'paid' || payment.status === 'succeeded';
}
