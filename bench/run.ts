import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import autocannon, { type Result } from 'autocannon';
import { Client } from 'pg';
import { createServer } from 'node:net';
import { signToken } from '@credits/api';
import { signedHeaders, TEST_CARDS } from '@credits/whop-sim';

/**
 * `npm run bench`: the product against ceilings measured in the same run on the same machine, on
 * PGlite and (with DATABASE_URL or TEST_DATABASE_URL) on PostgreSQL. Writes docs/benchmarks.md.
 * BENCH_ONLY=pglite|postgres runs one of them. To profile: BENCH_ONLY=postgres BENCH_API_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
 */
const ROOT = path.resolve(__dirname, '..');
/**
 * The compiled development entry, pointed at a Whop (the simulator in its own process): the same app
 * as production's, which refuses anything but NODE_ENV=production and so PGlite.
 */
const API_ENTRY = 'apps/api/dist/dev.js';

/** A port free now, for a process the bench starts. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 8);
const WEBHOOKS = Number(process.env.BENCH_WEBHOOKS ?? 3_000);
/** Webhooks handled before the timed runs, so that they measure a warmed-up process. */
const WARM_UP = Math.round(WEBHOOKS / 6);
const SECRET = `ws_${'b'.repeat(64)}`;
const JWT_SECRET = 'bench-jwt-secret-bench-jwt-secret-0123456789';
const CRON_SECRET = 'bench-cron-secret-bench-cron-secret-0123456789';
const STATS_ORDERS = Number(process.env.BENCH_STATS_ORDERS ?? 100_000);

interface Proc {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

async function start(script: string, env: Record<string, string>, readyPath: string): Promise<Proc & { readyAfterMs: number }> {
  const port = await freePort();
  const started = performance.now();
  // The product runs compiled (as in production); the ceilings and the simulator through tsx.
  const nodeArgs = script.endsWith('.ts') ? ['--import', 'tsx'] : (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), WHOP_SIM_PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 60_000; ;) {
    if (child.exitCode !== null) throw new Error(`${script} exited: ${err}`);
    try {
      const res = await fetch(`${url}${readyPath}`, { method: readyPath === '/tx' ? 'POST' : 'GET' });
      if (res.status < 500) break;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`${script} did not start: ${err}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return {
    child,
    url,
    readyAfterMs: Math.round(performance.now() - started),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Peak resident memory of a process while `run` runs, sampled from /proc. */
async function withPeakRss<T>(pid: number, run: () => Promise<T>): Promise<{ result: T; peakRssMb: number }> {
  let peak = 0;
  const sample = () => {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      peak = Math.max(peak, kb / 1024);
    } catch {
      // process gone
    }
  };
  const timer = setInterval(sample, 100);
  try {
    const result = await run();
    sample();
    return { result, peakRssMb: Math.round(peak) };
  } finally {
    clearInterval(timer);
  }
}

function load(options: autocannon.Options): Promise<Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ connections: CONNECTIONS, ...options }, (err, result) => (err ? reject(err) : resolve(result)));
    autocannon.track(instance, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false });
  });
}

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  wallS: number;
  requests: number;
  non2xx: number;
  peakRssMb: number | null;
  ceiling?: string;
  ratio?: number;
}

function row(name: string, r: Result, peakRssMb: number | null): Row {
  return {
    name,
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    wallS: Math.round(r.duration * 100) / 100,
    requests: r.requests.total,
    non2xx: r.non2xx + r.errors + r.timeouts,
    peakRssMb,
  };
}

interface BenchOrder {
  id: string;
  userId: string;
  checkoutId: string;
}
interface BenchEvent {
  id: string;
  body: string;
}

/** `count` pending orders, each of a user of its own, created through the API (at `urls` in turn), 50 at a time. */
async function createOrders(urls: string[], count: number, nextUser: () => string): Promise<BenchOrder[]> {
  const orders: BenchOrder[] = [];
  while (orders.length < count) {
    await Promise.all(
      Array.from({ length: Math.min(50, count - orders.length) }, async (_, k) => {
        const userId = nextUser();
        const res = await fetch(`${urls[k % urls.length]}/api/payment/create`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${signToken(userId, JWT_SECRET, 3600)}` },
          body: JSON.stringify({ packageId: 'standard' }),
        });
        const p = ((await res.json()) as { payment: { id: string; userId: string; whopCheckoutId: string } }).payment;
        orders.push({ id: p.id, userId: p.userId, checkoutId: p.whopCheckoutId });
      }),
    );
  }
  return orders;
}

