import { randomUUID } from 'node:crypto';
import { COMPLETABLE_STATUSES, CREDIT_PACKAGES, findPackage, isPaymentId, type CreditPackage, type PackageId } from '@credits/shared';
import { resultPageUrl } from '../config/whop';
import { AppError, ConflictError, NotFoundError, ServiceUnavailableError, UpstreamError, ValidationError } from '../http/errors';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { DuplicateGrantError, InvalidCursorError, type CompletionSource, type Page, type PageRequest, type PaymentRecord, type RefundResult, type Store } from '../store/types';
import type { WhopClient } from '../whop/client';
import { WhopApiError } from '../whop/client';
import {
  InvalidPaymentPayloadError,
  isPaid,
  isRefundDone,
  normalizeDispute,
  normalizePayment,
  normalizeRefund,
  type WhopDispute,
  type WhopPayment,
  type WhopRefund,
} from '../whop/payment';
import type { WebhookEnvelope } from '../whop/webhook';

/** What fulfilment did with a payment; recorded on the webhook event and logged. */
export type FulfilmentOutcome =
  | 'completed'
  | 'already_completed'
  | 'review'
  | 'not_paid'
  | 'unknown_order'
  | 'duplicate_payment';

export type WebhookOutcome =
  | FulfilmentOutcome
  | 'duplicate'
  | 'failed'
  | 'ignored'
  | 'invalid_payload'
  | 'refunded'
  | 'refund_pending'
  | 'dispute_opened'
  | 'dispute_won'
  | 'dispute_lost'
  | 'dispute_open';

/** The result page may ask often; Whop is asked about one order at most this often. */
export const RECHECK_INTERVAL_MS = 5_000;

export interface PaymentServiceDeps {
  store: Store;
  whop: WhopClient;
  appUrl: string;
  logger: Logger;
  metrics: Metrics;
  newId?: () => string;
  now?: () => Date;
}

/** Business rules for orders and credits. No SQL, no HTTP: the store and the Whop client do that. */
export class PaymentService {
  private readonly newId: () => string;
  private readonly now: () => Date;
  /** When each order was last re-checked with Whop (per process; a bound on load, not a guarantee). */
  private readonly lastRecheck = new Map<string, number>();

  constructor(private readonly deps: PaymentServiceDeps) {
    this.newId = deps.newId ?? randomUUID;
    this.now = deps.now ?? (() => new Date());
  }

  listPackages(): readonly CreditPackage[] {
    return CREDIT_PACKAGES;
  }

  /**
   * Creates the order, then Whop's checkout configuration for it. If Whop fails the order is marked
   * failed (never left pending) and the caller gets a 502/504.
   */
  async createPayment(userId: string, packageId: PackageId, idempotencyKey?: string): Promise<{ payment: PaymentRecord; replayed: boolean }> {
    const pack = findPackage(packageId);
    if (!pack) throw new ValidationError(`Unknown package "${packageId}".`);
    const { store, whop, logger } = this.deps;
    const id = this.newId();
    const order = await store.createPayment({
      id,
      userId,
      packageId: pack.id,
      credits: pack.totalCredits,
      amountCents: pack.priceCents,
      currency: pack.currency,
      createdAt: this.now(),
      idempotencyKey: idempotencyKey ?? null,
    });
    if (order.id !== id) {
      if (order.packageId !== pack.id) {
        throw new AppError(422, 'idempotency_key_reused', 'Idempotency key reused', 'This Idempotency-Key was used for an order of another package.');
      }
      return { payment: order, replayed: true };
    }
    let checkout;
    try {
      checkout = await whop.createCheckoutConfiguration({
        paymentId: order.id,
        userId,
        pack,
        redirectUrl: resultPageUrl(this.deps.appUrl, order.id),
      });
    } catch (err) {
      await store.failPayment(order.id, 'checkout_creation_failed');
      logger.error({ paymentId: order.id, err: err instanceof Error ? err.message : String(err) }, 'Whop checkout creation failed');
      const timeout = err instanceof WhopApiError && err.timeout;
      throw new UpstreamError(
        timeout ? 'Whop did not answer in time. No payment was taken; please try again.' : 'Whop could not create the checkout. No payment was taken; please try again.',
        timeout ? 504 : 502,
      );
    }
    const attached = await store.attachCheckout(order.id, { checkoutId: checkout.id, checkoutUrl: checkout.purchaseUrl });
    logger.info({ paymentId: order.id, packageId: pack.id, whopCheckoutId: checkout.id }, 'order created');
    this.deps.metrics.orderCreated(pack.id);
    return { payment: attached, replayed: false };
  }

