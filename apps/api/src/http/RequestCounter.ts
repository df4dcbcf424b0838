import type { RequestHandler } from 'express';
import type { Logger } from '../logger';
import type { RequestCounts, StatsStore } from '../store/ports';

const MINUTE_MS = 60_000;
const WEBHOOK_PATH = '/api/payment/webhook/whop';

/**
 * Counts the API's requests per minute (and those answered 5xx, and Whop's deliveries answered 5xx)
 * in memory, and adds them to the store on `flush`: durable figures for the dashboard without a
 * write per request. The server flushes every few seconds and on shutdown; a serverless function
 * after each response. A count lost to a crash between flushes is lost (a few seconds of traffic).
 */
export class RequestCounter {
  private pending = new Map<number, RequestCounts>();
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: { stats: StatsStore; logger: Logger; now?: () => number }) {}

  middleware(): RequestHandler {
    return (req, res, next) => {
      const path = req.originalUrl.split('?')[0]!;
      if (path.startsWith('/api/')) res.on('finish', () => this.count(path === WEBHOOK_PATH, res.statusCode));
      next();
    };
  }

  private count(webhook: boolean, status: number): void {
    const minute = Math.floor((this.deps.now?.() ?? Date.now()) / MINUTE_MS) * MINUTE_MS;
    const counts = this.pending.get(minute) ?? { requests: 0, serverErrors: 0, webhookFailures: 0 };
    counts.requests++;
    if (status >= 500) counts.serverErrors++;
    if (webhook && status >= 500) counts.webhookFailures++;
    this.pending.set(minute, counts);
  }

  /** Adds what was counted to the store; what cannot be written now is kept for the next flush. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      const batch = this.pending;
      this.pending = new Map();
      for (const [minute, counts] of batch) {
        try {
          await this.deps.stats.addRequests(new Date(minute), counts);
        } catch (err) {
          this.keep(minute, counts);
          this.deps.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'request counts not written; kept for the next flush');
        }
      }
    });
    return this.flushing;
  }

  private keep(minute: number, counts: RequestCounts): void {
    const now = this.pending.get(minute) ?? { requests: 0, serverErrors: 0, webhookFailures: 0 };
    this.pending.set(minute, {
      requests: now.requests + counts.requests,
      serverErrors: now.serverErrors + counts.serverErrors,
      webhookFailures: now.webhookFailures + counts.webhookFailures,
    });
  }
}
