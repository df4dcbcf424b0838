import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { Currency } from '@whop/sdk/resources/shared';
import { TEST_CARDS } from '@credits/whop-sim';
import { CATALOG_CURRENCIES, paymentSchema, type CatalogFile } from '@credits/shared';
import { parseCatalog } from '../src/config/catalog';
import { ConfigError, loadConfig } from '../src/config/env';
import { compose } from '../src/compose';
import { testDatabases } from './support/databases';
import { APP_URL, COMPANY_ID, testSettings, TEST_SWEEPER, useHarness, WEBHOOK_SECRET } from './support/harness';
import { silentLogger } from './support/logger';
import { createWhopClient } from '../src/whop/client';

// Every currency a pack may be priced in is one Whop's checkout takes: the compiler holds the list to @whop/sdk.
const _heldToWhop: readonly Currency[] = CATALOG_CURRENCIES;

const EURO_CATALOG = {
  packs: [
    { id: 'small', credits: 500, priceCents: 499, currency: 'eur', names: { en: 'Small', 'zh-CN': '小包' } },
    { id: 'big', credits: 5_000, bonusCredits: 1_000, priceCents: 3_999, currency: 'eur', names: { en: 'Big', 'zh-CN': '大包' } },
  ],
} satisfies CatalogFile;

function catalogFile(text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'catalog-')), 'catalog.json');
  writeFileSync(file, text);
  return file;
}

describe('CREDITS_CATALOG', () => {
  it('sells the seed’s three packs when unset, and the file’s packs when set', () => {
    expect(loadConfig({}).packages.map((p) => p.id)).toEqual(['basic', 'standard', 'premium']);
    const packages = loadConfig({ CREDITS_CATALOG: catalogFile(JSON.stringify(EURO_CATALOG, null, 2)) }).packages;
    expect(packages).toEqual([
      { ...EURO_CATALOG.packs[0], bonusCredits: 0, totalCredits: 500 },
      { ...EURO_CATALOG.packs[1], totalCredits: 6_000 },
    ]);
  });

  it('refuses a file with a mistake, naming the file and the line of each', () => {
    const text = JSON.stringify({ packs: [EURO_CATALOG.packs[0], { ...EURO_CATALOG.packs[1], id: 'small', priceCents: 10, currency: 'usd' }] }, null, 2);
    const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    const file = catalogFile(text);
    let message = '';
    try {
      loadConfig({ CREDITS_CATALOG: file });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message).toContain('CREDITS_CATALOG is not a catalog this shop can sell from');
    const secondPack = text.indexOf('"id": "small"', text.indexOf('"id": "small"') + 1);
    const secondIdLine = text.slice(0, secondPack).split('\n').length;
    expect(message).toContain(`${file}:${secondIdLine} (packs.1.id): the id "small" is used twice`);
    expect(message).toContain(`${file}:${lineOf('"priceCents": 10,')} (packs.1.priceCents): a price is at least 50 cents`);
    expect(message).toContain(`${file}:${lineOf('"currency": "usd"')} (packs.1.currency): every pack is priced in one currency (the first is eur)`);
  });

  it('refuses a file that is not JSON, a key the catalog does not know, and a file it cannot read, with where', () => {
    expect(() => parseCatalog('{\n  "packs": [\n    { "id": "a", },\n  ]\n}', 'c.json')).toThrow(/^c\.json:3: not JSON \(PropertyNameExpected\)/);
    expect(() => parseCatalog('{\n  // packs\n  "packs": []\n}', 'c.json')).toThrow(/^c\.json:2: not JSON \(InvalidCommentToken\)/);
    expect(() => parseCatalog('', 'c.json')).toThrow(/^c\.json:1: not JSON/);
    const unknownKey = JSON.stringify({ packs: [{ ...EURO_CATALOG.packs[0], price: 4.99 }] }, null, 2);
    expect(() => parseCatalog(unknownKey, 'c.json')).toThrow(`c.json:3 (packs.0): Unrecognized key: "price"`);
    const noPacks = '{\n  "shop": "x"\n}';
    expect(() => parseCatalog(noPacks, 'c.json')).toThrow(/c\.json:1: Unrecognized key: "shop"/);
    expect(() => loadConfig({ CREDITS_CATALOG: '/nonexistent/catalog.json' })).toThrow(/\/nonexistent\/catalog\.json: cannot be read \(ENOENT\)/);
  });
});