  async getPayment(userId: string, paymentId: string): Promise<PaymentRecord> {
    const payment = await this.deps.store.getPaymentForUser(paymentId, userId);
    if (!payment) throw new NotFoundError('No such payment.', 'payment_not_found');
    return payment;
  }

  async listHistory(userId: string, page: PageRequest): Promise<Page<PaymentRecord>> {
    try {
      return await this.deps.store.listPaymentsForUser(userId, page);
    } catch (err) {
      if (err instanceof InvalidCursorError) throw new ValidationError('The cursor is not valid.', [{ path: 'cursor', message: err.message }]);
      throw err;
    }
  }

  /**
   * Handles one verified Whop event. Returns only after its effect is committed, so the caller can
   * answer 2xx; any throw means "not done" and Whop will deliver again.
   */
  async handleWebhook(event: WebhookEnvelope): Promise<WebhookOutcome> {
    const { store, logger } = this.deps;
    const state = await store.recordWebhookEvent({ id: event.id, type: event.type, payload: event.raw, receivedAt: this.now() });
    if (state === 'processed') return 'duplicate';

    let outcome: WebhookOutcome;
    try {
      outcome = await this.dispatch(event);
    } catch (err) {
      if (!(err instanceof InvalidPaymentPayloadError)) throw err;
      logger.error({ eventId: event.id, type: event.type, err: err.message }, 'webhook payload could not be read');
      outcome = 'invalid_payload';
    }
    await store.markWebhookEventProcessed(event.id, outcome);
    return outcome;
  }

  private async dispatch(event: WebhookEnvelope): Promise<WebhookOutcome> {
    switch (event.type) {
      case 'payment.succeeded':
        return this.fulfil(normalizePayment(event.data), 'webhook');
      case 'payment.failed':
        return this.recordFailure(normalizePayment(event.data));
      case 'refund.created':
      case 'refund.updated':
        return this.recordRefund(normalizeRefund(event.data));
      case 'dispute.created':
      case 'dispute.updated':
        return this.recordDispute(normalizeDispute(event.data));
      default:
        return 'ignored';
    }
  }

  /**
   * The one fulfilment function: the webhook, the developer test endpoint and reconciliation all come
   * here. It checks the payment against our order (never trusting metadata for what to grant) and
   * credits through the store's atomic completePayment, so any number of concurrent calls grant once.
   */
  async fulfil(payment: WhopPayment, source: CompletionSource): Promise<FulfilmentOutcome> {
    const { store, logger } = this.deps;
    const log = { whopPaymentId: payment.id, checkoutId: payment.checkoutConfigurationId, source };
    if (!isPaid(payment)) return 'not_paid';

    const order = await this.findOrder(payment);
    if (!order) {
      logger.warn(log, 'paid Whop payment matches no order');
      return 'unknown_order';
    }
    const mismatch = this.mismatch(order, payment);
    if (mismatch) {
      const result = await store.markForReview(order.id, mismatch, payment.id);
      if (result.applied) this.deps.metrics.orderSettled('review');
      logger.error({ ...log, paymentId: order.id, reason: mismatch, moved: result.applied }, 'payment does not match its order: held for review');
      return 'review';
    }
    try {
      const result = await store.completePayment(order.id, { whopPaymentId: payment.id, source });
      // A payment Whop already shows as (partly) refunded: take that back too (idempotent per amount).
      if (payment.refundedCents > 0) await this.applyPaymentRefund(order, payment);
      if (result.applied) {
        logger.info({ ...log, paymentId: order.id, credits: order.credits }, 'order completed');
        this.deps.metrics.orderCompleted(order.packageId, source, order.credits);
        return 'completed';
      }
      if (result.payment.whopPaymentId === payment.id) return 'already_completed';
      logger.error({ ...log, paymentId: order.id, status: result.payment.status }, 'a second payment arrived for a settled order');
      return 'duplicate_payment';
    } catch (err) {
      if (!(err instanceof DuplicateGrantError)) throw err;
      await store.markForReview(order.id, 'whop_payment_already_granted', payment.id);
      logger.error({ ...log, paymentId: order.id }, 'Whop payment already granted to another order: held for review');
      return 'review';
    }
  }

