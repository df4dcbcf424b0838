import { Router } from 'express';
import { z } from 'zod';
import type { SimEngine } from '../engine';
import { invalid } from '../errors';
import { substatusOf, type SimPayment } from '../model';
import { presentPayment, presentPaymentListItem } from '../present';
import { NATIVE_PAYMENTS, atLeast } from '../versions';
import { list, page, queryOf, single, time, type QueryValue } from './listing';
import { apiVersion, badRequest } from './request';

const refundBody = z.object({ partial_amount: z.number().finite().positive().optional() }).nullish();

/** GET /payments filters: plural arrays before 2026-09-02-1, singular values from it (plural → 400 there). */
const PLURAL = {
  checkout_configuration_id: 'checkout_configuration_ids',
  status: 'statuses',
  substatus: 'substatuses',
  plan_id: 'plan_ids',
  product_id: 'product_ids',
  currency: 'currencies',
  billing_reason: 'billing_reasons',
} as const;
type Filter = keyof typeof PLURAL;
const FILTERS = Object.keys(PLURAL) as Filter[];

function filterValues(params: Map<string, QueryValue>, name: Filter, native: boolean): string[] | null {
  if (!native) return list(params, PLURAL[name]);
  const value = single(params, name);
  return value === null ? null : [value];
}

export function paymentRoutes(engine: SimEngine): Router {
  const router = Router();

  router.get('/:id', (req, res) => {
    const payment = engine.payment(req.params.id);
    res.json(presentPayment(payment, engine.related(payment), apiVersion(req)));
  });

  router.post('/:id/refund', (req, res) => {
    const parsed = refundBody.safeParse(req.body);
    if (!parsed.success) throw badRequest(parsed.error);
    const partial = parsed.data?.partial_amount;
    const { payment } = engine.refund(req.params.id, partial === undefined ? null : Math.round(partial * 100));
    res.json(presentPayment(payment, engine.related(payment), apiVersion(req)));
  });

  router.get('/', (req, res) => {
    const version = apiVersion(req);
    const native = atLeast(version, NATIVE_PAYMENTS);
    const account = native ? 'account_id' : 'company_id';
    const names: string[] = native ? FILTERS : FILTERS.map((f) => PLURAL[f]);
    const params = queryOf(req, [account, ...names, 'created_after', 'created_before', 'updated_after', 'updated_before', 'include_free', 'order', 'direction', 'first', 'after']);
    const order = single(params, 'order') ?? 'created_at';
    if (order !== 'created_at' && order !== 'paid_at') throw invalid('order must be created_at or paid_at in the simulator.', 'order');
    const accountId = single(params, account);
    const wanted = Object.fromEntries(FILTERS.map((f) => [f, filterValues(params, f, native)]));
    const [createdAfter, createdBefore] = [time(params, 'created_after'), time(params, 'created_before')];
    const [updatedAfter, updatedBefore] = [time(params, 'updated_after'), time(params, 'updated_before')];
    const matches = (p: SimPayment) => {
      const values: Record<Filter, string> = {
        checkout_configuration_id: p.checkoutId,
        status: p.status ?? '',
        substatus: substatusOf(
          p,
          engine.refunds.filter((r) => r.paymentId === p.id),
          engine.disputes.filter((d) => d.paymentId === p.id),
        ),
        plan_id: p.planId,
        product_id: p.productId,
        currency: p.currency,
        billing_reason: 'one_time',
      };
      return (
        (!accountId || p.companyId === accountId) &&
        FILTERS.every((f) => !wanted[f] || wanted[f]!.includes(values[f])) &&
        (createdAfter === null || p.createdAt.getTime() > createdAfter) &&
        (createdBefore === null || p.createdAt.getTime() < createdBefore) &&
        (updatedAfter === null || p.updatedAt.getTime() > updatedAfter) &&
        (updatedBefore === null || p.updatedAt.getTime() < updatedBefore)
      );
    };
    // Ordered by paid_at: unpaid payments sort as if paid at creation.
    const keyed = engine.payments.filter(matches).map((p) => ({ payment: p, id: p.id, createdAt: order === 'paid_at' ? (p.paidAt ?? p.createdAt) : p.createdAt }));
    const { items, pageInfo } = page(keyed, params);
    res.json({ data: items.map(({ payment }) => presentPaymentListItem(payment, engine.related(payment), version)), page_info: pageInfo });
  });

  return router;
}
