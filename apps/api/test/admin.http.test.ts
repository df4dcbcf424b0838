import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { adminOrderDetailSchema, adminOrdersResponseSchema, adminUserSchema, paymentSchema, type PaymentDto } from '@credits/shared';
import { TEST_CARDS } from '@credits/whop-sim';
import { testDatabases } from './support/databases';
import { OPERATOR_BY_LIST, useHarness } from './support/harness';
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
      ['get', '/api/admin/orders', null],
      ['get', `/api/admin/orders/${someOrder}`, null],
      ['get', '/api/admin/users/alice', null],
      ['post', '/api/admin/users/alice/adjustments', { credits: 5, reason: 'x' }],
      ['post', '/api/admin/webhooks/msg_x/replay', { reason: 'x' }],
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

    it('lets in a token with role "admin" and a user listed in ADMIN_USER_IDS', async () => {
      await h.api.get('/api/admin/orders').set(h.operator()).expect(200);
      await h.api.get('/api/admin/orders').set(h.auth(OPERATOR_BY_LIST)).expect(200);
    });
  });

  describe('orders', () => {
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
      expect(detail.whopPayments).toEqual([{ id: expect.stringMatching(/^pay_/), paid: true, mismatch: null, refunds: [], disputes: [] }]);
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
          details: { eventId: event.eventId, type: 'payment.succeeded', outcome: 'duplicate' },
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
