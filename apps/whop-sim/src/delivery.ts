import { newId } from './ids';
import { signedHeaders } from './signing';
import { Timers } from './Timers';

/**
 * Whop's retry schedule after the first attempt is not settled: one revision of its docs says 3
 * retries at 10, 20 and 40 s, another 12 over about 71 hours. The short one is the default here, the
 * harsher case: a webhook missed for a minute is gone, and only polling finds what it said.
 */
export const WHOP_SHORT_RETRY_SCHEDULE_MS = [10e3, 20e3, 40e3];
export const WHOP_LONG_RETRY_SCHEDULE_MS = [30e3, 120e3, 480e3, 1_800e3, 3_600e3, 10_800e3, 21_600e3, ...Array<number>(5).fill(43_200e3)];

export interface DeliveryAttempt {
  at: string;
  status: number | null;
  error: string | null;
  durationMs: number;
}

export interface Delivery {
  /** The webhook-id: the same for every attempt and every duplicate copy of one event. */
  id: string;
  type: string;
  url: string;
  body: string;
  state: 'scheduled' | 'pending' | 'delivered' | 'retrying' | 'failed' | 'dropped';
  attempts: DeliveryAttempt[];
  nextAttemptAt: string | null;
}

export interface DelivererOptions {
  secret: string;
  /** Where events go; read at each attempt so it can be set after start. */
  url: () => string | null;
  retryScheduleMs: number[];
  /** Whop counts an answer slower than 5 s as a failure. */
  timeoutMs: number;
  /** Deliveries in flight at once, as a sender's worker pool would allow. */
  maxConcurrent?: number;
}

export interface SendOptions {
  copies?: number;
  delayMs?: number;
  drop?: boolean;
}

/**
 * Sends signed events the way Whop does: at-least-once, the same `webhook-id` and body on every
 * retry, a fresh `webhook-timestamp` and signature per attempt, redirects not followed.
 */
export class WebhookDeliverer {
  private readonly all: Delivery[] = [];
  private readonly timers = new Timers();
  private readonly inFlight = new Set<Promise<void>>();
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly options: DelivererOptions) {}

  /** Waits for a free delivery slot. */
  private async slot(): Promise<() => void> {
    const max = this.options.maxConcurrent ?? 50;
    if (this.active >= max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    return () => {
      this.active--;
      this.waiting.shift()?.();
    };
  }

  /**
   * Queues one event (as `copies` deliveries sharing its id). The promise settles once every copy
   * has had its first attempt, at once for dropped events.
   */
  send(type: string, body: (id: string) => unknown, options: SendOptions = {}): { deliveries: Delivery[]; firstAttempts: Promise<void> } {
    const id = newId.message();
    const json = JSON.stringify(body(id));
    const deliveries: Delivery[] = [];
    const attempts: Promise<void>[] = [];
    for (let copy = 0; copy < (options.copies ?? 1); copy++) {
      const delivery: Delivery = { id, type, url: this.options.url() ?? '', body: json, state: options.drop ? 'dropped' : 'pending', attempts: [], nextAttemptAt: null };
      this.all.push(delivery);
      deliveries.push(delivery);
      if (options.drop) continue;
      if (options.delayMs) {
        delivery.state = 'scheduled';
        delivery.nextAttemptAt = new Date(Date.now() + options.delayMs).toISOString();
        attempts.push(new Promise((resolve) => this.timers.later(options.delayMs!, () => void this.attempt(delivery, 0).then(resolve))));
      } else {
        attempts.push(this.attempt(delivery, 0));
      }
    }
    return { deliveries, firstAttempts: Promise.all(attempts).then(() => undefined) };
  }

  list(): readonly Delivery[] {
    return this.all;
  }

  /** Resolves when no attempt is running (scheduled retries are not waited for). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  close(): void {
    this.timers.close();
  }

  private attempt(delivery: Delivery, retryIndex: number): Promise<void> {
    const run = this.post(delivery).then((ok) => {
      if (ok) {
        delivery.state = 'delivered';
        delivery.nextAttemptAt = null;
        return;
      }
      const delay = this.options.retryScheduleMs[retryIndex];
      if (delay === undefined || this.timers.closed) {
        delivery.state = 'failed';
        delivery.nextAttemptAt = null;
        return;
      }
      delivery.state = 'retrying';
      delivery.nextAttemptAt = new Date(Date.now() + delay).toISOString();
      this.timers.later(delay, () => void this.attempt(delivery, retryIndex + 1));
    });
    this.inFlight.add(run);
    return run.finally(() => this.inFlight.delete(run));
  }

  private async post(delivery: Delivery): Promise<boolean> {
    const release = await this.slot();
    try {
      return await this.postNow(delivery);
    } finally {
      release();
    }
  }

  private async postNow(delivery: Delivery): Promise<boolean> {
    const url = this.options.url() ?? delivery.url;
    delivery.url = url;
    const started = Date.now();
    const record = (status: number | null, error: string | null) =>
      delivery.attempts.push({ at: new Date(started).toISOString(), status, error, durationMs: Date.now() - started });
    if (!url) {
      record(null, 'no webhook URL configured');
      return false;
    }
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: signedHeaders(this.options.secret, delivery.id, delivery.body),
        body: delivery.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      record(res.status, null);
      return res.status >= 200 && res.status < 300;
    } catch (err) {
      const timeout = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      const reason = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
      record(null, timeout ? `no answer within ${this.options.timeoutMs} ms` : reason);
      return false;
    }
  }
}
