import type { PaymentStatus } from '@credits/shared';
import { isOpenDispute, type DisputeHistory, type OrderHistory, type PaymentHistory } from './history';

/**
 * Everything about an order's money, derived from its history alone:
 *
 * - `granted`: the pack's credits once a paid payment matches the order, else 0. Never shrinks.
 * - `covered`: the share of the price the order still keeps, in cents, across the payments credited
 *   to it: each keeps what it charged less what was refunded (the larger of the refunds known one by
 *   one and Whop's cumulative figure, so a refund learnt both ways counts once) and what disputes
 *   took back, measured against what was accepted for the pack (see `keeps`). Refunds include tax
 *   Whop added on top, so they are measured net of it. Capped at the price: a buyer who paid twice
 *   gets one pack.
 * - `entitled`: credits in proportion to `covered`, bonus included. `takenBack` = granted − entitled.
 * - `held`: what open disputes hold of the entitled credits (a disputed payment keeps nothing until
 *   its dispute ends), and what a payment keeps while one of its refunds is in a currency Whop gave
 *   no way to convert and Whop's own cumulative figure does not account for it yet (it is never
 *   read as the charge's currency).
 *   The order's ledger entries always sum to granted − takenBack − held.
 * - `chargedCents` / `refundedCents`: the money Whop moved for the order, whatever was credited:
 *   every payment it took (tax included), and every refund and lost chargeback of them; `taxCents`:
 *   the tax Whop added on top in what it charged, counted as the charge is.
 */
export interface Figures {
  status: PaymentStatus;
  statusReason: string | null;
  granted: number;
  takenBack: number;
  held: number;
  chargedCents: number;
  taxCents: number;
  refundedCents: number;
  /** The payments credited to the order (paid, matching), by id. */
  accepted: string[];
}

export interface OrderTerms {
  credits: number;
  amountCents: number;
  currency: string;
}

/**
 * A payment is credited when it was paid and matches the order, or an operator accepted it — unless
 * it was granted to another order: one Whop payment never buys two packs.
 */
export function isAccepted(payment: PaymentHistory): boolean {
  if (!payment.paid) return false;
  return payment.mismatch === null || (payment.accepted && payment.mismatch !== 'whop_payment_already_granted');
}

/** What Whop charged for the pack (the order's price until Whop said). */
export const chargeOf = (terms: OrderTerms, payment: PaymentHistory) => payment.chargedCents ?? terms.amountCents;
/** What Whop charged in all, tax added on top included. */
const totalOf = (terms: OrderTerms, payment: PaymentHistory) => payment.totalCents ?? chargeOf(terms, payment);

/**
 * An amount in `currency` expressed in the payment's own currency: as it is, or through Whop's
 * settlement figures for a payment priced in the buyer's currency; null when Whop gave no way.
 */
function inChargeCurrency(terms: OrderTerms, payment: PaymentHistory, cents: number, currency: string | null): number | null {
  if (currency === null || currency === (payment.currency ?? terms.currency)) return cents;
  const settlement = payment.settlement;
  if (settlement && settlement.currency === currency && settlement.cents > 0) return Math.round((cents * totalOf(terms, payment)) / settlement.cents);
  return null;
}

/**
 * The disputes that took a payment's money: those Whop reports `lost`; failing any, one that ended
 * `closed` or `other` while Whop showed the payment `dispute_lost` (the first by id: the substatus
 * tells of one loss, never of two).
 */
export function lostDisputes(payment: PaymentHistory): DisputeHistory[] {
  const lost = payment.disputes.filter((d) => d.status === 'lost');
  if (lost.length > 0) return lost;
  const said = payment.disputes.find((d) => (d.status === 'closed' || d.status === 'other') && d.paymentSaysLost);
  return said ? [said] : [];
}

/** One movement of money Whop made, by the id Whop gave it. */
export type MovementKind = 'charge' | 'refund' | 'chargeback' | 'decline';
export interface Movement {
  kind: MovementKind;
  whopId: string;
  /** In the order's currency, tax included (a decline moves nothing). */
  cents: number;
}

/**
 * What Whop did with one payment's money, in the payment's own currency: charged, refunded (by id,
 * and what Whop's cumulative figure says beyond those), lost to chargebacks (a chargeback in a
 * currency with no conversion takes the whole charge). `unconverted`: a refund went back in a
 * currency Whop gave no conversion for, and Whop's own cumulative figure does not account for it
 * yet, so what went back is not known.
 */
