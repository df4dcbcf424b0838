import express, { Router, type RequestHandler } from 'express';
import { createPaymentBodySchema, historyQuerySchema, idempotencyKeySchema, isPaymentId, type BuyerLanguage } from '@credits/shared';
import { currentUser, requireUser, type TokenVerifier } from '../auth/jwt';
import { AppError, NotFoundError, UnauthorizedError } from '../errors';
import { toPaymentDto } from '../http/serialize';
import { parse } from '../http/validate';
import type { Logger } from '../logger';
import type { Metrics } from '../Metrics';
import type { PaymentService } from '../services/PaymentService';
import type { WebhookService } from '../services/WebhookService';
import { WebhookPayloadError, WebhookSignatureError, type WebhookVerifier } from '../whop/webhook';

export interface PaymentRoutesDeps {
  service: PaymentService;
  webhooks: WebhookService;
  verifier: WebhookVerifier;
  tokens: TokenVerifier;
  enableTestEndpoints: boolean;
  /** Lets through only requests addressed to this machine (development features). */
  localOnly: RequestHandler;
  logger: Logger;
  metrics: Metrics;
  limits: { create: RequestHandler; recheck: RequestHandler; testComplete: RequestHandler };
}

const WEBHOOK_BODY_LIMIT = '512kb';
const JSON_BODY_LIMIT = '16kb';

/** A malformed id cannot name anyone's order: answer exactly as for a missing one. */
function paymentIdParam(value: string | string[] | undefined): string {
  if (!isPaymentId(value)) throw new NotFoundError('No such payment.', 'payment_not_found');
  return value.toLowerCase();
}

export function paymentRoutes({ service, webhooks, verifier, tokens, enableTestEndpoints, localOnly, logger, metrics, limits }: PaymentRoutesDeps): Router {
  const router = Router();
  const auth = requireUser(tokens);

  // The signature covers the exact bytes Whop sent, so this route reads the raw body and must be
  // registered before any JSON parser. The signature is its only credential.
  router.post('/webhook/whop', express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }), async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    let event;
    try {
      event = verifier.verify(body, req.headers);
    } catch (err) {
      metrics.webhook('rejected', 'unverified', seconds());
      if (err instanceof WebhookSignatureError) {
        logger.warn({ reason: err.message, webhookId: req.get('webhook-id') }, 'webhook rejected');
        throw new UnauthorizedError(`Webhook signature rejected: ${err.message}.`, 'invalid_signature');
      }
      if (err instanceof WebhookPayloadError) throw new AppError('invalid_webhook', err.message);
      throw err;
    }
    if (event.envelopeId !== null && event.envelopeId !== event.id) {
      logger.warn({ webhookId: event.id, envelopeId: event.envelopeId }, 'the event envelope names another id than webhook-id: deduplicated on webhook-id');
    }
    let outcome;
    try {
      outcome = await webhooks.handle(event);
    } catch (err) {
      metrics.webhook('failed', event.type, seconds());
      logger.error({ webhookId: event.id, type: event.type, err: err instanceof Error ? err.message : String(err) }, 'webhook not handled; Whop will retry');
      throw err;
    }
    metrics.webhook(outcome === 'duplicate' ? 'duplicate' : 'verified', event.type, seconds(), outcome);
    logger.info({ webhookId: event.id, type: event.type, outcome }, 'webhook handled');
    res.status(200).json({ received: true, outcome });
  });

  router.use(express.json({ limit: JSON_BODY_LIMIT }));

  router.post('/create', auth, limits.create, async (req, res) => {
    const { packageId, locale } = parse(createPaymentBodySchema, req.body);
    const key = req.get('idempotency-key');
    const idempotencyKey = key === undefined ? undefined : parse(idempotencyKeySchema, key, 'Idempotency-Key header');
    const { payment, outcome } = await service.createPayment(currentUser(req).id, packageId, idempotencyKey, locale ?? languageOf(req.get('accept-language')));
    if (outcome === 'replayed') res.set('Idempotent-Replayed', 'true');
    res
      .status(outcome === 'created' ? 201 : 200)
      .location(`${req.baseUrl}/${payment.id}`)
      .json({ payment: toPaymentDto(payment, service.expiresAt(payment)) });
  });

  router.get('/user/history', auth, async (req, res) => {
    const query = parse(historyQuerySchema, req.query, 'query string');
    const page = await service.listHistory(currentUser(req).id, query);
    res.json({ payments: page.items.map((p) => toPaymentDto(p, service.expiresAt(p))), nextCursor: page.nextCursor });
  });

  if (enableTestEndpoints) {
    router.post('/test/complete/:paymentId', localOnly, auth, limits.testComplete, async (req, res) => {
      const result = await service.completeForTesting(currentUser(req).id, paymentIdParam(req.params.paymentId));
      res.json({ payment: toPaymentDto(result.payment, service.expiresAt(result.payment)), applied: result.applied, balance: result.balance });
    });
  }

  router.post('/:paymentId/cancel', auth, limits.recheck, async (req, res) => {
    const payment = await service.cancel(currentUser(req).id, paymentIdParam(req.params.paymentId));
    res.json({ payment: toPaymentDto(payment, service.expiresAt(payment)) });
  });

  router.post('/:paymentId/refresh', auth, limits.recheck, async (req, res) => {
    const payment = await service.recheck(currentUser(req).id, paymentIdParam(req.params.paymentId));
    res.json({ payment: toPaymentDto(payment, service.expiresAt(payment)) });
  });

  router.get('/:paymentId', auth, async (req, res) => {
    const payment = await service.getPayment(currentUser(req).id, paymentIdParam(req.params.paymentId));
    res.json({ payment: toPaymentDto(payment, service.expiresAt(payment)) });
  });

  return router;
}

/** The buyer's language from Accept-Language, when the body does not say: Chinese if it comes first, else English. */
function languageOf(header: string | undefined): BuyerLanguage {
  const first = header?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('zh') ? 'zh-CN' : 'en';
}