/** A signed `payment.succeeded` for an order (Whop's webhook shape); `k` tells deliveries of different runs apart. */
function paymentSucceeded(label: string, o: BenchOrder, k: number, data?: unknown): BenchEvent {
  const id = `msg_bench_${label}_${k}_${o.id.slice(0, 8)}`;
  const body = JSON.stringify({
    id,
    type: 'payment.succeeded',
    api_version: 'v1',
    timestamp: new Date().toISOString(),
    company_id: 'biz_Bench',
    data: data ?? {
      id: `pay_${o.id.replace(/-/g, '').slice(0, 14)}`,
      status: 'paid',
      substatus: 'succeeded',
      currency: 'usd',
      total: 10,
      subtotal: 10,
      tax_amount: 0,
      checkout_configuration_id: o.checkoutId,
      metadata: { payment_id: o.id, user_id: o.userId, package_id: 'standard' },
    },
  });
  return { id, body };
}

/** Each event once, signed, over `connections` connections. */
function deliver(url: string, events: BenchEvent[], connections = CONNECTIONS): Promise<Result> {
  let i = 0;
  return load({
    url,
    connections,
    amount: events.length,
    requests: [
      {
        method: 'POST',
        path: '/api/payment/webhook/whop',
        setupRequest: (req) => {
          const e = events[i++ % events.length]!;
          return { ...req, headers: signedHeaders(SECRET, e.id, e.body), body: e.body };
        },
      },
    ],
  });
}

/** Every order's buyer holds exactly the 1,000 credits of one grant, and the sweeper finds every balance equal to its ledger. */
async function exactlyOnce(url: string, orders: BenchOrder[]): Promise<{ wrong: number; ledgerDifferences: number }> {
  let wrong = 0;
  for (let i = 0; i < orders.length; i += 50) {
    const balances = await Promise.all(
      orders.slice(i, i + 50).map(async (o) => {
        const res = await fetch(`${url}/api/credits`, { headers: { authorization: `Bearer ${signToken(o.userId, JWT_SECRET, 600)}` } });
        return ((await res.json()) as { balance: number }).balance;
      }),
    );
    wrong += balances.filter((b) => b !== 1_000).length;
  }
  return { wrong, ledgerDifferences: (await sweep(url)).ledgerDifferences };
}

function shuffle<T>(items: T[]): T[] {
  for (let j = items.length - 1; j > 0; j--) {
    const k = Math.floor(Math.random() * (j + 1));
    [items[j], items[k]] = [items[k]!, items[j]!];
  }
  return items;
}

async function sweep(url: string): Promise<{ ran: boolean; completed: number; ledgerDifferences: number }> {
  const res = await fetch(`${url}/api/internal/sweep`, { method: 'POST', headers: { authorization: `Bearer ${CRON_SECRET}` } });
  return (await res.json()) as { ran: boolean; completed: number; ledgerDifferences: number };
}

/**
 * Two API processes on one database. Timed: distinct events, half to each process (as the one-process
 * run). Then exactly once across both: orders paid at Whop (the simulator, which delivers no webhooks
 * here), each payment's webhook delivered to both processes in a shuffled order while both are asked
 * to sweep over and over (the lease lets one run at a time) and find the same payments in Whop's
 * list. Every buyer must end with exactly one grant.
 */
