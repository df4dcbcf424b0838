import { randomUUID } from 'node:crypto';
import { CREDIT_PACKAGES, findPackage, isPaymentId, isUnpaid, type CreditPackage, type PackageId } from '@credits/shared';
import { resultPageUrl } from '../config/whop';
import type { OrderSummary } from '../domain/order';
import { ConflictError, IdempotencyKeyReusedError, NotFoundError, UpstreamError, ValidationError } from '../errors';
import type { Logger } from '../logger';
import type { Metrics } from '../Metrics';
import type { OrderRef, Page, PageRequest, Store } from '../store/ports';
import { WhopApiError, type WhopClient } from '../whop/client';
import { factsOfPayment, type WhopPayment } from '../whop/payment';
import type { Fulfilment } from './Fulfilment';

/** The result page may ask often; Whop is asked about one order at most this often. */
export const RECHECK_INTERVAL_MS = 5_000;
/** An open order is resumed only with at least this long left to pay it; closer to its expiry the buyer gets a new one. */
export const RESUME_MARGIN_MS = 10 * 60_000;

export interface PaymentServiceDeps {
  store: Store;
  whop: WhopClient;
  fulfilment: Fulfilment;
  appUrl: string;
  logger: Logger;
  metrics: Metrics;
  newId?: () => string;
  now: () => Date;
  /** How long a pending order stays open for its buyer before it expires. */
  orderExpiryMs: number;
}

/** Order intake: packs, new orders and their Whop checkouts, a buyer's orders, and asking Whop about one. */
export class PaymentService {
  private readonly newId: () => string;
  /** When each order was last re-checked with Whop (per process; a bound on load, not a guarantee). */
  private readonly lastRecheck = new Map<string, number>();

  constructor(private readonly deps: PaymentServiceDeps) {
    this.newId = deps.newId ?? randomUUID;
  }

  listPackages(): readonly CreditPackage[] {
    return CREDIT_PACKAGES;
  }

  /**
   * Creates the order, then Whop's checkout configuration for it. If Whop fails the order is marked
   * failed (never left pending) and the caller gets a 502/504.
   */
  async createPayment(userId: string, packageId: PackageId, idempotencyKey?: string): Promise<{ payment: OrderSummary; outcome: 'created' | 'replayed' | 'resumed' }> {
    const pack = findPackage(packageId);
    if (!pack) throw new ValidationError(`Unknown package "${packageId}".`);
    const { store, whop, logger } = this.deps;
    // A buyer who comes back for the same pack resumes the order still open, rather than opening another.
    if (!idempotencyKey) {
      const open = await this.resumable(userId, pack.id);
      if (open) return { payment: open, outcome: 'resumed' };
    }
    const id = this.newId();
    const order = await store.orders.create({
      id,
      userId,
      packageId: pack.id,
      credits: pack.totalCredits,
      amountCents: pack.priceCents,
      currency: pack.currency,
      createdAt: this.deps.now(),
      idempotencyKey: idempotencyKey ?? null,
    });
    if (order.id !== id) {
      if (order.packageId !== pack.id) {
        throw new IdempotencyKeyReusedError('This Idempotency-Key was used for an order of another package.');
      }
      return { payment: order, outcome: 'replayed' };
    }
    let checkout;
    try {
      checkout = await whop.createCheckoutConfiguration({ paymentId: order.id, userId, pack, redirectUrl: resultPageUrl(this.deps.appUrl, order.id) });
    } catch (err) {
      await this.deps.fulfilment.learn([{ id: order.id }], { type: 'checkout_failed' }, { source: 'webhook' });
      logger.error({ paymentId: order.id, err: err instanceof Error ? err.message : String(err) }, 'Whop checkout creation failed');
      const timeout = err instanceof WhopApiError && err.timeout;
      throw new UpstreamError(
        timeout ? 'Whop did not answer in time. No payment was taken; please try again.' : 'Whop could not create the checkout. No payment was taken; please try again.',
        timeout ? 504 : 502,
      );
    }
    const attached = await store.orders.attachCheckout(order.id, { checkoutId: checkout.id, checkoutUrl: checkout.purchaseUrl });
    logger.info({ paymentId: order.id, packageId: pack.id, whopCheckoutId: checkout.id }, 'order created');
    this.deps.metrics.orderCreated(pack.id);
    return { payment: attached, outcome: 'created' };
  }

  async getPayment(userId: string, paymentId: string): Promise<OrderSummary> {
    const payment = await this.deps.store.orders.findForUser(paymentId, userId);
    if (!payment) throw new NotFoundError('No such payment.', 'payment_not_found');
    return payment;
  }

  listHistory(userId: string, page: PageRequest): Promise<Page<OrderSummary>> {
    return this.deps.store.orders.pageForUser(userId, page);
  }

