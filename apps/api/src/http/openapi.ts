import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  adjustmentBodySchema,
  adjustmentResponseSchema,
  adminEventResponseSchema,
  adminEventsQuerySchema,
  adminEventsResponseSchema,
  adminOrderDetailSchema,
  adminOrdersQuerySchema,
  adminUsersQuerySchema,
  adminUsersResponseSchema,
  adminOrdersResponseSchema,
  adminUserSchema,
  balanceResponseSchema,
  captureBodySchema,
  holdBodySchema,
  holdResponseSchema,
  serviceHoldBodySchema,
  createPaymentBodySchema,
  devTokenBodySchema,
  devClockBodySchema,
  devClockResponseSchema,
  devStatusResponseSchema,
  devTokenResponseSchema,
  historyQuerySchema,
  historyResponseSchema,
  ledgerQuerySchema,
  ledgerResponseSchema,
  packagesResponseSchema,
  paymentResponseSchema,
  problemSchema,
  serviceSpendBodySchema,
  spendBodySchema,
  replayBodySchema,
  resolveBodySchema,
  meResponseSchema,
  resolveResponseSchema,
  statsQuerySchema,
  funnelStepBodySchema,
  statsResponseSchema,
  replayResponseSchema,
  spendResponseSchema,
  testCompleteResponseSchema,
} from '@credits/shared';

/**
 * The OpenAPI 3.1 description, generated from the same zod schemas that validate requests (shared
 * with the web app), so the document cannot drift from what the API accepts and answers.
 */
/** The problem schema as a named component (`#/components/schemas/Problem`), named once: zod keeps ids in one registry. */
const NAMED_PROBLEM = problemSchema.meta({ id: 'Problem' });

