import { z } from 'zod';
import { dollarsToCents } from '@credits/shared';
import type { DisputeReport, OrderFact, PaymentReport, RefundReport } from '../domain/facts';
import { DISPUTE_STATUSES, REFUND_STATUSES, type DisputeStatus, type RefundStatus } from '../domain/history';

/**
 * Whop's payloads read into what this product needs, from either shape: amounts as numbers in
 * dollars with `company_id` (legacy), or money objects with `account_id` (native, 2026-09-02-1).
 * Refund and dispute payloads embed a reduced payment (no status, no refunded total, no checkout id).
 */
export interface WhopPayment {
  id: string;
  status: string;
  substatus: string | null;
  currency: string;
  totalCents: number;
  /** What was charged for the product itself: total less tax added on top. Compared with the pack price. */
  netCents: number;
  /** Whop's cumulative refunded amount; null when the payload does not carry it. */
  refundedCents: number | null;
  checkoutConfigurationId: string | null;
  metadata: Record<string, string>;
  updatedAt: string | null;
  /** The refunds and disputes the payment embeds (legacy shape); null when the payload has none (native shape, webhooks' reduced payments). */
  refunds: RefundReport[] | null;
  disputes: DisputeReport[] | null;
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
  updated_at: z.string().nullish(),
  refunds: z.array(z.object({ id: z.string().min(1), amount: money, status: z.string() })).nullish(),
  disputes: z.array(z.object({ id: z.string().min(1), amount: money.nullish(), status: z.string() })).nullish(),
});

function cents(value: Money | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  return dollarsToCents(typeof value === 'object' ? value.amount : value);
}

export class InvalidPaymentPayloadError extends Error {
  override name = 'InvalidPaymentPayloadError';
}

function stringMetadata(value: Record<string, unknown> | null | undefined): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(value ?? {})) if (typeof v === 'string' || typeof v === 'number') metadata[k] = String(v);
  return metadata;
}

function isoOrNull(value: string | null | undefined): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

