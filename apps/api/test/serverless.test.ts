import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { signToken } from '../src/auth/jwt';
import { eventually } from './support/wait';

const ROOT = path.resolve(__dirname, '../../..');
const CRON_SECRET = 'cron-secret-for-the-serverless-test-0123456789';
const JWT_SECRET = 'jwt-secret-for-the-serverless-test-0123456789';

/** The Vercel entry point, imported as the platform imports it, serving real requests. */
describe('serverless entry', () => {
  const saved = { ...process.env };
  beforeAll(() => {
    Object.assign(process.env, {
      NODE_ENV: 'development',
      PGLITE_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'credits-fn-')),
      WHOP_API_BASE_URL: 'http://127.0.0.1:9/api/v1',
      WHOP_WEBHOOK_SECRET: 'ws_serverless_test_secret_0123456789',
      CRON_SECRET,
      JWT_SECRET,
      LOG_LEVEL: 'silent',
    });
  });
  afterAll(async () => {
    await (await import('../src/serverless')).close();
    process.env = saved;
  });

  it('serves the API through the function, reusing one app (and database connection) across invocations', async () => {
    const { default: handler } = await import('../../../api/index');
    const { getApp } = await import('../src/serverless');
    const packages = await request(handler).get('/api/payment/packages').expect(200);
    expect(packages.body.packages).toHaveLength(3);
    await request(handler).get('/readyz').expect(200, { status: 'ready' });
    const first = await getApp();
    await request(handler).get('/healthz').expect(200);
    expect(await getApp()).toBe(first);
    // The cron job's path, with its secret:
    await request(handler).get('/api/internal/sweep').expect(401);
    const sweep = await request(handler).get('/api/internal/sweep').set('Authorization', `Bearer ${CRON_SECRET}`).expect(200);
    expect(sweep.body).toMatchObject({ ran: true, ledgerDifferences: 0 });
  });

  it('stores the API requests it served for the operators’ statistics, after each response', async () => {
    const { default: handler } = await import('../../../api/index');
    const operator = `Bearer ${signToken('ops', JWT_SECRET, 600, 'admin')}`;
    const total = async () => (await request(handler).get('/api/admin/stats').set('Authorization', operator).expect(200)).body.requests.total as number;
    const before = await total();
    for (let i = 0; i < 3; i++) await request(handler).get('/api/payment/packages').expect(200);
    // The three, and the statistics request before them.
    await eventually(async () => (await total()) >= before + 4, 5_000, 'the request counts stored');
  });

  it('names only paths that exist in vercel.json', () => {
    const vercel = JSON.parse(readFileSync(path.join(ROOT, 'vercel.json'), 'utf8')) as {
      outputDirectory: string;
      functions: Record<string, unknown>;
      rewrites: Array<{ destination: string }>;
      crons: Array<{ path: string }>;
    };
    for (const fn of Object.keys(vercel.functions)) expect({ fn, exists: existsSync(path.join(ROOT, fn)) }).toEqual({ fn, exists: true });
    // The build writes the web app where Vercel looks for it.
    expect(vercel.outputDirectory).toBe('apps/web/dist');
    expect(readFileSync(path.join(ROOT, 'apps/web/vite.config.ts'), 'utf8')).toContain("outDir: 'dist'");
    for (const { destination } of vercel.rewrites) {
      const target = destination === '/index.html' ? 'apps/web/index.html' : `${destination.slice(1)}.ts`;
      expect({ destination, exists: existsSync(path.join(ROOT, target)) }).toEqual({ destination, exists: true });
    }
    expect(existsSync(path.join(ROOT, 'apps/api/src/store/postgres/migrations/meta/_journal.json'))).toBe(true);
    expect(vercel.crons.map((c) => c.path)).toEqual(['/api/internal/sweep']);
  });
});
