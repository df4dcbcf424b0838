import { memoText } from '@credits/shared';
import type { OrderFact, PaymentReport } from './facts';
import { creditsOnLedger, figures, keepsMoney, movements, paymentInReview, type Figures, type Movement } from './figures';
import { emptyHistory, emptyPaymentHistory, isOpenDispute, joinHistory, responseDue, sameHistory, type MismatchReason, type OrderHistory, type PaymentHistory } from './history';
import { grantKey, ledgerKey } from './ledgerKeys';
import type { CompletionSource, FactSource, LedgerDraft, Order } from './order';

/**
 * The money policy: `decide(order, fact)` returns the plan — the order after the fact, the ledger
 * entries to write and what happened. No I/O and no clock but the one it is given; an adapter
 * applies the plan in one transaction. Deciding again on the order the plan produced, with the
 * same fact, plans nothing: every fact is learnt once however often it arrives.
 */

export type Outcome =
  | 'completed'
  | 'already_completed'
  | 'duplicate_payment'
  | 'review'
  | 'not_paid'
  | 'failed'
  | 'refunded'
  | 'refund_pending'
  | 'refund_failed'
  | 'dispute_opened'
  | 'dispute_open'
  | 'dispute_won'
  | 'dispute_lost'
  | 'dispute_closed'
  | 'expired'
  | 'cancelled'
  | 'dismissed'
  | 'ignored';

export interface Plan {
  /** The order after the fact, its version one higher; null when the fact taught it nothing. */
  order: Order | null;
  entries: LedgerDraft[];
  /** Every movement of money Whop made for the order as it now knows them; null when the fact moved none. */
  movements: Movement[] | null;
  outcome: Outcome;
}

export interface DecisionContext {
  now: Date;
  /** How the fact reached us; recorded on the order when it grants. */
  source: FactSource;
}

/** The source of a fact that credits an order: never the service's own (a cancel, an expiry, a refused checkout credits nothing). */
function crediting(source: FactSource): CompletionSource {
  if (source === 'buyer' || source === 'expiry' || source === 'checkout_refused') throw new Error(`a fact from ${source} cannot credit an order`);
  return source;
}

export function decide(order: Order, fact: OrderFact, context: DecisionContext): Plan {
  const history = joinHistory(order.history, learnt(order, fact));
  const before = figures(order, order.history);
  const after = figures(order, history);
  const outcome = outcomeOf(order, fact, before, after, history);
  if (sameHistory(history, order.history)) return { order: null, entries: [], movements: null, outcome };

  const grantedNow = before.granted === 0 && after.granted > 0;
  const reviewed = paymentInReview(order, history)?.id ?? null;
  const granting = grantedPaymentOf(fact);
  const whopPaymentId = grantedNow && granting ? granting : (order.whopPaymentId ?? reviewed);
  return {
    order: {
      ...order,
      history,
      status: after.status,
      statusReason: after.statusReason,
      whopPaymentId,
      secondPayments: after.granted > 0 ? secondPayments(order, history, whopPaymentId) : [],
      completionSource: grantedNow ? crediting(context.source) : order.completionSource,
      completedAt: grantedNow ? context.now : order.completedAt,
      chargedCents: after.chargedCents,
      taxCents: after.taxCents,
      refundedCents: after.refundedCents,
      clawedCredits: after.takenBack,
      heldCredits: after.held,
      respondBy: dateOrNull(responseDue(history)),
      version: order.version + 1,
      updatedAt: context.now,
    },
    entries: ledgerChanges(order, fact, before, after),
    movements: movedNow(order, history),
    outcome,
  };
}

const dateOrNull = (iso: string | null) => (iso === null ? null : new Date(iso));

function movedNow(order: Order, history: OrderHistory): Movement[] | null {
  const now = movements(order, history);
  return JSON.stringify(now) === JSON.stringify(movements(order, order.history)) ? null : now;
}

/** Every other paid payment of a credited order: it added nothing and is owed back to the buyer. */
function secondPayments(order: Order, history: OrderHistory, credited: string | null): Order['secondPayments'] {
  return history.payments.filter((p) => p.paid && p.id !== credited).map((p) => ({ whopPaymentId: p.id, refunded: !keepsMoney(order, p) }));
}

