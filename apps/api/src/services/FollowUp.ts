import type { OrderFact } from '../domain/facts';
import type { Order } from '../domain/order';
import type { Outcome } from '../domain/policy';
import type { Logger } from '../logger';
import type { Metrics } from '../Metrics';
import { WhopApiError, type WhopClient } from '../whop/client';

export interface Committed {
  before: Order;
  after: Order;
  outcome: Outcome;
  fact: OrderFact;
}

/**
 * What is asked of Whop after a change commits, outside the transaction: a credited order's checkout
 * configuration is deleted (its link takes no second payment), and a second payment that came anyway
 * is refunded (WHOP_REFUND_SECOND_PAYMENTS). Failures are logged and tried again the next time the
 * order is learnt about (the sweep re-reads every payment that changes); the Idempotency-Key makes a
 * repeated refund one refund.
 */
export class FollowUp {
  private readonly running = new Set<Promise<void>>();
  /** Second payments whose refund this process already asked for. */
  private readonly asked = new Set<string>();

  constructor(private readonly deps: { whop: WhopClient; logger: Logger; metrics: Metrics; refundSecondPayments: boolean }) {}

  after(change: Committed): void {
    const work = this.run(change)
      .catch((err: unknown) =>
        this.deps.logger.warn({ paymentId: change.after.id, err: err instanceof Error ? err.message : String(err) }, 'follow-up with Whop failed; it is tried again later'),
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
      logger.info({ paymentId: after.id, whopCheckoutId: after.whopCheckoutId }, 'checkout configuration deleted: its link takes no second payment');
    }
    const known = new Set(before.secondPayments.map((s) => s.whopPaymentId));
    for (const second of after.secondPayments) {
      if (!known.has(second.whopPaymentId)) metrics.secondPayment('seen');
      if (second.refunded || !this.deps.refundSecondPayments || this.asked.has(second.whopPaymentId)) continue;
      this.asked.add(second.whopPaymentId);
      try {
        await whop.refundPayment(second.whopPaymentId, `second-payment:${second.whopPaymentId}`);
      } catch (err) {
        // Refunded already (by a person, or an earlier attempt): nothing left to do.
        if (err instanceof WhopApiError && err.status === 400) continue;
        this.asked.delete(second.whopPaymentId);
        throw err;
      }
      metrics.secondPayment('refund_requested');
      logger.warn({ paymentId: after.id, whopPaymentId: second.whopPaymentId }, 'a second payment for a credited order: refund asked of Whop');
    }
  }
}
