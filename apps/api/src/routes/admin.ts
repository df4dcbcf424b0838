import express, { Router, type Request } from 'express';
import {
  adjustmentBodySchema,
  adminEventsQuerySchema,
  adminOrdersQuerySchema,
  adminUsersQuerySchema,
  idempotencyKeySchema,
  isPaymentId,
  MAX_STATS_BUCKETS,
  plainText,
  replayBodySchema,
  resolveBodySchema,
  statsQuerySchema,
  type AdminOrderDto,
} from '@credits/shared';
import { currentUser, requireOperator, requireUser, type Operators, type TokenVerifier } from '../auth/jwt';
import type { OrderSummary } from '../domain/order';
import type { Bucket, StatsRange } from '../domain/stats';
import { amount, csvLine, startCsv } from '../http/csv';
import { NotFoundError, ValidationError } from '../errors';
import { toPaymentDto } from '../http/serialize';
import { parse } from '../http/validate';
import type { OperatorActions } from '../services/OperatorActions';
import type { OperatorQueries, TimelineItem } from '../services/OperatorQueries';
import type { PaymentService } from '../services/PaymentService';
import type { AuditEntry, LedgerEntry, OutboundEvent } from '../store/ports';

export interface AdminRoutesDeps {
  queries: OperatorQueries;
  actions: OperatorActions;
  payments: PaymentService;
  tokens: TokenVerifier;
  operators: Operators;
}

const userIdParam = plainText(128);
/** Without `from`, the dashboard looks this many days back. */
const DEFAULT_STATS_DAYS = 7;
const iso = (d: Date) => d.toISOString();

