import { once } from 'node:events';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { get, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
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
  const { app } = compose({
    store,
    whop: createWhopClient({ apiKey: 'k', companyId: 'biz', apiBaseUrl: 'http://127.0.0.1:1', apiVersion: '2026-07-20', timeoutMs: 100 }),
    logger: silentLogger,
    appUrl: 'http://app.test',
    webhookSecret: WEBHOOK_SECRET,
    settings: testSettings({ enableTestEndpoints: false, enableDevSignIn: false, webRoot: root }),
    sweeper: TEST_SWEEPER,
  });

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
});
