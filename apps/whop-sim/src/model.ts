import { newId } from './ids';
import { ACCOUNT_ID_CHECKOUTS, ACCOUNT_ID_ENVELOPE, ISO_CHECKOUT_TIMESTAMPS, LEGACY_VERSION, NATIVE_PAYMENTS, atLeast } from './versions';

/** Internal records, stored in integer cents; `present*` turn them into Whop's JSON for a version. */

export interface CheckoutConfig {
  id: string;
  companyId: string;
  planId: string;
  productId: string;
  productTitle: string;
  priceCents: number;
  currency: string;
  metadata: Record<string, unknown> | null;
  redirectUrl: string | null;
  purchaseUrl: string;
  /** The Api-Version-Date the configuration was created with: its payments' webhooks use that shape. */
  apiVersion: string;
  createdAt: Date;
}

export interface SimPayment {
  id: string;
  checkoutId: string;
  companyId: string;
  status: 'paid' | 'open' | 'pending';
  substatus: 'succeeded' | 'failed' | 'pending' | 'refunded' | 'partially_refunded';
  totalCents: number;
  refundedCents: number;
  currency: string;
  cardLast4: string;
  failureMessage: string | null;
  metadata: Record<string, unknown> | null;
  userId: string;
  memberId: string;
  membershipId: string;
  createdAt: Date;
  paidAt: Date | null;
  updatedAt: Date;
}

export interface SimRefund {
  id: string;
  paymentId: string;
  amountCents: number;
  currency: string;
  createdAt: Date;
}

export function newPayment(
  config: CheckoutConfig,
  outcome: 'paid' | 'declined' | 'pending',
  cardLast4: string,
  now: Date,
  overrides: { totalCents?: number; omitMetadata?: boolean } = {},
): SimPayment {
  return {
    id: newId.payment(),
    checkoutId: config.id,
    companyId: config.companyId,
    status: outcome === 'declined' ? 'open' : outcome,
    substatus: outcome === 'paid' ? 'succeeded' : outcome === 'declined' ? 'failed' : 'pending',
    totalCents: overrides.totalCents ?? config.priceCents,
    refundedCents: 0,
    currency: config.currency,
    cardLast4,
    failureMessage: outcome === 'declined' ? 'Your card was declined.' : null,
    metadata: overrides.omitMetadata ? null : config.metadata,
    userId: newId.user(),
    memberId: newId.member(),
    membershipId: newId.membership(),
    createdAt: now,
    paidAt: outcome === 'paid' ? now : null,
    updatedAt: now,
  };
}

const dollars = (cents: number) => cents / 100;
const money = (cents: number, currency: string) => ({ amount: (cents / 100).toFixed(2), currency, decimals: 2, display_decimals: 2 });
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentCheckout(c: CheckoutConfig, version: string) {
  const accountKey = atLeast(version, ACCOUNT_ID_CHECKOUTS) ? 'account_id' : 'company_id';
  const isoTimes = atLeast(version, ISO_CHECKOUT_TIMESTAMPS);
  return {
    id: c.id,
    [accountKey]: c.companyId,
    mode: 'payment',
    currency: null,
    plan: {
      id: c.planId,
      visibility: 'hidden',
      plan_type: 'one_time',
      release_method: 'buy_now',
      currency: c.currency,
      billing_period: null,
      expiration_days: null,
      initial_price: dollars(c.priceCents),
      renewal_price: 0,
      trial_period_days: null,
      adaptive_pricing_enabled: false,
    },
    affiliate_code: null,
    metadata: c.metadata,
    redirect_url: c.redirectUrl,
    purchase_url: c.purchaseUrl,
    allow_promo_codes: false,
    payment_method_configuration: null,
    created_at: isoTimes ? c.createdAt.toISOString() : Math.floor(c.createdAt.getTime() / 1000),
    updated_at: isoTimes ? c.createdAt.toISOString() : Math.floor(c.createdAt.getTime() / 1000),
  };
}

export function presentPayment(p: SimPayment, c: CheckoutConfig, version: string) {
  const common = {
    id: p.id,
    status: p.status,
    substatus: p.substatus,
    billing_reason: 'one_time',
    currency: p.currency,
    checkout_configuration_id: p.checkoutId,
    metadata: p.metadata,
    failure_message: p.failureMessage,
    paid_at: iso(p.paidAt),
    created_at: iso(p.createdAt),
    updated_at: iso(p.updatedAt),
    refunded_at: p.refundedCents > 0 ? iso(p.updatedAt) : null,
    user: { id: p.userId, name: 'Sandbox Buyer', username: 'sandbox-buyer' },
  };
  if (atLeast(version, NATIVE_PAYMENTS)) {
    return {
      ...common,
      account_id: p.companyId,
      plan_id: c.planId,
      product_id: c.productId,
      membership_id: p.membershipId,
      member_id: p.memberId,
      total: money(p.totalCents, p.currency),
      subtotal: money(p.totalCents, p.currency),
      usd_total: money(p.totalCents, 'usd'),
      amount_after_fees: money(Math.round(p.totalCents * 0.97), p.currency),
      tax_amount: money(0, p.currency),
      refunded_amount: money(p.refundedCents, p.currency),
      payment_instrument: { display_name: `Visa ···· ${p.cardLast4}`, payment_method_type: 'card', card: { brand: 'visa', last4: p.cardLast4 } },
    };
  }
  return {
    ...common,
    company_id: p.companyId,
    total: dollars(p.totalCents),
    subtotal: dollars(p.totalCents),
    usd_total: dollars(p.totalCents),
    settlement_amount: dollars(p.totalCents),
    settlement_currency: p.currency,
    amount_after_fees: dollars(Math.round(p.totalCents * 0.97)),
    tax_amount: 0,
    tax_behavior: 'exclusive',
    refunded_amount: dollars(p.refundedCents),
    refundable: p.status === 'paid' && p.refundedCents < p.totalCents,
    refunds: [],
    payment_method_type: 'card',
    card_brand: 'visa',
    card_last4: p.cardLast4,
    member: { id: p.memberId, phone: null },
    membership: { id: p.membershipId, status: p.status === 'paid' ? 'completed' : 'drafted', phone_number: null },
    plan: { id: c.planId, internal_notes: null, metadata: null },
    product: { id: c.productId, title: c.productTitle, route: 'credits', metadata: null },
    company: { id: p.companyId, title: 'Simulated company', route: 'simulated' },
  };
}

/** The v1 event envelope; the account key and `api_version_date` follow the pin. */
export function envelope(id: string, type: string, data: unknown, companyId: string, version: string, now: Date) {
  const pinned = version !== LEGACY_VERSION;
  return {
    id,
    type,
    api_version: 'v1',
    ...(pinned ? { api_version_date: version } : {}),
    timestamp: now.toISOString(),
    [atLeast(version, ACCOUNT_ID_ENVELOPE) ? 'account_id' : 'company_id']: companyId,
    data,
  };
}

export function presentRefund(r: SimRefund, payment: SimPayment, config: CheckoutConfig, version: string) {
  const common = { id: r.id, currency: r.currency, status: 'succeeded', created_at: r.createdAt.toISOString(), provider: 'stripe', reference_type: null, reference_value: null };
  if (atLeast(version, NATIVE_PAYMENTS)) {
    return { ...common, payment_id: r.paymentId, account_id: payment.companyId, amount: money(r.amountCents, r.currency), original_amount: money(r.amountCents, r.currency) };
  }
  return { ...common, amount: dollars(r.amountCents), payment: presentPayment(payment, config, version) };
}
