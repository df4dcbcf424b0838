import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import express, { type Request } from 'express';
import request from 'supertest';
import { startSimulator, type RunningSimulator } from '@credits/whop-sim';
import { createCredits, loadConfig, type Credits } from '../src';

/**
 * The product mounted in the host's own Express app, with the host's own sign-in (here a session
 * header its middleware reads) instead of Bearer tokens; and its service used in-process.
 */
const SECRET = 'ws_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

declare module 'express-serve-static-core' {
  interface Request {
    /** The host's own session, as its sign-in middleware sets it. */
    hostUser?: { id: string; admin: boolean };
  }
}

describe('mounted in the host’s Express app (createCredits)', () => {
  let sim: RunningSimulator;
  let mounted: Credits;
  let host: express.Express;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'credits-mounted-'));

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, webhookSecret: SECRET, apiKey: 'sim_key', accountId: 'biz_Host', retryScheduleMs: [] });
    // The host's configuration: the embedded database in a folder of its own, Whop's simulator.
    const config = loadConfig({
      NODE_ENV: 'development',
      PGLITE_DATA_DIR: dataDir,
      WHOP_API_BASE_URL: sim.apiBaseUrl,
      WHOP_API_KEY: 'sim_key',
      WHOP_WEBHOOK_SECRET: SECRET,
      WHOP_COMPANY_ID: 'biz_Host',
      LOG_LEVEL: 'silent',
      SWEEP_INTERVAL_SECONDS: '0',
    });
    mounted = await createCredits({
      config,
      serveWebApp: false,
      authenticate: (req: Request) => (req.hostUser ? { userId: req.hostUser.id, operator: req.hostUser.admin } : null),
    });
    host = express();
    // The host's sign-in middleware, and its own routes beside the product's.
    host.use((req, _res, next) => {
      const session = req.get('x-host-session');
      if (session) req.hostUser = { id: session.replace(/^admin:/, ''), admin: session.startsWith('admin:') };
      next();
    });
    host.get('/app/hello', (req, res) => res.json({ hello: req.hostUser?.id ?? null }));
    host.use(mounted.app);
    // A route the host adds after the product: reached, untouched by the product's headers.
    host.get('/app/later', (_req, res) => res.json({ later: true }));
  }, 60_000);

  afterAll(async () => {
    await mounted?.close();
    await sim?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves the host’s own paths to the host, wherever its routes are, and answers only its own', async () => {
    const later = await request(host).get('/app/later').expect(200, { later: true });
    expect(later.headers['content-security-policy']).toBeUndefined();
    expect(later.headers['x-request-id']).toBeUndefined();
    await request(host)
      .get('/app/nowhere')
      .expect(404)
      .expect('content-type', /text\/html/);
    expect((await request(host).get('/api/nowhere').expect(404)).body.code).toBe('route_not_found');
    await request(host).get('/healthz').expect(200);
  });

  it('serves the product’s routes to the host’s signed-in users, beside the host’s own', async () => {
    await request(host).get('/app/hello').set('x-host-session', 'ann').expect(200, { hello: 'ann' });
    await request(host).get('/api/credits').expect(401);
    await request(host).get('/api/credits').set('x-host-session', 'ann').expect(200, { balance: 0, held: 0, available: 0 });
    const created = await request(host).post('/api/payment/create').set('x-host-session', 'ann').send({ packageId: 'basic' }).expect(201);
    expect(created.body.payment).toMatchObject({ userId: 'ann', packageId: 'basic', status: 'pending' });
    await request(host).get('/api/admin/stats').set('x-host-session', 'ann').expect(403);
    // A user id the product cannot take (longer than 128 characters) is refused like a token's, never a crash.
    expect((await request(host).get('/api/credits').set('x-host-session', 'a'.repeat(129)).expect(401)).body.code).toBe('invalid_token');
  });

  it('lets the host’s operators in, and spends and holds in-process with the same rules', async () => {
    await request(host)
      .post('/api/admin/users/bo/adjustments')
      .set('x-host-session', 'admin:ops')
      .set('Idempotency-Key', randomUUID())
      .send({ credits: 500, reason: 'welcome' })
      .expect(201);
    const { credits } = mounted;
    const held = await credits.hold({ userId: 'bo', credits: 200, reason: 'generation', idempotencyKey: 'job-1' });
    expect(held.credits).toEqual({ balance: 500, held: 200, available: 300 });
    await expect(credits.spend({ userId: 'bo', credits: 301, reason: 'x', idempotencyKey: 'too-much' })).rejects.toMatchObject({ code: 'insufficient_credits' });
    const captured = await credits.settle(null, held.hold.id, { kind: 'capture', credits: 150 });
    expect(captured.credits).toEqual({ balance: 350, held: 0, available: 350 });
    await request(host).get('/api/credits').set('x-host-session', 'bo').expect(200, { balance: 350, held: 0, available: 350 });
  });
});
