import { mergeChaos, type Chaos } from './chaos';
import type { Delivery, WebhookDeliverer } from './delivery';
import { invalid, notFound } from './errors';
import { newId } from './ids';
import { envelope, newPayment, presentPayment, presentRefund, type CheckoutConfig, type SimPayment, type SimRefund } from './model';

export const TEST_CARDS = {
  success: '4242424242424242',
  decline: '4000000000000002',
} as const;

export interface PayResult {
  payment: SimPayment;
  deliveries: Delivery[];
}

/** The simulator's state and the things that happen to it: payments, refunds, and their webhooks. */
export class SimEngine {
  readonly configs = new Map<string, CheckoutConfig>();
  readonly payments: SimPayment[] = [];
  readonly refunds: SimRefund[] = [];
  chaos: Chaos = {};
  readonly checkoutChaos = new Map<string, Chaos>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly deliverer: WebhookDeliverer) {}

  config(id: string): CheckoutConfig {
    const config = this.configs.get(id);
    if (!config) throw notFound();
    return config;
  }

  payment(id: string): SimPayment {
    const payment = this.payments.find((p) => p.id === id);
    if (!payment) throw notFound();
    return payment;
  }

  /**
   * Pays a checkout with a sandbox card: 4242… succeeds, …0002 is declined. Sends payment.created,
   * then payment.succeeded or payment.failed, subject to chaos. With `waitForDelivery` the promise
   * settles after each event's first attempt (not for delayed or dropped events).
   */
  async pay(checkoutId: string, card: string, options: { chaos?: Chaos; waitForDelivery?: boolean } = {}): Promise<PayResult> {
    const config = this.config(checkoutId);
    const digits = card.replace(/[\s-]/g, '');
    const outcome = digits === TEST_CARDS.success ? 'paid' : digits === TEST_CARDS.decline ? 'declined' : null;
    if (!outcome) throw invalid(`Use a sandbox test card: ${TEST_CARDS.success} succeeds, ${TEST_CARDS.decline} is declined.`, 'card');
    const chaos = mergeChaos(this.chaos, this.checkoutChaos.get(checkoutId), options.chaos);
    const now = new Date();
    const slow = outcome === 'paid' && chaos.settleAfterMs !== undefined;
    const payment = newPayment(config, slow ? 'pending' : outcome, digits.slice(-4), now, { totalCents: chaos.amountCents, omitMetadata: chaos.omitMetadata });
    this.payments.push(payment);
    if (slow) this.settleLater(payment, config, chaos);

    const data = presentPayment(payment, config, config.apiVersion);
    const types = ['payment.created', slow ? 'payment.pending' : outcome === 'paid' ? 'payment.succeeded' : 'payment.failed'];
    if (chaos.reorder) types.reverse();
    const deliveries: Delivery[] = [];
    const pending: Promise<void>[] = [];
    for (const type of types) {
      const sent = this.emit(type, data, config, chaos, now);
      deliveries.push(...sent.deliveries);
      // In order unless told otherwise: each event's first attempt before the next is sent.
      if (options.waitForDelivery && !chaos.delayMs) await sent.firstAttempts;
      else pending.push(sent.firstAttempts);
    }
    void Promise.all(pending);
    return { payment, deliveries };
  }

  private settleLater(payment: SimPayment, config: CheckoutConfig, chaos: Chaos): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const now = new Date();
      Object.assign(payment, { status: 'paid', substatus: 'succeeded', paidAt: now, updatedAt: now });
      this.emit('payment.succeeded', presentPayment(payment, config, config.apiVersion), config, chaos, now);
    }, chaos.settleAfterMs);
    timer.unref();
    this.timers.add(timer);
  }

  /** Stops payments that are still to settle. */
  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** POST /payments/{id}/refund: full, or `amountCents` of what is left. Emits refund.created. */
  refund(paymentId: string, amountCents: number | null): { payment: SimPayment; refund: SimRefund; config: CheckoutConfig } {
    const payment = this.payment(paymentId);
    const config = this.config(payment.checkoutId);
    if (payment.status !== 'paid') throw invalid('Only a paid payment can be refunded.', null, 'payment_not_refundable');
    const remaining = payment.totalCents - payment.refundedCents;
    const amount = amountCents ?? remaining;
    if (remaining <= 0) throw invalid('This payment has been refunded in full.', null, 'payment_not_refundable');
    if (amount <= 0 || amount > remaining) throw invalid(`The refund must be between 0.01 and ${(remaining / 100).toFixed(2)}.`, 'partial_amount');
    const now = new Date();
    const refund: SimRefund = { id: newId.refund(), paymentId, amountCents: amount, currency: payment.currency, createdAt: now };
    this.refunds.push(refund);
    payment.refundedCents += amount;
    payment.substatus = payment.refundedCents >= payment.totalCents ? 'refunded' : 'partially_refunded';
    payment.updatedAt = now;
    this.emit('refund.created', presentRefund(refund, payment, config, config.apiVersion), config, mergeChaos(this.chaos, this.checkoutChaos.get(config.id)), now);
    return { payment, refund, config };
  }

  private emit(type: string, data: unknown, config: CheckoutConfig, chaos: Chaos, now: Date) {
    return this.deliverer.send(type, (id) => envelope(id, type, data, config.companyId, config.apiVersion, now), {
      copies: chaos.duplicates,
      delayMs: chaos.delayMs,
      drop: chaos.drop,
    });
  }
}
