import { Router } from 'express';
import type { SimEngine } from '../engine';
import { invalid, notFound } from '../errors';
import { presentDispute, presentDisputeListItem, presentRefund, presentRefundListItem } from '../present';
import { NATIVE_PAYMENTS, atLeast } from '../versions';
import { page, queryOf, single, time } from './listing';
import { apiVersion } from './request';

/** GET /refunds (by payment, by account) and GET /refunds/{id}. */
export function refundRoutes(engine: SimEngine): Router {
  const router = Router();
  router.get('/', (req, res) => {
    const version = apiVersion(req);
    const account = atLeast(version, NATIVE_PAYMENTS) ? 'account_id' : 'company_id';
    const params = queryOf(req, ['payment_id', account, 'created_after', 'created_before', 'direction', 'first', 'after']);
    const [paymentId, accountId] = [single(params, 'payment_id'), single(params, account)];
    if (!paymentId && !accountId) throw invalid(`payment_id or ${account} is required.`, 'payment_id', 'parameter_missing');
    const [after, before] = [time(params, 'created_after'), time(params, 'created_before')];
    const matching = engine.refunds.filter(
      (r) =>
        (!paymentId || r.paymentId === paymentId) &&
        (!accountId || engine.payment(r.paymentId).companyId === accountId) &&
        (after === null || r.createdAt.getTime() > after) &&
        (before === null || r.createdAt.getTime() < before),
    );
    const { items, pageInfo } = page(matching, params);
    res.json({ data: items.map((r) => presentRefundListItem(r, engine.payment(r.paymentId), version)), page_info: pageInfo });
  });
  router.get('/:id', (req, res) => {
    const refund = engine.refunds.find((r) => r.id === req.params.id);
    if (!refund) throw notFound();
    const payment = engine.payment(refund.paymentId);
    res.json(presentRefund(refund, payment, apiVersion(req), engine.related(payment).refunds));
  });
  return router;
}

/** GET /disputes (by account, required) and GET /disputes/{id}. */
export function disputeRoutes(engine: SimEngine): Router {
  const router = Router();
  router.get('/', (req, res) => {
    const account = atLeast(apiVersion(req), NATIVE_PAYMENTS) ? 'account_id' : 'company_id';
    const params = queryOf(req, [account, 'created_after', 'created_before', 'direction', 'first', 'after']);
    const accountId = single(params, account);
    if (!accountId) throw invalid(`${account} is required.`, account, 'parameter_missing');
    const [after, before] = [time(params, 'created_after'), time(params, 'created_before')];
    const matching = engine.disputes.filter(
      (d) => engine.payment(d.paymentId).companyId === accountId && (after === null || d.createdAt.getTime() > after) && (before === null || d.createdAt.getTime() < before),
    );
    const { items, pageInfo } = page(matching, params);
    res.json({ data: items.map((d) => presentDisputeListItem(d, engine.payment(d.paymentId))), page_info: pageInfo });
  });
  router.get('/:id', (req, res) => {
    const dispute = engine.disputes.find((d) => d.id === req.params.id);
    if (!dispute) throw notFound();
    res.json(presentDispute(dispute, engine.payment(dispute.paymentId)));
  });
  return router;
}
