import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { parse as parseYaml } from 'yaml';
import type { Express } from 'express';
import { TEST_CARDS } from '@credits/whop-sim';
import { createLogger } from '../src/logger';
import { paymentEvent, signed } from './support/builders';
import { testDatabases } from './support/databases';
import { startHarness, useHarness } from './support/harness';

const pglite = testDatabases[0]!;
const METRICS_TOKEN = 'metrics-token-for-tests-0123456789abcdef';

/** Every route the Express app serves, as `METHOD /path/{param}`, found by walking its routers. */
function servedRoutes(app: Express): string[] {
  interface Layer {
    route?: { path: string; methods: Record<string, boolean> };
    handle: { stack?: Layer[] };
    rawPath?: string | RegExp;
  }
  const found: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const path = (prefix + layer.route.path).replace(/:(\w+)/g, '{$1}').replace(/(.)\/$/, '$1');
        for (const method of Object.keys(layer.route.methods)) found.push(`${method.toUpperCase()} ${path}`);
      } else if (layer.handle.stack) {
        walk(layer.handle.stack, prefix + (typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : ''));
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  // Left out: the web app's SPA fallback (a pattern, not an API route) and the reference page's own script.
  return [...new Set(found)].filter((r) => !/[()^$]/.test(r) && r !== 'GET /api/docs/init.js').sort();
}

const OPERATIONS = path.resolve(__dirname, '../../../docs/operations');
/** Prometheus's own rule checker (Debian package prometheus); .ci/run installs it. */
const PROMTOOL = ['/usr/bin/promtool', '/usr/local/bin/promtool'].find((p) => existsSync(p));

/** The series names a scrape of /metrics can hold: each family, and a histogram's _bucket, _sum and _count. */
function exportedSeries(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name!);
    if (type === 'histogram' || type === 'summary') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name! + suffix);
  }
  return names;
}