describe.each(testDatabases)('a host’s catalog, on $name', (database) => {
  const packages = loadConfig({ CREDITS_CATALOG: catalogFile(JSON.stringify(EURO_CATALOG)) }).packages;
  const { h, user } = useHarness(database, { packages });

  it('lists its packs, sells them at its price and currency with their names on Whop’s checkout, and credits what the pack grants', async () => {
    const listed = await h.api.get('/api/payment/packages').expect(200);
    expect(listed.body.packages.map((p: { id: string; names: { en: string } }) => [p.id, p.names.en])).toEqual([
      ['small', 'Small'],
      ['big', 'Big'],
    ]);
    const alice = user();
    const created = await h.api.post('/api/payment/create').set(h.auth(alice)).send({ packageId: 'big', locale: 'zh-CN' }).expect(201);
    const order = paymentSchema.parse(created.body.payment);
    expect(order).toMatchObject({ packageId: 'big', packNames: { en: 'Big', 'zh-CN': '大包' }, credits: 6_000, amountCents: 3_999, currency: 'eur' });
    const config = h.sim.engine.config(order.whopCheckoutId!);
    expect(config).toMatchObject({ priceCents: 3_999, currency: 'eur', productTitle: '大包 · 6,000 积分' });
    await h.sim.pay(order.whopCheckoutId!, TEST_CARDS.success);
    expect((await h.store.orders.find({ id: order.id }))!.status).toBe('completed');
    expect(await h.store.ledger.balance(alice)).toBe(6_000);
    const stats = await h.api.get('/api/admin/stats').set(h.operator()).expect(200);
    expect(stats.body.currency).toBe('eur');
    expect(Object.keys(stats.body.byPack)).toEqual(expect.arrayContaining(['small', 'big']));
  });

  it('refuses a pack it does not sell with a 400 problem, and opens no order', async () => {
    const alice = user();
    const res = await h.api.post('/api/payment/create').set(h.auth(alice)).send({ packageId: 'basic' }).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.detail).toBe('No pack "basic" is on sale.');
    expect((await h.api.get('/api/payment/user/history').set(h.auth(alice)).expect(200)).body.payments).toEqual([]);
  });

  it('keeps an order as bought when the catalog changes: its names, credits and price, and pays what it promised', async () => {
    const alice = user();
    const created = await h.api.post('/api/payment/create').set(h.auth(alice)).send({ packageId: 'small' }).expect(201);
    const order = paymentSchema.parse(created.body.payment);
    // The shop renames and reprices the pack; the same store now serves the new catalog.
    const renamed = parseCatalog(JSON.stringify({ packs: [{ ...EURO_CATALOG.packs[0], credits: 50, priceCents: 999, names: { en: 'Tiny', 'zh-CN': '迷你包' } }] }), 'new.json');
    const next = compose({
      store: h.store,
      whop: createWhopClient({ apiKey: 'test_api_key', companyId: COMPANY_ID, apiBaseUrl: h.sim.apiBaseUrl, apiVersion: '2026-07-20', timeoutMs: 5_000 }),
      logger: silentLogger,
      appUrl: APP_URL,
      webhookSecret: WEBHOOK_SECRET,
      settings: testSettings(),
      sweeper: TEST_SWEEPER,
      packages: renamed,
    });
    const api = request(next.app);
    expect((await api.get('/api/payment/packages').expect(200)).body.packages[0]).toMatchObject({ names: { en: 'Tiny' }, totalCredits: 50 });
    await h.sim.pay(order.whopCheckoutId!, TEST_CARDS.success);
    const read = paymentSchema.parse((await api.get(`/api/payment/${order.id}`).set(h.auth(alice)).expect(200)).body.payment);
    expect(read).toMatchObject({ status: 'completed', packNames: { en: 'Small', 'zh-CN': '小包' }, credits: 500, amountCents: 499, currency: 'eur' });
    expect(await h.store.ledger.balance(alice)).toBe(500);
  });
});

describe('the catalog in docs/integration.md', () => {
  it('is a catalog the service starts with, as written there', () => {
    const doc = readFileSync(path.join(__dirname, '../../../docs/integration.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Your catalog'));
    const example = /```json\n([\s\S]*?)```/.exec(section)![1]!;
    const packages = loadConfig({ CREDITS_CATALOG: catalogFile(example) }).packages;
    expect(packages.map((p) => [p.id, p.totalCredits, p.priceCents, p.currency])).toEqual([
      ['try', 200, 299, 'eur'],
      ['writer', 2_200, 1_999, 'eur'],
      ['studio', 12_500, 7_999, 'eur'],
    ]);
    expect(section).toContain('`Writer · 2,200 credits`');
  });
});