  /**
   * Asks Whop about one of the caller's unpaid orders, so that a late or lost webhook does not leave
   * the buyer guessing. Whop is asked at most once per RECHECK_INTERVAL_MS per order; a Whop outage
   * leaves the order as it is.
   */
  async recheck(userId: string, paymentId: string): Promise<OrderSummary> {
    const order = await this.getPayment(userId, paymentId);
    if (!isUnpaid(order.status) || !order.whopCheckoutId) return order;
    const now = this.deps.now().getTime();
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

  /**
   * The buyer's newest open order of a pack with time left to pay, once Whop confirms it is still
   * unpaid: a payment whose webhook is late completes that order here, and the buyer gets a new one.
   */
  private async resumable(userId: string, packageId: PackageId): Promise<OrderSummary | null> {
    const now = this.deps.now().getTime();
    const open = await this.deps.store.orders.findOpenForUser(userId, packageId, new Date(now - Math.max(0, this.deps.orderExpiryMs - RESUME_MARGIN_MS)));
    if (!open?.whopCheckoutId) return null;
    await this.askWhop(() => this.reconcileCheckout(open.whopCheckoutId!), 'Whop could not be asked about your open order; nothing was charged. Try again shortly.');
    const current = await this.getPayment(userId, open.id);
    return current.status === 'pending' ? current : null;
  }

  /** Runs a call to Whop; Whop failing becomes a 502 (504 on a timeout) saying `detail`. */
  private async askWhop(call: () => Promise<void>, detail: string): Promise<void> {
    try {
      await call();
    } catch (err) {
      if (!(err instanceof WhopApiError)) throw err;
      throw new UpstreamError(detail, err.timeout ? 504 : 502);
    }
  }

  /**
   * The buyer gives up an unpaid order. Whop is asked first: money already taken completes the order
   * instead (and a payment that comes later still does). Whop out of reach leaves the order as it is.
   */
  async cancel(userId: string, paymentId: string): Promise<OrderSummary> {
    const order = await this.getPayment(userId, paymentId);
    if (order.status !== 'pending') return order;
    if (order.whopCheckoutId)
      await this.askWhop(() => this.reconcileCheckout(order.whopCheckoutId!), 'Whop could not be asked whether this order was paid; it stays open. Try again shortly.');
    await this.deps.fulfilment.learn([{ id: order.id }], { type: 'cancelled' }, { source: 'reconcile' });
    return this.getPayment(userId, paymentId);
  }

  /** When a pending order expires, for its buyer to see. */
  expiresAt(order: Pick<OrderSummary, 'status' | 'createdAt'>): Date | null {
    return order.status === 'pending' ? new Date(order.createdAt.getTime() + this.deps.orderExpiryMs) : null;
  }

  /** Every payment Whop has for one checkout, learnt as its webhooks would have told it. */
  async reconcileCheckout(checkoutId: string): Promise<void> {
    for (const payment of await this.deps.whop.listPaymentsForCheckout(checkoutId)) await this.learnWhopPayment(payment);
  }

  /** Every fact a full payment of Whop's carries (itself, its refunds, its disputes); true when it credited an order. */
  async learnWhopPayment(payment: WhopPayment): Promise<boolean> {
    const refs: OrderRef[] = [];
    if (payment.checkoutConfigurationId) refs.push({ checkoutId: payment.checkoutConfigurationId });
    const metadataId = payment.metadata.payment_id;
    if (isPaymentId(metadataId)) refs.push({ id: metadataId.toLowerCase() });
    refs.push({ whopPaymentId: payment.id });
    let credited = false;
    for (const fact of factsOfPayment(payment)) {
      const { outcome } = await this.deps.fulfilment.learn(refs, fact, { source: 'reconcile' });
      credited ||= outcome === 'completed';
    }
    return credited;
  }

  /** Developer shortcut: completes the caller's pending order as if Whop had been paid. */
  async completeForTesting(userId: string, paymentId: string): Promise<{ payment: OrderSummary; applied: boolean; balance: number }> {
    const order = await this.getPayment(userId, paymentId);
    if (order.status !== 'pending' && order.status !== 'completed') {
      throw new ConflictError(`Only a pending order can be completed; this one is ${order.status}.`, 'payment_not_pending');
    }
    const { outcome } = await this.deps.fulfilment.learn(
      [{ id: order.id }],
      {
        type: 'payment',
        payment: {
          id: `test_${order.id}`,
          state: 'paid',
          currency: order.currency,
          netCents: order.amountCents,
          checkoutId: order.whopCheckoutId,
          metadataOrderId: order.id,
          refundedCents: 0,
          at: null,
        },
      },
      { source: 'test' },
    );
    const payment = await this.getPayment(userId, paymentId);
    return { payment, applied: outcome === 'completed', balance: await this.deps.store.ledger.balance(userId) };
  }
}