/** The operator console's API: every route needs an operator (403 for anyone else signed in). */
export function adminRoutes({ queries, actions, payments, tokens, operators }: AdminRoutesDeps): Router {
  const router = Router();
  router.use(requireUser(tokens), requireOperator(operators), express.json({ limit: '8kb' }));

  const orderDto = (o: OrderSummary): AdminOrderDto => ({
    ...toPaymentDto(o, payments.expiresAt(o)),
    statusReason: o.statusReason,
    completionSource: o.completionSource,
    clawedCredits: o.clawedCredits,
    heldCredits: o.heldCredits,
    respondBy: o.respondBy ? iso(o.respondBy) : null,
  });

  router.get('/stats', async (req, res) => {
    const range = statsRange(req);
    const report = await queries.stats(range);
    const counts = <T extends { start?: Date }>({ start, ...rest }: T) => (start ? { start: iso(start), ...rest } : rest);
    const { previous } = report;
    res.json({
      from: iso(range.from),
      to: iso(range.to),
      interval: range.interval,
      currency: report.currency,
      buckets: report.buckets.map(counts),
      total: report.total,
      byPack: report.byPack,
      credits: report.credits,
      buyers: report.buyers,
      funnel: report.funnel,
      previous: { from: iso(previous.from), to: iso(previous.to), total: previous.total, credits: previous.credits, buyers: previous.buyers, funnel: previous.funnel },
      creditsTakenBack: report.creditsTakenBack,
      webhooks: report.webhooks,
      requests: report.requests,
      ledgerCheck: report.ledgerCheck ? { at: iso(report.ledgerCheck.at), differences: report.ledgerCheck.differences } : null,
      unreadable: { count: report.unreadable.count, items: report.unreadable.items.map((u) => ({ ...u, firstSeenAt: iso(u.firstSeenAt), lastSeenAt: iso(u.lastSeenAt) })) },
    });
  });

  router.get('/export/stats.csv', async (req, res) => {
    const range = statsRange(req);
    const report = await queries.intervals(range);
    startCsv(res, `stats-${range.interval}-${iso(range.from).slice(0, 10)}.csv`, [...STATS_COLUMNS.map(([name]) => name), 'currency']);
    for (const bucket of report.buckets) res.write(csvLine([...STATS_COLUMNS.map(([, cell]) => cell(bucket)), report.currency]));
    res.end();
  });

  router.get('/export/orders.csv', async (req, res) => {
    const { limit: _limit, cursor, from, to, ...filters } = parse(adminOrdersQuerySchema, req.query, 'query string');
    const search = { ...filters, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined };
    // The first page is read before anything is sent: a bad filter or cursor is still a problem+json.
    let page = await queries.searchOrders(search, { limit: EXPORT_PAGE, cursor });
    startCsv(
      res,
      `orders-${iso(new Date()).slice(0, 10)}.csv`,
      ORDER_COLUMNS.map(([name]) => name),
    );
    for (;;) {
      const lines = page.items.map((o) => csvLine(ORDER_COLUMNS.map(([, cell]) => cell(o))));
      // Waits for the client to take each page before reading the next: memory stays one page.
      if (!res.write(lines.join(''))) await new Promise((resolve) => res.once('drain', resolve));
      if (!page.nextCursor || res.destroyed) break;
      page = await queries.searchOrders(search, { limit: EXPORT_PAGE, cursor: page.nextCursor });
    }
    res.end();
  });

  router.get('/orders', async (req, res) => {
    const { limit, cursor, from, to, ...filters } = parse(adminOrdersQuerySchema, req.query, 'query string');
    const search = { ...filters, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined };
    const asked = cursor ? undefined : (filters.q ?? filters.userId);
    const [page, userIdsInOtherCase] = await Promise.all([queries.searchOrders(search, { limit, cursor }), asked ? queries.userIdsInOtherCase(asked) : []]);
    res.json({ orders: page.items.map(orderDto), nextCursor: page.nextCursor, userIdsInOtherCase });
  });

  router.get('/orders/:orderId', async (req, res) => {
    const detail = await queries.orderDetail(orderIdParam(req));
    res.json({
      order: orderDto(detail.order),
      whopPayments: detail.whop.payments.map((p) => ({
        id: p.id,
        paid: p.paid,
        declined: p.declined,
        chargedCents: p.chargedCents,
        totalCents: p.totalCents,
        currency: p.currency,
        settlement: p.settlement,
        mismatch: p.mismatch,
        refunds: p.refunds,
        disputes: p.disputes,
      })),
      timeline: detail.timeline.map(timelineDto),
      actions: detail.actions,
      whopDashboardUrl: detail.whopDashboardUrl,
    });
  });

  router.post('/orders/:orderId/resolve', async (req, res) => {
    const { action, note } = parse(resolveBodySchema, req.body);
    const result = await actions.resolve({ actor: currentUser(req).id, orderId: orderIdParam(req), action, note, idempotencyKey: requiredIdempotencyKey(req) });
    if (result.replayed) res.set('Idempotent-Replayed', 'true');
    res.json({ outcome: result.replayed ? 'replayed' : result.outcome, order: orderDto(result.order) });
  });

  router.get('/users', async (req, res) => {
    const { q } = parse(adminUsersQuerySchema, req.query, 'query string');
    res.json({ userIds: await queries.usersStartingWith(q) });
  });

  router.get('/users/:userId', async (req, res) => {
    const user = await queries.userDetail(parse(userIdParam, req.params.userId, 'user id'));
    res.json({
      userId: user.userId,
      balance: user.balance,
      ledger: user.ledger.map(ledgerDto),
      orders: user.orders.map(orderDto),
      audit: user.audit.map(auditDto),
      userIdsInOtherCase: user.userIdsInOtherCase,
    });
  });

  router.post('/users/:userId/adjustments', async (req, res) => {
    const userId = parse(userIdParam, req.params.userId, 'user id');
    const { credits, reason } = parse(adjustmentBodySchema, req.body);
    const result = await actions.adjust({ actor: currentUser(req).id, userId, credits, reason, idempotencyKey: requiredIdempotencyKey(req) });
    if (result.replayed) res.set('Idempotent-Replayed', 'true');
    res.status(result.replayed ? 200 : 201).json({ entryId: result.entryId, credits: result.credits, balance: result.balance });
  });

  const eventDto = ({ seq: _seq, ...e }: OutboundEvent) => ({
    ...e,
    createdAt: iso(e.createdAt),
    nextAttemptAt: iso(e.nextAttemptAt),
    deliveredAt: e.deliveredAt ? iso(e.deliveredAt) : null,
  });

  router.get('/events', async (req, res) => {
    const { status, userId, limit, cursor } = parse(adminEventsQuerySchema, req.query, 'query string');
    const page = await queries.events({ status, userId }, { limit, cursor });
    res.json({ events: page.items.map(eventDto), nextCursor: page.nextCursor });
  });

  router.post('/events/:eventId/redeliver', async (req, res) => {
    const eventId = parse(plainText(255), req.params.eventId, 'event id');
    res.json({ event: eventDto(await actions.redeliver(currentUser(req).id, eventId)) });
  });

  router.post('/webhooks/:eventId/replay', async (req, res) => {
    const eventId = parse(plainText(255), req.params.eventId, 'event id');
    const { reason } = parse(replayBodySchema, req.body);
    res.json(await actions.replay(currentUser(req).id, eventId, reason));
  });

  return router;
}

