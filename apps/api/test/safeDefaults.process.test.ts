import { spawn } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { testDatabases } from './support/databases';
import { COMPANY_ID, JWT_SECRET, WEBHOOK_SECRET } from './support/harness';
import { freePort, startServerProcess } from './support/serverProcess';

/**
 * Safe by default, as an operator meets it: the real entries started with real-looking settings.
 * A start that must be refused ends quickly with one line naming what to set.
 */
const API = path.resolve(__dirname, '..');
const postgres = testDatabases.find((d) => d.name === 'postgres');
const describeOnPostgres = postgres ? describe : describe.skip;
if (!postgres) console.log('skipped: starting servers against a real database needs TEST_DATABASE_URL (PostgreSQL)');

/** Runs an entry until it exits (or is stopped after `timeoutMs`) and returns what it printed. */
function run(script: string, env: Record<string, string>, timeoutMs = 15_000): Promise<{ code: number | null; output: string; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(API, script)], {
      cwd: API,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output, ms: Date.now() - started });
    });
  });
}

const PRODUCTION = {
  JWT_SECRET,
  WHOP_API_KEY: 'apik_live_looking',
  WHOP_WEBHOOK_SECRET: WEBHOOK_SECRET,
  WHOP_COMPANY_ID: COMPANY_ID,
  WHOP_API_BASE_URL: 'http://127.0.0.1:9/api/v1',
  METRICS_TOKEN: 'metrics-token-for-safe-defaults-0123456789',
  CRON_SECRET: 'cron-secret-for-safe-defaults-0123456789ab',
  LOG_LEVEL: 'warn',
};

describeOnPostgres('safe defaults at start-up', () => {
  let databaseUrl: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const store = await postgres!.open();
    databaseUrl = postgres!.urlOf!(store);
    close = () => store.close();
  });
  afterAll(() => close());

  it('runs real settings without NODE_ENV as production: no dev sign-in, no free completion, and says why', async () => {
    const port = await freePort();
    const server = await startServerProcess(port, { ...PRODUCTION, DATABASE_URL: databaseUrl, NODE_ENV: '' }, { script: path.join(API, 'src/dev.ts') });
    try {
      expect((await fetch(`${server.url}/api/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"userId":"victim"}' })).status).toBe(404);
      expect((await fetch(`${server.url}/api/payment/test/complete/6f1c1b56-2d5e-4a1f-9a3e-0a5b7c9d1e2f`, { method: 'POST' })).status).toBe(404);
      expect(server.output()).toMatch(/production \(DATABASE_URL, WHOP_API_KEY, WHOP_WEBHOOK_SECRET, WHOP_COMPANY_ID, WHOP_API_BASE_URL set and NODE_ENV unset\)/);
    } finally {
      await server.stop();
    }
  });

  it.each<[string, Record<string, string>, RegExp]>([
    ['real settings without NODE_ENV and without a production requirement', { METRICS_TOKEN: '' }, /NODE_ENV=development.*METRICS_TOKEN/],
    ['the development JWT secret in production', { NODE_ENV: 'production', JWT_SECRET: 'development-only-jwt-secret-do-not-use-in-production' }, /JWT_SECRET.*development secret/],
    ['a JWT secret shorter than 32 characters in production', { NODE_ENV: 'production', JWT_SECRET: 'short-secret' }, /JWT_SECRET.*32/],
    ['reconciliation switched off in production', { NODE_ENV: 'production', SWEEP_INTERVAL_SECONDS: '0', CRON_SECRET: '' }, /SWEEP_INTERVAL_SECONDS.*CRON_SECRET/],
    ['an unreachable REDIS_URL', { NODE_ENV: 'production', REDIS_URL: 'redis://127.0.0.1:1' }, /REDIS_URL/],
    ['NODE_ENV=test beside real settings (it names no mode)', { NODE_ENV: 'test' }, /NODE_ENV=test names no mode.*only development and production/],
    ['NODE_ENV=development in the production entry', { NODE_ENV: 'development' }, /production entry runs only in production/],
  ])(
    'refuses to start with %s, within seconds, naming the variable',
    async (_what, overrides, message) => {
      const { code, output, ms } = await run('src/server.ts', { ...PRODUCTION, DATABASE_URL: databaseUrl, PORT: String(await freePort()), ...overrides });
      expect(code).toBe(1);
      expect(output).toMatch(/Cannot start: /);
      expect(output).toMatch(message);
      expect(ms).toBeLessThan(10_000);
    },
    20_000,
  );

  it('listens on 127.0.0.1 in development unless HOST says otherwise', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    const port = await freePort();
    const server = await startServerProcess(port, { ...PRODUCTION, DATABASE_URL: databaseUrl, NODE_ENV: 'development' });
    try {
      expect(server.output()).toMatch(new RegExp(`listening on http://127\\.0\\.0\\.1:${port}`));
      if (external) await expect(fetch(`http://${external}:${port}/healthz`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
    } finally {
      await server.stop();
    }
  });
});