/** What the fact adds to the order's history, as a history of its own. */
function learnt(order: Order, fact: OrderFact): OrderHistory {
  const history = emptyHistory();
  switch (fact.type) {
    case 'payment': {
      const p = fact.payment;
      if (p.state === 'failed') return { ...history, failed: true, payments: [{ ...emptyPaymentHistory(p.id), declined: true }] };
      const paid = p.state === 'paid';
      const payment: PaymentHistory = {
        ...emptyPaymentHistory(p.id),
        paid,
        mismatch: paid ? mismatchOf(order, p) : null,
        chargedCents: paid ? p.netCents : null,
        totalCents: paid ? p.totalCents : null,
        currency: p.currency || null,
        settlement: paid ? p.settlement : null,
        usdTotalCents: paid ? p.usdTotalCents : null,
        reportedRefund: p.refundedCents === null ? null : { at: p.at ?? '', cents: p.refundedCents, taxCents: p.refundedTaxCents },
      };
      return { ...history, payments: [payment] };
    }
    case 'refund': {
      const { id, status, cents, currency } = fact.refund;
      return { ...history, payments: [{ ...emptyPaymentHistory(fact.refund.paymentId), refunds: [{ id, status, cents, currency }] }] };
    }
    case 'dispute': {
      const { id, status, cents, currency, paymentSaysLost, needsResponseBy } = fact.dispute;
      return { ...history, payments: [{ ...emptyPaymentHistory(fact.dispute.paymentId), disputes: [{ id, status, cents, currency, paymentSaysLost, needsResponseBy }] }] };
    }
    case 'checkout_failed':
      return { ...history, checkoutFailed: true };
    case 'expired':
      return { ...history, expired: true };
    case 'cancelled':
      return { ...history, cancelled: true };
    case 'accept':
      return { ...history, payments: [{ ...emptyPaymentHistory(fact.paymentId), accepted: true }] };
    case 'dismiss':
      return { ...history, payments: [{ ...emptyPaymentHistory(fact.paymentId), dismissed: true }] };
  }
}

/** The Whop payment a fact would credit: a report of it, or an operator accepting it. */
function grantedPaymentOf(fact: OrderFact): string | null {
  if (fact.type === 'payment') return fact.payment.id;
  return fact.type === 'accept' ? fact.paymentId : null;
}

/** A paid payment is credited only on the checkout we created, in USD, for exactly the pack price. */
function mismatchOf(order: Order, p: PaymentReport): MismatchReason | null {
  if (p.grantedElsewhere) return 'whop_payment_already_granted';
  if (p.checkoutId !== order.whopCheckoutId) return 'checkout_mismatch';
  if (p.metadataOrderId !== null && p.metadataOrderId !== order.id) return 'metadata_mismatch';
  if (p.currency !== order.currency) return 'currency_mismatch';
  if (p.netCents !== order.amountCents) return 'amount_mismatch';
  return null;
}

function outcomeOf(order: Order, fact: OrderFact, before: Figures, after: Figures, history: OrderHistory): Outcome {
  switch (fact.type) {
    case 'payment': {
      const p = fact.payment;
      if (p.state === 'failed') return 'failed';
      if (p.state === 'open') return 'not_paid';
      if (before.granted === 0 && after.granted > 0) return 'completed';
      if (after.granted === 0) return 'review';
      return order.whopPaymentId === p.id ? 'already_completed' : 'duplicate_payment';
    }
    case 'refund': {
      const status = history.payments.find((p) => p.id === fact.refund.paymentId)?.refunds.find((r) => r.id === fact.refund.id)?.status;
      if (status === 'succeeded') return 'refunded';
      return status === 'failed' || status === 'canceled' ? 'refund_failed' : 'refund_pending';
    }
    case 'dispute': {
      const find = (h: OrderHistory) => h.payments.find((p) => p.id === fact.dispute.paymentId)?.disputes.find((d) => d.id === fact.dispute.id);
      const now = find(history)!;
      if (isOpenDispute(now)) {
        const was = find(order.history);
        return was && isOpenDispute(was) ? 'dispute_open' : 'dispute_opened';
      }
      if (now.status === 'won') return 'dispute_won';
      return now.status === 'lost' || now.paymentSaysLost ? 'dispute_lost' : 'dispute_closed';
    }
    case 'checkout_failed':
      return 'failed';
    case 'expired':
    case 'cancelled':
      return after.status === fact.type ? fact.type : 'ignored';
    case 'accept':
      return before.granted === 0 && after.granted > 0 ? 'completed' : 'ignored';
    case 'dismiss':
      return before.status === 'review' && after.status !== 'review' ? 'dismissed' : 'ignored';
  }
}

