import { randomUUID } from 'node:crypto';
import { isOpenDispute } from '../domain/history';
import type { Logger } from '../logger';
import type { Metrics } from '../Metrics';
import type { LedgerDifference, Store } from '../store/ports';
import { WhopApiError, type WhopClient } from '../whop/client';
import { InvalidPaymentPayloadError } from '../whop/payment';
import type { FollowUp } from './FollowUp';
import type { CreditService } from './CreditService';
import type { EventDelivery } from './EventDelivery';
import type { Fulfilment } from './Fulfilment';
import type { Reconciliation } from './Reconciliation';
import type { Unreadable } from './Unreadable';

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
  /** Disputes Whop reported opened since the last run. */
  disputes: number;
  /** Orders waiting on Whop (an open dispute, an unconverted refund) asked about again. */
  asked: number;
  /** What Whop sent that could not be read, skipped. */
  unreadable: number;
  /** Orders that became credited in this run. */
  completed: number;
  expired: number;
  /** Holds past their time, expired (their credits freed). */
  holdsExpired: number;
  whopErrors: number;
  ledgerDifferences: LedgerDifference[];
}

const LEASE = 'sweeper';
/** The sweep's durable watermarks: how far it has read Whop's changed payments, and Whop's new disputes. */
export const WATERMARKS = { payments: 'whop-payments-updated', disputes: 'whop-disputes-created' } as const;
/** How far back the first run reads; later runs start where the previous one ended. */
const FIRST_LOOKBACK_MS = 72 * 3_600_000;
/** Each run re-reads this much before the watermark: clocks differ, and Whop's lists settle late. */
export const OVERLAP_MS = 5 * 60_000;
const DEFAULT_LEASE_MS = 60_000;

/**
 * Recovery: everything a webhook can say is also found here, from what Whop's lists carry. Each run
 * asks Whop for the account's payments that changed since the last run (`updated_after`, a durable
 * watermark) and learns each (paid, declined; list items carry no refunds or disputes, so one that
 * shows some, or changed after it was paid, is read in full); then the disputes opened since the
 * last run (`GET /disputes`, a watermark of its own). Its cost follows what changed at Whop, not how
 * many orders exist. Orders waiting on Whop (a dispute open, a refund in a currency not converted)
 * are asked about again, the least recently asked first, a batch per run; second payments not yet
 * refunded are refunded. Pending orders past their expiry get a last check, then expire; every
 * balance is checked against its ledger. One instance at a time, by a lease. What Whop sends that
 * cannot be read is recorded and skipped: it never stops a run or holds a watermark back.
 */
export class Sweeper {
  private readonly holder = randomUUID();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<SweepReport> | null = null;

  constructor(
    private readonly deps: {
      reconciliation: Reconciliation;
      fulfilment: Fulfilment;
      credits: CreditService;
      /** Events for the host app, delivered at the end of each run too (serverless deployments have no timer). */
      events?: EventDelivery | null;
      followUp: FollowUp;
      unreadable: Unreadable;
      store: Store;
      whop: WhopClient;
      logger: Logger;
      metrics: Metrics;
      now: () => Date;
    },
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
    const report: SweepReport = { ran: false, checked: 0, disputes: 0, asked: 0, unreadable: 0, completed: 0, expired: 0, holdsExpired: 0, whopErrors: 0, ledgerDifferences: [] };
    const leaseMs = this.settings.leaseMs ?? DEFAULT_LEASE_MS;
    if (!(await store.leases.acquire(LEASE, this.holder, leaseMs))) return report;
    report.ran = true;
    // Renewed while the run lasts: a crashed instance blocks the others for one lease time at most.
    const renewal = setInterval(() => void store.leases.acquire(LEASE, this.holder, leaseMs).catch(() => undefined), leaseMs / 3);
    renewal.unref();
    try {
      await this.guard(report, 'recovery', () => this.recover(report));
      await this.guard(report, 'disputes', () => this.recoverDisputes(report));
      await this.guard(report, 'orders waiting on Whop', () => this.askAgain(report));
      await this.guard(report, 'second payments', () => this.refundSecondPayments());
      await this.expire(report);
      report.holdsExpired = await this.deps.credits.expireHolds(this.settings.batchSize);
      // Delivery trouble (the host app down) is the delivery's to log and retry; it never stops the ledger check.
      await this.deps.events?.runOnce().catch((err: unknown) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'events not delivered in this sweep'));
      report.ledgerDifferences = await store.ledger.differences();
      await store.stats.recordLedgerCheck(this.deps.now(), report.ledgerDifferences.length);
      this.deps.metrics.sweep(report.ledgerDifferences.length);
      for (const d of report.ledgerDifferences) logger.error({ userId: d.userId, balance: d.balance, ledgerSum: d.ledgerSum }, 'balance differs from its ledger');
      if (report.checked > 0 || report.disputes > 0 || report.expired > 0 || report.holdsExpired > 0 || report.unreadable > 0 || report.ledgerDifferences.length > 0)
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
    await this.since(WATERMARKS.payments, async (since) => {
      for await (const listed of this.deps.whop.listPaymentsUpdatedAfter(since)) {
        if ('unreadable' in listed) report.unreadable++;
        else report.checked++;
        if (await this.deps.reconciliation.learnListed(listed)) report.completed++;
      }
    });
  }

