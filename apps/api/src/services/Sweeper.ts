import { randomUUID } from 'node:crypto';
import { isOpenDispute } from '../domain/history';
import type { Logger } from '../logger';
import type { Metrics } from '../Metrics';
import type { LedgerDifference, Store } from '../store/ports';
import { WhopApiError, type WhopClient } from '../whop/client';
import { disputeFact } from './disputeFact';
import type { Fulfilment } from './Fulfilment';
import type { PaymentService } from './PaymentService';

export interface SweeperSettings {
  /** Pending orders older than this get a last check with Whop, then expire. */
  expireAfterMs: number;
  /** Orders looked at per run for expiry. */
  batchSize: number;
  /** How long the lease lasts unless renewed (a run renews it every third of this): what a crashed instance blocks. Default 60 s. */
  leaseMs?: number;
}

export interface SweepReport {
  ran: boolean;
  /** Payments Whop reported changed since the last run, each learnt about. */
  checked: number;
  /** Orders that became credited in this run. */
  completed: number;
  expired: number;
  whopErrors: number;
  ledgerDifferences: LedgerDifference[];
}

const LEASE = 'sweeper';
const WATERMARK = 'whop-payments-updated';
/** How far back the first run reads; later runs start where the previous one ended. */
const FIRST_LOOKBACK_MS = 72 * 3_600_000;
/** Each run re-reads this much before the watermark: clocks differ, and Whop's lists settle late. */
const OVERLAP_MS = 5 * 60_000;
const DEFAULT_LEASE_MS = 60_000;

/**
 * Recovery: everything a webhook can say is also found here. Each run asks Whop for the account's
 * payments that changed since the last run (`updated_after`, a durable watermark) and learns each as
 * its webhooks would have told it — paid, declined, refunded, disputed — so its cost follows what
 * changed at Whop, not how many orders exist. Disputes still open here are asked about one by one
 * (payments of the native shape do not embed them). Pending orders past their expiry get a last check,
 * then expire; every balance is checked against its ledger. One instance at a time, by a lease.
 */
export class Sweeper {
  private readonly holder = randomUUID();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<SweepReport> | null = null;

  constructor(
    private readonly deps: { service: PaymentService; fulfilment: Fulfilment; store: Store; whop: WhopClient; logger: Logger; metrics: Metrics; now: () => Date },
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
    const { store, logger } = this.deps;
    const report: SweepReport = { ran: false, checked: 0, completed: 0, expired: 0, whopErrors: 0, ledgerDifferences: [] };
    const leaseMs = this.settings.leaseMs ?? DEFAULT_LEASE_MS;
    if (!(await store.leases.acquire(LEASE, this.holder, leaseMs))) return report;
    report.ran = true;
    // Renewed while the run lasts: a crashed instance blocks the others for one lease time at most.
    const renewal = setInterval(() => void store.leases.acquire(LEASE, this.holder, leaseMs).catch(() => undefined), leaseMs / 3);
    renewal.unref();
    try {
      await this.guard(report, 'recovery', () => this.recover(report));
      await this.guard(report, 'open disputes', () => this.recheckOpenDisputes());
      await this.expire(report);
      report.ledgerDifferences = await store.ledger.differences();
      await store.stats.recordLedgerCheck(this.deps.now(), report.ledgerDifferences.length);
      this.deps.metrics.sweep(report.ledgerDifferences.length);
      for (const d of report.ledgerDifferences) logger.error({ userId: d.userId, balance: d.balance, ledgerSum: d.ledgerSum }, 'balance differs from its ledger');
      if (report.checked > 0 || report.expired > 0 || report.ledgerDifferences.length > 0)
        logger.info({ ...report, ledgerDifferences: report.ledgerDifferences.length }, 'sweep done');
      return report;
    } finally {
      clearInterval(renewal);
      await store.leases.release(LEASE, this.holder);
    }
  }

  /** Whop out of reach stops this step, not the run: the watermark stays and the next run reads again. */
  private async guard(report: SweepReport, step: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      if (!(err instanceof WhopApiError)) throw err;
      report.whopErrors++;
      this.deps.logger.warn({ step, err: err.message }, 'the sweep could not ask Whop');
    }
  }

  private async recover(report: SweepReport): Promise<void> {
    const { store, whop } = this.deps;
    const started = this.deps.now();
    const watermark = (await store.watermarks.get(WATERMARK)) ?? new Date(started.getTime() - FIRST_LOOKBACK_MS);
    for await (const payment of whop.listPaymentsUpdatedAfter(new Date(watermark.getTime() - OVERLAP_MS))) {
      report.checked++;
      if (await this.deps.service.learnWhopPayment(payment)) report.completed++;
    }
    // Only a read that went through to the end moves the watermark (to when it began).
    await store.watermarks.set(WATERMARK, started);
  }

  /** Disputes still open here, asked about by id: their outcome may have come in a lost webhook. */
  private async recheckOpenDisputes(): Promise<void> {
    const { store, whop, fulfilment } = this.deps;
    for (const order of await store.orders.listByStatus('disputed', this.settings.batchSize)) {
      for (const open of order.history.payments.flatMap((p) => p.disputes.filter(isOpenDispute))) {
        const { dispute } = await whop.retrieveDispute(open.id);
        await fulfilment.learn([{ id: order.id }], await disputeFact(whop, dispute), { source: 'reconcile' });
      }
    }
  }

  /** Pending orders past their expiry: a last look at their checkout, then expired if still unpaid. */
  private async expire(report: SweepReport): Promise<void> {
    const { store, service, fulfilment, logger } = this.deps;
    const cutoff = new Date(this.deps.now().getTime() - this.settings.expireAfterMs);
    for (const order of await store.orders.listPendingCreatedBefore(cutoff, this.settings.batchSize)) {
      try {
        if (order.whopCheckoutId) await service.reconcileCheckout(order.whopCheckoutId);
      } catch (err) {
        if (!(err instanceof WhopApiError)) throw err;
        report.whopErrors++;
        logger.warn({ paymentId: order.id, err: err.message }, 'expiry could not ask Whop; the order waits for the next run');
        continue; // never expire an order Whop could not be asked about
      }
      if ((await fulfilment.learn([{ id: order.id }], { type: 'expired' }, { source: 'reconcile' })).outcome === 'expired') report.expired++;
    }
  }
}
