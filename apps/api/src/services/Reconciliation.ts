import { isPaymentId } from '@credits/shared';
import type { OrderRef } from '../store/ports';
import { WhopApiError, type Listed, type WhopClient } from '../whop/client';
import { factsOfPayment, InvalidPaymentPayloadError, paymentReport, withPayment, type NormalizedDispute, type RelatedPayment, type WhopPayment } from '../whop/payment';
import { disputeFact } from './disputeFact';
import type { Fulfilment } from './Fulfilment';
import type { Unreadable } from './Unreadable';

/**
 * Learning what Whop's lists and retrieved objects say, as its webhooks would have told it: what the
 * sweep, a buyer's re-check and cancellation, and the webhook path's lookups share. Every fact goes
 * through the fulfilment shell (source `reconcile`), so it is learnt once however often it is read.
 */
export class Reconciliation {
  constructor(private readonly deps: { whop: WhopClient; fulfilment: Fulfilment; unreadable: Unreadable }) {}

  /** Every payment Whop has for one checkout, learnt as its webhooks would have told it. */
  async reconcileCheckout(checkoutId: string): Promise<void> {
    for (const listed of await this.deps.whop.listPaymentsForCheckout(checkoutId)) await this.learnListed(listed);
  }

  /**
   * A payment as Whop's list shows it (no refunds or disputes inside), learnt; when the item says its
   * refunds or disputes may have moved, and it is one of ours, it is read in full. True when it
   * credited an order. An item that cannot be read is recorded and skipped.
   */
  async learnListed(listed: Listed<WhopPayment>): Promise<boolean> {
    if ('unreadable' in listed) {
      await this.deps.unreadable.report('payment', listed.unreadable.id, listed.unreadable.reason);
      return false;
    }
    const { credited, ours } = await this.learnWhopPayment(listed.item);
    if (ours && mayHaveMoved(listed.item)) await this.learnPaymentInFull(listed.item.id);
    return credited;
  }

  /**
   * One payment read in full: itself, and its refunds and disputes (a retrieved payment of the legacy
   * shape embeds them; for the native shape its refunds are listed, its disputes come from Whop's
   * dispute list). Throws WhopApiError when Whop cannot be asked.
   */
  async learnPaymentInFull(whopPaymentId: string): Promise<void> {
    let payment: WhopPayment;
    try {
      payment = await this.deps.whop.retrievePayment(whopPaymentId);
    } catch (err) {
      if (!(err instanceof InvalidPaymentPayloadError)) throw err;
      return this.deps.unreadable.report('payment', whopPaymentId, err.message);
    }
    await this.learnWhopPayment(payment);
    if (payment.refunds !== null) return;
    const related = relatedOf(payment);
    for (const refund of await this.deps.whop.listRefundsForPayment(payment.id)) {
      await this.deps.fulfilment.learn(refsOf(related, true), { type: 'refund', refund: withPayment(refund, related) }, { source: 'reconcile' });
    }
  }

  /** Every fact a payment of Whop's carries (itself, and the refunds and disputes it embeds). `ours`: it concerns one of our orders. */
  async learnWhopPayment(payment: WhopPayment): Promise<{ credited: boolean; ours: boolean }> {
    const refs = refsOf(relatedOf(payment), true);
    let credited = false;
    let ours = false;
    for (const fact of factsOfPayment(payment)) {
      const { outcome } = await this.deps.fulfilment.learn(refs, fact, { source: 'reconcile' });
      credited ||= outcome === 'completed';
      ours ||= outcome !== 'unknown_order';
    }
    return { credited, ours };
  }

  /**
   * A dispute as Whop lists or shows it, learnt by the order of its payment (found through Whop when
   * the payment is not one credited here). `not_asked`: it ended `closed` or `other` and Whop could
   * not be asked how, so it stays held; `unreadable`: it names no payment, even read by its id.
   */
  async learnDispute(normalized: NormalizedDispute): Promise<'learnt' | 'not_asked' | 'unreadable'> {
    // A dispute that names no payment is read again by its own id.
    const related = normalized.related ?? (await this.deps.whop.retrieveDispute(normalized.report.id)).related;
    if (!related) {
      await this.deps.unreadable.report('dispute', normalized.report.id, 'the dispute names no payment, listed or read by id');
      return 'unreadable';
    }
    const fact = await disputeFact(this.deps.whop, withPayment(normalized, related));
    if (!fact) return 'not_asked';
    await this.deps.fulfilment.learn(refsOf(related, true), fact, { source: 'reconcile', lookup: () => this.refsOfWhopPayment(related.paymentId) });
    return 'learnt';
  }

  /** Where the order of a Whop payment not credited here may be: Whop says which checkout it was made on. Throws WhopApiError when Whop cannot say. */
  async refsOfWhopPayment(whopPaymentId: string): Promise<OrderRef[]> {
    try {
      return refsOf(relatedOf(await this.deps.whop.retrievePayment(whopPaymentId)), false);
    } catch (err) {
      if ((err instanceof WhopApiError && err.status === 404) || err instanceof InvalidPaymentPayloadError) return [];
      throw err;
    }
  }
}

/** Where to look for the order: the checkout we created, our id in metadata, and (with `byWhopPayment`) the order it was credited to or held for review by. */
export function refsOf(related: RelatedPayment, byWhopPayment: boolean): OrderRef[] {
  const refs: OrderRef[] = [];
  if (related.checkoutId) refs.push({ checkoutId: related.checkoutId });
  if (isPaymentId(related.metadataOrderId)) refs.push({ id: related.metadataOrderId.toLowerCase() });
  if (byWhopPayment) refs.push({ whopPaymentId: related.paymentId });
  return refs;
}

function relatedOf(payment: WhopPayment): RelatedPayment {
  const report = paymentReport(payment);
  return { paymentId: report.id, checkoutId: report.checkoutId, metadataOrderId: report.metadataOrderId };
}

/**
 * A list item of a paid payment whose refunds or disputes may have moved: it shows some (its
 * substatus, a refunded amount), or it changed after it was paid (a refund that failed after
 * succeeding leaves no other trace on a list item).
 */
function mayHaveMoved(item: WhopPayment): boolean {
  if (item.status !== 'paid' && item.status !== 'succeeded') return false;
  if (item.substatus !== null && item.substatus !== 'succeeded') return true;
  if ((item.refundedCents ?? 0) > 0) return true;
  return item.paidAt !== null && item.updatedAt !== null && item.updatedAt > item.paidAt;
}
