import type { ResolveAction } from '@credits/shared';
import { overcharge, paymentInReview, uncreditedPayment } from './figures';
import type { Order } from './order';

/**
 * Which of an operator's actions apply to an order, and the Whop payment each targets. The one place
 * this is decided: the service acts on it, and the console shows only what it allows.
 */
export type Eligibility =
  /** `refundCents`: what a refund of the difference asks Whop for (null for the other actions). */
  | { allowed: true; action: ResolveAction; paymentId: string; refundCents: number | null }
  | { allowed: false; action: ResolveAction; refusal: 'not_in_review' | 'granted_elsewhere' | 'not_refundable' | 'no_difference'; detail: string };

const ACTIONS: ResolveAction[] = ['grant', 'refund', 'refund_difference', 'dismiss'];

export function eligibility(order: Pick<Order, 'status' | 'whopPaymentId' | 'history' | 'credits' | 'amountCents' | 'currency'>, action: ResolveAction): Eligibility {
  const refuse = (refusal: Extract<Eligibility, { allowed: false }>['refusal'], detail: string): Eligibility => ({ allowed: false, action, refusal, detail });
  const allow = (paymentId: string, refundCents: number | null = null): Eligibility => ({ allowed: true, action, paymentId, refundCents });
  const reviewed = paymentInReview(order, order.history);
  if (action === 'refund_difference') {
    // What Whop charged beyond the price, given back; a payment in review is granted first (so never one credited elsewhere).
    const over = reviewed?.mismatch === 'whop_payment_already_granted' ? null : overcharge(order, order.history);
    if (over) return allow(over.payment.id, over.cents);
    return refuse('no_difference', 'Whop charged no more than the price for this order’s payment (or what it keeps is not known yet): there is no difference to refund.');
  }
  if (action === 'refund') {
    // The credited payment, or one not credited that keeps the buyer's money (held for review, or its review dismissed).
    const credited = order.status === 'completed' || order.status === 'partially_refunded';
    const paymentId = credited ? order.whopPaymentId : uncreditedPayment(order, order.history)?.id;
    if (paymentId) return allow(paymentId);
    if (reviewed?.mismatch === 'whop_payment_already_granted') {
      return refuse('granted_elsewhere', 'This Whop payment is credited on another order: refunding it would take that order’s money. Dismiss the review instead.');
    }
    return refuse('not_refundable', `The order is ${order.status}: there is no payment to refund (a disputed payment is settled by its dispute).`);
  }
  if (!reviewed) return refuse('not_in_review', `The order is ${order.status}: there is no payment held for review to ${action}.`);
  if (action === 'grant' && reviewed.mismatch === 'whop_payment_already_granted') {
    return refuse('granted_elsewhere', 'This Whop payment is credited on another order; it cannot buy a second pack. Dismiss the review instead.');
  }
  return allow(reviewed.id);
}

/** The actions that apply to the order now, each with the payment it targets (and for a refund of the difference, its amount). */
export function allowedActions(order: Parameters<typeof eligibility>[0]): Array<{ action: ResolveAction; paymentId: string; refundCents: number | null }> {
  return ACTIONS.map((action) => eligibility(order, action)).flatMap((e) => (e.allowed ? [{ action: e.action, paymentId: e.paymentId, refundCents: e.refundCents }] : []));
}

/**
 * The same decision on the order as it is now (locked in the unit of work that acts): still the
 * payment it was made for, or why not (`order_changed` when another decision came first).
 */
export function stillEligible(
  order: Parameters<typeof eligibility>[0],
  decided: { action: ResolveAction; paymentId: string },
): { ok: true } | { ok: false; refusal: Extract<Eligibility, { allowed: false }>['refusal'] | 'order_changed'; detail: string } {
  const now = eligibility(order, decided.action);
  if (now.allowed ? now.paymentId !== decided.paymentId : now.refusal === 'not_in_review') {
    return { ok: false, refusal: 'order_changed', detail: 'The order changed meanwhile; look at it again.' };
  }
  return now.allowed ? { ok: true } : { ok: false, refusal: now.refusal, detail: now.detail };
}
