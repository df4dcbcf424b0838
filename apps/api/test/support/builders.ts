import { randomBytes } from 'node:crypto';
import { signedHeaders } from '@credits/whop-sim';
import type { PaymentDto } from '@credits/shared';
import { COMPANY_ID, WEBHOOK_SECRET } from './harness';

/** Whop's v1 envelope (legacy shape: `company_id`) around `data`, with a fresh message id. */
function envelope<T>(type: string, data: T) {
  return { id: `msg_${randomBytes(12).toString('hex')}`, type, api_version: 'v1', timestamp: new Date().toISOString(), company_id: COMPANY_ID, data };
}

/** A Shape L `payment.succeeded` (or other) event for an order, with overrides for the payment data. */
export function paymentEvent(
  order: Pick<PaymentDto, 'id' | 'userId' | 'packageId' | 'amountCents' | 'whopCheckoutId'>,
  overrides: Record<string, unknown> = {},
  type = 'payment.succeeded',
) {
  return envelope(type, {
    id: `pay_${randomBytes(7).toString('hex')}`,
    status: 'paid',
    substatus: 'succeeded',
    billing_reason: 'one_time',
    currency: 'usd',
    total: order.amountCents / 100,
    subtotal: order.amountCents / 100,
    tax_amount: 0,
    tax_behavior: 'exclusive',
    refunded_amount: 0,
    checkout_configuration_id: order.whopCheckoutId,
    metadata: { payment_id: order.id, user_id: order.userId, package_id: order.packageId },
    ...overrides,
  });
}

/** Body and headers exactly as Whop would send them; `secret` and `nowMs` let tests forge bad ones. */
export function signed(event: { id: string }, options: { secret?: string; nowMs?: number; body?: string } = {}) {
  const body = options.body ?? JSON.stringify(event);
  return { body, headers: signedHeaders(options.secret ?? WEBHOOK_SECRET, event.id, body, options.nowMs) };
}

/** A Shape L refund event for a Whop payment (`payment` embeds it, as Whop's legacy shape does). */
export function refundEvent(refund: { id: string; amountCents: number; status?: string; payment: Record<string, unknown> }, type = 'refund.created') {
  return envelope(type, {
    id: refund.id,
    amount: refund.amountCents / 100,
    currency: 'usd',
    status: refund.status ?? 'succeeded',
    created_at: new Date().toISOString(),
    payment: refund.payment,
  });
}

/** A dispute event for `amountCents` (the standard pack's $10 unless said); Whop's statuses: needs_response, under_review, won, lost, … */
export function disputeEvent(dispute: { id: string; status: string; paymentId: string; amountCents?: number }, type = 'dispute.created') {
  return envelope(type, {
    id: dispute.id,
    status: dispute.status,
    amount: (dispute.amountCents ?? 1_000) / 100,
    currency: 'usd',
    reason: 'fraudulent',
    payment_id: dispute.paymentId,
  });
}
