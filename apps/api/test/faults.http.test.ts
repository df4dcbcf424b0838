import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { drizzle } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import { DEFAULT_PACKAGES } from '@credits/shared';
import request from 'supertest';
import { compose } from '../src/compose';
import { loadConfig } from '../src/config/env';
import { silentLogger } from './support/logger';
import { Metrics } from '../src/Metrics';
import { PaymentService } from '../src/services/PaymentService';
import { poolTransactions } from '../src/store/postgres/open';
import { PostgresStore } from '../src/store/postgres/PostgresStore';
import * as schema from '../src/store/postgres/schema';
import { createWhopClient } from '../src/whop/client';
import { TEST_CARDS } from '@credits/whop-sim';
import { paymentEvent, signed } from './support/builders';
import { testDatabases } from './support/databases';
import { COMPANY_ID, TEST_SWEEPER, WEBHOOK_SECRET, startHarness, testSettings } from './support/harness';
import { eventually } from './support/wait';

const PROBLEM = /application\/problem\+json/;

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe.each(testDatabases)('when Whop fails, on $name', (database) => {
  it('answers 502 and marks the order failed when Whop answers 5xx', async () => {
    let calls = 0;
    const whop = await listen((_req, res) => {
      calls++;
      res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { type: 'internal_server_error', message: 'down' } }));
    });
    const h = await startHarness(database, { whopApiBaseUrl: `${whop.url}/api/v1` });
    try {
      const res = await h.api.post('/api/payment/create').set(h.auth('alice')).send({ packageId: 'basic' }).expect(502);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.code).toBe('whop_unavailable');
      expect(calls).toBe(3);
      const orders = await h.store.orders.pageForUser('alice', { limit: 10 });
      expect(orders.items.map((o) => [o.status, o.statusReason])).toEqual([['failed', 'checkout_creation_failed']]);
    } finally {
      await h.close();
      whop.server.close();
    }
  });

  it('answers 504 within a bounded time when Whop does not answer', async () => {
    const whop = await listen(() => undefined);
    const h = await startHarness(database, { whopApiBaseUrl: `${whop.url}/api/v1`, whopTimeoutMs: 300 });
    try {
      const started = Date.now();
      const res = await h.api.post('/api/payment/create').set(h.auth('alice')).send({ packageId: 'basic' }).expect(504);
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(res.body.code).toBe('whop_timeout');
      expect((await h.store.orders.pageForUser('alice', { limit: 10 })).items[0]!.status).toBe('failed');
    } finally {
      await h.close();
      whop.server.closeAllConnections();
      whop.server.close();
    }
  });

  it('keeps an order pending and answers 502 when Whop cannot be asked before a cancellation', async () => {
    let target = '';
    let down = false;
    const whop = await listen((req, res) => {
      if (down) {
        res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { type: 'internal_server_error', message: 'down' } }));
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = chunks.length ? Buffer.concat(chunks) : undefined;
        const { host: _host, connection: _connection, 'content-length': _length, ...headers } = req.headers as Record<string, string>;
        void fetch(`${target}${req.url}`, { method: req.method, headers, body }).then(async (answer) => {
          res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(Buffer.from(await answer.arrayBuffer()));
        });
      });
    });
    const h = await startHarness(database, { whopApiBaseUrl: `${whop.url}/api/v1` });
    target = h.sim.url;
    try {
      const order = (await h.api.post('/api/payment/create').set(h.auth('alice')).send({ packageId: 'basic' }).expect(201)).body.payment;
      down = true;
      const res = await h.api.post(`/api/payment/${order.id}/cancel`).set(h.auth('alice')).expect(502);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.code).toBe('whop_unavailable');
      expect((await h.store.orders.find({ id: order.id }))!.status).toBe('pending');
    } finally {
      await h.close();
      whop.server.close();
    }
  });

  it('answers 502 when Whop refuses the API key', async () => {
    const h = await startHarness(database);
    try {
      const service = new PaymentService({
        metrics: new Metrics(),
        packages: DEFAULT_PACKAGES,
        store: h.store,
        whop: createWhopClient({ apiKey: 'not_the_key', companyId: COMPANY_ID, apiBaseUrl: h.sim.apiBaseUrl, apiVersion: '2026-07-20', timeoutMs: 2_000 }),
        fulfilment: h.components.fulfilment,
        reconciliation: h.components.reconciliation,
        appUrl: 'http://app.test',
        logger: silentLogger,
        now: () => new Date(),
        orderExpiryMs: 24 * 3_600_000,
      });
      await expect(service.createPayment('alice', 'basic')).rejects.toMatchObject({ status: 502, code: 'whop_unavailable' });
      expect((await h.store.orders.pageForUser('alice', { limit: 10 })).items[0]!.status).toBe('failed');
    } finally {
      await h.close();
    }
  });

  it('asks for what is left of an overcharge when a refund sent again found one made meanwhile, never the first amount', async () => {
    // Whop's API through a door that answers 503 to refunds while `down`: Whop never sees them.
    let down = true;
    let simUrl = '';
    const door = await listen(async (req, res) => {
      const body: Buffer[] = [];
      for await (const chunk of req) body.push(chunk as Buffer);
      if (down && req.method === 'POST' && req.url?.endsWith('/refund')) {
        res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { type: 'internal_server_error', message: 'down' } }));
        return;
      }
      const headers = Object.entries(req.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name)) as Array<[string, string]>;
      const answer = await fetch(`${simUrl}${req.url}`, { method: req.method, headers, body: body.length > 0 ? Buffer.concat(body) : undefined });
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(Buffer.from(await answer.arrayBuffer()));
    });
    const h = await startHarness(database, {
      whopApiBaseUrl: (sim) => {
        simUrl = sim.url;
        return `${door.url}/api/v1`;
      },
    });
    try {
      const created = await h.api.post('/api/payment/create').set(h.auth('ann')).set('Idempotency-Key', 'order').send({ packageId: 'standard' }).expect(201);
      const order = created.body.payment as { id: string; whopCheckoutId: string };
      // $12.50 for the $10 pack: $2.50 to give back.
      await h.sim.pay(order.whopCheckoutId, TEST_CARDS.success, { amountCents: 1_250 });
      await eventually(async () => (await h.store.orders.find({ id: order.id }))?.status === 'review', 5_000, 'review');
      const whopPaymentId = (await h.store.orders.find({ id: order.id }))!.whopPaymentId!;
      const resolve = () =>
        h.api.post(`/api/admin/orders/${order.id}/resolve`).set(h.operator()).set('Idempotency-Key', 'difference').send({ action: 'refund_difference', note: 'Overcharged' });
      expect((await resolve().expect(502)).body.code).toBe('whop_unavailable');
      // Granted, and Whop asked for nothing it made; then $1.00 goes back from Whop's dashboard.
      expect(await h.store.ledger.balance('ann')).toBe(1_000);
      expect(h.sim.engine.refunds.filter((r) => r.paymentId === whopPaymentId)).toEqual([]);
      h.sim.engine.refund(whopPaymentId, 100);
      down = false;
      await resolve().expect(200);
      expect(h.sim.engine.refunds.filter((r) => r.paymentId === whopPaymentId).map((r) => r.amountCents)).toEqual([100, 150]);
      await eventually(async () => (await h.store.orders.find({ id: order.id }))?.refundedCents === 250, 5_000, 'the refunds learnt');
      expect(await h.store.orders.find({ id: order.id })).toMatchObject({ status: 'completed', clawedCredits: 0 });
      expect(await h.store.ledger.balance('ann')).toBe(1_000);
    } finally {
      await h.close();
      door.server.close();
    }
  });
});

