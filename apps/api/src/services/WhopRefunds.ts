import type { RefundReport } from '../domain/facts';
import type { PaymentHistory } from '../domain/history';
import type { Order } from '../domain/order';
import { WhopApiError, type WhopClient } from '../whop/client';
import { withPayment } from '../whop/payment';
import type { Fulfilment } from './Fulfilment';

/** What Whop's refunds of one payment leave to do. */
export interface RefundsAtWhop {
  refunds: RefundReport[];
  /** Refunds pending or made cover the payment (or one is in another currency, which cannot be compared): asking again would refund twice. */
  underWay: boolean;
  /** A refund of the payment is still pending at Whop: what the payment keeps is not known until it ends. */
  pending: boolean;
  /** Refunds that failed or were canceled: the next request is attempt number this. */
  attempt: number;
}

const ACTIVE = new Set<RefundReport['status']>(['pending', 'requires_action', 'succeeded']);

/**
 * Refunds through Whop, each payment refunded once. Whop's refunds of the payment are read first
 * (and learnt by the order, so it knows them whether or not their webhooks came): a refund under
 * way or made is never asked for again. Each attempt after a failed one has its own Whop
 * Idempotency-Key, named by the attempt, so Whop makes a new refund instead of replaying the failed
 * one; and Whop refusing means "already refunded" only when its refunds of the payment say so.
 */
export class WhopRefunds {
  constructor(private readonly deps: { whop: WhopClient; fulfilment: () => Fulfilment }) {}

  async atWhop(order: Pick<Order, 'id' | 'amountCents' | 'currency'>, payment: Pick<PaymentHistory, 'id' | 'totalCents' | 'chargedCents' | 'currency'>): Promise<RefundsAtWhop> {
    const listed = await this.deps.whop.listRefundsForPayment(payment.id);
    const refunds = listed.map((r) => withPayment(r, { paymentId: payment.id, checkoutId: null, metadataOrderId: null }));
    for (const refund of refunds) await this.deps.fulfilment().learn([{ id: order.id }], { type: 'refund', refund }, { source: 'reconcile' });
    const currency = payment.currency ?? order.currency;
    const active = refunds.filter((r) => ACTIVE.has(r.status));
    const total = payment.totalCents ?? payment.chargedCents ?? order.amountCents;
    const covered = active.reduce((sum, r) => sum + (r.currency === null || r.currency === currency ? r.cents : 0), 0);
    return {
      refunds,
      underWay: active.some((r) => r.currency !== null && r.currency !== currency) || covered >= total,
      pending: active.some((r) => r.status !== 'succeeded'),
      attempt: refunds.filter((r) => r.status === 'failed' || r.status === 'canceled').length,
    };
  }

  /** Asks Whop to refund what is left of the payment (or `partialCents` of it) under `key`; a refusal Whop's refunds explain is `under_way`. */
  async request(
    order: Pick<Order, 'id' | 'amountCents' | 'currency'>,
    payment: Pick<PaymentHistory, 'id' | 'totalCents' | 'chargedCents' | 'currency'>,
    key: string,
    partialCents?: number,
  ): Promise<{ refundId: string | null } | 'under_way'> {
    try {
      return await this.deps.whop.refundPayment(payment.id, key, partialCents);
    } catch (err) {
      const refused = err instanceof WhopApiError && err.status !== null && err.status >= 400 && err.status < 500 && err.status !== 429;
      if (refused && (await this.atWhop(order, payment)).underWay) return 'under_way';
      throw err;
    }
  }
}

/** The payment as the order knows it, for a refund (a payment it never learnt about is taken at the order's price). */
export function refundTarget(order: Order, whopPaymentId: string): Pick<PaymentHistory, 'id' | 'totalCents' | 'chargedCents' | 'currency'> {
  const known = order.history.payments.find((p) => p.id === whopPaymentId);
  return known ?? { id: whopPaymentId, totalCents: null, chargedCents: null, currency: null };
}
