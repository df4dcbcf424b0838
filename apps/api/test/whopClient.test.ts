import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSimulator, TEST_CARDS, type RunningSimulator } from '@credits/whop-sim';
import type { CheckoutConfigurationCreateParams } from '@whop/sdk/resources/checkout-configurations';
import { checkoutConfigurationBody } from '../src/config/whop';
import { createWhopClient, dashboardUrl, hostedCheckoutUrl, WhopApiError } from '../src/whop/client';
import { seedPack } from './support/packs';

const order = (orderId: string) => ({ orderId, userId: 'alice', pack: seedPack('premium'), redirectUrl: `http://app.test/payment/result?paymentId=${orderId}` });
const noSleep = () => Promise.resolve();

describe('Whop client', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, webhookSecret: 'ws_client_test_secret_000000000000', apiKey: 'key_1' });
  });
  afterAll(() => sim.close());

  const client = (version = '2026-07-20', apiKey = 'key_1') =>
    createWhopClient({ apiKey, companyId: 'biz_Client', apiBaseUrl: sim.apiBaseUrl, apiVersion: version, timeoutMs: 2_000 }, noSleep);

  it('creates one checkout configuration per order: the order id is the Idempotency-Key', async () => {
    const first = await client().createCheckoutConfiguration(order('order-a'));
    const again = await client().createCheckoutConfiguration(order('order-a'));
    const other = await client().createCheckoutConfiguration(order('order-b'));
    expect(again).toEqual(first);
    expect(other.id).not.toBe(first.id);
    expect(sim.engine.configs.get(first.id)).toMatchObject({
      companyId: 'biz_Client',
      priceCents: 10_000,
      currency: 'usd',
      metadata: { payment_id: 'order-a', user_id: 'alice', package_id: 'premium' },
      redirectUrl: 'http://app.test/payment/result?paymentId=order-a',
    });
  });

  it('sends, at the default version, a body of the shape the official SDK types describe', () => {
    const body: CheckoutConfigurationCreateParams = checkoutConfigurationBody({ companyId: 'biz_Client', apiVersion: '2026-07-20' }, order('order-typed'));
    expect(body).toEqual({
      account_id: 'biz_Client',
      mode: 'payment',
      plan: { plan_type: 'one_time', initial_price: 100, currency: 'usd', title: 'Premium · 15,000 credits', visibility: 'hidden' },
      metadata: { payment_id: 'order-typed', user_id: 'alice', package_id: 'premium' },
      redirect_url: 'http://app.test/payment/result?paymentId=order-typed',
    });
  });

  it('puts the company in the plan for versions before account_id', async () => {
    const created = await client('2025-01-01').createCheckoutConfiguration(order('order-legacy'));
    expect(sim.engine.config(created.id).companyId).toBe('biz_Client');
  });

  it('retrieves and lists payments, normalised to cents', async () => {
    const created = await client().createCheckoutConfiguration(order('order-pay'));
    await sim.pay(created.id, TEST_CARDS.decline);
    const { payment } = await sim.pay(created.id, TEST_CARDS.success);
    const fetched = await client().retrievePayment(payment.id);
    expect(fetched).toMatchObject({
      id: payment.id,
      status: 'paid',
      currency: 'usd',
      totalCents: 10_000,
      netCents: 10_000,
      checkoutConfigurationId: created.id,
      metadata: { payment_id: 'order-pay' },
    });
    const listed = await client().listPaymentsForCheckout(created.id);
    expect(listed.map((p) => ('item' in p ? p.item.status : null)).sort()).toEqual(['open', 'paid']);
    const native = await client('2026-09-02-1').retrievePayment(payment.id);
    expect(native.totalCents).toBe(10_000);
  });

  it('does not retry a 401 and reports it', async () => {
    await expect(client('2026-07-20', 'wrong').createCheckoutConfiguration(order('order-401'))).rejects.toMatchObject({ status: 401, timeout: false });
  });

  it.each([
    [429, 500],
    [409, 429],
  ])('sends the version, the key and the idempotency key, and retries %i then %i (409: the same key still running at Whop)', async (...statuses) => {
    const seen: IncomingHttpHeaders[] = [];
    const answers = [...statuses];
    const server = createServer((req, res) => {
      seen.push(req.headers);
      req.resume();
      const status = answers.shift();
      if (status) return void res.writeHead(status, { 'content-type': 'application/json' }).end('{"error":{"type":"rate_limit_exceeded","message":"slow down"}}');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'ch_Retried', purchase_url: 'https://whop.test/checkout/plan_x/?session=ch_Retried' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const c = createWhopClient(
        { apiKey: 'key_x', companyId: 'biz_X', apiBaseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`, apiVersion: '2026-07-20', timeoutMs: 2_000 },
        noSleep,
      );
      expect(await c.createCheckoutConfiguration(order('order-retry'))).toEqual({ id: 'ch_Retried', purchaseUrl: 'https://whop.test/checkout/plan_x/?session=ch_Retried' });
      expect(seen).toHaveLength(3);
      for (const h of seen) expect(h).toMatchObject({ authorization: 'Bearer key_x', 'api-version-date': '2026-07-20', 'idempotency-key': 'order-retry' });
    } finally {
      server.close();
    }
  });

  it('builds Whop’s hosted-checkout URL when a response leaves purchase_url out', async () => {
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'ch_NoUrl', account_id: 'biz_X', plan: { id: 'plan_NoUrl' } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const c = createWhopClient({ apiKey: 'k', companyId: 'biz_X', apiBaseUrl: `http://127.0.0.1:${port}/api/v1`, apiVersion: '2026-07-20', timeoutMs: 2_000 }, noSleep);
      expect(await c.createCheckoutConfiguration(order('order-no-url'))).toEqual({ id: 'ch_NoUrl', purchaseUrl: `http://127.0.0.1:${port}/checkout/plan_NoUrl/?session=ch_NoUrl` });
      expect(hostedCheckoutUrl('https://api.whop.com/api/v1', 'plan_a', 'ch_b')).toBe('https://whop.com/checkout/plan_a/?session=ch_b');
      expect(hostedCheckoutUrl('https://sandbox-api.whop.com/api/v1', 'plan_a', 'ch_b')).toBe('https://sandbox.whop.com/checkout/plan_a/?session=ch_b');
      // The account's dashboard, on the same site (Whop's docs name `whop.com/dashboard/<biz_…>/`).
      expect(dashboardUrl('https://api.whop.com/api/v1', 'biz_a')).toBe('https://whop.com/dashboard/biz_a/');
      expect(dashboardUrl('https://sandbox-api.whop.com/api/v1', 'biz_a')).toBe('https://sandbox.whop.com/dashboard/biz_a/');
    } finally {
      server.close();
    }
  });

  it('lists with the parameters of its version: plural filters before 2026-09-02-1, singular from it', async () => {
    const created = await client('2026-09-02-1').createCheckoutConfiguration(order('order-native-list'));
    await sim.pay(created.id, TEST_CARDS.success);
    expect((await client('2026-09-02-1').listPaymentsForCheckout(created.id)).map((p) => ('item' in p ? p.item.status : null))).toEqual(['paid']);
    expect((await client('2025-01-01').listPaymentsForCheckout(created.id)).map((p) => ('item' in p ? p.item.status : null))).toEqual(['paid']);
  });

  it('gives up after two retries', async () => {
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(502).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const c = createWhopClient(
        { apiKey: 'k', companyId: 'biz_X', apiBaseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, apiVersion: '2026-07-20', timeoutMs: 2_000 },
        noSleep,
      );
      const error = await c.retrievePayment('pay_x').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WhopApiError);
      expect((error as WhopApiError).status).toBe(502);
    } finally {
      server.close();
    }
  });
});
