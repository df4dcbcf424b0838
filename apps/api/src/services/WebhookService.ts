import { z } from 'zod';
import type { OrderFact } from '../domain/facts';
import { ServiceUnavailableError } from '../errors';
import type { Logger } from '../logger';
import type { OrderRef, Store, WebhookEventInput } from '../store/ports';
import { WhopApiError, type WhopClient } from '../whop/client';
import { InvalidPaymentPayloadError, normalizeDispute, normalizePayment, normalizeRefund, paymentReport, withPayment, type Normalized, type RelatedPayment } from '../whop/payment';
import type { WebhookEnvelope } from '../whop/webhook';
import { disputeFact } from './disputeFact';
import type { Fulfilment, LearnOutcome } from './Fulfilment';
import { refsOf, type Reconciliation } from './Reconciliation';
import type { Unreadable } from './Unreadable';
const disputeAlert = z.object({
  dispute: z.record(z.string(), z.unknown()).nullish(),
  payment: z
    .object({ id: z.string().min(1) })
    .passthrough()
    .nullish(),
});

export type WebhookOutcome = LearnOutcome | 'ignored' | 'invalid_payload';

type Handler = (event: WebhookEnvelope, record: WebhookEventInput) => Promise<WebhookOutcome>;

/**
 * Webhook intake: one small handler per Whop event type, each reading the payload into a fact and
 * the order it concerns. The event is recorded by `webhook-id` in the same transaction that applies
 * its effect; the caller answers 2xx only after that commit.
 */
export class WebhookService {
  private readonly handlers: Record<string, Handler>;

  constructor(
    private readonly deps: { store: Store; whop: WhopClient; fulfilment: Fulfilment; reconciliation: Reconciliation; unreadable: Unreadable; logger: Logger; now: () => Date },
  ) {
    const payment: Handler = async (event, record) => {
      let read;
      try {
        read = normalizePayment(event.data);
      } catch (err) {
        if (err instanceof InvalidPaymentPayloadError) await this.deps.unreadable.report('payment', (event.data as { id?: string } | null)?.id ?? null, err.message);
        throw err;
      }
      const report = paymentReport(read);
      // payment.failed names the declined attempt whatever status its payload shows.
      const fact = { type: 'payment' as const, payment: event.type === 'payment.failed' ? { ...report, state: 'failed' as const } : report };
      return this.learn(refsOf({ paymentId: report.id, checkoutId: report.checkoutId, metadataOrderId: report.metadataOrderId }, false), fact, record);
    };
    const refund: Handler = async (event, record) => {
      const normalized = normalizeRefund(event.data);
      if (!normalized.knownStatus)
        this.deps.logger.warn({ refundId: normalized.report.id, status: (event.data as { status?: unknown }).status }, 'unknown refund status: treated as pending');
      const related = await this.paymentOf(normalized, 'refund', () => this.deps.whop.retrieveRefund(normalized.report.id));
      return this.learn(refsOf(related, true), { type: 'refund', refund: withPayment(normalized, related) }, record, related.paymentId);
    };
    const dispute: Handler = async (event, record) => {
      const normalized = normalizeDispute(event.data);
      if (!normalized.knownStatus)
        this.deps.logger.warn({ disputeId: normalized.report.id, status: (event.data as { status?: unknown }).status }, 'unknown dispute status: credits held');
      const related = await this.paymentOf(normalized, 'dispute', () => this.deps.whop.retrieveDispute(normalized.report.id));
      const fact = await disputeFact(this.deps.whop, withPayment(normalized, related));
      // Closed or other, and Whop could not be asked how it ended: the credits stay held and Whop delivers again.
      if (!fact) throw new ServiceUnavailableError('Whop could not be asked how this dispute ended; deliver again later.');
      return this.learn(refsOf(related, true), fact, record, related.paymentId);
    };
    // An issuer's early warning names the dispute it announces, when there is one yet.
    const alert: Handler = async (event, record) => {
      const announced = disputeAlert.safeParse(event.data);
      if (!announced.success) throw new InvalidPaymentPayloadError('not a Whop dispute alert');
      if (!announced.data.dispute || !announced.data.payment) return this.close(record, 'ignored');
      return dispute({ ...event, data: { ...announced.data.dispute, payment: announced.data.payment } }, record);
    };
    this.handlers = {
      'payment.succeeded': payment,
      'payment.failed': payment,
      'refund.created': refund,
      'refund.updated': refund,
      'dispute.created': dispute,
      'dispute.updated': dispute,
      'dispute_alert.created': alert,
    };
  }

  async handle(event: WebhookEnvelope): Promise<WebhookOutcome> {
    const record: WebhookEventInput = { id: event.id, type: event.type, payload: event.body, receivedAt: this.deps.now() };
    const handler = this.handlers[event.type];
    if (!handler) return this.close(record, 'ignored');
    try {
      return await handler(event, record);
    } catch (err) {
      if (!(err instanceof InvalidPaymentPayloadError)) throw err;
      this.deps.logger.error({ eventId: event.id, type: event.type, err: err.message }, 'webhook payload could not be read');
      return this.close(record, 'invalid_payload');
    }
  }

  private async learn(refs: OrderRef[], fact: OrderFact, event: WebhookEventInput, askWhopAbout?: string): Promise<WebhookOutcome> {
    const lookup = askWhopAbout
      ? () => this.unavailableUnless(() => this.deps.reconciliation.refsOfWhopPayment(askWhopAbout), 'Whop could not be asked about this payment')
      : undefined;
    return (await this.deps.fulfilment.learn(refs, fact, { source: 'webhook', event, lookup })).outcome;
  }

  /**
   * The payment a refund or dispute is about. Whop may leave it out (the SDK allows `payment: null`):
   * the refund or dispute is then read again by its own id, and if Whop still does not say, the
   * delivery is answered 503 so that Whop sends it again; it is never acknowledged and dropped.
   */
  private async paymentOf<R extends { id: string; paymentId: string }>(
    normalized: Normalized<R>,
    what: 'refund' | 'dispute',
    readAgain: () => Promise<Normalized<R>>,
  ): Promise<RelatedPayment> {
    if (normalized.related) return normalized.related;
    const again = await this.unavailableUnless(readAgain, `Whop could not be asked which payment this ${what} is about`);
    if (again.related) return again.related;
    this.deps.logger.error({ [`${what}Id`]: normalized.report.id }, `Whop names no payment for this ${what}; asking Whop to deliver it again`);
    throw new ServiceUnavailableError(`Whop names no payment for this ${what} yet; deliver again later.`);
  }

  /** A call to Whop whose failure means "deliver again later" (503). */
  private async unavailableUnless<T>(call: () => Promise<T>, what: string): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (err instanceof WhopApiError) throw new ServiceUnavailableError(`${what}; deliver again later.`);
      throw err;
    }
  }

  /** Records an event that moves no money, once. */
  private async close(record: WebhookEventInput, outcome: 'ignored' | 'invalid_payload'): Promise<WebhookOutcome> {
    return this.deps.store.transact(async (uow) => {
      if (await uow.inbox.handled(record.id)) return 'duplicate';
      const { eventRecorded } = await uow.apply({ event: { record, outcome, orderId: null }, at: this.deps.now() });
      return eventRecorded ? outcome : 'duplicate';
    });
  }
}
