import type { OrderFact } from '../domain/facts';
import type { Order } from '../domain/order';
import type { Outcome } from '../domain/policy';
import type { Logger } from '../logger';
import type { Metrics } from '../Metrics';
import type { WhopClient } from '../whop/client';
import { refundTarget, type WhopRefunds } from './WhopRefunds';

export interface Committed {
  before: Order;
  after: Order;
  outcome: Outcome;
  fact: OrderFact;
}

/** Automatic refunds of one second payment stop after this many failed at Whop: an operator looks at it. */
export const MAX_AUTOMATIC_REFUND_ATTEMPTS = 3;

/**
 * What is asked of Whop after a change commits, outside the transaction: a credited order's checkout
 * configuration is deleted (its link takes no second payment), and a second payment that came anyway
 * is refunded (WHOP_REFUND_SECOND_PAYMENTS). Failures are logged; the sweep asks again about every
 * second payment not refunded, a run apart (a refund Whop failed is rarely a passing fault).
 */
export class FollowUp {
  private readonly running = new Set<Promise<void>>();
  /** Second payments whose refund this process is asking about right now. */
  private readonly refunding = new Set<string>();

  constructor(private readonly deps: { whop: WhopClient; refunds: WhopRefunds; logger: Logger; metrics: Metrics; refundSecondPayments: boolean }) {}

  after(change: Committed): void {
    const work = this.run(change)
      .catch((err: unknown) =>
        this.deps.logger.warn({ orderId: change.after.id, err: err instanceof Error ? err.message : String(err) }, 'follow-up with Whop failed; it is tried again later'),
      )
      .finally(() => this.running.delete(work));
    this.running.add(work);
  }

  /** Resolves once every follow-up started so far has ended. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private async run({ before, after, outcome }: Committed): Promise<void> {
    const { whop, logger, metrics } = this.deps;
    if (outcome === 'completed' && after.whopCheckoutId) {
      await whop.deleteCheckoutConfiguration(after.whopCheckoutId);
      logger.info({ orderId: after.id, whopCheckoutId: after.whopCheckoutId }, 'checkout configuration deleted: its link takes no second payment');
    }
    const known = new Set(before.secondPayments.map((s) => s.whopPaymentId));
    const seen = after.secondPayments.filter((second) => !known.has(second.whopPaymentId));
    for (const _ of seen) metrics.secondPayment('seen');
    // A second payment just seen is refunded at once; a refund that failed is asked again by the sweep, a run apart.
    if (seen.length > 0) await this.refundSecondPayments(after, new Set(seen.map((second) => second.whopPaymentId)));
  }

  /**
   * Asks Whop to refund each second payment of a credited order not refunded yet (or only those in
   * `only`), unless a refund of it is under way: each attempt after a failed one under a key of its own.
   */
  async refundSecondPayments(order: Order, only?: ReadonlySet<string>): Promise<void> {
    const { logger } = this.deps;
    if (!this.deps.refundSecondPayments) return;
    for (const second of order.secondPayments) {
      if (second.refunded || this.refunding.has(second.whopPaymentId) || (only && !only.has(second.whopPaymentId))) continue;
      this.refunding.add(second.whopPaymentId);
      try {
        await this.refundOne(order, second.whopPaymentId);
      } catch (err) {
        // One payment Whop will not refund (or cannot be asked about now) never stops the others.
        logger.warn(
          { orderId: order.id, whopPaymentId: second.whopPaymentId, err: err instanceof Error ? err.message : String(err) },
          'refund of a second payment not asked; tried again later',
        );
      } finally {
        this.refunding.delete(second.whopPaymentId);
      }
    }
  }

  /** Whether second payments are refunded through Whop at all (WHOP_REFUND_SECOND_PAYMENTS). */
  get refundsSecondPayments(): boolean {
    return this.deps.refundSecondPayments;
  }

  private async refundOne(order: Order, whopPaymentId: string): Promise<void> {
    const { refunds, logger, metrics } = this.deps;
    const payment = refundTarget(order, whopPaymentId);
    const atWhop = await refunds.atWhop(order, payment);
    if (atWhop.underWay) return;
    if (atWhop.attempt >= MAX_AUTOMATIC_REFUND_ATTEMPTS) {
      logger.error({ orderId: order.id, whopPaymentId, failed: atWhop.attempt }, 'Whop failed every refund of a second payment; an operator must refund it');
      return;
    }
    const answer = await refunds.request(order, payment, `second-payment:${whopPaymentId}:${atWhop.attempt}`);
    if (answer === 'under_way') return;
    metrics.secondPayment('refund_requested');
    logger.warn({ orderId: order.id, whopPaymentId, attempt: atWhop.attempt }, 'a second payment for a credited order: refund asked of Whop');
    // Its webhook will tell; reading Whop's refunds now shows it on the order at once.
    await refunds.atWhop(order, payment);
  }
}