async function scaleOut(label: string, simUrl: string, urls: [string, string], nextUser: () => string): Promise<{ row: Row; check: string }> {
  const orders = await createOrders(urls, WEBHOOKS, nextUser);
  const events = orders.map((o) => paymentSucceeded(`${label}_two`, o, 0));
  const halves = [events.filter((_, k) => k % 2 === 0), events.filter((_, k) => k % 2 === 1)];
  const started = performance.now();
  const runs = await Promise.all(halves.map((half, k) => deliver(urls[k]!, half, CONNECTIONS / 2)));
  const wallS = (performance.now() - started) / 1000;

  const racing = await createOrders(urls, WEBHOOKS / 5, nextUser);
  const paidAtWhop: BenchEvent[] = [];
  for (let i = 0; i < racing.length; i += 50) {
    await Promise.all(
      racing.slice(i, i + 50).map(async (o) => {
        const res = await fetch(`${simUrl}/_sim/checkout_configurations/${o.checkoutId}/pay`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ card: TEST_CARDS.success }),
        });
        paidAtWhop.push(paymentSucceeded(`${label}_race`, o, 0, ((await res.json()) as { payment: unknown }).payment));
      }),
    );
  }
  let sweeping = true;
  const swept = [0, 0];
  const sweepers = urls.map(async (url, k) => {
    while (sweeping) {
      if ((await sweep(url)).ran) swept[k]!++;
      else await new Promise((r) => setTimeout(r, 20));
    }
  });
  await Promise.all(urls.map((url) => deliver(url, shuffle([...paidAtWhop]), CONNECTIONS / 2)));
  sweeping = false;
  await Promise.all(sweepers);
  const { wrong, ledgerDifferences } = await exactlyOnce(urls[0], [...orders, ...racing]);
  const requests = runs.reduce((n, r) => n + r.requests.total, 0);
  return {
    row: {
      name: `webhook fulfilment, two API processes, ${WEBHOOKS} distinct events (p50 and p99: the slower process's)`,
      rps: Math.round(requests / wallS),
      p50: Math.max(...runs.map((r) => r.latency.p50)),
      p99: Math.max(...runs.map((r) => r.latency.p99)),
      wallS: Math.round(wallS * 100) / 100,
      requests,
      non2xx: runs.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0),
      peakRssMb: null,
    },
    check:
      `two API processes on one database: ${orders.length + racing.length} paid orders, ${racing.length} of them paid at Whop with their webhooks delivered to both processes ` +
      `while both swept (${swept[0]} runs in the first, ${swept[1]} in the second): ${wrong} balances other than 1,000 credits; ledger differences: ${ledgerDifferences}`,
  };
}