export function openApiDocument(options: { enableTestEndpoints: boolean; enableDevSignIn: boolean }) {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      "A JWT with `exp`: your sign-in provider's own (RS256, ES256 or EdDSA, verified with the keys at AUTH_JWKS_URL; the user is `sub` or AUTH_USER_CLAIM), or HS256 signed with JWT_SECRET (the user is `sub`, or `userId`, or `id`).",
  });
  const service = registry.registerComponent('securitySchemes', 'serviceKey', { type: 'http', scheme: 'bearer', description: 'SERVICE_API_KEY, for the host app’s backend.' });
  const cron = registry.registerComponent('securitySchemes', 'cronSecret', { type: 'http', scheme: 'bearer', description: 'CRON_SECRET, for the scheduler.' });
  const whop = registry.registerComponent('securitySchemes', 'whopSignature', {
    type: 'apiKey',
    in: 'header',
    name: 'webhook-signature',
    description: 'Standard Webhooks signature with WHOP_WEBHOOK_SECRET (plus webhook-id and webhook-timestamp).',
  });

  const Problem = NAMED_PROBLEM;
  const Payment = paymentResponseSchema;
  const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
  const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: Problem } } });
  const errors = {
    400: problem('Invalid input'),
    401: problem('Missing or invalid credentials'),
    429: problem('Rate limited (Retry-After)'),
    503: problem('Database unavailable; retry'),
  };
  const paymentId = z.object({ paymentId: z.string().uuid() });
  const idempotencyKey = (required: boolean) => z.object({ 'Idempotency-Key': required ? z.string().min(1).max(255) : z.string().min(1).max(255).optional() });
  const route = (config: RouteConfig) => registry.registerPath(config);

  route({ method: 'get', path: '/api/payment/packages', summary: 'The credit packs', tags: ['payment'], responses: { 200: json(packagesResponseSchema, 'The catalog') } });
  route({
    method: 'post',
    path: '/api/payment/create',
    summary: 'Create an order and its Whop checkout',
    tags: ['payment'],
    security: [{ [bearer.name]: [] }],
    request: { headers: idempotencyKey(false), body: { content: { 'application/json': { schema: createPaymentBodySchema } } } },
    responses: {
      201: json(Payment, 'Order created; payment.checkoutUrl is Whop’s checkout'),
      200: json(Payment, 'Replayed for the same Idempotency-Key (with Idempotent-Replayed: true), or, without a key, the caller’s open order of that pack resumed'),
      ...errors,
      409: problem('Whop does not know the open order’s checkout (`whop_unknown`); nothing changed'),
      413: problem('Body too large'),
      422: problem('Idempotency-Key reused for another package'),
      502: problem('Whop failed; the order is failed'),
      504: problem('Whop timed out; the order is failed'),
    },
  });
  route({
    method: 'get',
    path: '/api/payment/user/history',
    summary: 'The caller’s orders, newest first',
    tags: ['payment'],
    security: [{ [bearer.name]: [] }],
    request: { query: historyQuerySchema },
    responses: { 200: json(historyResponseSchema, 'A page of orders'), ...errors },
  });
  route({
    method: 'get',
    path: '/api/payment/{paymentId}',
    summary: 'One of the caller’s orders',
    tags: ['payment'],
    security: [{ [bearer.name]: [] }],
    request: { params: paymentId },
    responses: { 200: json(Payment, 'The order'), ...errors, 404: problem('No such order, or another user’s') },
  });
  route({
    method: 'post',
    path: '/api/payment/{paymentId}/refresh',
    summary: 'Re-check a pending order with Whop',
    tags: ['payment'],
    security: [{ [bearer.name]: [] }],
    request: { params: paymentId },
    responses: { 200: json(Payment, 'The order as it now stands'), ...errors, 404: problem('No such order') },
  });
  route({
    method: 'post',
    path: '/api/payment/{paymentId}/cancel',
    summary: 'Give up a pending order',
    description:
      'Whop is asked first: a payment already taken completes the order instead. An order that is not pending is returned unchanged; a payment arriving later still completes a cancelled order.',
    tags: ['payment'],
    security: [{ [bearer.name]: [] }],
    request: { params: paymentId },
    responses: {
      200: json(Payment, 'The order as it now stands'),
      ...errors,
      404: problem('No such order'),
      409: problem('Whop does not know the order’s checkout (`whop_unknown`); the order stays pending'),
      502: problem('Whop failed; the order stays pending'),
      504: problem('Whop timed out; the order stays pending'),
    },
  });
  route({
    method: 'post',
    path: '/api/payment/webhook/whop',
    summary: 'Whop’s webhooks',
    description: 'Verified with Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature; ±300 s). Answers 2xx only once the effect is committed.',
    tags: ['payment'],
    security: [{ [whop.name]: [] }],
    request: { body: { content: { 'application/json': { schema: z.object({ id: z.string(), type: z.string(), data: z.unknown() }) } } } },
    responses: {
      200: json(z.object({ received: z.literal(true), outcome: z.string() }), 'Handled (or recorded and ignored)'),
      400: problem('Authentic but unusable'),
      401: problem('Signature rejected; nothing stored'),
      413: problem('Body too large'),
      503: problem('Database unavailable; Whop retries'),
    },
  });
  if (options.enableTestEndpoints) {
    route({
      method: 'post',
      path: '/api/payment/test/complete/{paymentId}',
      summary: 'Complete a pending order without paying (development only)',
      tags: ['development'],
      security: [{ [bearer.name]: [] }],
      request: { params: paymentId },
      responses: { 200: json(testCompleteResponseSchema, 'Completed (applied false if it already was)'), ...errors, 404: problem('No such order'), 409: problem('Not pending') },
    });
  }
  route({
    method: 'get',
    path: '/api/credits',
    summary: 'The caller’s balance',
    tags: ['credits'],
    security: [{ [bearer.name]: [] }],
    responses: {
      200: json(balanceResponseSchema, 'The balance (negative after a refund of spent credits), what holds set aside, and what can be spent or held'),
      ...errors,
    },
  });
  route({
    method: 'get',
    path: '/api/credits/ledger',
    summary: 'The caller’s ledger, newest first',
    tags: ['credits'],
    security: [{ [bearer.name]: [] }],
    request: { query: ledgerQuerySchema },
    responses: { 200: json(ledgerResponseSchema, 'A page of entries'), ...errors },
  });
  route({
    method: 'post',
    path: '/api/credits/spend',
    summary: 'Spend credits, once per Idempotency-Key',
    description: 'A user with their token and `{credits, reason}`, or the host app’s backend with the service key and `{userId, credits, reason}`.',
    tags: ['credits'],
    security: [{ [bearer.name]: [] }, { [service.name]: [] }],
    request: { headers: idempotencyKey(true), body: { content: { 'application/json': { schema: z.union([spendBodySchema, serviceSpendBodySchema]) } } } },
    responses: {
      200: json(spendResponseSchema, 'Spent (Idempotent-Replayed: true on a replay)'),
      ...errors,
      409: problem('Insufficient credits, or a negative balance'),
      413: problem('Body too large'),
      422: problem('Idempotency-Key reused with another body'),
    },
  });
  const holdId = z.object({ holdId: z.string().uuid() });
  route({
    method: 'post',
    path: '/api/credits/holds',
    summary: 'Set credits aside for work under way, once per Idempotency-Key',
    description:
      'A user with their token and `{credits, reason, expiresInSeconds?}`, or the host app’s backend with the service key and `userId` too. The hold takes from what is available (the balance less other holds) and ends once: captured, released, or expired by the sweep after `expiresInSeconds` (default 900, at most 86400).',
    tags: ['credits'],
    security: [{ [bearer.name]: [] }, { [service.name]: [] }],
    request: { headers: idempotencyKey(true), body: { content: { 'application/json': { schema: z.union([holdBodySchema, serviceHoldBodySchema]) } } } },
    responses: {
      201: json(holdResponseSchema, 'Held (Idempotent-Replayed: true on a replay)'),
      ...errors,
      409: problem('The available credits do not cover it, or the balance is negative'),
      413: problem('Body too large'),
      422: problem('Idempotency-Key reused with another body'),
    },
  });
  route({
    method: 'post',
    path: '/api/credits/holds/{holdId}/capture',
    summary: 'Spend at most what a hold holds; the rest is freed',
    description: 'The same capture again answers as the first (Idempotent-Replayed: true).',
    tags: ['credits'],
    security: [{ [bearer.name]: [] }, { [service.name]: [] }],
    request: { params: holdId, body: { content: { 'application/json': { schema: captureBodySchema } } } },
    responses: {
      200: json(holdResponseSchema, 'Captured'),
      ...errors,
      404: problem('No such hold, or another user’s'),
      409: problem('The hold ended otherwise: released, captured for another amount, or expired'),
      422: problem('More than the hold holds'),
    },
  });
  route({
    method: 'post',
    path: '/api/credits/holds/{holdId}/release',
    summary: 'Free a hold’s credits',
    description: 'Releasing again, or a hold that expired, answers as the first (Idempotent-Replayed: true).',
    tags: ['credits'],
    security: [{ [bearer.name]: [] }, { [service.name]: [] }],
    request: { params: holdId },
    responses: {
      200: json(holdResponseSchema, 'Released'),
      ...errors,
      404: problem('No such hold, or another user’s'),
      409: problem('The hold was captured'),
    },
  });
  for (const method of ['get', 'post'] as const) {
    route({
      method,
      path: '/api/internal/sweep',
      summary: 'Run reconciliation, expiry and the ledger check once (cron)',
      tags: ['operations'],
      security: [{ [cron.name]: [] }],
      responses: {
        200: json(
          z.object({
            ran: z.boolean(),
            checked: z.number().int(),
            completed: z.number().int(),
            expired: z.number().int(),
            holdsExpired: z.number().int(),
            whopErrors: z.number().int(),
            ledgerDifferences: z.number().int(),
          }),
          'Report (ran false when another instance holds the lease)',
        ),
        401: problem('Missing or wrong CRON_SECRET'),
      },
    });
  }
  if (options.enableDevSignIn) {
    route({
      method: 'get',
      path: '/api/dev',
      summary: 'Whether dev sign-in is offered (absent in production)',
      tags: ['development'],
      responses: { 200: json(devStatusResponseSchema, 'Offered') },
    });
    route({
      method: 'post',
      path: '/api/dev/token',
      summary: 'Issue a token for a user (development only)',
      tags: ['development'],
      request: { body: { content: { 'application/json': { schema: devTokenBodySchema } } } },
      responses: { 201: json(devTokenResponseSchema, 'A 24-hour token'), 400: problem('Invalid input'), 429: problem('Rate limited') },
    });
    route({
      method: 'put',
      path: '/api/dev/clock',
      summary: 'Move the product’s time (development only)',
      description:
        'What the product records from now on is dated from `at` on (null: the real time again); tokens, signatures and rate limits keep the real time. `npm run seed:demo -- --days 30` uses it.',
      tags: ['development'],
      request: { body: { content: { 'application/json': { schema: devClockBodySchema } } } },
      responses: { 200: json(devClockResponseSchema, 'The product’s time now'), 400: problem('Invalid input'), 429: problem('Rate limited') },
    });
  }
  route({
    method: 'post',
    path: '/api/events/funnel',
    summary: 'Tell a step of a purchase (the operators’ funnel)',
    description:
      'First-party: the user id, the step and the pack are kept, once per user, step, pack and UTC day (a step told again that day changes nothing). `opened` (the purchase dialog opened) takes no pack; `pack_chosen` and `checkout_started` (sent to Whop) name one on sale.',
    tags: ['credits'],
    security: [{ [bearer.name]: [] }],
    request: { body: { content: { 'application/json': { schema: funnelStepBodySchema } } } },
    responses: { 204: { description: 'Kept' }, ...errors },
  });
  route({
    method: 'get',
    path: '/api/me',
    summary: 'The caller: user id, and whether they are an operator',
    tags: ['credits'],
    security: [{ [bearer.name]: [] }],
    responses: { 200: json(meResponseSchema, 'The caller'), ...errors },
  });
  // The operator console: operators only (a token with role "admin", or a user in ADMIN_USER_IDS).
  const operator = { security: [{ [bearer.name]: [] }], tags: ['admin'] };
  const forbidden = { 403: problem('Signed in, but not an operator') };
  route({
    ...operator,
    method: 'get',
    path: '/api/admin/stats',
    summary: 'The shop’s figures over a range',
    description:
      'Per UTC hour or day and in total, of the orders created in the range (a cohort): created, completed, failed, expired, cancelled, in review, conversion (completed ÷ created), payment success rate (completed ÷ (completed + failed)), revenue, refunds and credits granted, also per pack; credits granted, spent, taken back and adjusted, and credits owed to buyers at the end (with their value at the average price paid); unique and repeat buyers and the average payment; the purchase funnel (buyers who opened the dialog, chose a pack, were sent to Whop, paid) in all and per pack; the same figures for the period before (`previous`); webhook handling time (p50, p99) and deliveries answered 5xx; the share of API requests answered 5xx; the last ledger check. Without `from`, the last 7 days; without `to`, now.',
    request: { query: statsQuerySchema },
    responses: { 200: json(statsResponseSchema, 'The figures'), ...errors, ...forbidden },
  });
  const csv = (description: string) => ({ description, content: { 'text/csv': { schema: z.string() } } });
  route({
    ...operator,
    method: 'get',
    path: '/api/admin/export/stats.csv',
    summary: 'The shop’s figures per interval as CSV',
    description: 'One line per UTC hour or day of the range (as `/api/admin/stats` counts them), amounts with two decimals in the `currency` column’s currency.',
    request: { query: statsQuerySchema },
    responses: { 200: csv('The figures, UTF-8 with a byte-order mark'), ...errors, ...forbidden },
  });
  route({
    ...operator,
    method: 'get',
    path: '/api/admin/export/orders.csv',
    summary: 'Every order the search finds, as CSV',
    description: 'The filters of `/api/admin/orders` (without `limit`: every page is written, newest first). Amounts with two decimals in each order’s currency.',
    request: { query: adminOrdersQuerySchema.omit({ limit: true }) },
    responses: { 200: csv('The orders, UTF-8 with a byte-order mark'), ...errors, ...forbidden },
  });
  route({
    ...operator,
    method: 'get',
    path: '/api/admin/orders',
    summary: 'Search every user’s orders',
    description: '`q` matches an order id or its start (6 characters or more, whatever the case), or a user id, a Whop payment id or a Whop checkout id exactly. Newest first.',
    request: { query: adminOrdersQuerySchema },
    responses: { 200: json(adminOrdersResponseSchema, 'A page of orders'), ...errors, ...forbidden },
  });
  route({
    ...operator,
    method: 'get',
    path: '/api/admin/orders/{orderId}',
    summary: 'An order with its story',
    description:
      'The order, what Whop told about it (payments, refunds, disputes, why a payment did not match), and a timeline: created, every webhook received for it with its outcome, ledger entries, completion, operator actions.',
    request: { params: z.object({ orderId: z.string().uuid() }) },
    responses: { 200: json(adminOrderDetailSchema, 'The order'), ...errors, ...forbidden, 404: problem('No such order') },
  });
  route({
    ...operator,
    method: 'post',
    path: '/api/admin/orders/{orderId}/resolve',
    summary: 'Resolve an order: grant, refund, refund the difference or dismiss',
    description:
      '`grant` credits the payment held for review as if it matched (never one credited to another order: 409 `granted_elsewhere`); `dismiss` closes the review with no money moved; `refund` asks Whop to refund the order’s payment in full — the credited one, or one held for review or whose review was dismissed (never one credited to another order) — and credits go when the refund lands; `refund_difference` asks Whop to give back what the payment charged beyond the price (the detail’s `actions` name the amount; a payment held for review is granted first, and the credits stay whole). Once per Idempotency-Key; audited with the note (a refund before Whop is asked, and again if Whop refuses or cannot be reached, which frees the key).',
    request: { params: z.object({ orderId: z.string().uuid() }), headers: idempotencyKey(true), body: { content: { 'application/json': { schema: resolveBodySchema } } } },
    responses: {
      200: json(resolveResponseSchema, 'Done, or replayed for the same Idempotency-Key (`outcome: "replayed"`)'),
      ...errors,
      ...forbidden,
      404: problem('No such order'),
      409: problem(
        'The action does not apply to the order as it is (`not_in_review`, `not_refundable`, `no_difference`, `granted_elsewhere`, `order_changed`), Whop refused the refund (`refund_refused`) or is refunding the payment already (`refund_under_way`), a request with this key is still at work (`request_in_progress`), or Whop does not know the payment (`whop_unknown`, its 404)',
      ),
      422: problem('Idempotency-Key reused with another body'),
      502: problem('Whop failed; nothing was done'),
      504: problem('Whop timed out; nothing was done'),
    },
  });
  const userId = z.object({ userId: z.string().min(1).max(128) });
  route({
    ...operator,
    method: 'get',
    path: '/api/admin/users',
    summary: 'Find users by the start of their id',
    description: 'User ids with orders or credits that start with `q` (exactly, case included), `q` itself first when it is one; at most 20.',
    request: { query: adminUsersQuerySchema },
    responses: { 200: json(adminUsersResponseSchema, 'The user ids'), ...errors, ...forbidden },
  });
  route({
    ...operator,
    method: 'get',
    path: '/api/admin/users/{userId}',
    summary: 'A user: balance, newest ledger entries, orders and operator actions',
    request: { params: userId },
    responses: { 200: json(adminUserSchema, 'The user'), ...errors, ...forbidden },
  });
  route({
    ...operator,
    method: 'post',
    path: '/api/admin/users/{userId}/adjustments',
    summary: 'Give or take credits',
    description:
      'A ledger entry of kind `adjustment` (positive gives, negative takes; the balance may go below zero), audited with the reason. The same Idempotency-Key and body replay the first answer.',
    request: { params: userId, headers: idempotencyKey(true), body: { content: { 'application/json': { schema: adjustmentBodySchema } } } },
    responses: {
      201: json(adjustmentResponseSchema, 'Adjusted'),
      200: json(adjustmentResponseSchema, 'Replayed for the same Idempotency-Key'),
      ...errors,
      ...forbidden,
      422: problem('Idempotency-Key reused with another body'),
    },
  });
  route({
    ...operator,
    method: 'post',
    path: '/api/admin/webhooks/{eventId}/replay',
    summary: 'Handle a stored webhook again',
    description: 'As if Whop delivered it once more: an event handled before is `duplicate` and changes nothing. Audited before it is handled.',
    request: { params: z.object({ eventId: z.string().min(1).max(255) }), body: { content: { 'application/json': { schema: replayBodySchema } } } },
    responses: {
      200: json(replayResponseSchema, 'The outcome'),
      ...errors,
      ...forbidden,
      404: problem('No such event'),
      409: problem('The stored event is not a Whop event envelope (`event_unreadable`)'),
    },
  });
  route({
    ...operator,
    method: 'get',
    path: '/api/admin/events',
    summary: 'Events told to the host app (EVENTS_WEBHOOK_URL), newest first, with their deliveries',
    request: { query: adminEventsQuerySchema },
    responses: { 200: json(adminEventsResponseSchema, 'A page of events'), ...errors, ...forbidden },
  });
  route({
    ...operator,
    method: 'post',
    path: '/api/admin/events/{eventId}/redeliver',
    summary: 'Send an event to the host app again',
    description: 'Delivered or not, it goes again as soon as its user’s earlier events have gone (the host deduplicates by `webhook-id`).',
    request: { params: z.object({ eventId: z.string().min(1).max(255) }) },
    responses: { 200: json(adminEventResponseSchema, 'The event, due now'), ...errors, ...forbidden, 404: problem('No such event') },
  });
  route({ method: 'get', path: '/api/openapi.json', summary: 'This document', tags: ['operations'], responses: { 200: { description: 'OpenAPI 3.1' } } });
  route({ method: 'get', path: '/api/docs', summary: 'Browsable API reference', tags: ['operations'], responses: { 200: { description: 'HTML' } } });
  route({ method: 'get', path: '/healthz', summary: 'The process is up', tags: ['operations'], responses: { 200: json(z.object({ status: z.literal('ok') }), 'Up') } });
  route({
    method: 'get',
    path: '/readyz',
    summary: 'Ready: database reachable and migrated',
    tags: ['operations'],
    responses: { 200: json(z.object({ status: z.literal('ready') }), 'Ready'), 503: problem('Not ready') },
  });
  route({
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics',
    tags: ['operations'],
    description: 'Needs `Authorization: Bearer $METRICS_TOKEN` when METRICS_TOKEN is set (required in production).',
    responses: { 200: { description: 'Prometheus text format' }, 401: problem('Missing or wrong METRICS_TOKEN') },
  });

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Whop credits API', version: '1.0.0', description: 'Sell prepaid credit packs through Whop. Errors are application/problem+json. See docs/api.md.' },
    servers: [{ url: '/' }],
  });
}