/** The metric names in a PromQL expression: what is left once strings, matchers, ranges, groupings, functions and operators are taken out. */
function metricsIn(expr: string): string[] {
  const bare = expr
    .replace(/"[^"]*"/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without)\s*\([^)]*\)/g, ' ')
    .replace(/\boffset\s+\w+/g, ' ');
  return [...bare.matchAll(/\b([a-zA-Z_:][\w:]*)\b(?!\s*\()/g)].map((m) => m[1]!).filter((word) => !['and', 'or', 'unless', 'bool'].includes(word));
}

describe('operations', () => {
  const { h, user } = useHarness(pglite, { settings: { metricsToken: METRICS_TOKEN } });

  it('describes every route it serves in a valid OpenAPI 3.1 document', async () => {
    const res = await h.api.get('/api/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    await SwaggerParser.validate(structuredClone(res.body));
    const described = Object.entries(res.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const served = servedRoutes(h.components.app);
    expect(served.length).toBeGreaterThan(15);
    expect(served.filter((r) => !described.includes(r))).toEqual([]);
    expect(described.filter((r) => !served.includes(r))).toEqual([]);
  });

  it('serves a browsable reference that loads under the content security policy', async () => {
    const page = await h.api.get('/api/docs').expect(200);
    expect(page.text).toContain('/api/docs/assets/swagger-ui-bundle.js');
    expect(page.text).not.toMatch(/<script>[^<]/);
    await h.api
      .get('/api/docs/assets/swagger-ui-bundle.js')
      .expect(200)
      .expect('content-type', /javascript/);
    await h.api.get('/api/docs/init.js').expect(200);
  });

  it('ships a Grafana dashboard and Prometheus alerts that name only metrics /metrics exports', async () => {
    const exported = exportedSeries((await h.api.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200)).text);
    expect(exported.has('credits_webhooks_total')).toBe(true);

    const rules = parseYaml(readFileSync(path.join(OPERATIONS, 'alerts.yml'), 'utf8')) as { groups: Array<{ name: string; rules: Array<Record<string, unknown>> }> };
    const alerts = rules.groups.flatMap((g) => g.rules);
    for (const rule of alerts) {
      expect(rule).toEqual(expect.objectContaining({ alert: expect.any(String), expr: expect.any(String), labels: { severity: expect.stringMatching(/^(warning|critical)$/) } }));
      expect(rule.annotations).toEqual(expect.objectContaining({ summary: expect.any(String), description: expect.any(String) }));
    }
    // What the alerts must cover: webhook failures, ledger differences above 0, success rate dropping, the sweep not running.
    const exprOf = (name: string) => alerts.find((r) => r.alert === name)?.expr as string;
    expect(exprOf('CreditsWebhookFailures')).toMatch(/credits_webhooks_total\{outcome="failed"\}/);
    expect(exprOf('CreditsLedgerDifferences')).toMatch(/credits_ledger_differences\) > 0$/);
    expect(exprOf('CreditsPaymentSuccessRateDropped')).toMatch(/credits_payments_final_total\{status="completed"\}/);
    expect(exprOf('CreditsSweepNotRunning')).toMatch(/credits_sweeps_total/);

    const dashboard = JSON.parse(readFileSync(path.join(OPERATIONS, 'grafana-dashboard.json'), 'utf8')) as {
      panels: Array<{ id: number; type: string; title: string; gridPos: { x: number; w: number }; targets?: Array<{ expr: string }> }>;
    };
    const graphs = dashboard.panels.filter((p) => p.type !== 'row');
    expect(graphs.length).toBeGreaterThan(10);
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
    for (const p of graphs) {
      expect(p.targets?.length).toBeGreaterThan(0);
      expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
    }

    const named = [...alerts.map((r) => r.expr as string), ...graphs.flatMap((p) => p.targets!.map((t) => t.expr))].flatMap(metricsIn);
    expect(named).toEqual(expect.arrayContaining(['credits_ledger_differences', 'credits_webhook_duration_seconds_bucket', 'credits_process_resident_memory_bytes']));
    expect([...new Set(named)].filter((name) => !exported.has(name))).toEqual([]);
  });

  (PROMTOOL ? it : it.skip)('has alert rules Prometheus accepts, which fire on the histories they are meant for (promtool)', () => {
    expect(execFileSync(PROMTOOL!, ['check', 'rules', 'alerts.yml'], { cwd: OPERATIONS, encoding: 'utf8' })).toMatch(/SUCCESS: 7 rules found/);
    expect(execFileSync(PROMTOOL!, ['test', 'rules', 'alerts.test.yml'], { cwd: OPERATIONS, encoding: 'utf8' })).toMatch(/SUCCESS/);
  });

  it('answers health and readiness', async () => {
    await h.api.get('/healthz').expect(200, { status: 'ok' });
    await h.api.get('/readyz').expect(200, { status: 'ready' });
  });

  it('echoes a sane x-request-id, or makes one', async () => {
    const given = await h.api.get('/healthz').set('x-request-id', 'req-abc.123').expect(200);
    expect(given.headers['x-request-id']).toBe('req-abc.123');
    const made = await h.api.get('/healthz').set('x-request-id', 'bad id with spaces').expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps /metrics behind its token, and the figures move when a purchase completes', async () => {
    await h.api.get('/metrics').expect(401);
    const read = async () => (await h.api.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200)).text;
    const value = (text: string, series: string) => Number(new RegExp(`^${series.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
    const before = await read();

    const buyer = user();
    const order = (await h.api.post('/api/payment/create').set(h.auth(buyer)).send({ packageId: 'premium' }).expect(201)).body.payment;
    await h.sim.pay(order.whopCheckoutId, TEST_CARDS.success);
    const { body, headers } = signed(paymentEvent(order));
    await h.api
      .post('/api/payment/webhook/whop')
      .set({ ...headers, 'webhook-signature': 'v1,AAAA' })
      .send(body)
      .expect(401);
    const after = await read();

    expect(value(after, 'credits_orders_created_total{package="premium"}') - value(before, 'credits_orders_created_total{package="premium"}')).toBe(1);
    expect(
      value(after, 'credits_orders_completed_total{package="premium",source="webhook"}') - value(before, 'credits_orders_completed_total{package="premium",source="webhook"}'),
    ).toBe(1);
    expect(value(after, 'credits_granted_total') - value(before, 'credits_granted_total')).toBe(15_000);
    expect(value(after, 'credits_webhooks_total{outcome="verified"}') - value(before, 'credits_webhooks_total{outcome="verified"}')).toBe(2);
    expect(value(after, 'credits_webhooks_total{outcome="rejected"}') - value(before, 'credits_webhooks_total{outcome="rejected"}')).toBe(1);
    expect(after).toMatch(/^credits_webhook_duration_seconds_count\{type="payment.succeeded",outcome="completed"\} [1-9]/m);
    expect(after).toMatch(/^credits_http_requests_total\{method="POST",route="\/api\/payment\/create",status_class="2xx"\} [1-9]/m);
    await h.components.sweeper.runOnce();
    expect(value(await read(), 'credits_ledger_differences')).toBe(0);
  });
});

describe('logs', () => {
  it('writes one line per request with its request id, and the id on lines from inside the service', async () => {
    const lines: string[] = [];
    const h = await startHarness(pglite, { logger: createLogger('info', (l) => lines.push(l)) });
    try {
      await h.api.post('/api/payment/create').set(h.auth('lena')).set('x-request-id', 'trace-42').send({ packageId: 'basic' }).expect(201);
      const mine = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.requestId === 'trace-42');
      expect(mine.map((l) => l.msg)).toEqual(['order created', 'request']);
      expect(mine[1]).toMatchObject({ level: 'info', method: 'POST', route: '/api/payment/create', status: 201 });
    } finally {
      await h.close();
    }
  });
});
