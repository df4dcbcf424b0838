import type { CheckoutConfigurationListResponse, CheckoutConfigurationRetrieveResponse } from '@whop/sdk/resources/checkout-configurations';
import type { Dispute, DisputeListResponse } from '@whop/sdk/resources/disputes';
import type { PaymentListResponse } from '@whop/sdk/resources/payments';
import type { RefundListResponse, RefundRetrieveResponse } from '@whop/sdk/resources/refunds';
import type { Currency, Payment } from '@whop/sdk/resources/shared';
import type { DisputeAlertCreatedWebhookEvent, PaymentSucceededWebhookEvent, RefundCreatedWebhookEvent } from '@whop/sdk/resources/webhooks';
import { refundedCents, refundedTaxCents, substatusOf, type CheckoutConfig, type SimDispute, type SimPayment, type SimRefund } from './model';
import { ACCOUNT_ID_CHECKOUTS, ACCOUNT_ID_ENVELOPE, ISO_CHECKOUT_TIMESTAMPS, NATIVE_PAYMENTS, atLeast } from './versions';

/**
 * Whop's JSON for the simulator's records. Every shape @whop/sdk declares is written as one object
 * literal checked with `satisfies` against the SDK's type of that very call: a retrieved payment is a
 * `Payment`, a list item a `PaymentListResponse` (no refunds, disputes, settlement amount or refunded
 * tax inside), and so on for refunds, disputes and checkout configurations. A field the SDK does not
 * declare, or a required one missing, fails the build. Shapes the SDK (generated for 2026-07-20)
 * does not describe — payments from 2026-09-02-1 and checkout configurations before 2026-07-18 —
 * are typed here.
 */

/**
 * `value` as `Shape`, refusing at compile time any key the shape does not declare, even one that
 * came in through a spread (which `satisfies` lets through).
 */
function exactly<Shape>() {
  return <T extends Shape>(value: T & { [K in Exclude<keyof T, keyof Shape>]: never }): Shape => value;
}

const dollars = (cents: number) => cents / 100;
const dollarsOrNull = (cents: number | null) => (cents === null ? null : cents / 100);
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const currency = (c: string) => c as Currency;

/** A money object of the native shape (2026-09-02-1). */
export interface Money {
  amount: string;
  currency: string;
  decimals: number;
  display_decimals: number;
}
const money = (cents: number, c: string): Money => ({ amount: (cents / 100).toFixed(2), currency: c, decimals: 2, display_decimals: 2 });

export interface Related {
  config: CheckoutConfig;
  refunds: readonly SimRefund[];
  disputes: readonly SimDispute[];
}

/** Checkout configurations before 2026-07-18: `company_id`, Unix timestamps before 2026-07-08-1. */
export interface LegacyCheckoutConfiguration {
  id: string;
  company_id: string;
  mode: 'payment';
  currency: null;
  plan: CheckoutConfigurationRetrieveResponse.Plan;
  affiliate_code: null;
  metadata: Record<string, unknown> | null;
  redirect_url: string | null;
  purchase_url: string;
  allow_promo_codes: boolean;
  payment_method_configuration: null;
  created_at: string | number;
  updated_at: string | number;
}

function checkoutPlan(c: CheckoutConfig) {
  return {
    id: c.planId,
    adaptive_pricing_enabled: false,
    billing_period: null,
    currency: c.currency,
    expiration_days: null,
    initial_price: dollars(c.priceCents),
    plan_type: 'one_time',
    release_method: 'buy_now',
    renewal_price: 0,
    three_ds_level: null,
    trial_period_days: null,
    visibility: 'hidden',
  } satisfies CheckoutConfigurationRetrieveResponse.Plan & CheckoutConfigurationListResponse.Plan;
}