  /**
   * Asks Whop about one of the caller's unsettled orders and feeds what it finds to fulfil(): the
   * result page calls this while it waits, so a late or lost webhook does not leave the buyer
   * guessing. Whop is asked at most once per RECHECK_INTERVAL_MS per order; a Whop outage leaves the
   * order as it is.
   */
  async recheck(userId: string, paymentId: string): Promise<PaymentRecord> {
    const order = await this.getPayment(userId, paymentId);
    if (!COMPLETABLE_STATUSES.includes(order.status) || !order.whopCheckoutId) return order;
    const now = this.now().getTime();
    const last = this.lastRecheck.get(order.id);
    if (last !== undefined && now - last < RECHECK_INTERVAL_MS) return order;
    this.lastRecheck.set(order.id, now);
    if (this.lastRecheck.size > 10_000) this.lastRecheck.delete(this.lastRecheck.keys().next().value!);
    try {
      await this.reconcileCheckout(order.whopCheckoutId);
    } catch (err) {
      if (!(err instanceof WhopApiError)) throw err;
      this.deps.logger.warn({ paymentId: order.id, err: err.message }, 're-check with Whop failed');
      return order;
    }
    return this.getPayment(userId, paymentId);
  }

  /** Every payment Whop has for one checkout, through the same fulfilment as the webhook. */
  async reconcileCheckout(checkoutId: string): Promise<void> {
    const payments = await this.deps.whop.listPaymentsForCheckout(checkoutId);
    for (const payment of payments) {
      if (isPaid(payment)) await this.fulfil(payment, 'reconcile');
    }
  }

  /** Developer shortcut: completes the caller's pending order through fulfil(), as if Whop had been paid. */
  async completeForTesting(userId: string, paymentId: string): Promise<{ payment: PaymentRecord; applied: boolean; balance: number }> {
    const order = await this.getPayment(userId, paymentId);
    if (order.status !== 'pending' && order.status !== 'completed') {
      throw new ConflictError(`Only a pending order can be completed; this one is ${order.status}.`, 'payment_not_pending');
    }
    const outcome = await this.fulfil(
      {
        id: `test_${order.id}`,
        status: 'paid',
        substatus: 'succeeded',
        currency: order.currency,
        totalCents: order.amountCents,
        netCents: order.amountCents,
        refundedCents: 0,
        checkoutConfigurationId: order.whopCheckoutId,
        metadata: { payment_id: order.id },
        accountId: null,
      },
      'test',
    );
    const payment = await this.getPayment(userId, paymentId);
    return { payment, applied: outcome === 'completed', balance: await this.deps.store.getBalance(userId) };
  }

  private async recordFailure(payment: WhopPayment): Promise<WebhookOutcome> {
    const order = await this.findOrder(payment);
    if (!order) return 'unknown_order';
    const result = await this.deps.store.failPayment(order.id, 'payment_failed');
    if (result.applied) {
      this.deps.logger.info({ paymentId: order.id, whopPaymentId: payment.id }, 'order failed');
      this.deps.metrics.orderSettled('failed');
    }
    return 'failed';
  }

  private async applyPaymentRefund(order: PaymentRecord, payment: WhopPayment): Promise<void> {
    const cents = Math.min(payment.refundedCents, order.amountCents);
    const result = await this.deps.store.applyRefund(order.id, { key: `refund:${payment.id}:total:${cents}`, amountCents: cents, totalRefundedCents: cents });
    this.countRefund(result);
    if (result.applied) this.deps.logger.info({ paymentId: order.id, whopPaymentId: payment.id, refundedCents: cents, creditsClawed: result.creditsClawed }, 'refund applied from payment');
  }

