import { Webhook } from 'standardwebhooks';
import type { Logger } from '../logger';
import type { OutboundEvent, OutboxStore } from '../store/ports';

export interface EventDeliverySettings {
  /** Where the host app receives events (EVENTS_WEBHOOK_URL). */
  url: string;
  /** Standard Webhooks' `whsec_…` secret the host verifies with (EVENTS_WEBHOOK_SECRET). */
  secret: string;
  /** How long one attempt may take; a claim lasts a little longer. */
  timeoutMs?: number;
  /** Delays after the 1st, 2nd, … failed attempt; the last repeats. */
  retryScheduleMs?: readonly number[];
}

/** 5 s, 30 s, 2 min, 10 min, 30 min, then hourly: a receiver down for a day gets everything when it is back. */
export const EVENT_RETRY_SCHEDULE_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000] as const;
const BATCH = 50;

/**
 * Delivers the outbox to the host app: at least once, each user's events in order (a user's next
 * event waits until the one before is delivered), signed with Standard Webhooks (`webhook-id`,
 * `webhook-timestamp`, `webhook-signature`). A 2xx delivers; anything else, or no answer, is tried
 * again later. Several instances share the work through claims.
 */
export class EventDelivery {
  private readonly webhook: Webhook;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly deps: { outbox: OutboxStore; logger: Logger; now: () => Date; fetch?: typeof fetch },
    private readonly settings: EventDeliverySettings,
  ) {
    this.webhook = new Webhook(settings.secret);
  }

  /** Delivers what is due until nothing is; resolves with how many were delivered. One run at a time per instance. */
  runOnce(): Promise<number> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Every `intervalMs` in this process; `nudge` after a change makes it sooner. */
  start(intervalMs: number): void {
    if (this.timer || intervalMs <= 0) return;
    this.timer = setInterval(() => this.nudge(), intervalMs);
    this.timer.unref();
  }

  nudge(): void {
    this.runOnce().catch((err: unknown) => this.deps.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'event delivery failed'));
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  private async run(): Promise<number> {
    let delivered = 0;
    for (;;) {
      const now = this.deps.now();
      const timeoutMs = this.settings.timeoutMs ?? 10_000;
      const claim = new Date(now.getTime() + timeoutMs * 2);
      const batch = await this.deps.outbox.claim(now, claim, BATCH);
      if (batch.length === 0) return delivered;
      const outcomes = await Promise.all(batch.map((event) => this.deliver(event, claim)));
      const ok = outcomes.filter(Boolean).length;
      delivered += ok;
      // Nothing went through: the receiver is down; the next attempts wait for their time.
      if (ok === 0) return delivered;
    }
  }

  private async deliver(event: OutboundEvent, claim: Date): Promise<boolean> {
    const { outbox, logger } = this.deps;
    const body = JSON.stringify(event.payload);
    const sentAt = this.deps.now();
    const headers = {
      'content-type': 'application/json',
      'webhook-id': event.id,
      'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
      'webhook-signature': this.webhook.sign(event.id, sentAt, body),
    };
    let status: number | null = null;
    let error: string;
    try {
      const res = await (this.deps.fetch ?? fetch)(this.settings.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(this.settings.timeoutMs ?? 10_000) });
      status = res.status;
      await res.body?.cancel().catch(() => undefined);
      if (res.ok) {
        await outbox.delivered(event.id, claim, this.deps.now(), res.status);
        return true;
      }
      error = `answered ${res.status}`;
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    const schedule = this.settings.retryScheduleMs ?? EVENT_RETRY_SCHEDULE_MS;
    const delay = schedule[Math.min(event.attempts, schedule.length - 1)]!;
    await outbox.failed(event.id, claim, status, error, new Date(this.deps.now().getTime() + delay));
    logger.warn({ eventId: event.id, type: event.type, attempt: event.attempts + 1, status, err: error }, 'event not delivered to the host app; tried again later');
    return false;
  }
}