export function presentCheckout(c: CheckoutConfig, version: string): CheckoutConfigurationRetrieveResponse | LegacyCheckoutConfiguration {
  const plan = checkoutPlan(c);
  if (atLeast(version, ACCOUNT_ID_CHECKOUTS)) {
    return {
      id: c.id,
      account_id: c.companyId,
      created_at: c.createdAt.toISOString(),
      updated_at: (c.deletedAt ?? c.createdAt).toISOString(),
      mode: 'payment',
      affiliate_code: null,
      currency: null,
      metadata: c.metadata,
      payment_method_configuration: null,
      plan,
      purchase_url: c.purchaseUrl,
      redirect_url: c.redirectUrl,
      three_ds_level: null,
    } satisfies CheckoutConfigurationRetrieveResponse;
  }
  const time = (d: Date) => (atLeast(version, ISO_CHECKOUT_TIMESTAMPS) ? d.toISOString() : Math.floor(d.getTime() / 1000));
  return {
    id: c.id,
    company_id: c.companyId,
    mode: 'payment',
    currency: null,
    plan,
    affiliate_code: null,
    metadata: c.metadata,
    redirect_url: c.redirectUrl,
    purchase_url: c.purchaseUrl,
    allow_promo_codes: false,
    payment_method_configuration: null,
    created_at: time(c.createdAt),
    updated_at: time(c.deletedAt ?? c.createdAt),
  } satisfies LegacyCheckoutConfiguration;
}

/** A checkout configuration as `GET /checkout_configurations` lists it (the SDK's list item, from 2026-07-18; the legacy shape before). */
export function presentCheckoutListItem(c: CheckoutConfig, version: string): CheckoutConfigurationListResponse | LegacyCheckoutConfiguration {
  if (!atLeast(version, ACCOUNT_ID_CHECKOUTS)) return presentCheckout(c, version) as LegacyCheckoutConfiguration;
  return {
    id: c.id,
    account_id: c.companyId,
    created_at: c.createdAt.toISOString(),
    mode: 'payment',
    updated_at: (c.deletedAt ?? c.createdAt).toISOString(),
    affiliate_code: null,
    currency: null,
    metadata: c.metadata,
    payment_method_configuration: null,
    plan: checkoutPlan(c),
    purchase_url: c.purchaseUrl,
    redirect_url: c.redirectUrl,
    three_ds_level: null,
  } satisfies CheckoutConfigurationListResponse;
}

/** A payment from 2026-09-02-1: ids instead of embedded objects, money objects, no refunds or disputes inside. */
export interface NativePayment {
  id: string;
  status: Payment['status'];
  substatus: Payment['substatus'];
  billing_reason: Payment['billing_reason'];
  currency: string;
  account_id: string;
  plan_id: string;
  product_id: string;
  membership_id: string;
  member_id: string;
  checkout_configuration_id: string;
  metadata: Record<string, unknown> | null;
  failure_message: string | null;
  total: Money | null;
  subtotal: Money | null;
  usd_total: Money | null;
  amount_after_fees: Money;
  tax_amount: Money;
  tax_behavior: Payment['tax_behavior'];
  refunded_amount: Money;
  user: { id: string; username: string; name: string | null };
  payment_instrument: { display_name: string; payment_method_type: string; card: { brand: string; last4: string } };
  paid_at: string | null;
  refunded_at: string | null;
  created_at: string;
  updated_at: string;
}

/** The fields a list item and a retrieved payment share (legacy shape), from the simulator's records. */
function paymentFields(p: SimPayment, { refunds, disputes }: Related) {
  const refunded = refundedCents(p, refunds);
  const succeeded = refunds.filter((r) => r.status === 'succeeded');
  const net = p.totalCents === null ? null : p.totalCents - p.taxCents;
  return {
    id: p.id,
    amount_after_fees: dollars(Math.round((p.totalCents ?? 0) * 0.97)),
    application_fee: null,
    auto_refunded: false,
    billing_address: null,
    billing_reason: 'one_time',
    card_brand: 'visa',
    card_last4: p.cardLast4,
    checkout_configuration_id: p.checkoutId,
    company: { id: p.companyId, route: 'simulated', title: 'Simulated company' },
    created_at: p.createdAt.toISOString(),
    currency: currency(p.currency),
    dispute_alerted_at: null,
    failure_message: p.failureMessage,
    last_payment_attempt: p.createdAt.toISOString(),
    member: { id: p.memberId, phone: null },
    membership: { id: p.membershipId, phone_number: null, status: p.status === 'paid' ? 'completed' : 'drafted' },
    metadata: p.metadata,
    next_payment_attempt: null,
    paid_at: iso(p.paidAt),
    payment_method: null,
    payment_method_type: 'card',
    payments_failed: p.outcome === 'failed' ? 1 : 0,
    plan: { id: p.planId, internal_notes: null, metadata: null },
    product: { id: p.productId, metadata: null, route: 'credits', title: p.productTitle },
    promo_code: null,
    refundable: p.status === 'paid' && refunded < (p.totalCents ?? 0),
    refunded_amount: dollars(refunded),
    refunded_at: succeeded.length > 0 ? iso(succeeded.at(-1)!.updatedAt) : null,
    retryable: p.outcome === 'failed',
    settlement_currency: currency(p.settlement?.currency ?? p.currency),
    shipping_address: null,
    status: p.status,
    substatus: substatusOf(p, refunds, disputes),
    subtotal: dollarsOrNull(net),
    tax_amount: dollars(p.taxCents),
    tax_behavior: 'exclusive',
    total: dollarsOrNull(p.totalCents),
    updated_at: p.updatedAt.toISOString(),
    usd_total: dollarsOrNull(p.settlement ? p.totalCents : p.totalCents),
    user: { id: p.userId, email: null, name: 'Sandbox Buyer', username: 'sandbox-buyer' },
    voidable: false,
  } as const;
}