async function benchDatabase(label: string, dbEnv: Record<string, string>): Promise<{ rows: Row[]; checks: string[] }> {
  const rows: Row[] = [];
  const checks: string[] = [];

  // Ceilings.
  const hello = await start('bench/ceilingHello.ts', {}, '/hello');
  const helloRun = await withPeakRss(hello.child.pid!, () => load({ url: `${hello.url}/hello`, duration: DURATION_S }));
  await hello.stop();
  rows.push(row('ceiling: JSON hello', helloRun.result, helloRun.peakRssMb));
  const tx = await start('bench/ceilingTx.ts', dbEnv, '/tx');
  const txRun = await withPeakRss(tx.child.pid!, () => load({ url: `${tx.url}/tx`, method: 'POST', duration: DURATION_S }));
  await tx.stop();
  rows.push(row('ceiling: 2-statement transaction', txRun.result, txRun.peakRssMb));

  // The product, with the simulator in its own process.
  const sim = await start('apps/whop-sim/src/main.ts', { WHOP_WEBHOOK_SECRET: SECRET, WHOP_API_KEY: 'bench_key' }, '/_sim/chaos');
  const apiEnv = {
    ...dbEnv,
    NODE_ENV: 'development',
    JWT_SECRET,
    CRON_SECRET,
    WHOP_API_BASE_URL: `${sim.url}/api/v1`,
    WHOP_API_KEY: 'bench_key',
    WHOP_WEBHOOK_SECRET: SECRET,
    WHOP_COMPANY_ID: 'biz_Bench',
    RATE_LIMIT_CREATE: '100000',
    RATE_LIMIT_IP: '1000000',
    SWEEP_INTERVAL_SECONDS: '0',
    LOG_LEVEL: 'warn',
  };
  const api = await start(API_ENTRY, apiEnv, '/api/payment/packages').catch(async (err: unknown) => {
    await sim.stop();
    throw err;
  });
  const pid = api.child.pid!;
  checks.push(
    `first start on ${label === 'pglite' ? 'a new PGlite folder' : 'a new database'} (migrations applied): first request answered ${api.readyAfterMs} ms after the process was spawned`,
  );
  try {
    const packages = await withPeakRss(pid, () => load({ url: `${api.url}/api/payment/packages`, duration: DURATION_S }));
    rows.push({ ...row('GET /api/payment/packages', packages.result, packages.peakRssMb), ceiling: 'ceiling: JSON hello' });

    // Orders, each for a user of its own; the create benchmark makes the first of them.
    const orders: Array<{ id: string; userId: string; checkoutId: string }> = [];
    let n = 0;
    const nextUser = () => `bench-${label}-${n++}`;
    const created = await withPeakRss(pid, () =>
      load({
        url: api.url,
        duration: DURATION_S,
        requests: [
          {
            method: 'POST',
            path: '/api/payment/create',
            setupRequest: (req) => {
              const userId = nextUser();
              return {
                ...req,
                headers: { 'content-type': 'application/json', authorization: `Bearer ${signToken(userId, JWT_SECRET, 3600)}` },
                body: JSON.stringify({ packageId: 'standard' }),
              };
            },
            onResponse: (status, body) => {
              if (status !== 201) return;
              const p = JSON.parse(body).payment as { id: string; userId: string; whopCheckoutId: string };
              orders.push({ id: p.id, userId: p.userId, checkoutId: p.whopCheckoutId });
            },
          },
        ],
      }),
    );
    rows.push({ ...row('POST /api/payment/create (with the simulator)', created.result, created.peakRssMb), ceiling: 'ceiling: 2-statement transaction' });

    // Enough pending orders for the webhook runs.
    orders.push(...(await createOrders([api.url], WARM_UP + WEBHOOKS + WEBHOOKS / 5 - orders.length, nextUser)));
    const warmUpOrders = orders.slice(0, WARM_UP);
    await deliver(
      api.url,
      warmUpOrders.map((o) => paymentSucceeded(label, o, 0)),
    );
    const distinctOrders = orders.slice(WARM_UP, WARM_UP + WEBHOOKS);
    const distinct = await withPeakRss(pid, () =>
      deliver(
        api.url,
        distinctOrders.map((o) => paymentSucceeded(label, o, 0)),
      ),
    );
    rows.push({ ...row(`webhook fulfilment, ${WEBHOOKS} distinct events`, distinct.result, distinct.peakRssMb), ceiling: 'ceiling: 2-statement transaction' });

    // The same number of deliveries: a fifth as many payments, each delivered five times (a duplicate storm).
    const stormOrders = orders.slice(WARM_UP + WEBHOOKS, WARM_UP + WEBHOOKS + WEBHOOKS / 5);
    const stormEvents = shuffle(
      stormOrders.flatMap((o) => {
        const e = paymentSucceeded(label, o, 1);
        return [e, e, e, e, e];
      }),
    );
    const storm = await withPeakRss(pid, () => deliver(api.url, stormEvents));
    rows.push({ ...row(`duplicate storm, ${WEBHOOKS / 5} payments × 5`, storm.result, storm.peakRssMb), ceiling: `webhook fulfilment, ${WEBHOOKS} distinct events` });

    // Exactly one grant per payment, and every balance equal to its ledger.
    const paid = [...warmUpOrders, ...distinctOrders, ...stormOrders];
    const { wrong, ledgerDifferences } = await exactlyOnce(api.url, paid);
    checks.push(`${paid.length} paid orders: ${wrong} balances other than 1,000 credits; ledger differences found by the sweeper: ${ledgerDifferences}`);

    // Scale-out: a second API process on the same PostgreSQL.
    if (dbEnv.DATABASE_URL) {
      const second = await start(API_ENTRY, apiEnv, '/api/payment/packages');
      try {
        const scaled = await scaleOut(label, sim.url, [api.url, second.url], nextUser);
        rows.push({ ...scaled.row, ceiling: 'ceiling: 2-statement transaction' });
        checks.push(scaled.check);
      } finally {
        await second.stop();
      }
    }

    // History of a user with many orders.
    const heavy = `bench-${label}-history`;
    const token = signToken(heavy, JWT_SECRET, 3600);
    for (let i = 0; i < 100; i += 20) {
      await Promise.all(
        Array.from({ length: 20 }, () =>
          fetch(`${api.url}/api/payment/create`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: '{"packageId":"basic"}',
          }),
        ),
      );
    }
    const history = await withPeakRss(pid, () =>
      load({ url: `${api.url}/api/payment/user/history?limit=20`, headers: { authorization: `Bearer ${token}` }, duration: DURATION_S }),
    );
    rows.push({ ...row('GET /api/payment/user/history (100 orders, page of 20)', history.result, history.peakRssMb), ceiling: 'ceiling: 2-statement transaction' });

    // The operator dashboard over 100,000 orders of the last 30 days (PostgreSQL, where the bench can load them in one statement).
    if (dbEnv.DATABASE_URL) {
      await loadDashboardHistory(dbEnv.DATABASE_URL, STATS_ORDERS);
      const operator = { authorization: `Bearer ${signToken('bench-ops', JWT_SECRET, 3600, 'admin')}` };
      const to = new Date();
      const query = (days: number, interval: string) => `from=${new Date(to.getTime() - days * 86_400_000).toISOString()}&to=${to.toISOString()}&interval=${interval}`;
      for (const [what, q] of [
        ['30 days by day', query(30, 'day')],
        ['7 days by hour', query(7, 'hour')],
      ] as const) {
        const run = await withPeakRss(pid, () => load({ url: `${api.url}/api/admin/stats?${q}`, headers: operator, duration: DURATION_S, connections: 1 }));
        rows.push(row(`GET /api/admin/stats (${what}, ${STATS_ORDERS.toLocaleString('en-US')} orders), one operator`, run.result, run.peakRssMb));
        checks.push(
          `operator stats, ${what} over ${STATS_ORDERS.toLocaleString('en-US')} orders: p50 ${run.result.latency.p50} ms, p99 ${run.result.latency.p99} ms (target: 200 ms)`,
        );
      }
    }
  } finally {
    await api.stop();
    await sim.stop();
  }
  // Start-up again, on the database the run left behind (migrations already applied), as a restart would.
  const again = await start(
    API_ENTRY,
    { ...dbEnv, NODE_ENV: 'development', JWT_SECRET, WHOP_API_BASE_URL: 'http://127.0.0.1:9/api/v1', WHOP_WEBHOOK_SECRET: SECRET, SWEEP_INTERVAL_SECONDS: '0', LOG_LEVEL: 'warn' },
    '/api/payment/packages',
  );
  await again.stop();
  checks.push(`restart on the migrated database: first request answered ${again.readyAfterMs} ms after the process was spawned`);
  const apiRss = Math.max(...rows.filter((r) => !r.name.startsWith('ceiling')).map((r) => r.peakRssMb ?? 0));
  checks.push(`API peak RSS over every product scenario: ${apiRss} MB`);
  for (const r of rows) {
    const ceiling = rows.find((c) => c.name === r.ceiling);
    if (ceiling) r.ratio = Math.round((r.name.startsWith('duplicate') ? r.wallS / ceiling.wallS : r.rps / ceiling.rps) * 100) / 100;
  }
  return { rows, checks };
}

