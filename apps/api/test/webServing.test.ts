import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { compose } from '../src/compose';
import { silentLogger } from './support/logger';
import type { Store } from '../src/store/ports';
import { createWhopClient } from '../src/whop/client';
import { TEST_SWEEPER, WEBHOOK_SECRET, testSettings } from './support/harness';

describe('serving the web app', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'web-'));
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Credits</title><div id="root"></div>');
  writeFileSync(path.join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
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

  it('leaves API paths to the API', async () => {
    const res = await request(app).get('/api/unknown').set('Accept', 'text/html').expect(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    await request(app).get('/api/payment/packages').expect(200);
    await request(app).get('/api/dev').expect(404);
  });
});