/**
 * One entry per figure the fact moved: the grant (keyed by the Whop payment, so no payment is ever
 * granted to two orders), the take-back and the hold (keyed by the order and the fact itself).
 */
function ledgerChanges(order: Order, fact: OrderFact, before: Figures, after: Figures): LedgerDraft[] {
  const cause = factKey(fact);
  const memo = memoOf(fact);
  const entries: LedgerDraft[] = [];
  const granting = grantedPaymentOf(fact);
  if (after.granted !== before.granted && granting) {
    entries.push({ key: grantKey(granting), kind: 'grant', credits: after.granted - before.granted, memo });
  }
  if (after.takenBack !== before.takenBack) {
    entries.push({ key: ledgerKey('takeback', order.id, ...cause), kind: fact.type === 'dispute' ? 'dispute' : 'refund', credits: before.takenBack - after.takenBack, memo });
  }
  if (after.held !== before.held) {
    entries.push({ key: ledgerKey('hold', order.id, ...cause), kind: 'dispute', credits: before.held - after.held, memo });
  }
  const moved = entries.reduce((sum, e) => sum + e.credits, 0);
  if (moved !== creditsOnLedger(after) - creditsOnLedger(before)) throw new Error('ledger changes do not add up');
  return entries;
}

/** Everything a fact says, in a fixed order: two facts that could move money differently never share a key. */
function factKey(fact: OrderFact): Array<string | number> {
  switch (fact.type) {
    case 'payment': {
      const p = fact.payment;
      return [
        'payment',
        p.id,
        p.state,
        p.currency,
        p.netCents ?? '-',
        p.totalCents ?? '-',
        p.settlement ? `${p.settlement.cents}${p.settlement.currency}` : '-',
        p.usdTotalCents ?? '-',
        p.checkoutId ?? '-',
        p.metadataOrderId ?? '-',
        p.refundedCents ?? '-',
        p.refundedTaxCents ?? '-',
        p.at ?? '-',
        p.grantedElsewhere ? 'elsewhere' : '-',
      ];
    }
    case 'refund':
      return ['refund', fact.refund.id, fact.refund.paymentId, fact.refund.status, fact.refund.cents, fact.refund.currency ?? '-'];
    case 'dispute':
      return [
        'dispute',
        fact.dispute.id,
        fact.dispute.paymentId,
        fact.dispute.status,
        fact.dispute.cents ?? '-',
        fact.dispute.currency ?? '-',
        fact.dispute.paymentSaysLost ? 'said-lost' : '-',
      ];
    case 'accept':
    case 'dismiss':
      return [fact.type, fact.paymentId];
    default:
      return [fact.type];
  }
}

function memoOf(fact: OrderFact): string {
  switch (fact.type) {
    case 'payment':
      return memoText({ code: 'payment', paymentId: fact.payment.id });
    case 'refund':
      return memoText({ code: 'refund', refundId: fact.refund.id, paymentId: fact.refund.paymentId, status: fact.refund.status });
    case 'dispute':
      return memoText({ code: 'dispute', disputeId: fact.dispute.id, paymentId: fact.dispute.paymentId, status: fact.dispute.status });
    case 'accept':
      return memoText({ code: 'accepted', paymentId: fact.paymentId });
    default:
      return fact.type;
  }
}
