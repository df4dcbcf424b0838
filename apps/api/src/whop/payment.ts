import { z } from 'zod';
import { dollarsToCents } from '@credits/shared';
import type { DisputeReport, OrderFact, PaymentReport, RefundReport } from '../domain/facts';
import { DISPUTE_STATUSES, REFUND_STATUSES, type Amount, type DisputeStatus, type RefundStatus } from '../domain/history';

/**
 * Whop's payloads read into what this product needs, from either shape: amounts as numbers in
 * dollars with `company_id` (legacy), or money objects with `account_id` (native, 2026-09-02-1).
 * Refund and dispute payloads embed a reduced payment (no status, no refunded total, no checkout id).
 */
export interface WhopPayment {
  id: string;
  /** Null when Whop has not settled it (the SDK allows a null status). */
  status: string | null;
  substatus: string | null;
  currency: string;
  /** What Whop charged in all; null when the payload says no total (never for a paid payment: that one is unreadable). */
  totalCents: number | null;
  /** What was charged for the product itself: total less tax added on top. Compared with the pack price. */
  netCents: number | null;
  /** The same charge in the buyer's currency (`settlement_amount`), when Whop says it. */
  settlement: Amount | null;
  /** The charge in US dollars (`usd_total`), when Whop says it. */
  usdTotalCents: number | null;
  /** Whop's cumulative refunded amount; null when the payload does not carry it. */
  refundedCents: number | null;
  /** The tax in it (`tax_refunded_amount`); null when the payload does not carry it (list items do not). */
  refundedTaxCents: number | null;
  checkoutConfigurationId: string | null;
  metadata: Record<string, string>;
  paidAt: string | null;
  updatedAt: string | null;
  /** The refunds and disputes the payment embeds (a retrieved payment of the legacy shape); null when the payload has none (list items, native shape, webhooks' reduced payments). */
  refunds: RefundReport[] | null;
  disputes: DisputeReport[] | null;
}

const moneyObject = z.object({ amount: z.string(), currency: z.string().optional() });
const money = z.union([z.number(), z.string(), moneyObject]);
type Money = z.infer<typeof money>;

const embeddedMoney = z.object({ id: z.string().min(1), amount: money.nullish(), currency: z.string().nullish(), status: z.string(), needs_response_by: z.string().nullish() });

const paymentPayload = z.object({
  id: z.string().min(1),
  status: z.string().nullish(),
  substatus: z.string().nullish(),
  currency: z.string().nullish(),
  total: money.nullish(),
  subtotal: money.nullish(),
  usd_total: money.nullish(),
  tax_amount: money.nullish(),
  tax_behavior: z.string().nullish(),
  tax_refunded_amount: money.nullish(),
  refunded_amount: money.nullish(),
  settlement_amount: money.nullish(),
  settlement_currency: z.string().nullish(),
  checkout_configuration_id: z.string().nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  paid_at: z.string().nullish(),
  updated_at: z.string().nullish(),
  refunds: z.array(embeddedMoney).nullish(),
  disputes: z.array(embeddedMoney).nullish(),
});

function cents(value: Money | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  return dollarsToCents(typeof value === 'object' ? value.amount : value);
}

