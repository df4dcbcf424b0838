import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { paymentSchema } from '@credits/shared';
import { testDatabases } from './support/databases';
import { JWT_SECRET, startHarness, useHarness } from './support/harness';
import { newOrderOf } from './support/packs';

/**
 * What a user controls is checked at the edge: cursors, ids, reasons and keys that once answered
 * 500 now answer a clear 4xx problem and change nothing; losing the database mid-request answers
 * 503 with Retry-After; the sweep's housekeeping does not stall.
 */
const PROBLEM = /application\/problem\+json/;
const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe.each(testDatabases)('hostile input on $name', (database) => {
  const { h, user } = useHarness(database, { sweeper: { expireAfterMs: 24 * 3_600_000, leaseMs: 300 } });

  it.each([
    ['a history cursor dated outside any calendar', '/api/payment/user/history', cursor([-8.64e15, randomUUID()])],
    ['a history cursor far in the future', '/api/payment/user/history', cursor([8.64e15, randomUUID()])],
    ['a history cursor whose id is not an order id', '/api/payment/user/history', cursor([Date.now(), "x' or 1=1"])],
    ['a ledger cursor whose id is not a number', '/api/credits/ledger', cursor([Date.now(), 'abc'])],
    ['a ledger cursor with a huge id', '/api/credits/ledger', cursor([Date.now(), '1e400'])],
  ])('answers 400 to %s', async (_what, path, value) => {
    const alice = user();
    const res = await h.api.get(path).query({ cursor: value }).set(h.auth(alice)).expect(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({ code: 'validation_failed', errors: [expect.objectContaining({ path: 'cursor' })] });
  });

  it('refuses a token whose user id holds a NUL or another control character', async () => {
    for (const sub of ['alice\u0000', 'bob\u0007', '\u001b[31mred']) {
      const token = jwt.sign({}, JWT_SECRET, { algorithm: 'HS256', subject: sub, expiresIn: 60 });
      const res = await h.api.get('/api/credits').set('Authorization', `Bearer ${token}`).expect(401);
      expect(res.body.code).toBe('invalid_token');
    }
  });

  it('refuses a spend whose reason holds a NUL, and a dev sign-in with one, changing nothing', async () => {
    const alice = user();
    const order = paymentSchema.parse((await h.api.post('/api/payment/create').set(h.auth(alice)).send({ packageId: 'standard' }).expect(201)).body.payment);
    await h.api.post(`/api/payment/test/complete/${order.id}`).set(h.auth(alice)).expect(200);
    const res = await h.api.post('/api/credits/spend').set(h.auth(alice)).set('Idempotency-Key', 'nul').send({ credits: 5, reason: 'a\u0000b' }).expect(400);
    expect(res.body.code).toBe('validation_failed');
    await h.api.post('/api/dev/token').send({ userId: 'x\u0000' }).expect(400);
    expect((await h.api.get('/api/credits').set(h.auth(alice)).expect(200)).body.balance).toBe(1_000);
  });

  it('keeps the spend keys of "e3" with key "x:y" and "e3:x" with key "y" apart', async () => {
    const base = user();
    const other = `${base}:x`;
    for (const u of [base, other]) {
      const order = paymentSchema.parse((await h.api.post('/api/payment/create').set(h.auth(u)).send({ packageId: 'basic' }).expect(201)).body.payment);
      await h.api.post(`/api/payment/test/complete/${order.id}`).set(h.auth(u)).expect(200);
    }
    await h.api.post('/api/credits/spend').set(h.auth(base)).set('Idempotency-Key', 'x:y').send({ credits: 10, reason: 'one' }).expect(200);
    await h.api.post('/api/credits/spend').set(h.auth(other)).set('Idempotency-Key', 'y').send({ credits: 10, reason: 'two' }).expect(200);
    const balances = [(await h.api.get('/api/credits').set(h.auth(base))).body.balance, (await h.api.get('/api/credits').set(h.auth(other))).body.balance];
    expect(balances).toEqual([90, 90]);
  });

  it('expires an order whose process died before it got a checkout, like any other', async () => {
    const alice = user();
    const stale = await h.store.orders.create(newOrderOf('basic', alice, new Date(Date.now() - 25 * 3_600_000)));
    await h.components.sweeper.runOnce();
    expect((await h.store.orders.find({ id: stale.id }))!.status).toBe('expired');
  });

  it('releases its lease when stopped cleanly, and a crashed holder’s lease lapses after the lease time', async () => {
    await h.components.sweeper.runOnce();
    await h.components.sweeper.stop();
    // Released: another instance takes it at once, for as long as the sweeper's lease lasts (300 ms here).
    expect(await h.store.leases.acquire('sweeper', 'crashed-instance', 300)).toBe(true);
    expect((await h.components.sweeper.runOnce()).ran).toBe(false);
    await new Promise((r) => setTimeout(r, 350));
    expect((await h.components.sweeper.runOnce()).ran).toBe(true);
  });

  it('refuses times before 1970 in the console’s ranges, and keeps signed-in answers out of every cache', async () => {
    const alice = user();
    for (const query of [{ from: '0001-01-01T00:00:00Z', to: '0001-01-02T00:00:00Z' }, { from: '1969-12-31T00:00:00Z' }]) {
      const res = await h.api.get('/api/admin/stats').query(query).set(h.operator()).expect(400);
      expect(res.body.code).toBe('validation_failed');
    }
    await h.api.get('/api/admin/orders').query({ from: '0001-01-01T00:00:00Z' }).set(h.operator()).expect(400);
    for (const [path, auth] of [
      ['/api/me', h.auth(alice)],
      ['/api/credits', h.auth(alice)],
      ['/api/credits/ledger', h.auth(alice)],
      ['/api/payment/user/history', h.auth(alice)],
      ['/api/admin/orders', h.operator()],
      ['/api/admin/stats', h.operator()],
    ] as const) {
      const res = await h.api.get(path).set(auth).expect(200);
      expect({ path, cache: res.headers['cache-control'] }).toEqual({ path, cache: 'no-store' });
    }
  });

  it('believes X-Forwarded-For only from the proxies TRUST_PROXY names: a client cannot rotate its way past the per-IP limit', async () => {
    // The test's client is on loopback; a proxy in front would be at 10.0.0.0/8: the client is not one.
    const limited = await startHarness(database, { settings: { trustProxy: '10.0.0.0/8', rateLimits: { perUser: 10_000, rechecksPerUser: 10_000, perIp: 3 } } });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++)
        statuses.push(
          (
            await limited.api
              .get('/api/payment/user/history')
              .set('X-Forwarded-For', `203.0.113.${i}`)
              .set(limited.auth('rotator'))
              .expect((r) => r.status)
          ).status,
        );
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('a database that is gone, on pglite', () => {
  it('answers 503 with Retry-After once PGlite is closed', async () => {
    const h = await startHarness(testDatabases[0]!);
    try {
      await h.store.close();
      const res = await h.api.get('/api/credits').set(h.auth('alice')).expect(503);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.headers['retry-after']).toBe('5');
    } finally {
      await h.close().catch(() => undefined);
    }
  });
});

const postgres = testDatabases.find((d) => d.name === 'postgres');
(postgres ? describe : describe.skip)('connections dropped mid-request, on postgres', () => {
  const { h, user } = useHarness(postgres!);

  it('answers only successes or 503 with Retry-After, never 500, while every connection is killed', async () => {
    const alice = user();
    const order = paymentSchema.parse((await h.api.post('/api/payment/create').set(h.auth(alice)).send({ packageId: 'premium' }).expect(201)).body.payment);
    await h.api.post(`/api/payment/test/complete/${order.id}`).set(h.auth(alice)).expect(200);
    const statuses: number[] = [];
    const retryAfter: Array<string | undefined> = [];
    const requests = Array.from({ length: 200 }, async (_, i) => {
      const res = await h.api.post('/api/credits/spend').set(h.auth(alice)).set('Idempotency-Key', `drop-${i}`).send({ credits: 1, reason: 'load' });
      statuses.push(res.status);
      if (res.status === 503) retryAfter.push(res.headers['retry-after']);
    });
    const kills = (async () => {
      for (let k = 0; k < 5; k++) {
        await new Promise((r) => setTimeout(r, 30));
        await postgres!.restart!(h.store);
      }
    })();
    await Promise.all([...requests, kills]);
    expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    expect(statuses).toContain(503);
    for (const value of retryAfter) expect(value).toMatch(/^\d+$/);
  }, 60_000);
});
