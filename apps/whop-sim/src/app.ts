import { createHash } from 'node:crypto';
import express, { type ErrorRequestHandler, type Express, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import { WebhookDeliverer, WHOP_RETRY_SCHEDULE_MS, type Delivery } from './delivery';
import { WhopError, invalid, notFound, sendWhopError } from './errors';
import { newId } from './ids';
import { envelope, newPayment, presentCheckout, presentPayment, type CheckoutConfig, type SimPayment } from './model';
import { LEGACY_VERSION, NATIVE_PAYMENTS, VERSION_PATTERN, atLeast } from './versions';

export interface SimulatorOptions {
  /** The `ws_…` secret webhooks are signed with. */
  webhookSecret: string;
  /** Where webhooks are delivered; may be set later with setWebhookUrl. */
  webhookUrl?: string | null;
  /** When set, only this Bearer key is accepted; otherwise any non-empty key. */
  apiKey?: string | null;
  /** Base URL the simulator is reachable at, for purchase_url; may be set later with setPublicUrl. */
  publicUrl?: string;
  retryScheduleMs?: number[];
  deliveryTimeoutMs?: number;
}

export const TEST_CARDS = {
  success: '4242424242424242',
  decline: '4000000000000002',
} as const;

export interface Simulator {
  app: Express;
  deliverer: WebhookDeliverer;
  setWebhookUrl(url: string | null): void;
  setPublicUrl(url: string): void;
  checkout(id: string): CheckoutConfig | undefined;
  payments(): readonly SimPayment[];
  /** Pays a checkout configuration with a test card and sends its webhooks (first attempts awaited). */
  pay(checkoutId: string, card: string): Promise<{ payment: SimPayment; deliveries: Delivery[] }>;
}

const amount = z.number().finite().positive();
const createCheckoutBody = z.object({
  account_id: z.string().min(1).optional(),
  company_id: z.string().min(1).optional(),
  mode: z.enum(['payment']).optional(),
  plan: z.object({
    account_id: z.string().min(1).optional(),
    company_id: z.string().min(1).optional(),
    plan_type: z.literal('one_time', { message: 'only one_time plans are simulated' }),
    initial_price: amount,
    currency: z.string().regex(/^[a-z]{3}$/).default('usd'),
    title: z.string().optional(),
    product: z.object({ external_identifier: z.string().optional(), title: z.string().optional() }).passthrough().optional(),
  }).passthrough(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  redirect_url: z.string().url().nullish(),
}).passthrough();

interface IdempotentResponse {
  fingerprint: string;
  status: number;
  body: unknown;
}

export function createSimulator(options: SimulatorOptions): Simulator {
  let webhookUrl = options.webhookUrl ?? null;
  let publicUrl = options.publicUrl ?? 'http://127.0.0.1:3100';
  const configs = new Map<string, CheckoutConfig>();
  const payments: SimPayment[] = [];
  const idempotency = new Map<string, IdempotentResponse>();
  const deliverer = new WebhookDeliverer({
    secret: options.webhookSecret,
    url: () => webhookUrl,
    retryScheduleMs: options.retryScheduleMs ?? WHOP_RETRY_SCHEDULE_MS,
    timeoutMs: options.deliveryTimeoutMs ?? 5_000,
  });

  const app = express();
  app.disable('x-powered-by');

  const apiVersion = (req: Request): string => {
    const header = req.get('api-version-date');
    if (header === undefined) return LEGACY_VERSION;
    if (!VERSION_PATTERN.test(header)) throw invalid(`Unsupported Api-Version-Date "${header}".`, 'Api-Version-Date');
    return header;
  };

  const authenticate: RequestHandler = (req, _res, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    if (!match || (options.apiKey && match[1] !== options.apiKey)) {
      return next(new WhopError(401, 'unauthorized', 'Invalid or missing API key', 'unauthorized'));
    }
    next();
  };

  const api = express.Router();
  api.use(authenticate);
  api.use(express.json({ limit: '1mb' }));

  api.post('/checkout_configurations', (req, res) => {
    const version = apiVersion(req);
    const key = req.get('idempotency-key');
    const fingerprint = createHash('sha256').update(JSON.stringify([req.method, req.path, version, req.body])).digest('hex');
    const scope = `${req.get('authorization')}|${key}`;
    if (key) {
      const previous = idempotency.get(scope);
      if (previous) {
        if (previous.fingerprint !== fingerprint) {
          throw invalid('Keys for idempotent requests can only be used with the same parameters they were first used with.', 'Idempotency-Key', 'idempotency_key_reused');
        }
        res.status(previous.status).set('Idempotent-Replayed', 'true').json(previous.body);
        return;
      }
    }
    const parsed = createCheckoutBody.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw invalid(`Invalid request parameters: ${issue?.path.join('.') || 'body'} ${issue?.message ?? ''}`.trim(), issue?.path.join('.') ?? null);
    }
    const body = parsed.data;
    const companyId = body.account_id ?? body.company_id ?? body.plan.account_id ?? body.plan.company_id;
    if (!companyId) throw invalid('An account id is required (account_id, or company_id in the plan).', 'account_id', 'parameter_missing');
    const priceCents = Math.round(body.plan.initial_price * 100);
    const id = newId.checkout();
    const planId = newId.plan();
    const config: CheckoutConfig = {
      id,
      companyId,
      planId,
      productId: newId.product(),
      productTitle: body.plan.product?.title ?? body.plan.title ?? 'Credits',
      priceCents,
      currency: body.plan.currency,
      metadata: body.metadata ?? null,
      redirectUrl: body.redirect_url ?? null,
      purchaseUrl: `${publicUrl}/checkout/${planId}/?session=${id}`,
      apiVersion: version,
      createdAt: new Date(),
    };
    configs.set(id, config);
    const status = atLeast(version, NATIVE_PAYMENTS) ? 201 : 200;
    const response = presentCheckout(config, version);
    if (key) idempotency.set(scope, { fingerprint, status, body: response });
    res.status(status).json(response);
  });

  api.get('/checkout_configurations/:id', (req, res) => {
    const config = configs.get(req.params.id);
    if (!config) throw notFound();
    res.json(presentCheckout(config, apiVersion(req)));
  });

  api.get('/payments/:id', (req, res) => {
    const payment = payments.find((p) => p.id === req.params.id);
    if (!payment) throw notFound();
    res.json(presentPayment(payment, configs.get(payment.checkoutId)!, apiVersion(req)));
  });

  api.get('/payments', (req, res) => {
    const version = apiVersion(req);
    const list = (name: string): string[] | null => {
      const value = req.query[`${name}[]`] ?? req.query[name];
      if (value === undefined) return null;
      return (Array.isArray(value) ? value : [value]).map(String);
    };
    const checkoutIds = list('checkout_configuration_ids') ?? list('checkout_configuration_id');
    const statuses = list('statuses') ?? list('status');
    const company = typeof req.query.company_id === 'string' ? req.query.company_id : typeof req.query.account_id === 'string' ? req.query.account_id : null;
    const first = Math.min(Math.max(Number(req.query.first ?? 10) || 10, 1), 100);
    const after = typeof req.query.after === 'string' ? req.query.after : null;

    const matching = payments
      .filter((p) => (!company || p.companyId === company) && (!checkoutIds || checkoutIds.includes(p.checkoutId)) && (!statuses || statuses.includes(p.status)))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
    let start = 0;
    if (after) {
      const position = matching.findIndex((p) => p.id === Buffer.from(after, 'base64url').toString('utf8'));
      if (position < 0) throw invalid('Invalid cursor.', 'after');
      start = position + 1;
    }
    const page = matching.slice(start, start + first);
    const last = page[page.length - 1];
    const hasNext = start + first < matching.length;
    res.json({
      data: page.map((p) => presentPayment(p, configs.get(p.checkoutId)!, version)),
      page_info: {
        end_cursor: hasNext && last ? Buffer.from(last.id).toString('base64url') : null,
        start_cursor: page[0] ? Buffer.from(page[0].id).toString('base64url') : null,
        has_next_page: hasNext,
        has_previous_page: start > 0,
      },
    });
  });

  app.use('/api/v1', api);

  async function pay(checkoutId: string, card: string) {
    const config = configs.get(checkoutId);
    if (!config) throw notFound();
    const digits = card.replace(/[\s-]/g, '');
    const outcome = digits === TEST_CARDS.success ? 'paid' : digits === TEST_CARDS.decline ? 'declined' : null;
    if (!outcome) throw invalid(`Use a sandbox test card: ${TEST_CARDS.success} succeeds, ${TEST_CARDS.decline} is declined.`, 'card');
    const now = new Date();
    const payment = newPayment(config, outcome, digits.slice(-4), now);
    payments.push(payment);
    const data = presentPayment(payment, config, config.apiVersion);
    const types = ['payment.created', outcome === 'paid' ? 'payment.succeeded' : 'payment.failed'];
    const sent = types.map((type) => deliverer.send(type, (id) => envelope(id, type, data, config.companyId, config.apiVersion, now)));
    await Promise.all(sent.map((s) => s.firstAttempt));
    return { payment, deliveries: sent.map((s) => s.delivery) };
  }

  const control = express.Router();
  control.use(express.json({ limit: '64kb' }));
  control.post('/checkout_configurations/:id/pay', async (req, res) => {
    const card = typeof req.body?.card === 'string' ? req.body.card : '';
    const { payment, deliveries } = await pay(req.params.id, card);
    const config = configs.get(payment.checkoutId)!;
    res.status(201).json({
      payment: presentPayment(payment, config, config.apiVersion),
      deliveries: deliveries.map(({ id, type, state, attempts }) => ({ id, type, state, attempts })),
    });
  });
  control.get('/deliveries', (_req, res) => {
    res.json({ deliveries: deliverer.list().map(({ body: _body, ...rest }) => rest) });
  });
  app.use('/_sim', control);

  app.use((_req, _res, next) => next(notFound()));
  const onError: ErrorRequestHandler = (err: unknown, _req, res, _next) => {
    if (err instanceof WhopError) return sendWhopError(res, err);
    const parseFailed = typeof err === 'object' && err !== null && (err as { type?: unknown }).type === 'entity.parse.failed';
    if (parseFailed) return sendWhopError(res, invalid('Request body is not valid JSON.', null, 'invalid_json'));
    sendWhopError(res, new WhopError(500, 'internal_server_error', err instanceof Error ? err.message : 'Internal error'));
  };
  app.use(onError);

  return {
    app,
    deliverer,
    setWebhookUrl: (url) => {
      webhookUrl = url;
    },
    setPublicUrl: (url) => {
      publicUrl = url.replace(/\/+$/, '');
    },
    checkout: (id) => configs.get(id),
    payments: () => payments,
    pay,
  };
}