/** The currency an amount is in: its money object's own, else the one given beside it. */
function currencyOf(value: Money | null | undefined, beside: string | null | undefined): string | null {
  const own = typeof value === 'object' && value !== null ? value.currency : undefined;
  return (own ?? beside ?? null)?.toLowerCase() ?? null;
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

/** Reads a payment; one Whop sent that cannot be read (no id, or paid with no total) throws InvalidPaymentPayloadError. */
export function normalizePayment(data: unknown): WhopPayment {
  const parsed = paymentPayload.safeParse(data);
  const named = typeof (data as { id?: unknown } | null)?.id === 'string' ? ` ${(data as { id: string }).id}` : '';
  if (!parsed.success) throw new InvalidPaymentPayloadError(`payment${named} is unreadable: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const p = parsed.data;
  const totalCents = cents(p.total) ?? cents(p.subtotal);
  const status = p.status ?? null;
  if (totalCents === null && isPaid(status)) throw new InvalidPaymentPayloadError(`payment ${p.id} is paid but has no total`);
  const currency = currencyOf(p.total, p.currency) ?? '';
  const taxCents = p.tax_behavior === 'exclusive' ? (cents(p.tax_amount) ?? 0) : 0;
  const settlementCents = cents(p.settlement_amount);
  const settlementCurrency = currencyOf(p.settlement_amount, p.settlement_currency);
  return {
    id: p.id,
    status,
    substatus: p.substatus ?? null,
    currency,
    totalCents,
    netCents: totalCents === null ? null : totalCents - taxCents,
    settlement: settlementCents !== null && settlementCurrency && settlementCurrency !== currency ? { cents: settlementCents, currency: settlementCurrency } : null,
    usdTotalCents: cents(p.usd_total),
    refundedCents: cents(p.refunded_amount),
    refundedTaxCents: cents(p.tax_refunded_amount),
    checkoutConfigurationId: p.checkout_configuration_id ?? null,
    metadata: stringMetadata(p.metadata),
    paidAt: isoOrNull(p.paid_at),
    updatedAt: isoOrNull(p.updated_at),
    refunds: p.refunds ? p.refunds.flatMap((r) => refundOf(r.id, p.id, r.status, cents(r.amount), currencyOf(r.amount, r.currency))) : null,
    disputes: p.disputes
      ? p.disputes.map((d) => ({
          id: d.id,
          paymentId: p.id,
          status: known(DISPUTE_STATUSES, d.status, 'needs_response').status,
          cents: cents(d.amount),
          currency: currencyOf(d.amount, d.currency),
          paymentSaysLost: false,
          needsResponseBy: isoOrNull(d.needs_response_by),
        }))
      : null,
  };
}

/** Whop marks collected money `paid`; the docs' sample shows `succeeded`. */
const isPaid = (status: string | null) => status === 'paid' || status === 'succeeded';

function refundOf(id: string, paymentId: string, status: string, amountCents: number | null, currency: string | null): RefundReport[] {
  if (amountCents === null || amountCents <= 0) return [];
  return [{ id, paymentId, status: known(REFUND_STATUSES, status, 'pending').status, cents: amountCents, currency }];
}

/**
 * Everything a full payment says, as facts: itself (paid or not, Whop's cumulative refunded amount),
 * and the refunds and disputes it embeds, each dispute with what the payment's substatus says of it.
 */
export function factsOfPayment(payment: WhopPayment): OrderFact[] {
  return [
    { type: 'payment', payment: paymentReport(payment) },
    ...(payment.refunds ?? []).map((refund): OrderFact => ({ type: 'refund', refund })),
    ...(payment.disputes ?? []).map((dispute): OrderFact => ({ type: 'dispute', dispute: withSubstatus(dispute, payment) })),
  ];
}

/**
 * A dispute Whop ended `closed` or `other` says nothing of the money; the payment's substatus, read
 * then, may (`dispute_lost`). What it means is the policy's to decide (figures.ts `lostDisputes`); a
 * reading no Whop document confirms, on the sandbox checklist.
 */
export function withSubstatus(dispute: DisputeReport, payment: Pick<WhopPayment, 'substatus'>): DisputeReport {
  const ended = dispute.status === 'closed' || dispute.status === 'other';
  return { ...dispute, paymentSaysLost: ended && payment.substatus === 'dispute_lost' };
}

/** Substatuses of a payment whose attempt ended without money (`FriendlyReceiptStatus`). */
const FAILED_SUBSTATUSES = new Set(['failed', 'canceled', 'price_too_low', 'uncollectible']);

/** The payment as a fact for the policy. A null status is not settled: neither paid nor declined. */
export function paymentReport(payment: WhopPayment): PaymentReport {
  const failed = payment.status === 'void' || (payment.status !== null && payment.substatus !== null && FAILED_SUBSTATUSES.has(payment.substatus));
  return {
    id: payment.id,
    state: isPaid(payment.status) ? 'paid' : failed ? 'failed' : 'open',
    currency: payment.currency,
    netCents: payment.netCents,
    totalCents: payment.totalCents,
    settlement: payment.settlement,
    usdTotalCents: payment.usdTotalCents,
    checkoutId: payment.checkoutConfigurationId,
    metadataOrderId: payment.metadata.payment_id ?? null,
    refundedCents: payment.refundedCents,
    refundedTaxCents: payment.refundedTaxCents,
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

/** The payment a refund or dispute names; null when Whop left it out (the SDK allows `payment: null`). */
function related(paymentId: string | null | undefined, payment: z.infer<typeof embeddedPayment>): RelatedPayment | null {
  const id = paymentId ?? payment?.id;
  if (!id) return null;
  const metadata = stringMetadata(payment?.metadata);
  return { paymentId: id, checkoutId: payment?.checkout_configuration_id ?? null, metadataOrderId: metadata.payment_id ?? null };
}

const refundPayload = z.object({
  id: z.string().min(1),
  status: z.string(),
  amount: money,
  currency: z.string().nullish(),
  payment_id: z.string().nullish(),
  payment: embeddedPayment,
});
const disputePayload = z.object({
  id: z.string().min(1),
  status: z.string(),
  needs_response_by: z.string().nullish(),
  amount: money.nullish(),
  currency: z.string().nullish(),
  payment_id: z.string().nullish(),
  payment: embeddedPayment,
});

/** A status Whop added after this code was written is read as the least decisive one, and reported by the caller. */
function known<T extends string>(values: readonly T[], value: string, fallback: T): { status: T; known: boolean } {
  return (values as readonly string[]).includes(value) ? { status: value as T, known: true } : { status: fallback, known: false };
}

/** A refund or dispute as read, with the payment it names (null when Whop left it out). */
export interface Normalized<R> {
  report: Omit<R, 'paymentId'>;
  related: RelatedPayment | null;
  knownStatus: boolean;
}
export type NormalizedRefund = Normalized<RefundReport>;
export type NormalizedDispute = Normalized<DisputeReport>;

/** The fact a refund or dispute makes once its payment is known. */
export function withPayment<R>(normalized: Normalized<R>, related: RelatedPayment): R {
  return { ...normalized.report, paymentId: related.paymentId } as R;
}

export function normalizeRefund(data: unknown): NormalizedRefund {
  const parsed = refundPayload.safeParse(data);
  if (!parsed.success) throw new InvalidPaymentPayloadError(`not a Whop refund: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const r = parsed.data;
  const amountCents = cents(r.amount);
  if (amountCents === null || amountCents <= 0) throw new InvalidPaymentPayloadError(`refund ${r.id} has no readable amount`);
  const { status, known: knownStatus } = known<RefundStatus>(REFUND_STATUSES, r.status, 'pending');
  return { report: { id: r.id, status, cents: amountCents, currency: currencyOf(r.amount, r.currency) }, related: related(r.payment_id, r.payment), knownStatus };
}

export function normalizeDispute(data: unknown): NormalizedDispute {
  const parsed = disputePayload.safeParse(data);
  if (!parsed.success) throw new InvalidPaymentPayloadError(`not a Whop dispute: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const d = parsed.data;
  // An unknown status holds the credits: the safe side until Whop says how it ended.
  const { status, known: knownStatus } = known<DisputeStatus>(DISPUTE_STATUSES, d.status, 'needs_response');
  return {
    report: { id: d.id, status, cents: cents(d.amount), currency: currencyOf(d.amount, d.currency), paymentSaysLost: false, needsResponseBy: isoOrNull(d.needs_response_by) },
    related: related(d.payment_id, d.payment),
    knownStatus,
  };
}