/** The range and interval the dashboard asks for: the last week of days unless told otherwise. */
function statsRange(req: Request): StatsRange {
  const query = parse(statsQuerySchema, req.query, 'query string');
  const to = query.to ? new Date(query.to) : new Date();
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_STATS_DAYS * 86_400_000);
  const buckets = (to.getTime() - from.getTime()) / (query.interval === 'hour' ? 3_600_000 : 86_400_000);
  if (buckets > MAX_STATS_BUCKETS[query.interval]) {
    throw new ValidationError(`At most ${MAX_STATS_BUCKETS[query.interval]} ${query.interval}s at a time.`, [{ path: 'from', message: 'range too long for the interval' }]);
  }
  if (from >= to) throw new ValidationError('from must be before to.', [{ path: 'from', message: 'must be before to' }]);
  return { from, to, interval: query.interval };
}

/** Orders read per page while exporting. */
const EXPORT_PAGE = 500;

type Column<T> = readonly [name: string, cell: (row: T) => string | number | null];

/** The orders export: one line per order, amounts in the order's currency with two decimals. */
const ORDER_COLUMNS: ReadonlyArray<Column<OrderSummary>> = [
  ['id', (o) => o.id],
  ['created_at', (o) => iso(o.createdAt)],
  ['user_id', (o) => o.userId],
  ['pack', (o) => o.packageId],
  ['status', (o) => o.status],
  ['status_reason', (o) => o.statusReason],
  ['credits', (o) => o.credits],
  ['price', (o) => amount(o.amountCents)],
  ['currency', (o) => o.currency],
  ['charged', (o) => amount(o.chargedCents)],
  ['refunded', (o) => amount(o.refundedCents)],
  ['credits_taken_back', (o) => o.clawedCredits],
  ['completed_at', (o) => (o.completedAt ? iso(o.completedAt) : null)],
  ['completion_source', (o) => o.completionSource],
  ['whop_payment_id', (o) => o.whopPaymentId],
  ['whop_checkout_id', (o) => o.whopCheckoutId],
];

/** The statistics export: one line per interval of the range, then the currency of its amounts. */
const STATS_COLUMNS: ReadonlyArray<Column<Bucket>> = [
  ['start', (b) => iso(b.start)],
  ['orders_created', (b) => b.created],
  ['orders_completed', (b) => b.completed],
  ['orders_failed', (b) => b.failed],
  ['orders_expired', (b) => b.expired],
  ['orders_cancelled', (b) => b.cancelled],
  ['orders_in_review', (b) => b.review],
  ['credits_granted', (b) => b.creditsGranted],
  ['charged', (b) => amount(b.chargedCents)],
  ['refunded', (b) => amount(b.refundedCents)],
  ['chargebacks', (b) => amount(b.chargebackCents)],
  ['net', (b) => amount(b.netCents)],
  ['payments', (b) => b.payments],
  ['declines', (b) => b.declines],
];

/** Order ids are UUIDs, found whatever their letters' case (as on the buyer's routes). */
function orderIdParam(req: Request): string {
  const id = req.params.orderId;
  if (!isPaymentId(id)) throw new NotFoundError('No such order.', 'payment_not_found');
  return id.toLowerCase();
}

function requiredIdempotencyKey(req: Request): string {
  const key = req.get('idempotency-key');
  if (key === undefined)
    throw new ValidationError('An Idempotency-Key header is required: a retried action must not act twice.', [{ path: 'Idempotency-Key', message: 'required' }]);
  return parse(idempotencyKeySchema, key, 'Idempotency-Key header');
}

function ledgerDto(e: LedgerEntry) {
  return { id: e.id, kind: e.kind, credits: e.credits, paymentId: e.orderId, memo: e.memo, createdAt: iso(e.createdAt) };
}

function auditDto(a: AuditEntry) {
  return { id: a.id, at: iso(a.at), actor: a.actor, action: a.action, orderId: a.orderId, userId: a.userId, reason: a.reason, details: a.details };
}

function timelineDto(item: TimelineItem) {
  return { ...item, at: iso(item.at) };
}