  /**
   * refund.created / refund.updated: once the refund is done, take back credits in proportion
   * (docs/refunds.md). Idempotent per refund id; a refund seen before its payment's success is
   * remembered on the order and taken back when the order completes.
   */
  private async recordRefund(refund: WhopRefund): Promise<WebhookOutcome> {
    if (!isRefundDone(refund)) return 'refund_pending';
    const order = await this.orderForRelated(refund.payment, refund.paymentId);
    if (!order) return 'unknown_order';
    const result = await this.deps.store.applyRefund(order.id, {
      key: `refund:${refund.id}`,
      amountCents: refund.amountCents,
      ...(refund.payment && refund.payment.refundedCents > 0 ? { totalRefundedCents: refund.payment.refundedCents } : {}),
    });
    this.deps.logger.info({ paymentId: order.id, refundId: refund.id, applied: result.applied, creditsClawed: result.creditsClawed, status: result.payment.status }, 'refund recorded');
    this.countRefund(result);
    return 'refunded';
  }

  private countRefund(result: RefundResult): void {
    if (!result.applied) return;
    this.deps.metrics.creditsTakenBack(result.creditsClawed);
    if (result.payment.status === 'refunded') this.deps.metrics.orderSettled('refunded');
  }

  /** dispute.*: an open dispute holds the credits; won gives them back; lost is a refund. */
  private async recordDispute(dispute: WhopDispute): Promise<WebhookOutcome> {
    const order = await this.orderForRelated(dispute.payment, dispute.paymentId);
    if (!order) return 'unknown_order';
    const { store, logger } = this.deps;
    if (dispute.status === 'won' || dispute.status === 'lost') {
      // A dispute first seen at its outcome still holds first, so that won and lost settle the same way.
      const held = order.status === 'disputed' ? order.heldCredits : (await store.openDispute(order.id, dispute.id)).creditsClawed;
      const result = await store.closeDispute(order.id, dispute.id, dispute.status);
      if (result.applied && dispute.status === 'lost') {
        this.deps.metrics.creditsTakenBack(held);
        this.deps.metrics.orderSettled('refunded');
      }
      logger.info({ paymentId: order.id, disputeId: dispute.id, outcome: dispute.status, applied: result.applied }, 'dispute closed');
      return dispute.status === 'won' ? 'dispute_won' : 'dispute_lost';
    }
    const result = await store.openDispute(order.id, dispute.id);
    if (result.applied) this.deps.metrics.orderSettled('disputed');
    logger.warn({ paymentId: order.id, disputeId: dispute.id, status: dispute.status, held: result.creditsClawed, applied: result.applied }, 'dispute open: credits held');
    return result.applied ? 'dispute_opened' : 'dispute_open';
  }

  /** The order behind a refund or dispute: from the embedded payment, our record of the Whop payment, or Whop itself. */
  private async orderForRelated(payment: WhopPayment | null, whopPaymentId: string | null): Promise<PaymentRecord | null> {
    if (payment) {
      const order = await this.findOrder(payment);
      if (order) return order;
    }
    if (!whopPaymentId) return null;
    const known = await this.deps.store.findPaymentByWhopPaymentId(whopPaymentId);
    if (known) return known;
    // Not granted yet here (the refund came first): ask Whop which checkout the payment belongs to.
    try {
      return await this.findOrder(await this.deps.whop.retrievePayment(whopPaymentId));
    } catch (err) {
      if (err instanceof WhopApiError && err.status === 404) return null;
      if (err instanceof WhopApiError) throw new ServiceUnavailableError('Whop could not be asked about this payment; deliver again later.');
      throw err;
    }
  }

  /** Our order for a Whop payment: by the checkout configuration we created, else by our id in metadata. */
  private async findOrder(payment: WhopPayment): Promise<PaymentRecord | null> {
    const { store } = this.deps;
    if (payment.checkoutConfigurationId) {
      const order = await store.findPaymentByCheckoutId(payment.checkoutConfigurationId);
      if (order) return order;
    }
    const metadataId = payment.metadata.payment_id;
    return isPaymentId(metadataId) ? store.getPayment(metadataId) : null;
  }

  private mismatch(order: PaymentRecord, payment: WhopPayment): string | null {
    if (payment.checkoutConfigurationId !== order.whopCheckoutId) return 'checkout_mismatch';
    const metadataId = payment.metadata.payment_id;
    if (metadataId !== undefined && metadataId !== order.id) return 'metadata_mismatch';
    if (payment.currency !== order.currency) return 'currency_mismatch';
    if (payment.netCents !== order.amountCents) return 'amount_mismatch';
    return null;
  }
}
