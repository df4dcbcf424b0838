import { randomUUID } from 'node:crypto';
import { isUnpaid } from '@credits/shared';
import type { Logger } from '../logger';
import type { Metrics } from '../Metrics';
import type { LedgerDifference, Store } from '../store/ports';
import { WhopApiError } from '../whop/client';
import type { Fulfilment } from './Fulfilment';
import type { PaymentService } from './PaymentService';

export interface SweeperSettings {
  /** Pending orders younger than this are left to their webhook. */
  reconcileAfterMs: number;
  /** Pending orders older than this get a last check with Whop, then expire. */
  expireAfterMs: number;
  /** Orders looked at per run. */
  batchSize: number;
}

export interface SweepReport {
  ran: boolean;
  checked: number;
  completed: number;
  expired: number;
  whopErrors: number;
  ledgerDifferences: LedgerDifference[];
}

const LEASE = 'sweeper';

/**
 * Reconciliation: asks Whop about pending orders whose webhook did not come, feeds what it finds
 * to the same fulfilment as the webhook, expires what stayed unpaid too long, and checks every
 * balance against its ledger. One instance at a time, by a lease in the database.
 */
export class Sweeper {
  private readonly holder = randomUUID();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<SweepReport> | null = null;

  constructor(
    private readonly deps: { service: PaymentService; fulfilment: Fulfilment; store: Store; logger: Logger; metrics: Metrics; now: () => Date },
    private readonly settings: SweeperSettings,
  ) {}

  /** One run. If another instance holds the lease, does nothing and says so. */
  async runOnce(): Promise<SweepReport> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Runs every `intervalMs` in this process (servers); serverless deployments call runOnce from cron. */
  start(intervalMs: number): void {
    if (this.timer || intervalMs <= 0) return;
    this.timer = setInterval(() => {
      this.runOnce().catch((err: unknown) => this.deps.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'sweep failed'));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  private async run(): Promise<SweepReport> {
    const { store, service, logger } = this.deps;
    const report: SweepReport = { ran: false, checked: 0, completed: 0, expired: 0, whopErrors: 0, ledgerDifferences: [] };
    // The lease outlives a slow run comfortably; a crashed holder's lease simply runs out.
    if (!(await store.leases.acquire(LEASE, this.holder, 5 * 60_000))) return report;
    report.ran = true;
    try {
      const now = this.deps.now().getTime();
      const pending = await store.orders.listPendingCreatedBefore(new Date(now - this.settings.reconcileAfterMs), this.settings.batchSize);
      for (const order of pending) {
        report.checked++;
        try {
          await service.reconcileCheckout(order.whopCheckoutId!);
        } catch (err) {
          if (!(err instanceof WhopApiError)) throw err;
          report.whopErrors++;
          logger.warn({ paymentId: order.id, err: err.message }, 'reconciliation could not ask Whop');
          continue; // never expire an order Whop could not be asked about
        }
        const after = await store.orders.find({ id: order.id });
        if (after && !isUnpaid(after.status)) report.completed++;
        else if (after?.status === 'pending' && now - order.createdAt.getTime() > this.settings.expireAfterMs) {
          if ((await this.deps.fulfilment.learn([{ id: order.id }], { type: 'expired' }, { source: 'reconcile' })).outcome === 'expired') report.expired++;
        }
      }
      report.ledgerDifferences = await store.ledger.differences();
      this.deps.metrics.sweep(report.ledgerDifferences.length);
      for (const d of report.ledgerDifferences) logger.error({ userId: d.userId, balance: d.balance, ledgerSum: d.ledgerSum }, 'balance differs from its ledger');
      if (report.checked > 0 || report.ledgerDifferences.length > 0) logger.info({ ...report, ledgerDifferences: report.ledgerDifferences.length }, 'sweep done');
      return report;
    } finally {
      await store.leases.release(LEASE, this.holder);
    }
  }
}
