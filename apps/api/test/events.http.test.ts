import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { adminEventsResponseSchema, paymentSchema } from '@credits/shared';
import { paymentEvent, signed } from './support/builders';
import { close, listen } from './support/listen';
import { testDatabases } from './support/databases';
import { useHarness } from './support/harness';

/**
 * Events for the host app (EVENTS_WEBHOOK_URL): written with the change that moved credits,
 * delivered at least once, signed with Standard Webhooks, in order per user; held while the
 * receiver is down and delivered when it is back; none for a change rolled back.
 */
const SECRET = `whsec_${randomBytes(32).toString('base64')}`;

interface Received {
  id: string;
  type: string;
  timestamp: string;
  data: { userId: string; orderId?: string; holdId?: string; credits: number; reason?: string; balance: number; held: number; available: number };
}

/** The host app's endpoint: verifies every signature, keeps what it received, and can be made to fail. */
class Receiver {
  received: Received[] = [];
  refused = 0;
  down = false;
  private server!: Server;
  url = '';
  private readonly verifier = new Webhook(SECRET);

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (this.down) {
          this.refused++;
          res.writeHead(503).end();
          return;
        }
        const payload = this.verifier.verify(body, req.headers as Record<string, string>) as Omit<Received, 'id'>;
        this.received.push({ id: String(req.headers['webhook-id']), ...payload });
        res.writeHead(204).end();
      });
    });
    this.url = `${await listen(this.server)}/credits-events`;
  }

  of(userId: string): Received[] {
    return this.received.filter((e) => e.data.userId === userId);
  }

  close(): Promise<void> {
    return close(this.server);
  }
}

const receiver = new Receiver();
beforeAll(() => receiver.start());
afterAll(() => receiver.close());

