import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * What operators watch (Prometheus): conversion (orders created and completed per pack), payment
 * success rate (final statuses), webhook handling time and outcomes, credits granted and taken back,
 * credit accuracy (ledger differences found by the sweeper), and the API's error rate.
 * One registry per app, so that several apps in one process (tests) do not share counters.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly ordersCreated = new Counter({ name: 'credits_orders_created_total', help: 'Orders created, by pack', labelNames: ['package'], registers: [this.registry] });
  private readonly ordersCompleted = new Counter({
    name: 'credits_orders_completed_total',
    help: 'Orders completed (credits granted), by pack and by what completed them',
    labelNames: ['package', 'source'],
    registers: [this.registry],
  });
  private readonly paymentsFinal = new Counter({
    name: 'credits_payments_final_total',
    help: 'Orders reaching a final or exceptional status (completed, failed, expired, review, refunded, disputed)',
    labelNames: ['status'],
    registers: [this.registry],
  });
  private readonly webhookDuration = new Histogram({
    name: 'credits_webhook_duration_seconds',
    help: 'Time to verify and handle one Whop webhook',
    labelNames: ['type', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly webhookOutcomes = new Counter({
    name: 'credits_webhooks_total',
    help: 'Webhooks by outcome: verified (handled), duplicate, rejected (bad signature), failed (not handled; Whop retries)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  private readonly creditsGranted = new Counter({ name: 'credits_granted_total', help: 'Credits granted by completed orders', registers: [this.registry] });
  private readonly creditsClawedBack = new Counter({
    name: 'credits_clawed_back_total',
    help: 'Credits taken back by refunds and disputes (net of disputes won)',
    registers: [this.registry],
  });
  private readonly ledgerDifferenceGauge = new Gauge({
    name: 'credits_ledger_differences',
    help: 'Accounts whose balance differs from their ledger, at the last sweep (should be 0)',
    registers: [this.registry],
  });
  private readonly secondPayments = new Counter({
    name: 'credits_second_payments_total',
    help: 'Payments for an order already credited (the buyer paid twice): seen, and refunds asked of Whop',
    labelNames: ['action'],
    registers: [this.registry],
  });
  private readonly unreadableObjects = new Counter({
    name: 'credits_whop_unreadable_total',
    help: 'Objects Whop sent that could not be read (skipped, shown in the console): payments, refunds, disputes',
    labelNames: ['kind'],
    registers: [this.registry],
  });
  private readonly sweeps = new Counter({ name: 'credits_sweeps_total', help: 'Sweeper runs that held the lease', registers: [this.registry] });
  private readonly httpRequests = new Counter({
    name: 'credits_http_requests_total',
    help: 'HTTP requests by route and status class',
    labelNames: ['method', 'route', 'status_class'],
    registers: [this.registry],
  });
  private readonly httpDuration = new Histogram({
    name: 'credits_http_request_duration_seconds',
    help: 'HTTP request duration by route',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor({ processMetrics = true }: { processMetrics?: boolean } = {}) {
    if (processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'credits_' });
  }

  orderCreated(packageId: string): void {
    this.ordersCreated.inc({ package: packageId });
  }

  orderCompleted(packageId: string, source: string, credits: number): void {
    this.ordersCompleted.inc({ package: packageId, source });
    this.paymentsFinal.inc({ status: 'completed' });
    this.creditsGranted.inc(credits);
  }

  orderSettled(status: 'failed' | 'expired' | 'review' | 'refunded' | 'disputed'): void {
    this.paymentsFinal.inc({ status });
  }

  creditsTakenBack(credits: number): void {
    if (credits > 0) this.creditsClawedBack.inc(credits);
  }

  webhook(outcome: 'verified' | 'duplicate' | 'rejected' | 'failed', type: string, seconds: number, handled?: string): void {
    this.webhookOutcomes.inc({ outcome });
    this.webhookDuration.observe({ type, outcome: handled ?? outcome }, seconds);
  }

  secondPayment(action: 'seen' | 'refund_requested'): void {
    this.secondPayments.inc({ action });
  }

  unreadable(kind: 'payment' | 'refund' | 'dispute'): void {
    this.unreadableObjects.inc({ kind });
  }

  sweep(ledgerDifferences: number): void {
    this.sweeps.inc();
    this.ledgerDifferenceGauge.set(ledgerDifferences);
  }

  httpRequest(method: string, route: string, status: number, seconds: number): void {
    this.httpRequests.inc({ method, route, status_class: `${Math.floor(status / 100)}xx` });
    this.httpDuration.observe({ method, route }, seconds);
  }
}
