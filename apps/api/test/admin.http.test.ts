import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { Client } from 'pg';
import { adminOrderDetailSchema, adminOrdersResponseSchema, adminUserSchema, paymentSchema, type PaymentDto } from '@credits/shared';
import { TEST_CARDS } from '@credits/whop-sim';
import { paymentEvent, signed } from './support/builders';
import { testDatabases } from './support/databases';
import { JWT_SECRET, OPERATOR_BY_LIST, useHarness } from './support/harness';
import { ledgerSum } from './support/ledger';
import { eventually } from './support/wait';

const PROBLEM = /application\/problem\+json/;

/** The operator console's API over HTTP: who may use it, what each action moves, and the audit of it. */
describe.each(testDatabases)('operator API on $name', (database) => {
  const { h, user } = useHarness(database, { retryScheduleMs: [100] });

  async function paidOrder(userId: string, packageId = 'standard'): Promise<PaymentDto> {
    const res = await h.api.post('/api/payment/create').set(h.auth(userId)).set('Idempotency-Key', randomUUID()).send({ packageId }).expect(201);
    const order = paymentSchema.parse(res.body.payment);
    await h.sim.pay(order.whopCheckoutId!, TEST_CARDS.success);
    await eventually(async () => (await h.store.orders.find({ id: order.id }))?.status === 'completed', 5_000, 'completion');
    return order;
  }

  describe('access', () => {
    const someOrder = '00000000-0000-4000-8000-000000000000';
    // Every row has a body (null for a GET): jest.each would take a missing last argument for `done`.
    const routes: Array<[string, string, object | null]> = [
      ['get', '/api/admin/stats', null],
      ['get', '/api/admin/export/stats.csv', null],
      ['get', '/api/admin/export/orders.csv', null],
      ['get', '/api/admin/orders', null],
      ['get', `/api/admin/orders/${someOrder}`, null],
      ['get', '/api/admin/users?q=ali', null],
      ['get', '/api/admin/users/alice', null],
      ['post', '/api/admin/users/alice/adjustments', { credits: 5, reason: 'x' }],
      ['post', '/api/admin/webhooks/msg_x/replay', { reason: 'x' }],
      ['post', `/api/admin/orders/${someOrder}/resolve`, { action: 'grant', note: 'x' }],
      ['get', '/api/admin/events', null],
      ['post', '/api/admin/events/msg_x/redeliver', null],
    ];

    it.each(routes)('refuses %s %s to a signed-in buyer with 403, and to no one signed in with 401', async (method, path, body) => {
      const buyer = user();
      const call = (headers: object) => (method === 'get' ? h.api.get(path) : h.api.post(path).send(body!)).set(headers as Record<string, string>).set('Idempotency-Key', 'k');
      const refused = await call(h.auth(buyer)).expect(403);
      expect(refused.headers['content-type']).toMatch(PROBLEM);
      expect(refused.body.code).toBe('forbidden');
      await call({}).expect(401);
      expect(await h.store.ledger.balance('alice')).toBe(0);
    });

    it('covers every operator route the OpenAPI document describes', async () => {
      const paths = (await h.api.get('/api/openapi.json').expect(200)).body.paths as Record<string, Record<string, unknown>>;
      const described = Object.entries(paths)
        .filter(([path]) => path.startsWith('/api/admin/'))
        .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path.replace(/\{[^}]+\}/g, '*')}`));
      const tested = routes.map(([method, path]) => `${method} ${path.replace(someOrder, '*').replace('/users/alice', '/users/*').replace('?q=ali', '').replace('msg_x', '*')}`);
      expect(described.length).toBeGreaterThan(5);
      expect(described.filter((r) => !tested.includes(r))).toEqual([]);
    });

    it('lets in a token with role "admin" and a user listed in ADMIN_USER_IDS', async () => {
      await h.api.get('/api/admin/orders').set(h.operator()).expect(200);
      await h.api.get('/api/admin/orders').set(h.auth(OPERATOR_BY_LIST)).expect(200);
    });

    it('tells the web app who the caller is and whether to offer the console', async () => {
      const buyer = user();
      expect((await h.api.get('/api/me').set(h.auth(buyer)).expect(200)).body).toEqual({ userId: buyer, operator: false });
      expect((await h.api.get('/api/me').set(h.operator('ann')).expect(200)).body).toEqual({ userId: 'ann', operator: true });
      expect((await h.api.get('/api/me').set(h.auth(OPERATOR_BY_LIST)).expect(200)).body).toEqual({ userId: OPERATOR_BY_LIST, operator: true });
      await h.api.get('/api/me').expect(401);
    });

    it('compares user ids exactly, honours an operator’s token only while it is young, and refuses tokens that never expire', async () => {
      const bearer = (claims: object) => ({ Authorization: `Bearer ${jwt.sign(claims, JWT_SECRET, { algorithm: 'HS256' })}` });
      const now = Math.floor(Date.now() / 1000);
      // A listed operator's id with a full-width space (as Chinese input types it) is no one, not the operator.
      const lookalike = await h.api
        .get('/api/admin/orders')
        .set(bearer({ sub: `${OPERATOR_BY_LIST}\u3000`, exp: now + 600 }))
        .expect(401);
      expect(lookalike.body.code).toBe('invalid_token');
      // Issued 13 hours ago: still a buyer's, no longer an operator's.
      const old = bearer({ sub: 'ann', role: 'admin', iat: now - 13 * 3_600, exp: now + 3_600 });
      expect((await h.api.get('/api/admin/orders').set(old).expect(401)).body.code).toBe('operator_token_expired');
      expect((await h.api.get('/api/me').set(old).expect(200)).body).toEqual({ userId: 'ann', operator: false });
      const oldListed = bearer({ sub: OPERATOR_BY_LIST, iat: now - 13 * 3_600, exp: now + 3_600 });
      expect((await h.api.get('/api/admin/stats').set(oldListed).expect(401)).body.code).toBe('operator_token_expired');
      // No expiry at all: refused everywhere, an operator's included.
      await h.api
        .get('/api/admin/orders')
        .set(bearer({ sub: 'ann', role: 'admin', iat: now }))
        .expect(401);
      await h.api
        .get('/api/credits')
        .set(bearer({ sub: 'ann', iat: now }))
        .expect(401);
    });

    it('finds an order by its id whatever the case of its letters, as the buyer’s routes do', async () => {
      const dee = user();
      const order = await paidOrder(dee);
      const upper = order.id.toUpperCase();
      await h.api.get(`/api/payment/${upper}`).set(h.auth(dee)).expect(200);
      expect((await h.api.get(`/api/admin/orders/${upper}`).set(h.operator()).expect(200)).body.order.id).toBe(order.id);
      expect(adminOrdersResponseSchema.parse((await h.api.get('/api/admin/orders').query({ q: upper }).set(h.operator()).expect(200)).body).orders.map((o) => o.id)).toEqual([
        order.id,
      ]);
    });
  });

  describe('orders', () => {
    it('compares user ids exactly, and suggests the ones that exist in another case', async () => {
      const lower = user().toLowerCase();
      const mixed = lower.charAt(0).toUpperCase() + lower.slice(1);
      const asked = lower.toUpperCase();
      const pending = paymentSchema.parse((await h.api.post('/api/payment/create').set(h.auth(lower)).send({ packageId: 'basic' }).expect(201)).body.payment);
      // An account with no orders: credits an operator gave.
      await h.api.post(`/api/admin/users/${mixed}/adjustments`).set(h.operator()).set('Idempotency-Key', randomUUID()).send({ credits: 5, reason: 'Goodwill' }).expect(201);
      const search = async (query: Record<string, string>) =>
        adminOrdersResponseSchema.parse((await h.api.get('/api/admin/orders').query(query).set(h.operator()).expect(200)).body);

      expect(await search({ q: asked })).toEqual({ orders: [], nextCursor: null, userIdsInOtherCase: [mixed, lower] });
      const exact = await search({ q: lower });
      expect(exact.orders.map((o) => o.id)).toEqual([pending.id]);
      expect(exact.userIdsInOtherCase).toEqual([mixed]);
      expect((await search({ userId: mixed })).userIdsInOtherCase).toEqual([lower]);
      expect((await search({ status: 'pending' })).userIdsInOtherCase).toEqual([]);
      const page = adminUserSchema.parse((await h.api.get(`/api/admin/users/${asked}`).set(h.operator()).expect(200)).body);
      expect(page).toMatchObject({ userId: asked, balance: 0, orders: [], ledger: [], userIdsInOtherCase: [mixed, lower] });
    });

    it('finds orders by id, user, Whop payment or checkout id, status, pack and time, newest first, a page at a time', async () => {
      const alice = user();
      const paid = await paidOrder(alice, 'premium');
      const pending = paymentSchema.parse((await h.api.post('/api/payment/create').set(h.auth(alice)).send({ packageId: 'basic' }).expect(201)).body.payment);
      const stored = (await h.store.orders.find({ id: paid.id }))!;
      const search = async (query: Record<string, string>) =>
        adminOrdersResponseSchema.parse((await h.api.get('/api/admin/orders').query(query).set(h.operator()).expect(200)).body);
      const ids = async (query: Record<string, string>) => (await search(query)).orders.map((o) => o.id);

      expect(await ids({ q: paid.id })).toEqual([paid.id]);
      expect(await ids({ q: alice })).toEqual([pending.id, paid.id]);
      expect(await ids({ q: stored.whopPaymentId! })).toEqual([paid.id]);
      expect(await ids({ q: pending.whopCheckoutId! })).toEqual([pending.id]);
      expect(await ids({ userId: alice, status: 'completed' })).toEqual([paid.id]);
      expect(await ids({ userId: alice, packageId: 'basic' })).toEqual([pending.id]);
      expect(await ids({ userId: alice, to: paid.createdAt })).toEqual([]);
      expect(await ids({ userId: alice, from: pending.createdAt })).toEqual([pending.id]);
      const first = await search({ userId: alice, limit: '1' });
      expect(first.orders.map((o) => o.id)).toEqual([pending.id]);
      expect(await ids({ userId: alice, limit: '1', cursor: first.nextCursor! })).toEqual([paid.id]);
      expect(first.orders[0]).toMatchObject({ statusReason: null, completionSource: null, refundedCents: 0 });
      await h.api.get('/api/admin/orders').query({ status: 'lost' }).set(h.operator()).expect(400);
      await h.api.get('/api/admin/orders').query({ cursor: 'nope' }).set(h.operator()).expect(400);
    });

    it('tells an order’s story: created, every webhook with its outcome, the grant, completion', async () => {
      const alice = user();
      const order = await paidOrder(alice);
      const detail = adminOrderDetailSchema.parse((await h.api.get(`/api/admin/orders/${order.id}`).set(h.operator()).expect(200)).body);
      expect(detail.order).toMatchObject({ id: order.id, status: 'completed', completionSource: 'webhook' });
      expect(detail.whopPayments).toEqual([
        {
          id: expect.stringMatching(/^pay_/),
          paid: true,
          declined: false,
          chargedCents: 1_000,
          totalCents: 1_000,
          currency: 'usd',
          settlement: null,
          mismatch: null,
          refunds: [],
          disputes: [],
        },
      ]);
      const kinds = detail.timeline.map((i) => (i.kind === 'webhook' ? `webhook ${i.type} ${i.outcome}` : i.kind));
      expect(kinds[0]).toBe('created');
      expect(kinds).toContain('webhook payment.succeeded completed');
      expect(kinds).toContain('ledger');
      expect(kinds).toContain('completed');
      expect(detail.timeline.find((i) => i.kind === 'ledger')).toMatchObject({ entryKind: 'grant', credits: 1_000 });
      const times = detail.timeline.map((i) => Date.parse(i.at));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      await h.api.get('/api/admin/orders/not-an-id').set(h.operator()).expect(404);
      await h.api.get(`/api/admin/orders/${randomUUID()}`).set(h.operator()).expect(404);
    });
  });

  describe('adjustments', () => {
    it('gives and takes credits once per Idempotency-Key, audited, the balance always the sum of the ledger', async () => {
      const bob = user();
      const give = () =>
        h.api.post(`/api/admin/users/${bob}/adjustments`).set(h.operator('ops-ann')).set('Idempotency-Key', 'goodwill-1').send({ credits: 500, reason: 'Support ticket 42' });
      const first = await give().expect(201);
      expect(first.body).toMatchObject({ credits: 500, balance: 500 });
      const again = await give().expect(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      const reused = await h.api
        .post(`/api/admin/users/${bob}/adjustments`)
        .set(h.operator('ops-ann'))
        .set('Idempotency-Key', 'goodwill-1')
        .send({ credits: 5, reason: 'Support ticket 42' })
        .expect(422);
      expect(reused.body.code).toBe('idempotency_key_reused');
      await h.api
        .post(`/api/admin/users/${bob}/adjustments`)
        .set(h.operator('ops-ann'))
        .set('Idempotency-Key', 'claw-1')
        .send({ credits: -700, reason: 'Chargeback outside Whop' })
        .expect(201);
      expect(await h.store.ledger.balance(bob)).toBe(-200);
      expect(await ledgerSum(h.store, bob)).toBe(-200);

      const view = adminUserSchema.parse((await h.api.get(`/api/admin/users/${bob}`).set(h.operator()).expect(200)).body);
      expect(view.balance).toBe(-200);
      expect(view.ledger.map((e) => [e.kind, e.credits, e.memo])).toEqual([
        ['adjustment', -700, 'Chargeback outside Whop'],
        ['adjustment', 500, 'Support ticket 42'],
      ]);
      expect(view.audit.map((a) => [a.actor, a.action, a.reason, a.details.credits])).toEqual([
        ['ops-ann', 'adjustment', 'Chargeback outside Whop', -700],
        ['ops-ann', 'adjustment', 'Support ticket 42', 500],
      ]);
    });

    it('moves the money once when the same adjustment is sent ten times at once', async () => {
      const carol = user();
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          h.api.post(`/api/admin/users/${carol}/adjustments`).set(h.operator()).set('Idempotency-Key', 'once').send({ credits: 250, reason: 'Double click' }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
      expect(await h.store.ledger.balance(carol)).toBe(250);
      expect((await h.store.audit.forUser(carol, 50)).length).toBe(1);
    });

    it('refuses a zero, a fraction, a missing key or reason, and changes nothing', async () => {
      const dave = user();
      const post = (body: object, key: string | null = 'k') => {
        const req = h.api.post(`/api/admin/users/${dave}/adjustments`).set(h.operator());
        return (key ? req.set('Idempotency-Key', key) : req).send(body);
      };
      for (const body of [{ credits: 0, reason: 'x' }, { credits: 1.5, reason: 'x' }, { credits: 5 }, { credits: 5, reason: ' ' }, { credits: 5, reason: 'x', userId: 'eve' }]) {
        expect((await post(body).expect(400)).headers['content-type']).toMatch(PROBLEM);
      }
      await post({ credits: 5, reason: 'x' }, null).expect(400);
      expect(await h.store.ledger.balance(dave)).toBe(0);
      expect(await h.store.audit.forUser(dave, 50)).toEqual([]);
    });
  });

  describe('resolving orders', () => {
    /** An order whose payment Whop charged at the wrong amount: held for review, nothing credited. */
    async function reviewOrder(userId: string, chargedCents = 999): Promise<PaymentDto> {
      const res = await h.api.post('/api/payment/create').set(h.auth(userId)).set('Idempotency-Key', randomUUID()).send({ packageId: 'standard' }).expect(201);
      const order = paymentSchema.parse(res.body.payment);
      await h.sim.pay(order.whopCheckoutId!, TEST_CARDS.success, { amountCents: chargedCents });
      await eventually(async () => (await h.store.orders.find({ id: order.id }))?.status === 'review', 5_000, 'review');
      return order;
    }
    const resolve = (orderId: string, body: object, key: string, operator = 'ops') =>
      h.api.post(`/api/admin/orders/${orderId}/resolve`).set(h.operator(operator)).set('Idempotency-Key', key).send(body);
    const stored = async (orderId: string) => (await h.store.orders.find({ id: orderId }))!;

    it('grants a review order once under concurrent double submission, audited, and replays the answer', async () => {
      const gina = user();
      const order = await reviewOrder(gina);
      const actions = async () => adminOrderDetailSchema.parse((await h.api.get(`/api/admin/orders/${order.id}`).set(h.operator()).expect(200)).body).actions;
      const held = (await stored(order.id))!.whopPaymentId!;
      // The console is told what applies, and to which payment: it decides nothing itself.
      expect(await actions()).toEqual(['grant', 'refund', 'dismiss'].map((action) => ({ action, paymentId: held, refundCents: null })));
      const results = await Promise.all(
        Array.from({ length: 5 }, () => resolve(order.id, { action: 'grant', note: 'Whop charged tax-inclusive; buyer paid in good faith' }, 'grant-1', 'ops-cy')),
      );
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      expect(results.filter((r) => r.body.outcome === 'completed')).toHaveLength(1);
      expect(results.filter((r) => r.body.outcome === 'replayed')).toHaveLength(4);
      expect(await h.store.ledger.balance(gina)).toBe(1_000);
      expect(await stored(order.id)).toMatchObject({ status: 'completed', completionSource: 'operator' });
      const audit = await h.store.audit.forOrder(order.id);
      expect(audit).toEqual([expect.objectContaining({ actor: 'ops-cy', action: 'resolve_grant', reason: 'Whop charged tax-inclusive; buyer paid in good faith', userId: gina })]);
      expect(audit[0]!.details).toMatchObject({ outcome: 'completed', statusBefore: 'review', statusAfter: 'completed' });
      expect(await actions()).toEqual([{ action: 'refund', paymentId: held, refundCents: null }]);

      // Another key asks again: the review is over, nothing moves.
      const again = await resolve(order.id, { action: 'grant', note: 'again' }, 'grant-2').expect(409);
      expect(again.body.code).toBe('not_in_review');
      await resolve(order.id, { action: 'dismiss', note: 'other body' }, 'grant-1').expect(422);
      expect(await h.store.ledger.balance(gina)).toBe(1_000);
      expect(await ledgerSum(h.store, gina)).toBe(1_000);
    });

    it('dismisses a review with no money moved, once under concurrent double submission', async () => {
      const hal = user();
      const order = await reviewOrder(hal);
      const results = await Promise.all([1, 2].map(() => resolve(order.id, { action: 'dismiss', note: 'Test purchase by our own staff' }, 'dismiss-1')));
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      expect(results.map((r) => r.body.outcome).sort()).toEqual(['dismissed', 'replayed']);
      const res = results.find((r) => r.body.outcome === 'dismissed')!;
      expect(res.body).toMatchObject({ outcome: 'dismissed', order: { status: 'cancelled', statusReason: 'review_dismissed' } });
      expect(await h.store.ledger.balance(hal)).toBe(0);
      expect((await h.store.audit.forOrder(order.id)).map((a) => a.action)).toEqual(['resolve_dismiss']);
    });

    it('refunds a review order through Whop once, and the review closes when the refund lands', async () => {
      const ivy = user();
      const order = await reviewOrder(ivy);
      const whopPaymentId = (await stored(order.id)).whopPaymentId!;
      const results = await Promise.all([
        resolve(order.id, { action: 'refund', note: 'Charged the wrong amount' }, 'refund-1'),
        resolve(order.id, { action: 'refund', note: 'Charged the wrong amount' }, 'refund-1'),
      ]);
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      expect(h.sim.engine.refunds.filter((r) => r.paymentId === whopPaymentId)).toHaveLength(1);
      await eventually(async () => (await stored(order.id)).status === 'cancelled', 5_000, 'the refund learnt');
      expect(await stored(order.id)).toMatchObject({ statusReason: 'review_refunded', refundedCents: 999 });
      expect(await h.store.ledger.balance(ivy)).toBe(0);
      // Asked of Whop once; Whop's answer recorded (once, unless the twin recorded it at the same instant).
      const audit = (await h.store.audit.forOrder(order.id)).map((a) => [a.action, a.details.whopPaymentId, a.details.whop]);
      expect(audit.filter(([, , whop]) => whop === 'requested')).toEqual([['resolve_refund', whopPaymentId, 'requested']]);
      expect(audit.filter(([, , whop]) => whop === 'confirmed').length).toBeGreaterThanOrEqual(1);
    });

    it('refunds a completed order and takes its credits back when the refund lands, once', async () => {
      const jo = user();
      const order = await paidOrder(jo);
      await resolve(order.id, { action: 'refund', note: 'Buyer asked within 14 days' }, 'refund-a').expect(200);
      await resolve(order.id, { action: 'refund', note: 'Buyer asked again' }, 'refund-b').expect(409);
      await eventually(async () => (await stored(order.id)).status === 'refunded', 5_000, 'the refund learnt');
      expect(await h.store.ledger.balance(jo)).toBe(0);
      expect(await ledgerSum(h.store, jo)).toBe(0);
    });

    it('refuses to grant a Whop payment already credited to another order', async () => {
      const kim = user();
      const first = await paidOrder(kim);
      const creditedPayment = (await stored(first.id)).whopPaymentId!;
      const second = paymentSchema.parse(
        (await h.api.post('/api/payment/create').set(h.auth(kim)).set('Idempotency-Key', randomUUID()).send({ packageId: 'standard' }).expect(201)).body.payment,
      );
      const { body, headers } = signed(paymentEvent(second, { id: creditedPayment }));
      expect((await h.api.post('/api/payment/webhook/whop').set(headers).send(body).expect(200)).body.outcome).toBe('review');
      const refused = await resolve(second.id, { action: 'grant', note: 'Looks paid' }, 'g').expect(409);
      expect(refused.body.code).toBe('granted_elsewhere');
      // Refunding it would take the first order's money: refused too, and Whop is not asked.
      expect((await resolve(second.id, { action: 'refund', note: 'Give it back' }, 'r').expect(409)).body.code).toBe('granted_elsewhere');
      expect(h.sim.engine.refunds.filter((r) => r.paymentId === creditedPayment)).toEqual([]);
      expect(await h.store.ledger.balance(kim)).toBe(1_000);
      expect(await h.store.audit.forOrder(second.id)).toEqual([]);
      await resolve(second.id, { action: 'dismiss', note: 'Duplicate report of the first order' }, 'd').expect(200);
      expect(await stored(second.id)).toMatchObject({ status: 'cancelled', statusReason: 'review_dismissed' });
      expect(await stored(first.id)).toMatchObject({ status: 'completed' });
    });

    it('takes back every credit of a payment granted at a quarter of the price once all of it is refunded', async () => {
      const nia = user();
      const order = await reviewOrder(nia, 250);
      await resolve(order.id, { action: 'grant', note: 'Coupon applied at Whop' }, 'grant').expect(200);
      expect(await h.store.ledger.balance(nia)).toBe(1_000);
      await resolve(order.id, { action: 'refund', note: 'Buyer asked' }, 'refund').expect(200);
      await eventually(async () => (await stored(order.id)).status === 'refunded', 5_000, 'the refund learnt');
      expect(await h.store.ledger.balance(nia)).toBe(0);
      expect(await ledgerSum(h.store, nia)).toBe(0);
    });

    it('refunds the difference of an overcharge once under concurrent double submission: granted first, the credits whole, the amount audited', async () => {
      const una = user();
      const order = await reviewOrder(una, 1_250);
      const whopPaymentId = (await stored(order.id)).whopPaymentId!;
      const detail = async () => adminOrderDetailSchema.parse((await h.api.get(`/api/admin/orders/${order.id}`).set(h.operator()).expect(200)).body);
      expect((await detail()).actions).toContainEqual({ action: 'refund_difference', paymentId: whopPaymentId, refundCents: 250 });
      const note = 'Whop charged $12.50 for the $10 pack';
      const results = await Promise.all([1, 2].map(() => resolve(order.id, { action: 'refund_difference', note }, 'difference-1')));
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      expect(h.sim.engine.refunds.filter((r) => r.paymentId === whopPaymentId).map((r) => r.amountCents)).toEqual([250]);
      await eventually(async () => (await stored(order.id)).refundedCents === 250, 5_000, 'the refund learnt');
      expect(await stored(order.id)).toMatchObject({ status: 'completed', completionSource: 'operator', chargedCents: 1_250, clawedCredits: 0, heldCredits: 0 });
      expect(await h.store.ledger.balance(una)).toBe(1_000);
      expect(await ledgerSum(h.store, una)).toBe(1_000);
      const audit = (await h.store.audit.forOrder(order.id)).map((a) => [a.action, a.details.whop ?? null, a.details.refund ?? null, a.details.cents ?? null]);
      expect(audit.filter(([action]) => action === 'resolve_grant')).toEqual([['resolve_grant', null, null, null]]);
      expect(audit.filter(([, whop]) => whop === 'requested')).toEqual([['resolve_refund', 'requested', 'difference', 250]]);
      expect((await detail()).actions.map((x) => x.action)).toEqual(['refund']);
      // The same key replays its answer; another finds no difference left, and Whop is not asked again.
      expect((await resolve(order.id, { action: 'refund_difference', note }, 'difference-1').expect(200)).body.outcome).toBe('replayed');
      expect((await resolve(order.id, { action: 'refund_difference', note: 'again' }, 'difference-2').expect(409)).body.code).toBe('no_difference');
      expect(h.sim.engine.refunds.filter((r) => r.paymentId === whopPaymentId)).toHaveLength(1);
    });

    it('gives back an overcharge with its tax on a granted order, and says a refund pending at Whop is under way until it lands', async () => {
      const vic = user();
      const res = await h.api.post('/api/payment/create').set(h.auth(vic)).set('Idempotency-Key', randomUUID()).send({ packageId: 'standard' }).expect(201);
      const order = paymentSchema.parse(res.body.payment);
      // $12.00 for the $10 pack, and $1.20 tax added on top.
      await h.sim.pay(order.whopCheckoutId!, TEST_CARDS.success, { amountCents: 1_200, taxCents: 120 });
      await eventually(async () => (await stored(order.id)).status === 'review', 5_000, 'review');
      await resolve(order.id, { action: 'grant', note: 'Buyer paid in good faith' }, 'grant').expect(200);
      const whopPaymentId = (await stored(order.id)).whopPaymentId!;
      h.sim.engine.checkoutChaos.set(order.whopCheckoutId!, { refundOutcome: 'pending' });
      await resolve(order.id, { action: 'refund_difference', note: 'Overcharged' }, 'difference').expect(200);
      const [refund] = h.sim.engine.refunds.filter((r) => r.paymentId === whopPaymentId);
      expect(refund).toMatchObject({ amountCents: 220, status: 'pending' });
      expect((await resolve(order.id, { action: 'refund_difference', note: 'Overcharged' }, 'difference-again').expect(409)).body.code).toBe('refund_under_way');
      h.sim.engine.settleRefund(refund!.id, 'succeeded');
      await eventually(async () => (await stored(order.id)).refundedCents === 220, 5_000, 'the refund learnt');
      expect(await stored(order.id)).toMatchObject({ status: 'completed', chargedCents: 1_320, clawedCredits: 0 });
      expect(await h.store.ledger.balance(vic)).toBe(1_000);
      expect((await resolve(order.id, { action: 'refund_difference', note: 'Overcharged' }, 'difference-last').expect(409)).body.code).toBe('no_difference');
    });

    it('refunds a payment whose review was dismissed, and the order says so', async () => {
      const oz = user();
      const order = await reviewOrder(oz);
      await resolve(order.id, { action: 'dismiss', note: 'Will look later' }, 'dismiss').expect(200);
      await resolve(order.id, { action: 'refund', note: 'Buyer wants the money back after all' }, 'refund').expect(200);
      await eventually(async () => (await stored(order.id)).statusReason === 'review_refunded', 5_000, 'the refund learnt');
      expect(await stored(order.id)).toMatchObject({ status: 'cancelled', refundedCents: 999 });
      expect(await h.store.ledger.balance(oz)).toBe(0);
      expect((await h.store.audit.forOrder(order.id)).map((a) => [a.action, a.details.whop ?? null])).toEqual([
        ['resolve_dismiss', null],
        ['resolve_refund', 'requested'],
        ['resolve_refund', 'confirmed'],
      ]);
    });

    it('records a refund Whop refuses, changes nothing, and leaves the key free to try again', async () => {
      const pia = user();
      const order = await paidOrder(pia);
      const whopPaymentId = (await stored(order.id)).whopPaymentId!;
      h.sim.engine.checkoutChaos.set(order.whopCheckoutId!, { refuseRefunds: true });
      const refused = await resolve(order.id, { action: 'refund', note: 'Buyer asked' }, 'refund-x').expect(409);
      expect(refused.body.code).toBe('refund_refused');
      expect(h.sim.engine.refunds.filter((r) => r.paymentId === whopPaymentId)).toHaveLength(0);
      expect((await h.store.audit.forOrder(order.id)).map((a) => [a.action, a.details.whop, a.details.failed ?? null])).toEqual([
        ['resolve_refund', 'requested', null],
        ['resolve_refund', 'failed', 'refused by Whop'],
      ]);
      // The key did nothing, so it may be sent again (and is refused again by Whop, not replayed).
      expect((await resolve(order.id, { action: 'refund', note: 'Buyer asked' }, 'refund-x').expect(409)).body.code).toBe('refund_refused');
      expect(await stored(order.id)).toMatchObject({ status: 'completed' });
    });

    it('says Whop does not know a payment Whop answers 404 for (not that Whop is not answering), and changes nothing', async () => {
      const ria = user();
      const order = await paidOrder(ria);
      const whopPaymentId = (await stored(order.id)).whopPaymentId!;
      const at = h.sim.engine.payments.findIndex((p) => p.id === whopPaymentId);
      const [forgotten] = h.sim.engine.payments.splice(at, 1);
      try {
        const res = await resolve(order.id, { action: 'refund', note: 'Buyer asked' }, 'refund-z').expect(409);
        expect(res.body).toMatchObject({ code: 'whop_unknown', title: 'Whop does not know this payment' });
        expect(res.body.detail).toBe(`Whop does not know the payment ${whopPaymentId} (it answered 404 Not Found); nothing was refunded.`);
      } finally {
        h.sim.engine.payments.splice(at, 0, forgotten!);
      }
      expect((await h.store.audit.forOrder(order.id)).map((a) => [a.action, a.details.whop, a.details.failed ?? null])).toEqual([
        ['resolve_refund', 'requested', null],
        ['resolve_refund', 'failed', 'unknown to Whop'],
      ]);
      expect(await stored(order.id)).toMatchObject({ status: 'completed' });
      expect(await h.store.ledger.balance(ria)).toBe(1_000);
    });

    it('does not ask Whop for a refund its refunds show was made already (its webhook lost)', async () => {
      const quinn = user();
      const order = await paidOrder(quinn);
      const whopPaymentId = (await stored(order.id)).whopPaymentId!;
      h.sim.engine.checkoutChaos.set(order.whopCheckoutId!, { drop: true });
      h.sim.engine.refund(whopPaymentId, null);
      expect((await resolve(order.id, { action: 'refund', note: 'Buyer asked' }, 'refund-y').expect(409)).body.code).toBe('refund_under_way');
      expect(h.sim.engine.refunds.filter((r) => r.paymentId === whopPaymentId)).toHaveLength(1);
      // Reading Whop's refunds taught the order the refund its webhook never told.
      expect(await stored(order.id)).toMatchObject({ status: 'refunded' });
      expect(await h.store.ledger.balance(quinn)).toBe(0);
      expect(await h.store.audit.forOrder(order.id)).toEqual([]);
    });

    it('refuses actions that do not apply, and bad bodies, changing nothing', async () => {
      const lee = user();
      const order = await paidOrder(lee);
      expect((await resolve(order.id, { action: 'grant', note: 'x' }, 'k1').expect(409)).body.code).toBe('not_in_review');
      expect((await resolve(order.id, { action: 'dismiss', note: 'x' }, 'k2').expect(409)).body.code).toBe('not_in_review');
      expect((await resolve(order.id, { action: 'refund_difference', note: 'x' }, 'k2b').expect(409)).body.code).toBe('no_difference');
      await resolve(order.id, { action: 'void', note: 'x' }, 'k3').expect(400);
      await resolve(order.id, { action: 'grant' }, 'k4').expect(400);
      await h.api.post(`/api/admin/orders/${order.id}/resolve`).set(h.operator()).send({ action: 'grant', note: 'x' }).expect(400);
      await resolve(randomUUID(), { action: 'grant', note: 'x' }, 'k5').expect(404);
      expect(await h.store.ledger.balance(lee)).toBe(1_000);
      expect(await h.store.audit.forOrder(order.id)).toEqual([]);
    });
  });

  describe('webhook replay', () => {
    it('changes nothing for an event already handled, and records that an operator asked', async () => {
      const erin = user();
      const order = await paidOrder(erin);
      const detail = adminOrderDetailSchema.parse((await h.api.get(`/api/admin/orders/${order.id}`).set(h.operator()).expect(200)).body);
      const event = detail.timeline.find((i) => i.kind === 'webhook' && i.type === 'payment.succeeded');
      if (event?.kind !== 'webhook') throw new Error('no payment.succeeded event on the order');
      const res = await h.api.post(`/api/admin/webhooks/${event.eventId}/replay`).set(h.operator('ops-bo')).send({ reason: 'Buyer says no credits' }).expect(200);
      expect(res.body).toEqual({ outcome: 'duplicate' });
      expect(await h.store.ledger.balance(erin)).toBe(1_000);
      expect(await h.store.audit.forOrder(order.id)).toEqual([
        expect.objectContaining({
          actor: 'ops-bo',
          action: 'webhook_replay',
          reason: 'Buyer says no credits',
          details: { eventId: event.eventId, type: 'payment.succeeded' },
        }),
      ]);
      await h.api.post('/api/admin/webhooks/msg_unknown/replay').set(h.operator()).send({ reason: 'x' }).expect(404);
    });
  });

  if (database.urlOf) {
    it('keeps the audit log append-only, whoever asks the database', async () => {
      const frank = user();
      await h.api.post(`/api/admin/users/${frank}/adjustments`).set(h.operator()).set('Idempotency-Key', 'a').send({ credits: 1, reason: 'r' }).expect(201);
      const client = new Client({ connectionString: database.urlOf!(h.store) });
      await client.connect();
      try {
        await expect(client.query(`update audit_log set reason = 'edited' where user_id = $1`, [frank])).rejects.toThrow(/append-only/);
        await expect(client.query(`delete from audit_log where user_id = $1`, [frank])).rejects.toThrow(/append-only/);
      } finally {
        await client.end();
      }
      expect((await h.store.audit.forUser(frank, 5))[0]).toMatchObject({ reason: 'r' });
    });
  }
});