/**
 * Orders of the last 30 days as a shop would have them (7 in 10 completed, the rest declined, expired,
 * abandoned or in review; a refund for one completed order in 30), a grant per completed order and an
 * event per order, written straight into the database: the dashboard's queries meet a realistic table.
 */
async function loadDashboardHistory(url: string, count: number): Promise<void> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    await db.query(
      `insert into payments (id, user_id, package_id, credits, amount_cents, currency, status, whop_checkout_id, whop_payment_id, completion_source,
         refunded_cents, clawed_credits, created_at, updated_at, completed_at)
       select gen_random_uuid()::text, 'bench-stats-' || (i % 5000), p.id, p.credits, p.cents, 'usd', s.status, 'ch_bench_' || i,
         case when s.status in ('completed', 'refunded', 'review') then 'pay_bench_' || i end, case when s.status in ('completed', 'refunded') then 'webhook' end,
         case when s.status = 'refunded' then p.cents else 0 end, case when s.status = 'refunded' then p.credits else 0 end,
         t.at, t.at, case when s.status in ('completed', 'refunded') then t.at + interval '90 seconds' end
       from generate_series(1, $1::int) as i
       cross join lateral (select now() - random() * interval '30 days' as at) t
       cross join lateral (select (array['basic', 'standard', 'premium'])[1 + i % 3] as id, (array[100, 1000, 15000])[1 + i % 3] as credits, (array[100, 1000, 10000])[1 + i % 3] as cents) p
       cross join lateral (select case when i % 30 = 0 then 'refunded' when i % 10 < 7 then 'completed' when i % 10 = 7 then 'failed' when i % 10 = 8 then 'expired'
         when i % 100 = 99 then 'review' else 'pending' end as status) s`,
      [count],
    );
    await db.query(
      `insert into ledger_entries (user_id, key, kind, credits, payment_id, memo, created_at)
       select user_id, 'grant:' || whop_payment_id, 'grant', credits, id, 'bench', completed_at from payments where user_id like 'bench-stats-%' and completed_at is not null
       union all
       select user_id, 'takeback:' || id, 'refund', -credits, id, 'bench', completed_at + interval '1 day' from payments where user_id like 'bench-stats-%' and status = 'refunded'`,
    );
    await db.query(
      `insert into webhook_events (id, type, payload, received_at, processed_at, outcome, order_id, handling_ms)
       select 'msg_bench_' || id, 'payment.succeeded', '{}'::jsonb, created_at + interval '80 seconds', created_at + interval '81 seconds', 'completed', id, (5 + random() * 40)::int
       from payments where user_id like 'bench-stats-%'`,
    );
    await db.query('analyze');
  } finally {
    await db.end();
  }
}

