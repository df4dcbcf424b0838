import { randomUUID } from 'node:crypto';
import { findPackage, isUnpaid, type BuyerLanguage, type CreditPackage, type FunnelStepName, type PackageId } from '@credits/shared';
import { resultPageUrl } from '../config/whop';
import type { OrderSummary } from '../domain/order';
import { ConflictError, IdempotencyKeyReusedError, NotFoundError, UpstreamError, ValidationError } from '../errors';
import type { Logger } from '../logger';
import type { Metrics } from '../Metrics';
import type { Page, PageRequest, Store } from '../store/ports';
import { WhopApiError, type WhopClient } from '../whop/client';
import { askWhop } from './askWhop';
import type { Fulfilment } from './Fulfilment';
import type { Reconciliation } from './Reconciliation';

/** The result page may ask often; Whop is asked about one order at most this often. */
export const RECHECK_INTERVAL_MS = 5_000;
/** An open order is resumed only with at least this long left to pay it; closer to its expiry the buyer gets a new one. */
export const RESUME_MARGIN_MS = 10 * 60_000;

export interface PaymentServiceDeps {
  store: Store;
  whop: WhopClient;
  fulfilment: Fulfilment;
  reconciliation: Reconciliation;
  /** The packs on sale. */
  packages: readonly CreditPackage[];
  appUrl: string;
  logger: Logger;
  metrics: Metrics;
  newId?: () => string;
  now: () => Date;
  /** How long a pending order stays open for its buyer before it expires. */
  orderExpiryMs: number;
  /** How long a request waits for the checkout of an order a concurrent request opened (default: 15 s). */
  checkoutWaitMs?: number;
}

function checkoutFailed(timeout: boolean): UpstreamError {
  return new UpstreamError(
    timeout ? 'Whop did not answer in time. No payment was taken; please try again.' : 'Whop could not create the checkout. No payment was taken; please try again.',
    timeout ? 504 : 502,
  );
}

/** Order intake: packs, new orders and their Whop checkouts, a buyer's orders, and asking Whop about one (through Reconciliation). */
export class PaymentService {
  private readonly newId: () => string;
  private readonly checkoutWaitMs: number;
  /** When each order was last re-checked with Whop (per process; a bound on load, not a guarantee). */
  private readonly lastRecheck = new Map<string, number>();

  constructor(private readonly deps: PaymentServiceDeps) {
    this.newId = deps.newId ?? randomUUID;
    this.checkoutWaitMs = deps.checkoutWaitMs ?? 15_000;
  }

  listPackages(): readonly CreditPackage[] {
    return this.deps.packages;
  }

  /** A buyer reached a step of a purchase (the operators' funnel); a pack must be one on sale. */
  async recordFunnelStep(userId: string, step: FunnelStepName, packageId: PackageId | null): Promise<void> {
    if (packageId !== null && !findPackage(this.deps.packages, packageId))
      throw new ValidationError(`No pack "${packageId}" is on sale.`, [{ path: 'packageId', message: 'not on sale' }]);
    await this.deps.store.stats.recordFunnelStep({ userId, step, packageId, at: this.deps.now() });
  }

  /**
   * Creates the order, then Whop's checkout configuration for it. If Whop fails the order is marked
   * failed (never left pending) and the caller gets a 502/504. Without an Idempotency-Key a buyer has
   * one open order per pack: coming back, or many requests at once, get the order already open.
   */
  async createPayment(
    userId: string,
    packageId: PackageId,
    idempotencyKey?: string,
    language: BuyerLanguage = 'en',
  ): Promise<{ payment: OrderSummary; outcome: 'created' | 'replayed' | 'resumed' }> {
    const pack = findPackage(this.deps.packages, packageId);
    if (!pack) throw new ValidationError(`No pack "${packageId}" is on sale.`);
    const id = this.newId();
    const input = {
      id,
      userId,
      packageId: pack.id,
      packNames: pack.names,
      credits: pack.totalCredits,
      amountCents: pack.priceCents,
      currency: pack.currency,
      createdAt: this.deps.now(),
      idempotencyKey: idempotencyKey ?? null,
    };
    if (idempotencyKey) {
      const order = await this.deps.store.orders.create(input);
      if (order.id === id) return { payment: await this.openCheckout(order, pack, language), outcome: 'created' };
      if (order.packageId !== pack.id) throw new IdempotencyKeyReusedError('This Idempotency-Key was used for an order of another package.');
      return { payment: order, outcome: 'replayed' };
    }
    // A buyer who comes back for the same pack resumes the order still open, rather than opening
    // another; requests that race each other share the one order the first of them opens.
    const open = await this.resumable(userId, pack.id);
    if (open) return { payment: open, outcome: 'resumed' };
    const order = await this.deps.store.orders.createUnlessOpen(input, this.resumableSince());
    if (order.id === id) return { payment: await this.openCheckout(order, pack, language), outcome: 'created' };
    return { payment: await this.checkoutOfConcurrent(order, pack, language), outcome: 'resumed' };
  }

  /** Whop's checkout for a new order; Whop failing fails the order (never left pending) and the caller gets a 502/504. */
  private async openCheckout(order: OrderSummary, pack: CreditPackage, language: BuyerLanguage): Promise<OrderSummary> {
    const { store, logger } = this.deps;
    let checkout;
    try {
      checkout = await this.requestCheckout(order, pack, language);
    } catch (err) {
      await this.deps.fulfilment.learn([{ id: order.id }], { type: 'checkout_failed' }, { source: 'checkout_refused' });
      logger.error({ orderId: order.id, err: err instanceof Error ? err.message : String(err) }, 'Whop checkout creation failed');
      throw checkoutFailed(err instanceof WhopApiError && err.timeout);
    }
    const attached = await store.orders.attachCheckout(order.id, { checkoutId: checkout.id, checkoutUrl: checkout.purchaseUrl });
    logger.info({ orderId: order.id, packageId: pack.id, whopCheckoutId: checkout.id }, 'order created');
    this.deps.metrics.orderCreated(pack.id);
    return attached;
  }