describe('when the database is unreachable', () => {
  const pool = new Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none', connectionTimeoutMillis: 1_000 });
  pool.on('error', () => undefined);
  const store = new PostgresStore('postgres', drizzle(pool, { schema }), poolTransactions(pool), () => pool.end(), 2);
  const { app } = compose({
    store,
    whop: createWhopClient({ apiKey: 'k', companyId: COMPANY_ID, apiBaseUrl: 'http://127.0.0.1:1/api/v1', apiVersion: '2026-07-20', timeoutMs: 500 }),
    logger: silentLogger,
    appUrl: 'http://app.test',
    webhookSecret: WEBHOOK_SECRET,
    settings: testSettings(),
    sweeper: TEST_SWEEPER,
  });
  afterAll(() => pool.end());

  it('answers a signed webhook 503 so that Whop delivers it again', async () => {
    const event = paymentEvent({ id: '00000000-0000-4000-8000-000000000000', userId: 'alice', packageId: 'basic', amountCents: 100, whopCheckoutId: 'ch_x' });
    const { body, headers } = signed(event);
    const res = await request(app).post('/api/payment/webhook/whop').set(headers).send(body).expect(503);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.code).toBe('service_unavailable');
  });

  it('answers reads 503 promptly instead of hanging', async () => {
    const token = (await request(app).post('/api/dev/token').send({ userId: 'alice' }).expect(201)).body.token;
    const started = Date.now();
    const res = await request(app).get('/api/credits').set('Authorization', `Bearer ${token}`).expect(503);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(res.headers['content-type']).toMatch(PROBLEM);
  });
});

