import type { Logger } from '../logger';
import type { Metrics } from '../Metrics';
import type { Store, UnreadableWhopObject } from '../store/ports';

/**
 * What Whop sent that cannot be read (the SDK allows a payment with no status or total, a refund
 * naming no payment): logged, counted and recorded for the console, then skipped. One such object
 * anywhere in the Whop account never stops the sweep.
 */
export class Unreadable {
  constructor(private readonly deps: { store: Store; logger: Logger; metrics: Metrics; now: () => Date }) {}

  async report(kind: UnreadableWhopObject['kind'], whopId: string | null, reason: string): Promise<void> {
    const { store, logger, metrics, now } = this.deps;
    metrics.unreadable(kind);
    logger.warn({ kind, whopId, reason }, 'Whop sent something that cannot be read; skipped');
    await store.unreadable.record(kind, whopId, reason, now());
  }
}