  /** Whop's checkout configuration for an order; the order's id is its Idempotency-Key, so asking again gets the same one. */
  private requestCheckout(order: OrderSummary, pack: CreditPackage, language: BuyerLanguage) {
    return this.deps.whop.createCheckoutConfiguration({ orderId: order.id, userId: order.userId, pack, language, redirectUrl: resultPageUrl(this.deps.appUrl, order.id) });
  }

  /**
   * An order a concurrent request of the same buyer opened: its checkout once that request has it.
   * If that request is gone without one, Whop is asked for it under the same Idempotency-Key (the
   * order's id), so it is the checkout Whop made, if it made one; failing that the order stays open.
   */
  private async checkoutOfConcurrent(order: OrderSummary, pack: CreditPackage, language: BuyerLanguage): Promise<OrderSummary> {
    const deadline = performance.now() + this.checkoutWaitMs;
    let current = order;
    while (!current.whopCheckoutId && current.status === 'pending' && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      current = (await this.deps.store.orders.findForUser(order.id, order.userId)) ?? current;
    }
    if (current.whopCheckoutId) return current;
    if (current.status !== 'pending') throw checkoutFailed(false);
    let checkout;
    try {
      checkout = await this.requestCheckout(order, pack, language);
    } catch (err) {
      this.deps.logger.warn({ orderId: order.id, err: err instanceof Error ? err.message : String(err) }, 'Whop checkout of an open order could not be had');
      throw checkoutFailed(err instanceof WhopApiError && err.timeout);
    }
    return this.deps.store.orders.attachCheckout(order.id, { checkoutId: checkout.id, checkoutUrl: checkout.purchaseUrl });
  }

  async getPayment(userId: string, orderId: string): Promise<OrderSummary> {
    const payment = await this.deps.store.orders.findForUser(orderId, userId);
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
  async recheck(userId: string, orderId: string): Promise<OrderSummary> {
    const order = await this.getPayment(userId, orderId);
    if (!isUnpaid(order.status) || !order.whopCheckoutId) return order;
    const now = this.deps.now().getTime();
    const last = this.lastRecheck.get(order.id);
    if (last !== undefined && now - last < RECHECK_INTERVAL_MS) return order;
    this.lastRecheck.set(order.id, now);
    if (this.lastRecheck.size > 10_000) this.lastRecheck.delete(this.lastRecheck.keys().next().value!);
    try {
      await this.deps.reconciliation.reconcileCheckout(order.whopCheckoutId);
    } catch (err) {
      if (!(err instanceof WhopApiError)) throw err;
      this.deps.logger.warn({ orderId: order.id, err: err.message }, 're-check with Whop failed');
      return order;
    }
    return this.getPayment(userId, orderId);
  }

  /**
   * The buyer's newest open order of a pack with time left to pay, once Whop confirms it is still
   * unpaid: a payment whose webhook is late completes that order here, and the buyer gets a new one.
   */
  private async resumable(userId: string, packageId: PackageId): Promise<OrderSummary | null> {
    const open = await this.deps.store.orders.findOpenForUser(userId, packageId, this.resumableSince());
    if (!open?.whopCheckoutId) return null;
    await askWhop(() => this.deps.reconciliation.reconcileCheckout(open.whopCheckoutId!), 'Whop could not be asked about your open order; nothing was charged. Try again shortly.');
    const current = await this.getPayment(userId, open.id);
    return current.status === 'pending' ? current : null;
  }

  /** Orders made after this are resumed; older ones have too little time left to pay. */
  private resumableSince(): Date {
    return new Date(this.deps.now().getTime() - Math.max(0, this.deps.orderExpiryMs - RESUME_MARGIN_MS));
  }

  /**
   * The buyer gives up an unpaid order. Whop is asked first: money already taken completes the order
   * instead (and a payment that comes later still does). Whop out of reach leaves the order as it is.
   */
  async cancel(userId: string, orderId: string): Promise<OrderSummary> {
    const order = await this.getPayment(userId, orderId);
    if (order.status !== 'pending') return order;
    if (order.whopCheckoutId)
      await askWhop(
        () => this.deps.reconciliation.reconcileCheckout(order.whopCheckoutId!),
        'Whop could not be asked whether this order was paid; it stays open. Try again shortly.',
      );
    await this.deps.fulfilment.learn([{ id: order.id }], { type: 'cancelled' }, { source: 'buyer' });
    return this.getPayment(userId, orderId);
  }

  /** When a pending order expires, for its buyer to see. */
  expiresAt(order: Pick<OrderSummary, 'status' | 'createdAt'>): Date | null {
    return order.status === 'pending' ? new Date(order.createdAt.getTime() + this.deps.orderExpiryMs) : null;
  }

  /** Developer shortcut: completes the caller's pending order as if Whop had been paid. */
  async completeForTesting(userId: string, orderId: string): Promise<{ payment: OrderSummary; applied: boolean; balance: number }> {
    const order = await this.getPayment(userId, orderId);
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
          totalCents: order.amountCents,
          settlement: null,
          usdTotalCents: null,
          checkoutId: order.whopCheckoutId,
          metadataOrderId: order.id,
          refundedCents: 0,
          refundedTaxCents: null,
          at: null,
        },
      },
      { source: 'test' },
    );
    const payment = await this.getPayment(userId, orderId);
    return { payment, applied: outcome === 'completed', balance: await this.deps.store.ledger.balance(userId) };
  }
}
