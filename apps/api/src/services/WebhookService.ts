import { isPaymentId } from '@credits/shared';
import { z } from 'zod';
import { ServiceUnavailableError } from '../errors';
import type { Logger } from '../logger';
import type { OrderRef, Store, WebhookEventInput } from '../store/ports';
import { WhopApiError, type WhopClient } from '../whop/client';
import { InvalidPaymentPayloadError, normalizeDispute, normalizePayment, normalizeRefund, paymentReport, type RelatedPayment } from '../whop/payment';
import type { WebhookEnvelope } from '../whop/webhook';
import { disputeFact } from './disputeFact';
import type { Fulfilment, LearnOutcome } from './Fulfilment';

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

  constructor(private readonly deps: { store: Store; whop: WhopClient; fulfilment: Fulfilment; logger: Logger; now: () => Date }) {
    const payment: Handler = (event, record) => {
      const report = paymentReport(normalizePayment(event.data));
      // payment.failed names the declined attempt whatever status its payload shows.
      const fact = { type: 'payment' as const, payment: event.type === 'payment.failed' ? { ...report, state: 'failed' as const } : report };
      return this.learn(refsOf({ paymentId: report.id, checkoutId: report.checkoutId, metadataOrderId: report.metadataOrderId }, false), fact, record);
    };
    const refund: Handler = (event, record) => {
      const { refund, related, knownStatus } = normalizeRefund(event.data);
      if (!knownStatus) this.deps.logger.warn({ refundId: refund.id, status: (event.data as { status?: unknown }).status }, 'unknown refund status: treated as pending');
      return this.learn(refsOf(related, true), { type: 'refund', refund }, record, related.paymentId);
    };
    const dispute: Handler = async (event, record) => {
      const { dispute, related, knownStatus } = normalizeDispute(event.data);
      if (!knownStatus) this.deps.logger.warn({ disputeId: dispute.id, status: (event.data as { status?: unknown }).status }, 'unknown dispute status: credits held');
      return this.learn(refsOf(related, true), await disputeFact(this.deps.whop, dispute), record, related.paymentId);
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
    const record: WebhookEventInput = { id: event.id, type: event.type, payload: event.raw, receivedAt: this.deps.now() };
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

  private async learn(refs: OrderRef[], fact: Parameters<Fulfilment['learn']>[1], event: WebhookEventInput, askWhopAbout?: string): Promise<WebhookOutcome> {
    const lookup = askWhopAbout ? () => this.orderOfWhopPayment(askWhopAbout) : undefined;
    return (await this.deps.fulfilment.learn(refs, fact, { source: 'webhook', event, lookup })).outcome;
  }

  /** Records an event that moves no money, once. */
  private async close(record: WebhookEventInput, outcome: 'ignored' | 'invalid_payload'): Promise<WebhookOutcome> {
    return this.deps.store.transact(async (uow) => {
      if (await uow.inbox.handled(record.id)) return 'duplicate';
      const { eventRecorded } = await uow.apply({ event: { record, outcome, orderId: null } });
      return eventRecorded ? outcome : 'duplicate';
    });
  }

  /** Not credited here yet (the refund or dispute came first): Whop says which checkout the payment belongs to. */
  private async orderOfWhopPayment(whopPaymentId: string): Promise<OrderRef[]> {
    try {
      const report = paymentReport(await this.deps.whop.retrievePayment(whopPaymentId));
      return refsOf({ paymentId: report.id, checkoutId: report.checkoutId, metadataOrderId: report.metadataOrderId }, false);
    } catch (err) {
      if (err instanceof WhopApiError && err.status === 404) return [];
      if (err instanceof WhopApiError) throw new ServiceUnavailableError('Whop could not be asked about this payment; deliver again later.');
      throw err;
    }
  }
}

/** Where to look for the order: the checkout we created, our id in metadata, and (for refunds and disputes) the payment it was credited by. */
function refsOf(related: RelatedPayment, byWhopPayment: boolean): OrderRef[] {
  const refs: OrderRef[] = [];
  if (related.checkoutId) refs.push({ checkoutId: related.checkoutId });
  if (isPaymentId(related.metadataOrderId)) refs.push({ id: related.metadataOrderId.toLowerCase() });
  if (byWhopPayment) refs.push({ whopPaymentId: related.paymentId });
  return refs;
}
