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

export interface WhopRefund {
  id: string;
  status: string;
  amountCents: number;
  /** The refunded payment's id, and the payment itself when the payload embeds it (Shape L). */
  paymentId: string | null;
  payment: WhopPayment | null;
}

export interface WhopDispute {
  id: string;
  status: string;
  paymentId: string | null;
  payment: WhopPayment | null;
}

const refundPayload = z.object({
  id: z.string().min(1),
  status: z.string(),
  amount: money,
  payment_id: z.string().nullish(),
  payment: z.record(z.string(), z.unknown()).nullish(),
});

const disputePayload = z.object({
  id: z.string().min(1),
  status: z.string(),
  payment_id: z.string().nullish(),
  payment: z.record(z.string(), z.unknown()).nullish(),
});

function embeddedPayment(value: Record<string, unknown> | null | undefined): WhopPayment | null {
  if (!value) return null;
  try {
    return normalizePayment(value);
  } catch {
    // A partial embedded payment (only its id) is not an error: the id is enough to find the order.
    return null;
  }
}

export function normalizeRefund(data: unknown): WhopRefund {
  const parsed = refundPayload.safeParse(data);
  if (!parsed.success) throw new InvalidPaymentPayloadError(`not a Whop refund: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const r = parsed.data;
  const amountCents = cents(r.amount);
  if (amountCents === null || amountCents <= 0) throw new InvalidPaymentPayloadError(`refund ${r.id} has no readable amount`);
  const payment = embeddedPayment(r.payment);
  const embeddedId = typeof r.payment?.id === 'string' ? r.payment.id : null;
  return { id: r.id, status: r.status, amountCents, paymentId: r.payment_id ?? embeddedId, payment };
}

export function normalizeDispute(data: unknown): WhopDispute {
  const parsed = disputePayload.safeParse(data);
  if (!parsed.success) throw new InvalidPaymentPayloadError(`not a Whop dispute: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const d = parsed.data;
  const embeddedId = typeof d.payment?.id === 'string' ? d.payment.id : null;
  return { id: d.id, status: d.status, paymentId: d.payment_id ?? embeddedId, payment: embeddedPayment(d.payment) };
}

/** Refunds are taken into account once they are done; a pending one will be followed by refund.updated. */
export function isRefundDone(refund: WhopRefund): boolean {
  return refund.status === 'succeeded';
}