/** A payment as `GET /payments` lists it: the SDK's list item, with no refunds, disputes, settlement amount or refunded tax inside. */
export function presentPaymentListItem(p: SimPayment, related: Related, version: string): PaymentListResponse | NativePayment {
  if (atLeast(version, NATIVE_PAYMENTS)) return presentNativePayment(p, related);
  return exactly<PaymentListResponse>()(paymentFields(p, related));
}

/** A payment as `GET /payments/{id}`, its refund and payment webhooks show it: the retrieved `Payment`, refunds and disputes inside (legacy shape). */
export function presentPayment(p: SimPayment, related: Related, version: string): Payment | NativePayment {
  if (atLeast(version, NATIVE_PAYMENTS)) return presentNativePayment(p, related);
  const { refunds, disputes } = related;
  return exactly<Payment>()({
    ...paymentFields(p, related),
    disputes: disputes.map((d) => ({
      id: d.id,
      amount: dollars(d.amountCents),
      currency: currency(d.currency),
      editable: d.status === 'needs_response' || d.status === 'warning_needs_response',
      needs_response_by: responseDeadline(d),
      notes: null,
      reason: d.reason,
      status: d.status,
    })),
    financing_installments_count: null,
    financing_transactions: [],
    refunds: refunds.map((r) => ({ id: r.id, amount: dollars(r.amountCents), created_at: r.createdAt.toISOString(), currency: currency(r.currency), status: r.status })),
    resolutions: [],
    risk_score: null,
    risk_signals: null,
    settlement_amount: dollars(p.settlement?.cents ?? p.totalCents ?? 0),
    settlement_exchange_rate: null,
    tax_refunded_amount: dollars(refundedTaxCents(p, refunds)),
    three_ds_verified: false,
  });
}

function presentNativePayment(p: SimPayment, { refunds, disputes }: Related): NativePayment {
  const refunded = refundedCents(p, refunds);
  const succeeded = refunds.filter((r) => r.status === 'succeeded');
  const total = p.totalCents;
  return {
    id: p.id,
    status: p.status,
    substatus: substatusOf(p, refunds, disputes),
    billing_reason: 'one_time',
    currency: p.currency,
    account_id: p.companyId,
    plan_id: p.planId,
    product_id: p.productId,
    membership_id: p.membershipId,
    member_id: p.memberId,
    checkout_configuration_id: p.checkoutId,
    metadata: p.metadata,
    failure_message: p.failureMessage,
    total: total === null ? null : money(total, p.currency),
    subtotal: total === null ? null : money(total - p.taxCents, p.currency),
    usd_total: total === null ? null : money(total, 'usd'),
    amount_after_fees: money(Math.round((total ?? 0) * 0.97), p.currency),
    tax_amount: money(p.taxCents, p.currency),
    tax_behavior: 'exclusive',
    refunded_amount: money(refunded, p.currency),
    user: { id: p.userId, username: 'sandbox-buyer', name: 'Sandbox Buyer' },
    payment_instrument: { display_name: `Visa ···· ${p.cardLast4}`, payment_method_type: 'card', card: { brand: 'visa', last4: p.cardLast4 } },
    paid_at: iso(p.paidAt),
    refunded_at: succeeded.length > 0 ? iso(succeeded.at(-1)!.updatedAt) : null,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  } satisfies NativePayment;
}