describe('in production', () => {
  const config = loadConfig({
    NODE_ENV: 'production',
    JWT_SECRET: 'a-production-secret-of-at-least-32-characters',
    WHOP_API_KEY: 'apik_live',
    WHOP_WEBHOOK_SECRET: WEBHOOK_SECRET,
    WHOP_COMPANY_ID: COMPANY_ID,
    DATABASE_URL: 'postgres://db.example/credits',
    METRICS_TOKEN: 'metrics-token-of-at-least-32-characters',
    ENABLE_TEST_ENDPOINTS: 'true',
  });

  it('has no test completion and no dev sign-in', async () => {
    const h = await startHarness(testDatabases[0]!, { settings: { enableTestEndpoints: config.enableTestEndpoints, enableDevSignIn: config.enableDevSignIn } });
    try {
      const order = (await h.api.post('/api/payment/create').set(h.auth('alice')).send({ packageId: 'basic' }).expect(201)).body.payment;
      const res = await h.api.post(`/api/payment/test/complete/${order.id}`).set(h.auth('alice')).expect(404);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      await h.api.post('/api/dev/token').send({ userId: 'alice' }).expect(404);
      expect((await h.store.orders.find({ id: order.id }))!.status).toBe('pending');
      expect(await h.store.ledger.balance('alice')).toBe(0);
    } finally {
      await h.close();
    }
  });
});

describe('dev sign-in', () => {
  it('issues a token the API accepts, and refuses a bad body', async () => {
    const h = await startHarness(testDatabases[0]!);
    try {
      await h.api.get('/api/dev').expect(200, { devSignIn: true });
      const res = await h.api.post('/api/dev/token').send({ userId: 'demo' }).expect(201);
      expect(res.body).toMatchObject({ tokenType: 'Bearer', userId: 'demo', expiresIn: 86_400 });
      await h.api.get('/api/credits').set('Authorization', `Bearer ${res.body.token}`).expect(200, { balance: 0, held: 0, available: 0 });
      const bad = await h.api.post('/api/dev/token').send({ userId: '' }).expect(400);
      expect(bad.headers['content-type']).toMatch(PROBLEM);
    } finally {
      await h.close();
    }
  });

  it('answers only requests addressed to this machine: a page on another name (DNS rebinding) gets 404, as in production', async () => {
    const h = await startHarness(testDatabases[0]!);
    try {
      const buyer = h.auth('rebound');
      const order = (await h.api.post('/api/payment/create').set(buyer).send({ packageId: 'basic' }).expect(201)).body.payment as { id: string };
      for (const host of ['evil.example', 'evil.example:3000', 'localhost.evil.example', '127.0.0.1.nip.io']) {
        await h.api.post('/api/dev/token').set('Host', host).send({ userId: 'operator', role: 'admin' }).expect(404);
        await h.api.get('/api/dev').set('Host', host).expect(404);
        await h.api.post(`/api/payment/test/complete/${order.id}`).set('Host', host).set(buyer).expect(404);
      }
      // X-Forwarded-Host is never believed for this: a page can send it.
      await h.api.post('/api/dev/token').set('Host', 'evil.example').set('X-Forwarded-Host', 'localhost').send({ userId: 'x' }).expect(404);
      for (const host of ['localhost:3000', '127.0.0.1', '[::1]:3000', 'app.test']) await h.api.post('/api/dev/token').set('Host', host).send({ userId: 'demo' }).expect(201);
      expect(await h.store.ledger.balance('rebound')).toBe(0);
    } finally {
      await h.close();
    }
  });
});
