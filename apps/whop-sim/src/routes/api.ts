import { createHash } from 'node:crypto';
import express, { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import type { SimEngine } from '../engine';
import { WhopError, invalid } from '../errors';
import { newId } from '../ids';
import { presentCheckout, presentPayment, type CheckoutConfig } from '../model';
import { LEGACY_VERSION, NATIVE_PAYMENTS, VERSION_PATTERN, atLeast } from '../versions';

const createCheckoutBody = z.object({
  account_id: z.string().min(1).optional(),
  company_id: z.string().min(1).optional(),
  mode: z.enum(['payment']).optional(),
  plan: z.looseObject({
    account_id: z.string().min(1).optional(),
    company_id: z.string().min(1).optional(),
    plan_type: z.literal('one_time', { message: 'only one_time plans are simulated' }),
    initial_price: z.number().finite().positive(),
    currency: z
      .string()
      .regex(/^[a-z]{3}$/)
      .default('usd'),
    title: z.string().optional(),
    product: z.looseObject({ external_identifier: z.string().optional(), title: z.string().optional() }).optional(),
  }),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  redirect_url: z.string().url().nullish(),
});

const refundBody = z.object({ partial_amount: z.number().finite().positive().optional() }).nullish();

export function apiVersion(req: Request): string {
  const header = req.get('api-version-date');
  if (header === undefined) return LEGACY_VERSION;
  if (!VERSION_PATTERN.test(header)) throw invalid(`Unsupported Api-Version-Date "${header}".`, 'Api-Version-Date');
  return header;
}

function badRequest(error: z.ZodError): WhopError {
  const issue = error.issues[0];
  const param = issue?.path.join('.') || null;
  return invalid(`Invalid request parameters: ${param ?? 'body'} ${issue?.message ?? ''}`.trim(), param);
}

/**
 * Whop's idempotency (https://docs.whop.com/developer/api/idempotency): a POST with an Idempotency-Key is stored per caller; the same
 * request again replays the stored answer with `Idempotent-Replayed: true`, a different one is 400.
 */
function idempotency(): RequestHandler {
  const stored = new Map<string, { fingerprint: string; status: number; body: unknown }>();
  return (req, res, next) => {
    const key = req.get('idempotency-key');
    if (req.method !== 'POST' || !key) return next();
    const scope = `${req.get('authorization')}|${key}`;
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([req.method, req.path, req.query, req.get('api-version-date') ?? null, req.body]))
      .digest('hex');
    const previous = stored.get(scope);
    if (previous) {
      if (previous.fingerprint !== fingerprint) {
        return next(invalid('Keys for idempotent requests can only be used with the same parameters they were first used with.', 'Idempotency-Key', 'idempotency_key_reused'));
      }
      res.status(previous.status).set('Idempotent-Replayed', 'true').json(previous.body);
      return;
    }
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      if (res.statusCode < 500) stored.set(scope, { fingerprint, status: res.statusCode, body });
      return json(body);
    };
    next();
  };
}

/** The subset of Whop's v1 API this product uses (docs/whop-integration.md says what is modelled). */
export function apiRoutes(engine: SimEngine, options: { apiKey: string | null; publicUrl: () => string }): Router {
  const api = Router();
  api.use((req, _res, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    if (!match || (options.apiKey && match[1] !== options.apiKey)) return next(new WhopError(401, 'unauthorized', 'Invalid or missing API key', 'unauthorized'));
    next();
  });
  api.use(express.json({ limit: '1mb' }));
  api.use(idempotency());

  api.post('/checkout_configurations', (req, res) => {
    const version = apiVersion(req);
    const parsed = createCheckoutBody.safeParse(req.body);
    if (!parsed.success) throw badRequest(parsed.error);
    const body = parsed.data;
    const companyId = body.account_id ?? body.company_id ?? body.plan.account_id ?? body.plan.company_id;
    if (!companyId) throw invalid('An account id is required (account_id, or company_id in the plan).', 'account_id', 'parameter_missing');
    const id = newId.checkout();
    const planId = newId.plan();
    const config: CheckoutConfig = {
      id,
      companyId,
      planId,
      productId: newId.product(),
      productTitle: body.plan.product?.title ?? body.plan.title ?? 'Credits',
      priceCents: Math.round(body.plan.initial_price * 100),
      currency: body.plan.currency,
      metadata: body.metadata ?? null,
      redirectUrl: body.redirect_url ?? null,
      purchaseUrl: `${options.publicUrl()}/checkout/${planId}/?session=${id}`,
      apiVersion: version,
      createdAt: new Date(),
    };
    engine.configs.set(id, config);
    res.status(atLeast(version, NATIVE_PAYMENTS) ? 201 : 200).json(presentCheckout(config, version));
  });

  api.get('/checkout_configurations/:id', (req, res) => {
    res.json(presentCheckout(engine.config(req.params.id), apiVersion(req)));
  });

  api.get('/payments/:id', (req, res) => {
    const payment = engine.payment(req.params.id);
    res.json(presentPayment(payment, engine.config(payment.checkoutId), apiVersion(req)));
  });

  api.post('/payments/:id/refund', (req, res) => {
    const parsed = refundBody.safeParse(req.body);
    if (!parsed.success) throw badRequest(parsed.error);
    const partial = parsed.data?.partial_amount;
    const { payment, config } = engine.refund(req.params.id, partial === undefined ? null : Math.round(partial * 100));
    res.json(presentPayment(payment, config, apiVersion(req)));
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

    const matching = engine.payments
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
      data: page.map((p) => presentPayment(p, engine.config(p.checkoutId), version)),
      page_info: {
        end_cursor: hasNext && last ? Buffer.from(last.id).toString('base64url') : null,
        start_cursor: page[0] ? Buffer.from(page[0].id).toString('base64url') : null,
        has_next_page: hasNext,
        has_previous_page: start > 0,
      },
    });
  });

  return api;
}