/** The reduced payment dispute and alert payloads embed (no status, no refunded total, no checkout id, no metadata). */
function reducedPayment(p: SimPayment): DisputeAlertCreatedWebhookEvent.Data.Payment {
  return {
    id: p.id,
    billing_reason: 'one_time',
    card_brand: 'visa',
    card_last4: p.cardLast4,
    created_at: p.createdAt.toISOString(),
    currency: currency(p.currency),
    dispute_alerted_at: null,
    member: { id: p.memberId, phone: null },
    membership: { id: p.membershipId, status: p.status === 'paid' ? 'completed' : 'drafted' },
    paid_at: iso(p.paidAt),
    payment_method_type: 'card',
    subtotal: dollarsOrNull(p.totalCents === null ? null : p.totalCents - p.taxCents),
    total: dollarsOrNull(p.totalCents),
    usd_total: dollarsOrNull(p.totalCents),
    user: { id: p.userId, email: null, name: 'Sandbox Buyer', username: 'sandbox-buyer' },
  } satisfies DisputeAlertCreatedWebhookEvent.Data.Payment;
}

/** The reduced payment refund payloads embed: as above, with metadata, plan, product and tax. */
function refundPayment(p: SimPayment, refunds: readonly SimRefund[]): RefundCreatedWebhookEvent.Data.Payment {
  return {
    ...reducedPayment(p),
    metadata: p.metadata,
    plan: { id: p.planId, metadata: null },
    product: { id: p.productId, metadata: null },
    tax_amount: dollars(p.taxCents),
    tax_behavior: 'exclusive',
    tax_refunded_amount: dollars(refundedTaxCents(p, refunds)),
  } satisfies RefundCreatedWebhookEvent.Data.Payment;
}

/** How a refund or dispute names its payment: in full, or not at all (`payment: null`, as the SDK allows and Whop may send). */
export interface PaymentShown {
  hidePayment?: boolean;
}

/** A native refund (2026-09-02-1): the payment by id, amounts as money objects. */
export interface NativeRefund {
  id: string;
  payment_id: string | null;
  account_id: string;
  amount: Money;
  original_amount: Money;
  status: RefundRetrieveResponse['status'];
  provider: RefundRetrieveResponse['provider'];
  created_at: string;
}

/** A refund as GET /refunds/{id} and the refund.* webhooks show it (the same object in both). */
export function presentRefund(
  r: SimRefund,
  p: SimPayment,
  version: string,
  refunds: readonly SimRefund[],
  shown: PaymentShown = {},
): RefundCreatedWebhookEvent.Data | NativeRefund {
  if (atLeast(version, NATIVE_PAYMENTS)) {
    return {
      id: r.id,
      payment_id: shown.hidePayment ? null : p.id,
      account_id: p.companyId,
      amount: money(r.amountCents, r.currency),
      original_amount: money(r.amountCents, r.currency),
      status: r.status,
      provider: 'stripe',
      created_at: r.createdAt.toISOString(),
    } satisfies NativeRefund;
  }
  return {
    id: r.id,
    amount: dollars(r.amountCents),
    created_at: r.createdAt.toISOString(),
    currency: currency(r.currency),
    payment: shown.hidePayment ? null : refundPayment(p, refunds),
    provider: 'stripe',
    provider_created_at: r.createdAt.toISOString(),
    reference_status: null,
    reference_type: null,
    reference_value: null,
    status: r.status,
  } satisfies RefundCreatedWebhookEvent.Data & RefundRetrieveResponse;
}

/** A refund as `GET /refunds` lists it: the SDK's list item, its payment by id only. */
export function presentRefundListItem(r: SimRefund, p: SimPayment, version: string): RefundListResponse | NativeRefund {
  if (atLeast(version, NATIVE_PAYMENTS)) return presentRefund(r, p, version, []) as NativeRefund;
  return {
    id: r.id,
    amount: dollars(r.amountCents),
    created_at: r.createdAt.toISOString(),
    currency: currency(r.currency),
    payment: { id: p.id },
    provider: 'stripe',
    provider_created_at: r.createdAt.toISOString(),
    reference_status: null,
    reference_type: null,
    reference_value: null,
    status: r.status,
  } satisfies RefundListResponse;
}

