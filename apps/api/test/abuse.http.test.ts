import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { createConnection } from 'node:net';
import jwt from 'jsonwebtoken';
import { TEST_CARDS } from '@credits/whop-sim';
import { createLogger } from '../src/logger';
import { redisRateLimitStore } from '../src/http/rateLimitStore';
import { testDatabases } from './support/databases';
import { JWT_SECRET, SERVICE_API_KEY, WEBHOOK_SECRET, startHarness, type Harness } from './support/harness';

const PROBLEM = /application\/problem\+json/;
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const pglite = testDatabases[0]!;

describe('tokens the API refuses, over HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(pglite);
  });
  afterAll(() => h.close());

  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const cases: Array<[string, string]> = [
    ['alg none', `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'mallory' })}.`],
    ['an RS256 token', jwt.sign({ sub: 'mallory' }, privateKey, { algorithm: 'RS256' })],
    [
      'HS256 signed with the public key (RS/HS confusion)',
      (() => {
        const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'mallory' })}`;
        return `${head}.${createHmac('sha256', pem).update(head).digest('base64url')}`;
      })(),
    ],
    ['an expired token', jwt.sign({ sub: 'mallory', exp: Math.floor(Date.now() / 1000) - 1 }, JWT_SECRET)],
    ['a token not yet valid', jwt.sign({ sub: 'mallory' }, JWT_SECRET, { notBefore: 3600 })],
    ['a token naming no user', jwt.sign({ role: 'admin' }, JWT_SECRET)],
    ['another secret', jwt.sign({ sub: 'mallory' }, 'some-other-secret-some-other-secret')],
  ];

  it.each(cases)('refuses %s with 401 and creates nothing', async (_what, token) => {
    const res = await h.api.post('/api/payment/create').set('Authorization', `Bearer ${token}`).send({ packageId: 'basic' }).expect(401);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect((await h.store.orders.pageForUser('mallory', { limit: 5 })).items).toHaveLength(0);
    await h.api.get('/api/credits').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('never takes the redirect URL, price or user from the client', async () => {
    for (const extra of [{ redirect_url: 'https://evil.example' }, { redirectUrl: 'https://evil.example' }, { amountCents: 1 }, { userId: 'bob' }]) {
      const res = await h.api
        .post('/api/payment/create')
        .set(h.auth('carol'))
        .send({ packageId: 'basic', ...extra })
        .expect(400);
      expect(res.body.code).toBe('validation_failed');
    }
    const ok = await h.api.post('/api/payment/create').set(h.auth('carol')).send({ packageId: 'basic' }).expect(201);
    expect(h.sim.engine.config(ok.body.payment.whopCheckoutId).redirectUrl).toBe(`http://app.test/payment/result?paymentId=${ok.body.payment.id}`);
  });

  it('sets security headers and refuses oversized bodies with 413', async () => {
    const res = await h.api.get('/api/payment/packages').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
    const big = await h.api
      .post('/api/credits/spend')
      .set(h.auth('carol'))
      .set('Idempotency-Key', 'k')
      .send({ credits: 1, reason: 'x'.repeat(10_000) })
      .expect(413);
    expect(big.headers['content-type']).toMatch(PROBLEM);
    const hugeWebhook = await h.api
      .post('/api/payment/webhook/whop')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ pad: 'x'.repeat(600_000) }))
      .expect(413);
    expect(hugeWebhook.headers['content-type']).toMatch(PROBLEM);
  });
});

describe('cross-origin calls', () => {
  it('answers only the origins in the allow-list', async () => {
    const h = await startHarness(pglite, { settings: { corsOrigins: ['https://shop.example'] } });
    try {
      const allowed = await h.api.options('/api/payment/create').set('Origin', 'https://shop.example').set('Access-Control-Request-Method', 'POST');
      expect(allowed.headers['access-control-allow-origin']).toBe('https://shop.example');
      const other = await h.api.get('/api/payment/packages').set('Origin', 'https://evil.example').expect(200);
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await h.close();
    }
  });
});

