import { isUnpaid } from '@credits/shared';
import type { CreditsMessageKey as MessageKey } from './messages';
import type { Order } from './types';
import { RESULT_TIMINGS } from './usePaymentWait';

/** What the result page shows, decided from the order and Whop's return: no React here. */

/** What Whop's return told the page: the buyer paid, left without paying, or nothing (opened from History). */
export type Return = 'paid' | 'left' | null;

export type View =
  'loading' | 'checking' | 'processing' | 'cancelling' | 'awaiting' | 'success' | 'failed' | 'cancelled' | 'closed' | 'expired' | 'review' | 'refunded' | 'disputed';
export type Tone = 'success' | 'danger' | 'warning' | 'neutral';

export const VIEWS: Record<Exclude<View, 'loading'>, { heading: MessageKey; body?: MessageKey; tone: Tone }> = {
  checking: { heading: 'result.checking', tone: 'neutral' },
  processing: { heading: 'result.processing', body: 'result.processingBody', tone: 'warning' },
  cancelling: { heading: 'result.cancelling', tone: 'neutral' },
  awaiting: { heading: 'result.awaiting', body: 'result.awaitingBody', tone: 'warning' },
  success: { heading: 'result.success', body: 'result.successBody', tone: 'success' },
  failed: { heading: 'result.failed', body: 'result.failedBody', tone: 'danger' },
  cancelled: { heading: 'result.cancelled', body: 'result.cancelledBody', tone: 'neutral' },
  closed: { heading: 'result.closed', tone: 'warning' },
  expired: { heading: 'result.expired', body: 'result.expiredBody', tone: 'neutral' },
  review: { heading: 'result.review', body: 'result.reviewBody', tone: 'warning' },
  refunded: { heading: 'result.refunded', body: 'result.refundedBody', tone: 'neutral' },
  disputed: { heading: 'result.disputed', body: 'result.disputedBody', tone: 'danger' },
};

/** A pending order the buyer can still pay: it has a checkout and has not reached its expiry (the sweep expires it soon after). */
export function isResumable<P extends Pick<Order, 'status' | 'checkoutUrl' | 'expiresAt'>>(p: P, now = Date.now()): p is P & { checkoutUrl: string } {
  return p.status === 'pending' && p.checkoutUrl !== null && p.expiresAt !== null && Date.parse(p.expiresAt) > now;
}

export const ICONS: Record<Tone, string> = { success: '✓', danger: '!', warning: '…', neutral: 'i' };

/** The parameters Whop adds to the return address (see apps/whop-sim/src/routes/checkout.ts). */
export const WHOP_RETURN_PARAMS = ['checkout_status', 'status', 'receipt_id', 'payment_id', 'state_id'];

/** Whop's return parameters, as observed (checkout_status, status); anything but success means the buyer left. */
export function returnOf(params: URLSearchParams): Return {
  const said = params.get('checkout_status') ?? params.get('status');
  if (said === null) return null;
  return said === 'success' ? 'paid' : 'left';
}

/**
 * What the server says about the order decides the view; the return parameters only say what to do
 * while it is unpaid. A buyer back from paying waits for the payment even on an order the server
 * still shows as failed or cancelled (a decline, or leaving, before the payment that went through).
 */
export function viewOf(payment: Order, returned: Return, elapsedMs: number, cancelling: boolean): View {
  if (returned === 'paid' && isUnpaid(payment.status)) return elapsedMs < RESULT_TIMINGS.processingAfterMs ? 'checking' : 'processing';
  switch (payment.status) {
    case 'completed':
      return 'success';
    case 'partially_refunded':
    case 'refunded':
      return 'refunded';
    case 'cancelled':
      // Whop took money for it (a review closed without credits): never "nothing was charged".
      return payment.chargedCents > 0 ? 'closed' : 'cancelled';
    case 'failed':
    case 'expired':
    case 'review':
    case 'disputed':
      return payment.status;
    case 'pending':
      return cancelling ? 'cancelling' : 'awaiting';
  }
}
