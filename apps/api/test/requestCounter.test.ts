import express from 'express';
import request from 'supertest';
import { RequestCounter } from '../src/http/RequestCounter';
import type { Store } from '../src/store/ports';
import { testDatabases } from './support/databases';
import { silentLogger } from './support/logger';

/** Request counts reach the database on flush, per minute, and survive a failed write. */
describe.each(testDatabases)('request counts on $name', (database) => {
  let store: Store;
  beforeAll(async () => {
    store = await database.open();
  });
  afterAll(() => store.close());

  it('counts API requests, 5xx answers and Whop deliveries answered 5xx, and adds them up per minute', async () => {
    let now = Date.UTC(2026, 10, 1, 12, 0, 30);
    const counter = new RequestCounter({ stats: store.stats, logger: silentLogger, now: () => now });
    const app = express();
    app.use(counter.middleware());
    app.get('/api/ok', (_req, res) => void res.json({}));
    app.get('/api/broken', (_req, res) => void res.status(500).json({}));
    app.post('/api/payment/webhook/whop', (_req, res) => void res.status(503).json({}));
    app.get('/elsewhere', (_req, res) => void res.send('page'));

    await request(app).get('/api/ok?x=1').expect(200);
    await request(app).get('/api/broken').expect(500);
    await request(app).post('/api/payment/webhook/whop').expect(503);
    await request(app).get('/elsewhere').expect(200);
    await counter.flush();
    now += 60_000;
    await request(app).get('/api/ok').expect(200);
    await counter.flush();
    await counter.flush();

    const minute = new Date(Date.UTC(2026, 10, 1, 12, 0));
    const next = new Date(minute.getTime() + 60_000);
    expect(await store.stats.requests(minute, next)).toEqual({ requests: 3, serverErrors: 2, webhookFailures: 1 });
    expect(await store.stats.requests(minute, new Date(next.getTime() + 60_000))).toEqual({ requests: 4, serverErrors: 2, webhookFailures: 1 });
  });

  it('keeps what it could not write for the next flush', async () => {
    const now = Date.UTC(2026, 10, 2, 9, 0);
    let failing = true;
    const stats = {
      ...store.stats,
      addRequests: (m: Date, c: Parameters<Store['stats']['addRequests']>[1]) => (failing ? Promise.reject(new Error('down')) : store.stats.addRequests(m, c)),
    };
    const counter = new RequestCounter({ stats: stats as Store['stats'], logger: silentLogger, now: () => now });
    const app = express();
    app.use(counter.middleware());
    app.get('/api/ok', (_req, res) => void res.json({}));
    await request(app).get('/api/ok').expect(200);
    await counter.flush();
    failing = false;
    await request(app).get('/api/ok').expect(200);
    await counter.flush();
    expect((await store.stats.requests(new Date(now), new Date(now + 60_000))).requests).toBe(2);
  });
});