describe('rate limits', () => {
  it('limits orders per user per minute with a 429 problem and Retry-After, per user', async () => {
    const h = await startHarness(pglite, { settings: { rateLimits: { perUser: 3, rechecksPerUser: 2, perIp: 1_000 } } });
    try {
      const orders = [];
      for (const packageId of ['basic', 'standard', 'premium'])
        orders.push((await h.api.post('/api/payment/create').set(h.auth('eve')).send({ packageId }).expect(201)).body.payment);
      const limited = await h.api.post('/api/payment/create').set(h.auth('eve')).send({ packageId: 'basic' }).expect(429);
      expect(limited.headers['content-type']).toMatch(PROBLEM);
      expect(limited.headers['retry-after']).toBe('60');
      expect(limited.body.code).toBe('rate_limited');
      expect((await h.store.orders.pageForUser('eve', { limit: 10 })).items).toHaveLength(3);
      await h.api.post('/api/payment/create').set(h.auth('frank')).send({ packageId: 'basic' }).expect(201);
      // Re-checks, test completions and dev sign-in have limits of their own.
      for (let i = 0; i < 2; i++) await h.api.post(`/api/payment/${orders[0].id}/refresh`).set(h.auth('eve')).expect(200);
      expect((await h.api.post(`/api/payment/${orders[0].id}/cancel`).set(h.auth('eve')).expect(429)).body.code).toBe('rate_limited');
      for (let i = 0; i < 3; i++) await h.api.post('/api/dev/token').send({ userId: 'x' }).expect(201);
      await h.api.post('/api/dev/token').send({ userId: 'x' }).expect(429);
    } finally {
      await h.close();
    }
  });

  it('limits requests per IP, but never Whop’s webhooks or the static catalog', async () => {
    const h = await startHarness(pglite, { settings: { rateLimits: { perUser: 1_000, rechecksPerUser: 1_000, perIp: 5 } } });
    try {
      for (let i = 0; i < 5; i++) await h.api.get('/api/credits').set(h.auth('ivy')).expect(200);
      const limited = await h.api.get('/api/credits').set(h.auth('ivy')).expect(429);
      expect(limited.headers['content-type']).toMatch(PROBLEM);
      for (let i = 0; i < 8; i++) await h.api.post('/api/payment/webhook/whop').send('{}').expect(401);
      for (let i = 0; i < 8; i++) await h.api.get('/api/payment/packages').expect(200);
    } finally {
      await h.close();
    }
  });

  const redisUp = () =>
    new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port: 6379 }, () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });

  it('shares the counters between instances through Redis when REDIS_URL is set', async () => {
    if (!(await redisUp())) {
      console.log('skipped: no Redis on 127.0.0.1:6379 for the shared rate-limit store');
      return;
    }
    const redis = await redisRateLimitStore('redis://127.0.0.1:6379');
    const user = `shared-${randomUUID()}`;
    const one = await startHarness(pglite, { settings: { rateLimits: { perUser: 2, rechecksPerUser: 2, perIp: 1_000, store: redis.store } } });
    const two = await startHarness(pglite, { settings: { rateLimits: { perUser: 2, rechecksPerUser: 2, perIp: 1_000, store: redis.store } } });
    try {
      await one.api.post('/api/payment/create').set(one.auth(user)).send({ packageId: 'basic' }).expect(201);
      await two.api.post('/api/payment/create').set(two.auth(user)).send({ packageId: 'standard' }).expect(201);
      await one.api.post('/api/payment/create').set(one.auth(user)).send({ packageId: 'premium' }).expect(429);
      await two.api.post('/api/payment/create').set(two.auth(user)).send({ packageId: 'basic' }).expect(429);
    } finally {
      await Promise.all([one.close(), two.close()]);
      await redis.close();
    }
  });
});

describe('secrets', () => {
  it('never appear in logs or responses', async () => {
    const lines: string[] = [];
    const h = await startHarness(pglite, { logger: createLogger('debug', (l) => lines.push(l)) });
    try {
      const token = h.token('grace');
      const bodies: string[] = [];
      const order = await h.api.post('/api/payment/create').set('Authorization', `Bearer ${token}`).send({ packageId: 'basic' }).expect(201);
      bodies.push(order.text);
      await h.sim.pay(order.body.payment.whopCheckoutId, TEST_CARDS.success);
      bodies.push((await h.api.get(`/api/payment/${order.body.payment.id}`).set('Authorization', `Bearer ${token}`)).text);
      bodies.push((await h.api.post('/api/payment/webhook/whop').send('{"forged":true}')).text);
      bodies.push((await h.api.post('/api/credits/spend').set('Authorization', `Bearer ${SERVICE_API_KEY}x`).set('Idempotency-Key', 'k').send({ credits: 1, reason: 'x' })).text);
      const everything = [...lines, ...bodies].join('\n');
      expect(lines.length).toBeGreaterThan(0);
      for (const secret of [token, JWT_SECRET, WEBHOOK_SECRET, SERVICE_API_KEY, 'test_api_key', TEST_CARDS.success]) {
        expect(everything.includes(secret) ? secret : null).toBeNull();
      }
    } finally {
      await h.close();
    }
  });
});