function paymentMovements(terms: OrderTerms, payment: PaymentHistory): { movements: Movement[]; unconverted: boolean } {
  const movements: Movement[] = [];
  if (payment.declined) movements.push({ kind: 'decline', whopId: payment.id, cents: 0 });
  if (!payment.paid) return { movements, unconverted: false };
  const total = totalOf(terms, payment);
  movements.push({ kind: 'charge', whopId: payment.id, cents: total });
  let refundedById = 0;
  let foreign = false;
  for (const refund of payment.refunds) {
    if (refund.status !== 'succeeded') continue;
    const cents = inChargeCurrency(terms, payment, refund.cents, refund.currency);
    if (cents === null) foreign = true;
    else {
      refundedById += cents;
      movements.push({ kind: 'refund', whopId: refund.id, cents });
    }
  }
  // Whop's own figure (in the payment's currency) beyond the refunds known by id: refunds learnt no other way, or converted by Whop.
  const beyond = (payment.reportedRefund?.cents ?? 0) - refundedById;
  if (beyond > 0) movements.push({ kind: 'refund', whopId: `${payment.id}:refunded`, cents: beyond });
  for (const dispute of lostDisputes(payment)) {
    const cents = dispute.cents === null ? null : inChargeCurrency(terms, payment, dispute.cents, dispute.currency);
    movements.push({ kind: 'chargeback', whopId: dispute.id, cents: cents ?? total });
  }
  return { movements, unconverted: foreign && beyond <= 0 };
}

/**
 * Every movement of money Whop made for the order, in the order's currency: what the operators'
 * figures sum and the buyer is told. A payment in another currency counts by Whop's `usd_total`;
 * without it, it is left out rather than read as the order's currency.
 */
export function movements(terms: OrderTerms, history: OrderHistory): Movement[] {
  return history.payments.flatMap((p) => {
    const moved = paymentMovements(terms, p).movements;
    const inOrder = inOrderCurrency(terms, p);
    return inOrder ? moved.map((m) => ({ ...m, cents: inOrder(m.cents) })) : moved.filter((m) => m.kind === 'decline');
  });
}

/**
 * How an amount in a payment's currency counts in the order's: as it is, or by Whop's `usd_total`
 * for a charge in another currency on a dollar order; null: it cannot be counted.
 */
function inOrderCurrency(terms: OrderTerms, payment: PaymentHistory): ((cents: number) => number) | null {
  if ((payment.currency ?? terms.currency) === terms.currency) return (cents) => cents;
  const total = totalOf(terms, payment);
  if (terms.currency !== 'usd' || payment.usdTotalCents === null || total <= 0) return null;
  return (cents) => Math.round((cents * payment.usdTotalCents!) / total);
}

/**
 * What one payment gave back to the buyer, net of tax Whop added on top, at most what it charged:
 * refunds (the larger of those known by id and Whop's cumulative figure, net of the tax in it when
 * Whop says) and lost disputes. `unconverted`: something went back in a currency Whop gave no
 * conversion for, so the true figure is not known.
 */
export function moneyBack(terms: OrderTerms, payment: PaymentHistory): { cents: number; unconverted: boolean } {
  const charged = chargeOf(terms, payment);
  const total = totalOf(terms, payment);
  const net = (gross: number) => (total > 0 && total !== charged ? Math.round((gross * charged) / total) : gross);
  const { movements: moved, unconverted } = paymentMovements(terms, payment);
  const sum = (kind: MovementKind, id?: (whopId: string) => boolean) => moved.filter((m) => m.kind === kind && (!id || id(m.whopId))).reduce((s, m) => s + m.cents, 0);
  const byId = net(sum('refund', (id) => id !== `${payment.id}:refunded`));
  const reported = payment.reportedRefund;
  const byWhop = !reported ? 0 : reported.taxCents !== null ? Math.max(0, reported.cents - reported.taxCents) : net(reported.cents);
  return { cents: Math.min(charged, Math.max(byId, byWhop) + net(sum('chargeback'))), unconverted };
}

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
  const kept = charged - moneyBack(terms, payment).cents;
  return Math.round((terms.amountCents * Math.min(kept, accepted)) / accepted);
}

/**
 * What a payment charged beyond the pack's price that it still keeps, for an operator to give back:
 * the one payment credited to the order, or the one holding it for review (granted first). Null when
 * it keeps no more than the price, when more than one payment is credited, when its charge is in
 * another currency than the order's or the buyer paid in another (Whop's refunds of such a payment
 * are in the buyer's currency, and what a partial amount means there is not documented), or while a
 * dispute or a refund in an unconverted currency leaves what it keeps unknown.
 *
 * `cents` is what to ask Whop for, in Whop's terms (tax added on top included): what the payment
 * keeps less the price grossed up by that tax to a whole cent above. However Whop rounds the tax in
 * a refund to the cent, what the payment then keeps for the pack is a whole number of cents above
 * the price less one: the price at least, so the credits stay whole. After earlier refunds, whose
 * tax Whop may have rounded its own way each time, it is also at most the difference as the policy
 * counts it (net of that tax) grossed up and rounded down.
 */