describe.each(testDatabases)('events for the host app on $name', (database) => {
  const { h, user } = useHarness(database, {
    get events() {
      return { url: receiver.url, secret: SECRET, retryScheduleMs: [50] };
    },
  });
  const deliver = () => h.components.events!.runOnce();

  async function paidOrder(userId: string) {
    const res = await h.api.post('/api/payment/create').set(h.auth(userId)).send({ packageId: 'standard' }).expect(201);
    const order = paymentSchema.parse(res.body.payment);
    const { body, headers } = signed(paymentEvent(order));
    await h.api.post('/api/payment/webhook/whop').set(headers).send(body).expect(200);
    return order;
  }

  it('tells each movement once, signed, in order, with the credits after it', async () => {
    const alice = user('events');
    const order = await paidOrder(alice);
    await h.api.post('/api/credits/spend').set(h.auth(alice)).set('Idempotency-Key', randomUUID()).send({ credits: 100, reason: 'generation' }).expect(200);
    const hold = (await h.api.post('/api/credits/holds').set(h.auth(alice)).set('Idempotency-Key', randomUUID()).send({ credits: 300, reason: 'long job' }).expect(201)).body
      .hold as {
      id: string;
    };
    await h.api.post(`/api/credits/holds/${hold.id}/capture`).set(h.auth(alice)).send({ credits: 120 }).expect(200);
    await h.api
      .post(`/api/admin/users/${alice}/adjustments`)
      .set(h.operator())
      .set('Idempotency-Key', randomUUID())
      .send({ credits: -30, reason: 'goodwill reversed' })
      .expect(201);
    await deliver();
    await deliver();
    expect(receiver.of(alice).map((e) => [e.type, e.data.credits, e.data.balance, e.data.held])).toEqual([
      ['credits.granted', 1_000, 1_000, 0],
      ['credits.spent', 100, 900, 0],
      ['credits.held', 300, 900, 300],
      ['credits.spent', 120, 780, 300],
      ['credits.released', 180, 780, 0],
      ['credits.adjusted', -30, 750, 0],
    ]);
    const [granted, , held] = receiver.of(alice);
    expect(granted).toMatchObject({ type: 'credits.granted', data: { userId: alice, orderId: order.id, available: 1_000 } });
    expect(held!.data).toMatchObject({ holdId: hold.id, reason: 'long job', available: 600 });
    expect(new Set(receiver.of(alice).map((e) => e.id)).size).toBe(6);
    // The same webhook again moves nothing and tells nothing.
    const { body, headers } = signed(paymentEvent(order));
    await h.api.post('/api/payment/webhook/whop').set(headers).send(body).expect(200);
    await deliver();
    expect(receiver.of(alice)).toHaveLength(6);
  });

  it('holds events while the receiver is down, then delivers them in order; the console lists them and sends one again', async () => {
    const bob = user('events');
    receiver.down = true;
    try {
      await paidOrder(bob);
      await h.api.post('/api/credits/spend').set(h.auth(bob)).set('Idempotency-Key', randomUUID()).send({ credits: 1, reason: 'x' }).expect(200);
      await deliver();
      expect(receiver.refused).toBeGreaterThan(0);
      const failing = adminEventsResponseSchema.parse((await h.api.get(`/api/admin/events?status=failing&userId=${bob}`).set(h.operator()).expect(200)).body);
      // Only the first of bob's events was tried: the second waits for it.
      expect(failing.events.map((e) => [e.type, e.lastStatus])).toEqual([['credits.granted', 503]]);
      expect(failing.events[0]!.attempts).toBeGreaterThanOrEqual(1);
    } finally {
      receiver.down = false;
    }
    await new Promise((r) => setTimeout(r, 60));
    await deliver();
    await deliver();
    expect(receiver.of(bob).map((e) => e.type)).toEqual(['credits.granted', 'credits.spent']);
    const listed = adminEventsResponseSchema.parse((await h.api.get(`/api/admin/events?userId=${bob}`).set(h.operator()).expect(200)).body);
    expect(listed.events.map((e) => [e.type, e.deliveredAt !== null])).toEqual([
      ['credits.spent', true],
      ['credits.granted', true],
    ]);
    const again = await h.api.post(`/api/admin/events/${listed.events[1]!.id}/redeliver`).set(h.operator()).expect(200);
    expect(again.body.event.deliveredAt).toBeNull();
    await deliver();
    expect(receiver.of(bob).map((e) => e.id)).toEqual([listed.events[1]!.id, listed.events[0]!.id, listed.events[1]!.id]);
    await h.api.post('/api/admin/events/msg_none/redeliver').set(h.operator()).expect(404);
    await h.api.get('/api/admin/events').set(h.auth(bob)).expect(403);
  });

  it('never loses an operator’s “send again” to a delivery that was under way', async () => {
    const dora = user('events');
    await h.api.post(`/api/admin/users/${dora}/adjustments`).set(h.operator()).set('Idempotency-Key', randomUUID()).send({ credits: 7, reason: 'x' }).expect(201);
    const claim = new Date(Date.now() + 60_000);
    const [event] = (await h.store.outbox.claim(new Date(), claim, 100)).filter((e) => e.userId === dora);
    await h.store.outbox.redeliver(event!.id, new Date());
    // The attempt that was under way answers only now: it must not mark the resent event delivered.
    await h.store.outbox.delivered(event!.id, claim, new Date(), 204);
    expect((await h.store.outbox.page({ userId: dora }, { limit: 5 })).items.map((e) => e.deliveredAt)).toEqual([null]);
    await deliver();
    expect(receiver.of(dora).map((e) => e.type)).toEqual(['credits.adjusted']);
  });

  it('tells nothing of a change that was refused or rolled back', async () => {
    const carol = user('events');
    await h.api.post('/api/credits/spend').set(h.auth(carol)).set('Idempotency-Key', randomUUID()).send({ credits: 1, reason: 'x' }).expect(409);
    await h.api.post('/api/credits/holds').set(h.auth(carol)).set('Idempotency-Key', randomUUID()).send({ credits: 1, reason: 'x' }).expect(409);
    // A unit of work that writes credits and then fails leaves no event behind.
    await expect(
      h.store.transact(async (uow) => {
        await uow.apply({ entries: { userId: carol, orderId: null, drafts: [{ key: `rolled-back:${carol}`, kind: 'adjustment', credits: 5, memo: 'x' }] } });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await deliver();
    expect(receiver.of(carol)).toEqual([]);
    expect(adminEventsResponseSchema.parse((await h.api.get(`/api/admin/events?userId=${carol}`).set(h.operator()).expect(200)).body).events).toEqual([]);
  });
});
