import { Router } from 'express';
import { z } from 'zod';
import type { SimEngine } from '../engine';
import { invalid, notFound } from '../errors';
import { presentCheckout, presentCheckoutListItem } from '../present';
import { ACCOUNT_ID_CHECKOUTS, DELETE_RETURNS_BODY, NATIVE_PAYMENTS, atLeast } from '../versions';
import { apiVersion, badRequest, type ApiOptions } from './request';
import { page, queryOf, single, time } from './listing';

const inlinePlan = z.looseObject({
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
});

const createBody = z
  .object({
    account_id: z.string().min(1).optional(),
    company_id: z.string().min(1).optional(),
    mode: z.enum(['payment']).optional(),
    plan: inlinePlan.optional(),
    plan_id: z.string().min(1).optional(),
    metadata: z.record(z.string(), z.unknown()).nullish(),
    redirect_url: z.string().url().nullish(),
    allow_promo_codes: z.boolean().optional(),
  })
  .refine((b) => (b.plan === undefined) !== (b.plan_id === undefined), { message: 'give either plan or plan_id', path: ['plan'] });

export function checkoutConfigurationRoutes(engine: SimEngine, options: ApiOptions): Router {
  const router = Router();

  router.post('/', (req, res) => {
    const version = apiVersion(req);
    const parsed = createBody.safeParse(req.body);
    if (!parsed.success) throw badRequest(parsed.error);
    const body = parsed.data;
    // The account defaults to the caller's, as the SDK says, wherever it is not named.
    const companyId = body.account_id ?? body.company_id ?? body.plan?.account_id ?? body.plan?.company_id ?? options.accountId;
    let plan;
    if (body.plan_id) {
      const existing = engine.plans.get(body.plan_id);
      if (!existing || existing.companyId !== companyId) throw invalid(`No plan ${body.plan_id} in this account.`, 'plan_id');
      plan = { existing };
    } else {
      const p = body.plan!;
      plan = { priceCents: Math.round(p.initial_price * 100), currency: p.currency, title: p.product?.title ?? p.title ?? 'Credits' };
    }
    const config = engine.createCheckout({ companyId, plan, metadata: body.metadata ?? null, redirectUrl: body.redirect_url ?? null, apiVersion: version });
    res.status(atLeast(version, NATIVE_PAYMENTS) ? 201 : 200).json(presentCheckout(config, version));
  });

  router.get('/', (req, res) => {
    const version = apiVersion(req);
    const account = atLeast(version, ACCOUNT_ID_CHECKOUTS) ? 'account_id' : 'company_id';
    const params = queryOf(req, [account, 'plan_id', 'created_after', 'created_before', 'direction', 'order', 'first', 'after']);
    const accountId = single(params, account);
    if (!accountId) throw invalid(`${account} is required.`, account, 'parameter_missing');
    const order = single(params, 'order');
    if (order !== null && order !== 'created_at') throw invalid('order must be created_at.', 'order');
    const planId = single(params, 'plan_id');
    const [after, before] = [time(params, 'created_after'), time(params, 'created_before')];
    const matching = [...engine.configs.values()].filter(
      (c) =>
        !c.deletedAt &&
        c.companyId === accountId &&
        (!planId || c.planId === planId) &&
        (after === null || c.createdAt.getTime() > after) &&
        (before === null || c.createdAt.getTime() < before),
    );
    const { items, pageInfo } = page(matching, params);
    res.json({ data: items.map((c) => presentCheckoutListItem(c, version)), page_info: pageInfo });
  });

  router.get('/:id', (req, res) => {
    const config = engine.config(req.params.id);
    if (config.deletedAt) throw notFound();
    res.json(presentCheckout(config, apiVersion(req)));
  });

  router.delete('/:id', (req, res) => {
    const version = apiVersion(req);
    const config = engine.deleteCheckout(req.params.id);
    if (atLeast(version, DELETE_RETURNS_BODY)) res.json({ id: config.id, deleted: true });
    else res.status(204).end();
  });

  return router;
}
