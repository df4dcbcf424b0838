import type { PaymentStatus } from '@credits/shared';
import { isOpenDispute, type OrderHistory, type PaymentHistory } from './history';

/**
 * Everything about an order's money, derived from its history alone:
 *
 * - `granted`: the pack's credits once a paid payment matches the order, else 0. Never shrinks.
 * - `covered`: the money the order still keeps, in cents, across the payments credited to it: each
 *   keeps its price less what was refunded (the larger of the refunds known one by one and Whop's
 *   cumulative figure, so a refund learnt both ways counts once) and what disputes took back.
 *   Capped at the price: a buyer who paid twice gets one pack.
 * - `entitled`: credits in proportion to `covered`, bonus included. `takenBack` = granted − entitled.
 * - `held`: what open disputes hold of the entitled credits (a disputed payment keeps nothing until
 *   its dispute ends). The order's ledger entries always sum to granted − takenBack − held.
 */
export interface Figures {
  status: PaymentStatus;
  statusReason: string | null;
  granted: number;
  takenBack: number;
  held: number;
  refundedCents: number;
  /** The payments credited to the order (paid, matching), by id. */
  accepted: string[];
}

interface OrderTerms {
  credits: number;
  amountCents: number;
}

export function isAccepted(payment: PaymentHistory): boolean {
  return payment.paid && payment.mismatch === null;
}

/** Cents of one payment given back to the buyer, by refunds or by lost disputes. */
export function moneyBack(payment: PaymentHistory, amountCents: number): number {
  const refunds = payment.refunds.filter((r) => r.status === 'succeeded').reduce((sum, r) => sum + r.cents, 0);
  const refunded = Math.max(refunds, payment.reportedRefund?.cents ?? 0);
  const lost = payment.disputes.filter((d) => d.status === 'lost').reduce((sum, d) => sum + (d.cents ?? amountCents), 0);
  return Math.min(amountCents, refunded + lost);
}

const creditsFor = (terms: OrderTerms, cents: number) => Math.round((terms.credits * cents) / terms.amountCents);

export function figures(terms: OrderTerms, history: OrderHistory): Figures {
  const accepted = history.payments.filter(isAccepted);
  if (accepted.length === 0) return unpaid(terms, history);

  const keeps = (p: PaymentHistory) => terms.amountCents - moneyBack(p, terms.amountCents);
  const covered = Math.min(
    terms.amountCents,
    accepted.reduce((sum, p) => sum + keeps(p), 0),
  );
  const disputed = accepted.filter((p) => p.disputes.some(isOpenDispute));
  const undisputed = Math.min(
    terms.amountCents,
    accepted.filter((p) => !disputed.includes(p)).reduce((sum, p) => sum + keeps(p), 0),
  );
  const entitled = creditsFor(terms, covered);
  const available = creditsFor(terms, undisputed);
  const lostDispute = accepted.some((p) => p.disputes.some((d) => d.status === 'lost'));

  let status: PaymentStatus;
  if (disputed.length > 0) status = 'disputed';
  else if (covered === 0) status = 'refunded';
  else if (covered < terms.amountCents) status = 'partially_refunded';
  else status = 'completed';

  return {
    status,
    statusReason: status === 'refunded' && lostDispute ? 'dispute_lost' : null,
    granted: terms.credits,
    takenBack: terms.credits - entitled,
    held: entitled - available,
    refundedCents: terms.amountCents - covered,
    accepted: accepted.map((p) => p.id),
  };
}

/** No payment credited: the status says why, most decisive first. */
function unpaid(terms: OrderTerms, history: OrderHistory): Figures {
  const mismatched = history.payments.find((p) => p.paid && p.mismatch !== null);
  const refundedCents = Math.min(
    terms.amountCents,
    history.payments.reduce((sum, p) => sum + moneyBack(p, terms.amountCents), 0),
  );
  const base = { granted: 0, takenBack: 0, held: 0, refundedCents, accepted: [] };
  if (mismatched) return { ...base, status: 'review', statusReason: mismatched.mismatch };
  if (history.cancelled) return { ...base, status: 'cancelled', statusReason: 'cancelled_by_buyer' };
  if (history.expired) return { ...base, status: 'expired', statusReason: 'not_paid_in_time' };
  if (history.checkoutFailed) return { ...base, status: 'failed', statusReason: 'checkout_creation_failed' };
  if (history.failed) return { ...base, status: 'failed', statusReason: 'payment_failed' };
  return { ...base, status: 'pending', statusReason: null };
}

/** What the order's ledger entries sum to. */
export function creditsOnLedger(f: Pick<Figures, 'granted' | 'takenBack' | 'held'>): number {
  return f.granted - f.takenBack - f.held;
}