  /** Disputes opened since the last run: found whatever their payment's list item shows (a dispute may not move it). */
  private async recoverDisputes(report: SweepReport): Promise<void> {
    await this.since(WATERMARKS.disputes, async (since) => {
      for await (const listed of this.deps.whop.listDisputesCreatedAfter(since)) {
        if ('unreadable' in listed) {
          report.unreadable++;
          await this.deps.unreadable.report('dispute', listed.unreadable.id, listed.unreadable.reason);
          continue;
        }
        report.disputes++;
        if ((await this.deps.reconciliation.learnDispute(listed.item)) === 'unreadable') report.unreadable++;
      }
    });
  }

  /** Reads Whop's changes after a watermark; only a read that went through to the end moves it (to when it began). */
  private async since(name: string, read: (since: Date) => Promise<void>): Promise<void> {
    const { store } = this.deps;
    const started = this.deps.now();
    const watermark = (await store.watermarks.get(name)) ?? new Date(started.getTime() - FIRST_LOOKBACK_MS);
    await read(new Date(watermark.getTime() - OVERLAP_MS));
    await store.watermarks.set(name, started);
  }

  /**
   * Orders waiting on Whop, asked about again by id: a dispute's outcome or a refund's conversion
   * may have come in a lost webhook, or not moved anything a list shows. Least recently asked first,
   * so every one is asked within (waiting ÷ batch) runs, however long disputes take.
   */
  private async askAgain(report: SweepReport): Promise<void> {
    const { store, whop, reconciliation, unreadable, logger } = this.deps;
    for (const order of await store.orders.listAwaitingWhop(this.settings.batchSize)) {
      try {
        for (const payment of order.history.payments) {
          if (order.statusReason === 'refund_currency_unknown') await reconciliation.learnPaymentInFull(payment.id);
          for (const open of payment.disputes.filter(isOpenDispute)) await reconciliation.learnDispute(await whop.retrieveDispute(open.id));
        }
      } catch (err) {
        // Whatever Whop answers about one order (nothing, a 404, something unreadable), it goes to the back of the line and the others are asked.
        if (err instanceof InvalidPaymentPayloadError) await unreadable.report('dispute', null, err.message);
        else if (err instanceof WhopApiError) report.whopErrors++;
        else throw err;
        logger.warn({ orderId: order.id, err: err.message }, 'Whop could not say how what this order waits on ended; asked again later');
      }
      await store.orders.markAskedWhop(order.id, this.deps.now());
      report.asked++;
    }
  }

  /** Second payments not refunded yet (a refund that failed, a webhook lost): asked of Whop again, the least recently asked first. */
  private async refundSecondPayments(): Promise<void> {
    const { store, followUp } = this.deps;
    if (!followUp.refundsSecondPayments) return;
    for (const order of await store.orders.listWithUnrefundedSecondPayments(this.settings.batchSize)) {
      await followUp.refundSecondPayments(order);
      await store.orders.markAskedWhop(order.id, this.deps.now());
    }
  }

  /** Pending orders past their expiry: a last look at their checkout, then expired if still unpaid. */
  private async expire(report: SweepReport): Promise<void> {
    const { store, reconciliation, fulfilment, logger } = this.deps;
    const cutoff = new Date(this.deps.now().getTime() - this.settings.expireAfterMs);
    for (const order of await store.orders.listPendingCreatedBefore(cutoff, this.settings.batchSize)) {
      try {
        if (order.whopCheckoutId) await reconciliation.reconcileCheckout(order.whopCheckoutId);
      } catch (err) {
        if (!(err instanceof WhopApiError)) throw err;
        report.whopErrors++;
        logger.warn({ orderId: order.id, err: err.message }, 'expiry could not ask Whop; the order waits for the next run');
        continue; // never expire an order Whop could not be asked about
      }
      if ((await fulfilment.learn([{ id: order.id }], { type: 'expired' }, { source: 'expiry' })).outcome === 'expired') report.expired++;
    }
  }
}
