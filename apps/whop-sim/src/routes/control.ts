import express, { Router } from 'express';
import { z } from 'zod';
import { chaosSchema } from '../chaos';
import type { WebhookDeliverer } from '../delivery';
import type { SimEngine } from '../engine';
import { invalid } from '../errors';
import { esc, page } from '../html';
import { refundedCents, substatusOf } from '../model';
import { presentDispute, presentPayment, presentRefund, responseDeadline } from '../present';
import { SUPPORTED_VERSIONS } from '../versions';

const payBody = z.strictObject({
  card: z.string().min(1),
  chaos: chaosSchema.optional(),
  /** Pay a deleted configuration anyway: a payment that was under way when it was deleted. */
  force: z.boolean().optional(),
});
const currencyCode = z.string().regex(/^[a-z]{3}$/);
const disputeBody = z.strictObject({
  kind: z.enum(['inquiry', 'chargeback']),
  amount: z.number().finite().positive().optional(),
  /** The disputed amount's currency (default: the payment's). */
  currency: currencyCode.optional(),
  reason: z.string().min(1).optional(),
});
const disputeStatusBody = z.strictObject({
  status: z.enum(['warning_needs_response', 'warning_under_review', 'warning_closed', 'needs_response', 'under_review', 'won', 'lost', 'closed', 'other']),
  /** What the payment shows afterwards, for an ending that says nothing of the money (`dispute_lost` after `closed`). */
  paymentSubstatus: z.enum(['dispute_lost', 'dispute_won', 'dispute_closed']).optional(),
});
const refundSettleBody = z.strictObject({ status: z.enum(['succeeded', 'failed', 'canceled', 'requires_action']) });
const webhookBody = z.strictObject({ api_version_date: z.enum(SUPPORTED_VERSIONS) });
/** A refund Whop's public API cannot ask for: stated in the buyer's currency. */
const refundBody = z.strictObject({ amount: z.number().finite().positive().optional(), currency: currencyCode.optional() });
/** A payment of another product of the account, with what the SDK allows Whop to leave out. */
const foreignPaymentBody = z.strictObject({
  account_id: z.string().min(1),
  status: z.enum(['paid', 'open', 'pending']).nullable(),
  total: z.number().finite().positive().nullable(),
});

function parse<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    throw invalid(`${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`, issue?.path.join('.') || null);
  }
  return result.data;
}

/** Controls that real Whop does not have: pay without a browser, chaos switches, what was sent. */
export function controlRoutes(engine: SimEngine, deliverer: WebhookDeliverer): Router {
  const control = Router();
  control.use(express.json({ limit: '64kb' }));

  control.post('/checkout_configurations/:id/pay', async (req, res) => {
    const { card, chaos, force } = parse(payBody, req.body);
    const { payment, deliveries } = await engine.pay(req.params.id, card, { chaos, force, waitForDelivery: true });
    const config = engine.config(payment.checkoutId);
    res.status(201).json({
      payment: presentPayment(payment, engine.related(payment), config.apiVersion),
      deliveries: deliveries.map(({ body: _body, ...rest }) => rest),
    });
  });

  // Disputes: open one on a payment (an inquiry, with its alert, or a chargeback), then walk it.
  control.post('/payments/:id/disputes', (req, res) => {
    const { kind, amount, currency, reason } = parse(disputeBody, req.body);
    const dispute = engine.openDispute(req.params.id, { kind, amountCents: amount === undefined ? undefined : Math.round(amount * 100), currency, reason });
    res.status(201).json(presentDispute(dispute, engine.payment(dispute.paymentId)));
  });
  control.post('/disputes/:id/status', (req, res) => {
    const { status, paymentSubstatus } = parse(disputeStatusBody, req.body);
    const dispute = engine.updateDispute(req.params.id, status, paymentSubstatus);
    res.json(presentDispute(dispute, engine.payment(dispute.paymentId)));
  });

  // A refund in the buyer's currency (Whop's own refund endpoint takes the payment's).
  control.post('/payments/:id/refunds', (req, res) => {
    const { amount, currency } = parse(refundBody, req.body);
    const { payment, refund } = engine.refund(req.params.id, amount === undefined ? null : Math.round(amount * 100), currency);
    res.status(201).json(presentRefund(refund, payment, engine.webhookVersion, engine.related(payment).refunds));
  });

  // A refund left pending (chaos refundOutcome "pending") ends when told; one that succeeded can still fail.
  control.post('/refunds/:id/settle', (req, res) => {
    const refund = engine.settleRefund(req.params.id, parse(refundSettleBody, req.body).status);
    const payment = engine.payment(refund.paymentId);
    res.json(presentRefund(refund, payment, engine.webhookVersion, engine.related(payment).refunds));
  });

  // A payment of another product of the account, as the SDK allows Whop to list it (status or total null).
  control.post('/payments', (req, res) => {
    const { account_id: accountId, status, total } = parse(foreignPaymentBody, req.body);
    const payment = engine.foreignPayment(accountId, { status, totalCents: total === null ? null : Math.round(total * 100) });
    res.status(201).json(presentPayment(payment, engine.related(payment), engine.webhookVersion));
  });

  // Whop's PATCH /webhooks/{id} {api_version_date}: the version the webhook endpoint is pinned to, which shapes every event.
  control.get('/webhook', (_req, res) => {
    res.json({ api_version_date: engine.webhookVersion });
  });
  control.put('/webhook', (req, res) => {
    engine.webhookVersion = parse(webhookBody, req.body).api_version_date;
    res.json({ api_version_date: engine.webhookVersion });
  });

  control.get('/chaos', (_req, res) => {
    res.json({ chaos: engine.chaos, checkouts: Object.fromEntries(engine.checkoutChaos) });
  });
  control.put('/chaos', (req, res) => {
    engine.chaos = parse(chaosSchema, req.body);
    res.json({ chaos: engine.chaos });
  });
  control.put('/checkout_configurations/:id/chaos', (req, res) => {
    engine.config(req.params.id);
    const chaos = parse(chaosSchema, req.body);
    engine.checkoutChaos.set(req.params.id, chaos);
    res.json({ chaos });
  });

  control.get('/deliveries', (_req, res) => {
    res.json({ deliveries: deliverer.list().map(({ body: _body, ...rest }) => rest) });
  });

  control.get('/', (_req, res) => {
    res.type('html').send(dashboard(engine, deliverer));
  });

  return control;
}