export function normalizePayment(data: unknown): WhopPayment {
  const parsed = paymentPayload.safeParse(data);
  if (!parsed.success) throw new InvalidPaymentPayloadError(`not a Whop payment: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const p = parsed.data;
  const totalCents = cents(p.total) ?? cents(p.subtotal);
  if (totalCents === null) throw new InvalidPaymentPayloadError(`payment ${p.id} has no readable total`);
  const currency = (p.currency ?? (typeof p.total === 'object' && p.total ? p.total.currency : undefined) ?? '').toLowerCase();
  const taxCents = p.tax_behavior === 'exclusive' ? (cents(p.tax_amount) ?? 0) : 0;
  return {
    id: p.id,
    status: p.status,
    substatus: p.substatus ?? null,
    currency,
    totalCents,
    netCents: totalCents - taxCents,
    refundedCents: cents(p.refunded_amount),
    checkoutConfigurationId: p.checkout_configuration_id ?? null,
    metadata: stringMetadata(p.metadata),
    updatedAt: isoOrNull(p.updated_at),
    refunds: p.refunds ? p.refunds.flatMap((r) => refundOf(r.id, p.id, r.status, cents(r.amount))) : null,
    disputes: p.disputes
      ? p.disputes.map((d) => ({ id: d.id, paymentId: p.id, status: known(DISPUTE_STATUSES, d.status, 'needs_response').status, cents: cents(d.amount) }))
      : null,
  };
}

function refundOf(id: string, paymentId: string, status: string, amountCents: number | null): RefundReport[] {
  if (amountCents === null || amountCents <= 0) return [];
  return [{ id, paymentId, status: known(REFUND_STATUSES, status, 'pending').status, cents: amountCents }];
}

/**
 * Everything a full payment says, as facts: itself (paid or not, Whop's cumulative refunded amount),
 * and the refunds and disputes it embeds. A dispute Whop ended as `closed` or `other` is read by the
 * payment's substatus: `dispute_lost` means the money went back to the buyer's bank.
 */
export function factsOfPayment(payment: WhopPayment): OrderFact[] {
  const lost = payment.substatus === 'dispute_lost';
  return [
    { type: 'payment', payment: paymentReport(payment) },
    ...(payment.refunds ?? []).map((refund): OrderFact => ({ type: 'refund', refund })),
    ...(payment.disputes ?? []).map((d): OrderFact => ({
      type: 'dispute',
      dispute: { ...d, status: lost && (d.status === 'closed' || d.status === 'other') ? 'lost' : d.status },
    })),
  ];
}

/** Substatuses of a payment whose attempt ended without money (`FriendlyReceiptStatus`). */
const FAILED_SUBSTATUSES = new Set(['failed', 'canceled', 'price_too_low', 'uncollectible']);

/** The payment as a fact for the policy. Whop marks collected money `paid`; the docs' sample shows `succeeded`. */
export function paymentReport(payment: WhopPayment): PaymentReport {
  const paid = payment.status === 'paid' || payment.status === 'succeeded';
  const failed = payment.status === 'void' || (payment.substatus !== null && FAILED_SUBSTATUSES.has(payment.substatus));
  return {
    id: payment.id,
    state: paid ? 'paid' : failed ? 'failed' : 'open',
    currency: payment.currency,
    netCents: payment.netCents,
    checkoutId: payment.checkoutConfigurationId,
    metadataOrderId: payment.metadata.payment_id ?? null,
    refundedCents: payment.refundedCents,
    at: payment.updatedAt,
  };
}

/** Where a refund's or dispute's payment can be looked for: Whop's id always, our ids when the payload has them. */
export interface RelatedPayment {
  paymentId: string;
  checkoutId: string | null;
  metadataOrderId: string | null;
}

const embeddedPayment = z.object({ id: z.string().min(1), checkout_configuration_id: z.string().nullish(), metadata: z.record(z.string(), z.unknown()).nullish() }).nullish();

function related(paymentId: string | null | undefined, payment: z.infer<typeof embeddedPayment>, what: string): RelatedPayment {
  const id = paymentId ?? payment?.id;
  if (!id) throw new InvalidPaymentPayloadError(`${what} names no payment`);
  const metadata = stringMetadata(payment?.metadata);
  return { paymentId: id, checkoutId: payment?.checkout_configuration_id ?? null, metadataOrderId: metadata.payment_id ?? null };
}

const refundPayload = z.object({ id: z.string().min(1), status: z.string(), amount: money, payment_id: z.string().nullish(), payment: embeddedPayment });
const disputePayload = z.object({ id: z.string().min(1), status: z.string(), amount: money.nullish(), payment_id: z.string().nullish(), payment: embeddedPayment });

/** A status Whop added after this code was written is read as the least decisive one, and reported by the caller. */
function known<T extends string>(values: readonly T[], value: string, fallback: T): { status: T; known: boolean } {
  return (values as readonly string[]).includes(value) ? { status: value as T, known: true } : { status: fallback, known: false };
}

export type NormalizedRefund = ReturnType<typeof normalizeRefund>;
export type NormalizedDispute = ReturnType<typeof normalizeDispute>;

export function normalizeRefund(data: unknown): { refund: RefundReport; related: RelatedPayment; knownStatus: boolean } {
  const parsed = refundPayload.safeParse(data);
  if (!parsed.success) throw new InvalidPaymentPayloadError(`not a Whop refund: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const r = parsed.data;
  const amountCents = cents(r.amount);
  if (amountCents === null || amountCents <= 0) throw new InvalidPaymentPayloadError(`refund ${r.id} has no readable amount`);
  const where = related(r.payment_id, r.payment, `refund ${r.id}`);
  const { status, known: knownStatus } = known<RefundStatus>(REFUND_STATUSES, r.status, 'pending');
  return { refund: { id: r.id, paymentId: where.paymentId, status, cents: amountCents }, related: where, knownStatus };
}

export function normalizeDispute(data: unknown): { dispute: DisputeReport; related: RelatedPayment; knownStatus: boolean } {
  const parsed = disputePayload.safeParse(data);
  if (!parsed.success) throw new InvalidPaymentPayloadError(`not a Whop dispute: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const d = parsed.data;
  const where = related(d.payment_id, d.payment, `dispute ${d.id}`);
  // An unknown status holds the credits: the safe side until Whop says how it ended.
  const { status, known: knownStatus } = known<DisputeStatus>(DISPUTE_STATUSES, d.status, 'needs_response');
  return { dispute: { id: d.id, paymentId: where.paymentId, status, cents: cents(d.amount) }, related: where, knownStatus };
}
