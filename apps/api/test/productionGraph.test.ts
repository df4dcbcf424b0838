import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { testDatabases } from './support/databases';
import { COMPANY_ID, JWT_SECRET, WEBHOOK_SECRET } from './support/harness';
import { freePort, startServerProcess } from './support/serverProcess';

/**
 * Production loads neither the Whop simulator nor Whop's SDK: the compiled server holds none of
 * their code, and the production entries, run from source, load none of their files.
 */
const API = path.resolve(__dirname, '..');
const SIMULATOR = /(^|[/\\])whop-sim[/\\]|@whop[/\\]sdk[/\\]/;
const postgres = testDatabases.find((d) => d.name === 'postgres');
const describeOnPostgres = postgres ? describe : describe.skip;
if (!postgres) console.log('skipped: starting the production entries needs TEST_DATABASE_URL (PostgreSQL)');

describe('the production build', () => {
  // Inside the package, so that the compiled files find node_modules as dist/ does.
  const out = mkdtempSync(path.join(API, 'dist-test-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('compiles the server without the simulator, and the development entry with it', () => {
    execFileSync(process.execPath, ['--import', 'tsx', path.join(API, 'build.ts'), '--outdir', out], { cwd: API, stdio: 'inherit' });
    const meta = JSON.parse(readFileSync(path.join(out, 'meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
    const inputsOf = (name: string) => Object.keys(Object.entries(meta.outputs).find(([file]) => file.endsWith(`/${name}`))![1].inputs);
    expect(inputsOf('server.js').filter((f) => SIMULATOR.test(f))).toEqual([]);
    expect(inputsOf('server.js')).toContain('src/domain/policy.ts');
    expect(inputsOf('dev.js').some((f) => SIMULATOR.test(f))).toBe(true);
    expect(existsSync(path.join(out, 'migrations/meta/_journal.json'))).toBe(true);
  });

  describeOnPostgres('on PostgreSQL, in production mode', () => {
    let env: Record<string, string>;
    let close: () => Promise<void>;
    beforeAll(async () => {
      const store = await postgres!.open();
      close = () => store.close();
      env = {
        NODE_ENV: 'production',
        DATABASE_URL: postgres!.urlOf!(store),
        JWT_SECRET,
        WHOP_API_KEY: 'production_graph_key',
        WHOP_WEBHOOK_SECRET: WEBHOOK_SECRET,
        WHOP_COMPANY_ID: COMPANY_ID,
        WHOP_API_BASE_URL: 'http://127.0.0.1:9/api/v1',
        METRICS_TOKEN: 'metrics-token-for-the-production-graph-test',
        CRON_SECRET: 'cron-secret-for-the-production-graph-test-000',
        SWEEP_INTERVAL_SECONDS: '0',
      };
    });
    afterAll(() => close());

    it('serves from the compiled server', async () => {
      const server = await startServerProcess(await freePort(), env, { script: path.join(out, 'server.js') });
      try {
        const res = await fetch(`${server.url}/api/payment/packages`);
        expect(res.status).toBe(200);
        expect(((await res.json()) as { packages: unknown[] }).packages).toHaveLength(3);
      } finally {
        await server.stop();
      }
    });

    it('loads no simulator file from server.ts', async () => {
      const probe = path.join(__dirname, 'support/moduleProbe.cjs');
      const loaded = path.join(out, 'server-modules.json');
      const server = await startServerProcess(await freePort(), { ...env, PROBE_OUT: loaded }, { script: path.join(API, 'src/server.ts'), nodeArgs: ['--require', probe] });
      await server.stop();
      const files = JSON.parse(readFileSync(loaded, 'utf8')) as string[];
      expect(files.some((f) => f.endsWith(path.join('src', 'startServer.ts')))).toBe(true);
      expect(files.filter((f) => SIMULATOR.test(f))).toEqual([]);
    });

    it('loads no simulator file from the Vercel function', () => {
      const probe = path.join(__dirname, 'support/moduleProbe.cjs');
      const loaded = path.join(out, 'function-modules.json');
      const script = `require(${JSON.stringify(path.resolve(API, '../../api/index.ts'))}); require(${JSON.stringify(path.join(API, 'src/serverless.ts'))}).getApp().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });`;
      execFileSync(process.execPath, ['--import', 'tsx', '--require', probe, '-e', script], {
        cwd: API,
        env: { ...process.env, ...env, LOG_LEVEL: 'silent', PROBE_OUT: loaded },
        stdio: 'inherit',
      });
      const files = JSON.parse(readFileSync(loaded, 'utf8')) as string[];
      expect(files.some((f) => f.endsWith(path.join('src', 'serverless.ts')))).toBe(true);
      expect(files.filter((f) => SIMULATOR.test(f))).toEqual([]);
    });
  });
});