/**
 * The seller's dashboard at Whop's address for it (`/dashboard/<company>/`), as the shop's console
 * links it: the same page as the simulator's own, its disputes included.
 */
export function dashboardRoutes(engine: SimEngine, deliverer: WebhookDeliverer): Router {
  const router = Router();
  router.get('/dashboard/:companyId', (_req, res) => {
    res.type('html').send(dashboard(engine, deliverer));
  });
  return router;
}

function dashboard(engine: SimEngine, deliverer: WebhookDeliverer): string {
  const rows = (items: string[][]) => items.map((cells) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
  const configs = [...engine.configs.values()].reverse();
  const payments = [...engine.payments].reverse();
  const deliveries = [...deliverer.list()].reverse();
  const disputes = [...engine.disputes].reverse();
  return page(
    'Whop simulator',
    `<main class="wide">
  <h1>Whop simulator</h1>
  <p class="muted">Newest first. JSON: <code>GET /_sim/deliveries</code>, <code>GET /_sim/chaos</code>. Chaos now: <code>${esc(JSON.stringify(engine.chaos))}</code></p>
  <h2>Checkout configurations (${configs.length})</h2>
  <table><thead><tr><th scope="col">id</th><th scope="col">product</th><th scope="col">price</th><th scope="col">metadata</th><th scope="col">created</th></tr></thead><tbody>
  ${rows(configs.map((c) => [`<a href="${esc(c.purchaseUrl)}"><code>${esc(c.id)}</code></a>`, esc(c.productTitle), esc((c.priceCents / 100).toFixed(2) + ' ' + c.currency), `<code>${esc(JSON.stringify(c.metadata))}</code>`, esc(c.createdAt.toISOString())]))}
  </tbody></table>
  <h2>Payments (${payments.length})</h2>
  <table><thead><tr><th scope="col">id</th><th scope="col">checkout</th><th scope="col">status</th><th scope="col">total</th><th scope="col">refunded</th><th scope="col">created</th></tr></thead><tbody>
  ${rows(payments.map((p) => [`<code>${esc(p.id)}</code>`, `<code>${esc(p.checkoutId)}</code>`, esc(`${p.status} / ${substatusOf(p, engine.related(p).refunds, engine.related(p).disputes)}`), esc(p.totalCents === null ? '—' : (p.totalCents / 100).toFixed(2)), esc((refundedCents(p, engine.related(p).refunds) / 100).toFixed(2)), esc(p.createdAt.toISOString())]))}
  </tbody></table>
  <h2>Disputes (${disputes.length})</h2>
  <table><thead><tr><th scope="col">id</th><th scope="col">payment</th><th scope="col">status</th><th scope="col">amount</th><th scope="col">respond by</th></tr></thead><tbody>
  ${rows(disputes.map((d) => [`<code>${esc(d.id)}</code>`, `<code>${esc(d.paymentId)}</code>`, esc(d.status), esc(`${(d.amountCents / 100).toFixed(2)} ${d.currency}`), esc(responseDeadline(d) ?? '—')]))}
  </tbody></table>
  <h2>Webhook deliveries (${deliveries.length})</h2>
  <table><thead><tr><th scope="col">webhook-id</th><th scope="col">type</th><th scope="col">state</th><th scope="col">attempts</th><th scope="col">next attempt</th><th scope="col">to</th></tr></thead><tbody>
  ${rows(deliveries.map((d) => [`<code>${esc(d.id)}</code>`, esc(d.type), esc(d.state), esc(d.attempts.map((a) => a.status ?? a.error).join(', ') || '—'), esc(d.nextAttemptAt ?? '—'), esc(d.url)]))}
  </tbody></table>
</main>`,
  );
}