export function overcharge(terms: OrderTerms, history: OrderHistory): { payment: PaymentHistory; cents: number } | null {
  const accepted = history.payments.filter(isAccepted);
  const payment = accepted.length > 0 ? (accepted.length === 1 ? accepted[0]! : null) : paymentInReview(terms, history);
  if (!payment || (payment.currency ?? terms.currency) !== terms.currency || payment.settlement !== null || payment.disputes.some(isOpenDispute)) return null;
  const { movements: moved, unconverted } = paymentMovements(terms, payment);
  if (unconverted) return null;
  const back = moved.filter((m) => m.kind === 'refund' || m.kind === 'chargeback').reduce((sum, m) => sum + m.cents, 0);
  const charged = chargeOf(terms, payment);
  const total = totalOf(terms, payment);
  if (charged <= terms.amountCents) return null;
  const taxOnTop = total !== charged;
  const price = taxOnTop ? Math.ceil((terms.amountCents * total) / charged) : terms.amountCents;
  const byPolicy = charged - moneyBack(terms, payment).cents - terms.amountCents;
  const cents = Math.min(total - Math.min(total, back) - price, taxOnTop ? Math.floor((byPolicy * total) / charged) : byPolicy);
  return cents > 0 ? { payment, cents } : null;
}

const creditsFor = (terms: OrderTerms, cents: number) => Math.round((terms.credits * cents) / terms.amountCents);

/** The money Whop moved for the order, and the tax it added on top of its charges, in the order's currency. */
function moneyMoved(terms: OrderTerms, history: OrderHistory): Pick<Figures, 'chargedCents' | 'taxCents' | 'refundedCents'> {
  const all = movements(terms, history);
  const sum = (kinds: MovementKind[]) => all.filter((m) => kinds.includes(m.kind)).reduce((s, m) => s + m.cents, 0);
  const taxCents = history.payments.filter((p) => p.paid).reduce((s, p) => s + (inOrderCurrency(terms, p)?.(Math.max(0, totalOf(terms, p) - chargeOf(terms, p))) ?? 0), 0);
  return { chargedCents: sum(['charge']), taxCents, refundedCents: sum(['refund', 'chargeback']) };
}

export function figures(terms: OrderTerms, history: OrderHistory): Figures {
  const accepted = history.payments.filter(isAccepted);
  if (accepted.length === 0) return unpaid(terms, history);

  const covered = Math.min(
    terms.amountCents,
    accepted.reduce((sum, p) => sum + keeps(terms, p), 0),
  );
  const disputed = accepted.filter((p) => p.disputes.some(isOpenDispute));
  const unconverted = accepted.filter((p) => moneyBack(terms, p).unconverted);
  const free = accepted.filter((p) => !disputed.includes(p) && !unconverted.includes(p));
  const available = creditsFor(
    terms,
    Math.min(
      terms.amountCents,
      free.reduce((sum, p) => sum + keeps(terms, p), 0),
    ),
  );
  const entitled = creditsFor(terms, covered);
  const lostDispute = accepted.some((p) => lostDisputes(p).length > 0);

  let status: PaymentStatus;
  if (disputed.length > 0) status = 'disputed';
  else if (covered === 0) status = 'refunded';
  // Money went back, of an amount not known yet: never shown as untouched.
  else if (covered < terms.amountCents || unconverted.length > 0) status = 'partially_refunded';
  else status = 'completed';

  return {
    status,
    statusReason: unconverted.length > 0 ? 'refund_currency_unknown' : status === 'refunded' && lostDispute ? 'dispute_lost' : null,
    granted: terms.credits,
    takenBack: terms.credits - entitled,
    held: entitled - available,
    ...moneyMoved(terms, history),
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
  const base = { granted: 0, takenBack: 0, held: 0, ...moneyMoved(terms, history), accepted: [] };
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

/**
 * A payment keeps money until refunds or lost disputes give back what Whop charged for it; one with
 * money gone back in a currency Whop gave no conversion for is taken to keep it (a person decides).
 */
export function keepsMoney(terms: OrderTerms, payment: PaymentHistory): boolean {
  const back = moneyBack(terms, payment);
  return back.unconverted || back.cents < chargeOf(terms, payment);
}

/** What the order's ledger entries sum to. */
export function creditsOnLedger(f: Pick<Figures, 'granted' | 'takenBack' | 'held'>): number {
  return f.granted - f.takenBack - f.held;
}