async function freshPostgres(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `credits_bench_${Date.now()}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

function table(rows: Row[]): string {
  const lines = [
    '| Scenario | req/s | p50 ms | p99 ms | wall s | requests | non-2xx | API peak RSS MB | ratio to ceiling |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const r of rows) {
    const ratio = r.ratio === undefined ? '' : r.name.startsWith('duplicate') ? `${r.ratio} × the wall time of distinct events` : `${r.ratio} × ${r.ceiling}`;
    lines.push(`| ${r.name} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.wallS} | ${r.requests} | ${r.non2xx} | ${r.peakRssMb ?? ''} | ${ratio} |`);
  }
  return lines.join('\n');
}

async function main() {
  const started = Date.now();
  execFileSync(process.execPath, ['--import', 'tsx', 'apps/api/build.ts'], { cwd: ROOT, stdio: 'inherit' });
  const sections: string[] = [];
  const only = process.env.BENCH_ONLY;
  if (only !== 'postgres') {
    const pgliteDir = mkdtempSync(path.join(tmpdir(), 'credits-bench-'));
    const pglite = await benchDatabase('pglite', { PGLITE_DATA_DIR: pgliteDir });
    rmSync(pgliteDir, { recursive: true, force: true });
    sections.push(`### PGlite (embedded)\n\n${table(pglite.rows)}\n\n${pglite.checks.map((c) => `- ${c}`).join('\n')}`);
  }
  const pgAdmin = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (only === 'pglite') {
    sections.push('### PostgreSQL\n\nNot run: BENCH_ONLY=pglite.');
  } else if (pgAdmin) {
    const db = await freshPostgres(pgAdmin);
    try {
      const pg = await benchDatabase('postgres', { DATABASE_URL: db.url });
      sections.push(`### PostgreSQL\n\n${table(pg.rows)}\n\n${pg.checks.map((c) => `- ${c}`).join('\n')}`);
    } finally {
      await db.drop();
    }
  } else {
    sections.push('### PostgreSQL\n\nNot run: set DATABASE_URL or TEST_DATABASE_URL.');
  }
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${CONNECTIONS} connections, ${DURATION_S} s per timed scenario`;
  const report = `## Results of the last run\n\n${new Date().toISOString()} · ${machine} · whole run ${Math.round((Date.now() - started) / 1000)} s\n\n${sections.join('\n\n')}\n`;
  const file = path.join(ROOT, 'docs/benchmarks.md');
  const doc = readFileSync(file, 'utf8');
  const marker = '<!-- results -->';
  writeFileSync(file, `${doc.slice(0, doc.indexOf(marker) + marker.length)}\n\n${report}`);
  console.log(report);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
