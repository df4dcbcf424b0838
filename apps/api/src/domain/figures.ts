import type { PaymentStatus } from '@credits/shared';
import { isOpenDispute, type OrderHistory, type PaymentHistory } from './history';

/**
 * Everything about an order's money, derived from its history alone:
 *
 * - `granted`: the pack's credits once a paid payment matches the order, else 0. Never shrinks.
 * - `covered`: the share of the price the order still keeps, in cents, across the payments credited
 *   to it: each keeps what it charged less what was refunded (the larger of the refunds known one by
 *   one and Whop's cumulative figure, so a refund learnt both ways counts once) and what disputes
 *   took back, measured against what was accepted for the pack (see `keeps`). Capped at the price:
 *   a buyer who paid twice gets one pack.
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

/**
 * A payment is credited when it was paid and matches the order, or an operator accepted it — unless
 * it was granted to another order: one Whop payment never buys two packs.
 */
export function isAccepted(payment: PaymentHistory): boolean {
  if (!payment.paid) return false;
  return payment.mismatch === null || (payment.accepted && payment.mismatch !== 'whop_payment_already_granted');
}

/** Cents of one payment given back to the buyer, by refunds or by lost disputes (a dispute of no stated amount takes the whole charge), at most what it charged. */
export function moneyBack(payment: PaymentHistory, chargedCents: number): number {
  const refunds = payment.refunds.filter((r) => r.status === 'succeeded').reduce((sum, r) => sum + r.cents, 0);
  const refunded = Math.max(refunds, payment.reportedRefund?.cents ?? 0);
  const lost = payment.disputes.filter((d) => d.status === 'lost').reduce((sum, d) => sum + (d.cents ?? chargedCents), 0);
  return Math.min(chargedCents, refunded + lost);
}

/** What Whop charged for a payment (the order's price until Whop said). */
export const chargeOf = (terms: OrderTerms, payment: PaymentHistory) => payment.chargedCents ?? terms.amountCents;

/**
 * The share of the order's price, in cents, that one credited payment still keeps. A payment that
 * matches charged the price, so this is the price less what went back. One an operator accepted at
 * another amount is measured against what was accepted for the pack: its charge when it charged
 * less (all of it refunded takes all the credits), the price when it charged more (giving back the
 * overcharge takes none).
 */
function keeps(terms: OrderTerms, payment: PaymentHistory): number {
  const charged = chargeOf(terms, payment);
  const accepted = Math.min(charged, terms.amountCents);
  if (accepted <= 0) return terms.amountCents;
  const kept = charged - moneyBack(payment, charged);
  return Math.round((terms.amountCents * Math.min(kept, accepted)) / accepted);
}

const creditsFor = (terms: OrderTerms, cents: number) => Math.round((terms.credits * cents) / terms.amountCents);

export function figures(terms: OrderTerms, history: OrderHistory): Figures {
  const accepted = history.payments.filter(isAccepted);
  if (accepted.length === 0) return unpaid(terms, history);

  const covered = Math.min(
    terms.amountCents,
    accepted.reduce((sum, p) => sum + keeps(terms, p), 0),
  );
  const disputed = accepted.filter((p) => p.disputes.some(isOpenDispute));
  const undisputed = Math.min(
    terms.amountCents,
    accepted.filter((p) => !disputed.includes(p)).reduce((sum, p) => sum + keeps(terms, p), 0),
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

/**
 * No payment credited: the status says why, most decisive first. A paid payment that did not match
 * holds the order for review while its money is kept and no operator closed it; a review closed
 * (dismissed, or the money refunded) ends the order like a cancellation.
 */
function unpaid(terms: OrderTerms, history: OrderHistory): Figures {
  const mismatched = history.payments.filter((p) => p.paid && p.mismatch !== null);
  const inReview = paymentInReview(terms, history);
  const refundedCents = Math.min(
    terms.amountCents,
    history.payments.reduce((sum, p) => sum + moneyBack(p, chargeOf(terms, p)), 0),
  );
  const base = { granted: 0, takenBack: 0, held: 0, refundedCents, accepted: [] };
  if (inReview) return { ...base, status: 'review', statusReason: inReview.mismatch };
  if (mismatched.length > 0) return { ...base, status: 'cancelled', statusReason: mismatched.some((p) => keepsMoney(terms, p)) ? 'review_dismissed' : 'review_refunded' };
  if (history.cancelled) return { ...base, status: 'cancelled', statusReason: 'cancelled_by_buyer' };
  if (history.expired) return { ...base, status: 'expired', statusReason: 'not_paid_in_time' };
  if (history.checkoutFailed) return { ...base, status: 'failed', statusReason: 'checkout_creation_failed' };
  if (history.failed) return { ...base, status: 'failed', statusReason: 'payment_failed' };
  return { ...base, status: 'pending', statusReason: null };
}

/**
 * The payment an order is held for review by, when none is credited: paid, not matching the order,
 * its money still kept, and no operator closed it.
 */
export function paymentInReview(terms: OrderTerms, history: OrderHistory): PaymentHistory | null {
  if (history.payments.some(isAccepted)) return null;
  return history.payments.find((p) => p.paid && p.mismatch !== null && !p.dismissed && keepsMoney(terms, p)) ?? null;
}

/**
 * A paid payment not credited to the order that still keeps the buyer's money: held for review, or
 * its review dismissed. Never one credited to another order (refunding it would take that order's money).
 */
export function uncreditedPayment(terms: OrderTerms, history: OrderHistory): PaymentHistory | null {
  if (history.payments.some(isAccepted)) return null;
  return history.payments.find((p) => p.paid && p.mismatch !== null && p.mismatch !== 'whop_payment_already_granted' && keepsMoney(terms, p)) ?? null;
}

/** A payment that did not match still keeps money until refunds or lost disputes give back what Whop charged for it. */
function keepsMoney(terms: OrderTerms, payment: PaymentHistory): boolean {
  const charged = chargeOf(terms, payment);
  return moneyBack(payment, charged) < charged;
}

/** What the order's ledger entries sum to. */
export function creditsOnLedger(f: Pick<Figures, 'granted' | 'takenBack' | 'held'>): number {
  return f.granted - f.takenBack - f.held;
}