/** A dispute as GET /disputes/{id} and the dispute.* webhooks show it: the payment only inside `payment`. */
export function presentDispute(d: SimDispute, p: SimPayment, shown: PaymentShown = {}): Dispute {
  return {
    id: d.id,
    access_activity_log: null,
    amount: dollars(d.amountCents),
    billing_address: null,
    cancellation_policy_attachment: null,
    cancellation_policy_disclosure: null,
    company: { id: p.companyId, title: 'Simulated company' },
    created_at: d.createdAt.toISOString(),
    currency: currency(d.currency),
    customer_communication_attachment: null,
    customer_email_address: null,
    customer_name: 'Sandbox Buyer',
    editable: d.status === 'needs_response' || d.status === 'warning_needs_response',
    needs_response_by: responseDeadline(d),
    notes: null,
    payment: shown.hidePayment ? null : reducedPayment(p),
    plan: { id: p.planId },
    product: { id: p.productId, title: p.productTitle },
    product_description: null,
    reason: d.reason,
    refund_policy_attachment: null,
    refund_policy_disclosure: null,
    refund_refusal_explanation: null,
    service_date: null,
    status: d.status,
    uncategorized_attachment: null,
    visa_rdr: false,
  } satisfies Dispute;
}

/** Whop's deadline for the seller's evidence: a week after the dispute opened, while it waits for a response; none after. */
export function responseDeadline(d: SimDispute): string | null {
  return d.status === 'needs_response' || d.status === 'warning_needs_response' ? new Date(d.createdAt.getTime() + 7 * 86_400_000).toISOString() : null;
}

/** A dispute as `GET /disputes` lists it: the SDK's list item, its payment by id only. */
export function presentDisputeListItem(d: SimDispute, p: SimPayment): DisputeListResponse {
  return {
    id: d.id,
    amount: dollars(d.amountCents),
    company: { id: p.companyId, title: 'Simulated company' },
    created_at: d.createdAt.toISOString(),
    currency: currency(d.currency),
    editable: d.status === 'needs_response' || d.status === 'warning_needs_response',
    needs_response_by: responseDeadline(d),
    payment: { id: p.id },
    plan: { id: p.planId },
    product: { id: p.productId, title: p.productTitle },
    reason: d.reason,
    status: d.status,
    visa_rdr: false,
  } satisfies DisputeListResponse;
}

/** The early warning before a chargeback (dispute_alert.created). */
export function presentDisputeAlert(d: SimDispute, p: SimPayment): DisputeAlertCreatedWebhookEvent.Data {
  return {
    id: d.id.replace(/^dspt_/, 'dsal_'),
    alert_type: 'dispute',
    amount: dollars(d.amountCents),
    charge_for_alert: false,
    created_at: d.createdAt.toISOString(),
    currency: currency(d.currency),
    dispute: { id: d.id, amount: dollars(d.amountCents), created_at: d.createdAt.toISOString(), currency: currency(d.currency), reason: d.reason, status: d.status },
    payment: reducedPayment(p),
    transaction_date: iso(p.paidAt),
  } satisfies DisputeAlertCreatedWebhookEvent.Data;
}

/**
 * The v1 event envelope. Up to the 2026-08-14 pin it is exactly what the SDK declares (`id`,
 * `api_version`, `type`, `timestamp`, `company_id`, `data`); from that pin the account is
 * `account_id` and the envelope says its `api_version_date` (shapes the SDK does not describe).
 */
export type Envelope<T> = Omit<PaymentSucceededWebhookEvent, 'type' | 'data'> & { type: string; data: T; account_id?: string; api_version_date?: string };

export function envelope<T>(id: string, type: string, data: T, companyId: string, version: string, now: Date): Envelope<T> {
  const common = { id, type, api_version: 'v1' as const, timestamp: now.toISOString(), data };
  if (atLeast(version, ACCOUNT_ID_ENVELOPE)) return { ...common, api_version_date: version, account_id: companyId };
  return { ...common, company_id: companyId } satisfies Omit<PaymentSucceededWebhookEvent, 'type' | 'data'> & { type: string; data: T };
}
