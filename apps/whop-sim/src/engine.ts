import type { DisputeStatuses } from '@whop/sdk/resources/disputes';
import type { RefundStatus } from '@whop/sdk/resources/refunds';
import { mergeChaos, type Chaos } from './chaos';
import type { Delivery, WebhookDeliverer } from './delivery';
import { invalid, notFound, WhopError } from './errors';
import { newId } from './ids';
import { inPaymentCurrency, newPayment, refundedCents, type CheckoutConfig, type SimDispute, type SimPayment, type SimPlan, type SimRefund } from './model';
import { envelope, presentDispute, presentDisputeAlert, presentPayment, presentRefund, type Related } from './present';
import { Timers } from './Timers';
import { LEGACY_VERSION } from './versions';

export const TEST_CARDS = {
  success: '4242424242424242',
  decline: '4000000000000002',
} as const;

export interface PayResult {
  payment: SimPayment;
  deliveries: Delivery[];
}

/** Where each dispute status may go next: an inquiry closes or escalates; a chargeback is reviewed, then decided. */
const DISPUTE_NEXT: Record<DisputeStatuses, readonly DisputeStatuses[]> = {
  warning_needs_response: ['warning_under_review', 'warning_closed', 'needs_response'],
  warning_under_review: ['warning_closed', 'needs_response'],
  warning_closed: [],
  needs_response: ['under_review', 'won', 'lost', 'closed', 'other'],
  under_review: ['won', 'lost', 'closed', 'other'],
  won: [],
  lost: [],
  closed: [],
  other: [],
};

export interface NewCheckout {
  companyId: string;
  plan: { id?: string; priceCents: number; currency: string; title: string } | { existing: SimPlan };
  metadata: Record<string, unknown> | null;
  redirectUrl: string | null;
  apiVersion: string;
}

/** The simulator's state and what happens to it: checkouts, payments, refunds, disputes, and their webhooks. */
export class SimEngine {
  readonly plans = new Map<string, SimPlan>();
  readonly configs = new Map<string, CheckoutConfig>();
  readonly payments: SimPayment[] = [];
  readonly refunds: SimRefund[] = [];
  readonly disputes: SimDispute[] = [];
  chaos: Chaos = {};
  readonly checkoutChaos = new Map<string, Chaos>();
  /** Called after each change of plans, checkouts, payments, refunds or disputes, before any webhook about it leaves. */
  onChange: () => void = () => undefined;
  private readonly timers = new Timers();

  constructor(
    private readonly deliverer: WebhookDeliverer,
    private readonly publicUrl: () => string,
    /**
     * The Api-Version-Date the webhook endpoint is pinned to: every event's shape follows it, not the
     * version a checkout was created with (Whop: unpinned webhooks keep the original, legacy shape).
     */
    public webhookVersion: string = LEGACY_VERSION,
  ) {}

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

  related(payment: SimPayment): Related {
    return {
      config: this.config(payment.checkoutId),
      refunds: this.refunds.filter((r) => r.paymentId === payment.id),
      disputes: this.disputes.filter((d) => d.paymentId === payment.id),
    };
  }

  createCheckout(input: NewCheckout): CheckoutConfig {
    const now = new Date();
    let plan: SimPlan;
    if ('existing' in input.plan) {
      plan = input.plan.existing;
    } else {
      plan = {
        id: newId.plan(),
        companyId: input.companyId,
        productId: newId.product(),
        productTitle: input.plan.title,
        priceCents: input.plan.priceCents,
        currency: input.plan.currency,
        createdAt: now,
      };
      this.plans.set(plan.id, plan);
    }
    const id = newId.checkout();
    const config: CheckoutConfig = {
      id,
      companyId: input.companyId,
      planId: plan.id,
      productId: plan.productId,
      productTitle: plan.productTitle,
      priceCents: plan.priceCents,
      currency: plan.currency,
      metadata: input.metadata,
      redirectUrl: input.redirectUrl,
      purchaseUrl: `${this.publicUrl()}/checkout/${plan.id}/?session=${id}`,
      apiVersion: input.apiVersion,
      createdAt: now,
      deletedAt: null,
    };
    this.configs.set(id, config);
    this.onChange();
    return config;
  }

  /** DELETE /checkout_configurations/{id}: its link stops working; payments already made stay. */
  deleteCheckout(id: string): CheckoutConfig {
    const config = this.config(id);
    if (config.deletedAt) throw notFound();
    config.deletedAt = new Date();
    this.onChange();
    return config;
  }

