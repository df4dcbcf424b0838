import { once } from 'node:events';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { get, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import request from 'supertest';
import { compose } from '../src/compose';
import { silentLogger } from './support/logger';
import type { Store } from '../src/store/ports';
import { createWhopClient } from '../src/whop/client';
import { TEST_SWEEPER, WEBHOOK_SECRET, testSettings } from './support/harness';

describe('serving the web app', () => {
  // Under a dot-directory, as a checkout in ~/.something would be: that must not hide the files.
  const root = mkdtempSync(path.join(tmpdir(), '.web-'));
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Credits</title><div id="root"></div>');
  writeFileSync(path.join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
  // What the web build writes: precompressed copies next to a file, and no source maps (one here, to prove it stays private).
  const bundle = `export const answer = ${JSON.stringify('x'.repeat(4_000))};`;
  writeFileSync(path.join(root, 'assets', 'app-def456.js'), bundle);
  writeFileSync(path.join(root, 'assets', 'app-def456.js.br'), brotliCompressSync(bundle));
  writeFileSync(path.join(root, 'assets', 'app-def456.js.gz'), gzipSync(bundle));
  writeFileSync(path.join(root, 'assets', 'app-def456.js.map'), '{"version":3}');
  writeFileSync(path.join(root, 'assets', '.hidden'), 'secret');
  writeFileSync(path.join(root, '.env'), 'SECRET=1');
  writeFileSync(path.join(root, 'index.html.gz'), gzipSync('<!doctype html><title>Credits</title><div id="root"></div>'));
  // These requests never reach the store; a store that throws proves it.
  const store = new Proxy({} as Store, { get: () => () => Promise.reject(new Error('store not expected')) });
  /** The production app serving `root`, with `settings` over the defaults. */
  const serving = (settings: Parameters<typeof testSettings>[0] = {}) =>
    compose({
      store,
      whop: createWhopClient({ apiKey: 'k', companyId: 'biz', apiBaseUrl: 'http://127.0.0.1:1', apiVersion: '2026-07-20', timeoutMs: 100 }),
      logger: silentLogger,
      appUrl: 'http://app.test',
      webhookSecret: WEBHOOK_SECRET,
      settings: testSettings({ enableTestEndpoints: false, enableDevSignIn: false, webRoot: root, ...settings }),
      sweeper: TEST_SWEEPER,
    });
  const components = serving();
  const { app } = components;
  /** How many answers the metrics counted as 5xx so far. */
  const fiveHundreds = async () => Number(/credits_http_requests_total\{[^}]*status_class="5xx"[^}]*\} (\d+)/.exec(await components.metrics.registry.metrics())?.[1] ?? 0);

  it.each(['/', '/payment/result?paymentId=x&status=success', '/history', '/signin'])('answers %s with the app, revalidated', async (url) => {
    const res = await request(app).get(url).set('Accept', 'text/html').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.text).toContain('<div id="root">');
  });

  it('serves hashed assets for a year and 404s missing ones as problems', async () => {
    const res = await request(app).get('/assets/index-abc123.js').expect(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const missing = await request(app).get('/assets/index-gone.js').expect(404);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  /** A GET whose body arrives as sent, compressed or not (no client decoding it on the way). */
  async function raw(url: string, headers: Record<string, string>): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const res = await new Promise<IncomingMessage>((resolve, reject) =>
        get(`http://127.0.0.1:${(server.address() as AddressInfo).port}${url}`, { headers }, resolve).on('error', reject),
      );
      const chunks: Buffer[] = [];
      for await (const chunk of res) chunks.push(chunk as Buffer);
      expect(res.statusCode).toBe(200);
      return { headers: res.headers, body: Buffer.concat(chunks) };
    } finally {
      server.close();
    }
  }

  it('sends the precompressed copy the client accepts, brotli first, and the file itself otherwise', async () => {
    const br = await raw('/assets/app-def456.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.body.length).toBeLessThan(bundle.length / 10);
    expect(brotliDecompressSync(br.body).toString()).toBe(bundle);

    const gz = await raw('/assets/app-def456.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(bundle);

    const plain = await raw('/assets/app-def456.js', {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(bundle);

    const page = await raw('/history', { accept: 'text/html', 'accept-encoding': 'gzip, br' });
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(gunzipSync(page.body).toString()).toContain('<div id="root">');
  });

  it('never serves source maps, the compressed copies by name, or anything outside the build', async () => {
    for (const url of [
      '/assets/app-def456.js.map',
      '/assets/app-def456.js.MAP',
      '/assets/app-def456.js.br',
      '/assets/app-def456.js.gz',
      '/assets/..%2f..%2fetc%2fpasswd',
      '/assets/%E0%A4%A',
      '/assets/%00',
      '/assets/.hidden',
    ]) {
      const res = await request(app).get(url).expect(404);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
  });

  it('answers a NUL or a dot-file at the root with the app, never a 500', async () => {
    for (const url of ['/%00', '/.env']) {
      const res = await request(app).get(url).set('Accept', 'text/html').expect(200);
      expect(res.text).toContain('<div id="root">');
    }
  });

  it('leaves API paths to the API', async () => {
    const res = await request(app).get('/api/unknown').set('Accept', 'text/html').expect(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    await request(app).get('/api/payment/packages').expect(200);
    await request(app).get('/api/dev').expect(404);
  });

  it('answers what anyone may send with a 4xx, never a 500, and counts no 5xx for it', async () => {
    const before = await fiveHundreds();
    const cases: Array<[string, Record<string, string>, number]> = [
      ['/index.html/x', { Accept: 'text/html' }, 200],
      ['/assets/index-abc123.js/x', {}, 404],
      [`/assets/${'a'.repeat(300)}.js`, {}, 404],
      [`/${'b'.repeat(300)}`, { Accept: 'text/html' }, 200],
      ['/assets/index-abc123.js', { Range: 'bytes=999999-' }, 416],
      ['/assets/index-abc123.js', { 'If-Match': '"not-this-one"' }, 412],
      ['/api/payment/%E0%A4%A', { Authorization: 'Bearer x' }, 400],
    ];
    for (const [url, headers, status] of cases) {
      const res = await request(app).get(url).set(headers).expect(status);
      if (status >= 400) expect({ url, type: res.headers['content-type'] }).toEqual({ url, type: expect.stringMatching(/application\/problem\+json/) });
    }
    // A precompressed file refused: the problem is plain JSON, and not cached for a year like the file.
    const refused = await request(app).get('/assets/app-def456.js').set({ 'Accept-Encoding': 'br', 'If-Match': '"not-this-one"' }).expect(412);
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.headers['cache-control']).toBe('no-store');
    expect(refused.body).toMatchObject({ status: 412, code: 'precondition_failed' });
    expect(await fiveHundreds()).toBe(before);
  });

  it('answers random and hostile paths, methods and headers outside the API with a 4xx or the file, never a 500', async () => {
    const before = await fiveHundreds();
    const segment = fc.oneof(
      fc.constantFrom('index.html', 'assets', 'index-abc123.js', 'app-def456.js', 'app-def456.js.br', 'app-def456.js.map', '.env', '.hidden', '..', '.', '', '~'),
      fc.constantFrom('%2e%2e', '%2f', '%5c', '%00', '%E0%A4%A', '%', '%zz', '%C0%AE', '%FF', '%u002e', 'a'.repeat(300), 'b'.repeat(5_000)),
      fc.string().map(encodeURIComponent),
      fc.stringMatching(/^[\w.~!$&'()*+,;=:@%-]{0,40}$/),
    );
    const header = fc.stringMatching(/^[\x20-\x7e]{0,60}$/);
    const headers = fc.record(
      {
        Accept: fc.oneof(fc.constantFrom('text/html', '*/*', 'application/json', ''), header),
        'Accept-Encoding': fc.oneof(fc.constantFrom('gzip', 'br', 'gzip, deflate, br', 'identity;q=0', '*;q=0', 'br;q=x'), header),
        Range: fc.oneof(fc.constantFrom('bytes=0-0', 'bytes=999999-', 'bytes=-0', 'bytes=5-1', 'bytes=0-1,2-3,4-5', 'bytes=abc', 'lines=1-2'), header),
        'If-Match': fc.oneof(fc.constantFrom('*', '"x"', 'W/"x"'), header),
        'If-None-Match': fc.oneof(fc.constantFrom('*', '"x"', 'W/"x"'), header),
        'If-Modified-Since': fc.oneof(fc.constantFrom('Thu, 01 Jan 1970 00:00:00 GMT', 'Fri, 31 Dec 9999 23:59:59 GMT'), header),
        'If-Unmodified-Since': fc.oneof(fc.constantFrom('Thu, 01 Jan 1970 00:00:00 GMT', 'garbage'), header),
        'If-Range': fc.oneof(fc.constantFrom('"x"', 'Thu, 01 Jan 1970 00:00:00 GMT'), header),
        'Content-Type': header,
        'X-Forwarded-For': fc.oneof(fc.ipV4(), header),
        Host: fc.oneof(fc.constantFrom('app.test', 'evil.example', 'localhost:1'), header),
      },
      { requiredKeys: [] },
    );
    const method = fc.constantFrom('get', 'head', 'post', 'put', 'delete', 'patch', 'options');
    await fc.assert(
      fc.asyncProperty(
        method,
        fc.array(segment, { minLength: 1, maxLength: 4 }).filter((parts) => parts[0] !== 'api'),
        fc.option(fc.stringMatching(/^[\w=&%.-]{0,30}$/), { nil: undefined }),
        headers,
        async (verb, parts, query, sent) => {
          const url = `/${parts.join('/')}${query === undefined ? '' : `?${query}`}`;
          const res = await request(app)[verb](url).set(sent);
          if (res.status >= 500) throw new Error(`${verb.toUpperCase()} ${url} ${JSON.stringify(sent)} answered ${res.status}`);
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 800) },
    );
    expect(await fiveHundreds()).toBe(before);
  });

  it('limits file requests per IP too', async () => {
    const limited = serving({ rateLimits: { perUser: 10, rechecksPerUser: 10, perIp: 2 } }).app;
    for (let i = 0; i < 10; i++) await request(limited).get('/assets/index-abc123.js').expect(200);
    const refused = await request(limited).get('/assets/index-abc123.js').expect(429);
    expect(refused.headers['retry-after']).toBe('60');
  });

  it('lets the page show a brand logo from another origin, and nothing else from there', async () => {
    const branded = serving({ imageOrigins: ['https://cdn.example.com'] }).app;
    const csp = (await request(branded).get('/').set('Accept', 'text/html').expect(200)).headers['content-security-policy'] as string;
    expect(csp).toMatch(/img-src 'self' data: https:\/\/cdn\.example\.com/);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
  });
});