  /**
   * Pays a checkout with a sandbox card: 4242… succeeds, …0002 is declined. Sends payment.created,
   * then payment.succeeded or payment.failed, subject to chaos. A deleted configuration cannot be
   * paid, unless `force` (a payment already under way when it was deleted). With `waitForDelivery`
   * the promise settles after each event's first attempt (not for delayed or dropped events).
   */
  async pay(checkoutId: string, card: string, options: { chaos?: Chaos; waitForDelivery?: boolean; force?: boolean } = {}): Promise<PayResult> {
    const config = this.config(checkoutId);
    if (config.deletedAt && !options.force) throw new WhopError(410, 'invalid_request_error', 'This checkout is no longer available.', 'checkout_unavailable');
    const digits = card.replace(/[\s-]/g, '');
    const outcome = digits === TEST_CARDS.success ? 'paid' : digits === TEST_CARDS.decline ? 'declined' : null;
    if (!outcome) throw invalid(`Use a sandbox test card: ${TEST_CARDS.success} succeeds, ${TEST_CARDS.decline} is declined.`, 'card');
    const chaos = this.chaosFor(checkoutId, options.chaos);
    const now = new Date();
    const slow = outcome === 'paid' && chaos.settleAfterMs !== undefined;
    const payment = newPayment(config, slow ? 'pending' : outcome, digits.slice(-4), now, {
      totalCents: chaos.amountCents,
      omitMetadata: chaos.omitMetadata,
      taxCents: chaos.taxCents,
      buyerCurrency: chaos.buyerCurrency,
    });
    this.payments.push(payment);
    if (slow) this.timers.later(chaos.settleAfterMs!, () => this.settlePayment(payment, chaos));

    const data = presentPayment(payment, this.related(payment), this.webhookVersion);
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

  private settlePayment(payment: SimPayment, chaos: Chaos): void {
    const now = new Date();
    Object.assign(payment, { status: 'paid', outcome: 'succeeded', paidAt: now, updatedAt: now });
    const config = this.config(payment.checkoutId);
    this.emit('payment.succeeded', presentPayment(payment, this.related(payment), this.webhookVersion), config, chaos, now);
  }

  /**
   * A payment of another product of the account, as Whop may list it: the SDK allows `status: null`
   * and `total: null`. It belongs to no checkout of the caller's and sends no webhook.
   */
  foreignPayment(companyId: string, fields: { status: SimPayment['status']; totalCents: number | null }): SimPayment {
    const config = this.createCheckout({
      companyId,
      plan: { priceCents: fields.totalCents ?? 100, currency: 'usd', title: 'Another product' },
      metadata: null,
      redirectUrl: null,
      apiVersion: LEGACY_VERSION,
    });
    const now = new Date();
    const payment = { ...newPayment(config, 'pending', '4242', now), status: fields.status, totalCents: fields.totalCents };
    this.payments.push(payment);
    this.onChange();
    return payment;
  }

  /**
   * POST /payments/{id}/refund: full, or `amountCents` of what is left. The refund starts `pending`
   * (refund.created) and ends as chaos says, `succeeded` by default (refund.updated); `pending`
   * waits for the settle control. `currency` (a control, not Whop's API): the refund is stated in
   * the buyer's currency, as Whop refunds a payment priced in it.
   */
  refund(paymentId: string, amountCents: number | null, currency?: string): { payment: SimPayment; refund: SimRefund } {
    const payment = this.payment(paymentId);
    const config = this.config(payment.checkoutId);
    if (payment.status !== 'paid' || payment.totalCents === null) throw invalid('Only a paid payment can be refunded.', null, 'payment_not_refundable');
    if (this.chaosFor(config.id).refuseRefunds) throw invalid('This payment cannot be refunded.', null, 'payment_not_refundable');
    const committed = this.refunds.filter((r) => r.paymentId === paymentId && (r.status === 'succeeded' || r.status === 'pending' || r.status === 'requires_action'));
    const remaining = payment.totalCents - committed.reduce((sum, r) => sum + inPaymentCurrency(payment, r.amountCents, r.currency), 0);
    const refundCurrency = currency ?? payment.currency;
    const amount = amountCents ?? remaining;
    if (remaining <= 0) throw invalid('This payment has been refunded in full.', null, 'payment_not_refundable');
    if (amount <= 0 || inPaymentCurrency(payment, amount, refundCurrency) > remaining)
      throw invalid(`The refund must be between 0.01 and ${(remaining / 100).toFixed(2)}.`, 'partial_amount');
    const now = new Date();
    const refund: SimRefund = { id: newId.refund(), paymentId, amountCents: amount, currency: refundCurrency, status: 'pending', createdAt: now, updatedAt: now };
    this.refunds.push(refund);
    const chaos = this.chaosFor(config.id);
    this.emit('refund.created', this.presentRefundEvent(refund, payment, chaos), config, chaos, now);
    const outcome = chaos.refundOutcome ?? 'succeeded';
    if (outcome !== 'pending') this.settleRefund(refund.id, outcome);
    return { payment, refund };
  }

  private presentRefundEvent(refund: SimRefund, payment: SimPayment, chaos: Chaos) {
    return presentRefund(refund, payment, this.webhookVersion, this.related(payment).refunds, { hidePayment: chaos.nullPayment });
  }

  /**
   * A refund ends: `succeeded` (the money went back) or `failed`/`canceled`. One that succeeded can
   * still fail afterwards (the card network returns it): its money is then the buyer's no more.
   */
  settleRefund(refundId: string, status: Exclude<RefundStatus, 'pending'>): SimRefund {
    const refund = this.refunds.find((r) => r.id === refundId);
    if (!refund) throw notFound();
    const failsLater = refund.status === 'succeeded' && status === 'failed';
    if (refund.status !== 'pending' && refund.status !== 'requires_action' && !failsLater) throw invalid(`The refund is already ${refund.status}.`, 'status');
    const payment = this.payment(refund.paymentId);
    const config = this.config(payment.checkoutId);
    const now = new Date();
    Object.assign(refund, { status, updatedAt: now });
    payment.updatedAt = now;
    const chaos = this.chaosFor(config.id);
    this.emit('refund.updated', this.presentRefundEvent(refund, payment, chaos), config, chaos, now);
    return refund;
  }

  /**
   * The buyer's bank questions a payment: an inquiry (`warning_needs_response`, with an alert) or a
   * chargeback (`needs_response`), for `amountCents` in `currency` (default: what is left of the
   * payment, in its own currency).
   */
  openDispute(paymentId: string, options: { kind: 'inquiry' | 'chargeback'; amountCents?: number; currency?: string; reason?: string }): SimDispute {
    const payment = this.payment(paymentId);
    if (payment.status !== 'paid' || payment.totalCents === null) throw invalid('Only a paid payment can be disputed.', 'payment_id');
    const currency = options.currency ?? payment.currency;
    const amount =
      options.amountCents ??
      payment.totalCents -
        refundedCents(
          payment,
          this.refunds.filter((r) => r.paymentId === paymentId),
        );
    if (amount <= 0 || inPaymentCurrency(payment, amount, currency) > payment.totalCents) throw invalid('The disputed amount must be positive and at most the payment.', 'amount');
    const now = new Date();
    const status = options.kind === 'inquiry' ? 'warning_needs_response' : 'needs_response';
    const dispute: SimDispute = {
      id: newId.dispute(),
      paymentId,
      amountCents: amount,
      currency,
      status,
      reason: options.reason ?? 'fraudulent',
      createdAt: now,
      updatedAt: now,
    };
    this.disputes.push(dispute);
    payment.updatedAt = now;
    const config = this.config(payment.checkoutId);
    const chaos = this.chaosFor(config.id);
    if (options.kind === 'inquiry') this.emit('dispute_alert.created', presentDisputeAlert(dispute, payment), config, chaos, now);
    this.emit('dispute.created', presentDispute(dispute, payment, { hidePayment: chaos.nullPayment }), config, chaos, now);
    return dispute;
  }

  /**
   * Moves a dispute along Whop's statuses (dispute.updated). `paymentSubstatus`: what the payment
   * shows afterwards, for an ending that says nothing of the money itself (a `closed` dispute whose
   * payment ends `dispute_lost`).
   */
  updateDispute(disputeId: string, status: DisputeStatuses, paymentSubstatus?: SimPayment['substatusOverride']): SimDispute {
    const dispute = this.disputes.find((d) => d.id === disputeId);
    if (!dispute) throw notFound();
    if (!DISPUTE_NEXT[dispute.status].includes(status)) throw invalid(`A dispute in ${dispute.status} cannot become ${status}.`, 'status');
    const payment = this.payment(dispute.paymentId);
    const now = new Date();
    Object.assign(dispute, { status, updatedAt: now });
    payment.updatedAt = now;
    if (paymentSubstatus !== undefined) payment.substatusOverride = paymentSubstatus;
    const config = this.config(payment.checkoutId);
    const chaos = this.chaosFor(config.id);
    this.emit('dispute.updated', presentDispute(dispute, payment, { hidePayment: chaos.nullPayment }), config, chaos, now);
    return dispute;
  }

  /** Stops what is still to happen (slow settlements, refunds). */
  close(): void {
    this.timers.close();
  }

  private chaosFor(checkoutId: string, extra?: Chaos): Chaos {
    return mergeChaos(this.chaos, this.checkoutChaos.get(checkoutId), extra);
  }

  /** Every other change ends in an event: the state is saved before it is sent. */
  private emit(type: string, data: unknown, config: CheckoutConfig, chaos: Chaos, now: Date) {
    this.onChange();
    return this.deliverer.send(type, (id) => envelope(id, type, data, config.companyId, this.webhookVersion, now), {
      copies: chaos.duplicates,
      delayMs: chaos.delayMs,
      drop: chaos.drop,
    });
  }
}
