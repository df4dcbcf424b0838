import request from 'supertest';
import { Webhook } from 'standardwebhooks';
import { startSimulator, TEST_CARDS, type RunningSimulator } from '../src';
import { startReceiver, type Received } from './support/receiver';

const SECRET = 'ws_simulator_test_secret_0123456789abcdef';
const KEY = 'Bearer sim_key';

function checkoutBody(overrides: Record<string, unknown> = {}) {
  return {
    account_id: 'biz_Sim',
    plan: { plan_type: 'one_time', initial_price: 10, currency: 'usd' },
    metadata: { payment_id: 'order-1' },
    redirect_url: 'http://app.test/payment/result?paymentId=order-1',
    ...overrides,
  };
}

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('Whop simulator API', () => {
  let sim: RunningSimulator;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let received: Received[];
  let answer = 200;

  beforeAll(async () => {
    receiver = await startReceiver(() => answer);
    received = receiver.received;
    sim = await startSimulator({ port: 0, webhookSecret: SECRET, apiKey: 'sim_key', webhookUrl: receiver.url, retryScheduleMs: [20, 20] });
  });
  afterAll(async () => {
    await sim.close();
    await receiver.close();
  });
  beforeEach(() => {
    received.length = 0;
    answer = 200;
  });

  const api = () => request(sim.url);

  it('refuses a missing or wrong API key with Whop’s error body', async () => {
    const none = await api().post('/api/v1/checkout_configurations').send(checkoutBody()).expect(401);
    expect(none.body).toEqual({ error: { type: 'unauthorized', code: 'unauthorized', message: 'Invalid or missing API key', param: null } });
    await api().get('/api/v1/payments').set('Authorization', 'Bearer other').expect(401);
  });

  it('creates a checkout configuration whose purchase_url is its own checkout page', async () => {
    const res = await api().post('/api/v1/checkout_configurations').set('Authorization', KEY).set('Api-Version-Date', '2026-07-20').send(checkoutBody()).expect(200);
    expect(res.body).toMatchObject({
      account_id: 'biz_Sim',
      mode: 'payment',
      metadata: { payment_id: 'order-1' },
      plan: { plan_type: 'one_time', initial_price: 10, currency: 'usd' },
    });
    expect(res.body.id).toMatch(/^ch_[A-Za-z0-9]{14}$/);
    expect(res.body.purchase_url).toBe(`${sim.url}/checkout/${res.body.plan.id}/?session=${res.body.id}`);
    expect(typeof res.body.created_at).toBe('string');
  });

  it('answers in the legacy shape without a version header', async () => {
    const res = await api()
      .post('/api/v1/checkout_configurations')
      .set('Authorization', KEY)
      .send(checkoutBody({ account_id: undefined, plan: { company_id: 'biz_Sim', plan_type: 'one_time', initial_price: 1, currency: 'usd' } }))
      .expect(200);
    expect(res.body.company_id).toBe('biz_Sim');
    expect(res.body.account_id).toBeUndefined();
    expect(typeof res.body.created_at).toBe('number');
  });

  it('replays an Idempotency-Key with the same body and refuses it with another', async () => {
    const key = `idem-${Date.now()}`;
    const first = await api().post('/api/v1/checkout_configurations').set('Authorization', KEY).set('Idempotency-Key', key).send(checkoutBody()).expect(200);
    const replay = await api().post('/api/v1/checkout_configurations').set('Authorization', KEY).set('Idempotency-Key', key).send(checkoutBody()).expect(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    const other = await api()
      .post('/api/v1/checkout_configurations')
      .set('Authorization', KEY)
      .set('Idempotency-Key', key)
      .send(checkoutBody({ metadata: { payment_id: 'order-2' } }))
      .expect(400);
    expect(other.body.error).toMatchObject({ type: 'invalid_request_error', code: 'idempotency_key_reused' });
  });

  it.each([
    ['a non-positive price', { plan: { plan_type: 'one_time', initial_price: 0 } }],
    ['a renewal plan', { plan: { plan_type: 'renewal', initial_price: 10 } }],
  ])('refuses %s with 400', async (_what, overrides) => {
    const res = await api().post('/api/v1/checkout_configurations').set('Authorization', KEY).send(checkoutBody(overrides)).expect(400);
    expect(res.body.error.type).toBe('invalid_request_error');
  });

  async function newCheckout(version = '2026-07-20', price = 10) {
    const res = await api()
      .post('/api/v1/checkout_configurations')
      .set('Authorization', KEY)
      .set('Api-Version-Date', version)
      .send(checkoutBody({ plan: { plan_type: 'one_time', initial_price: price, currency: 'usd' } }));
    return res.body as { id: string };
  }

  it('pays with 4242…, delivering payment.created then payment.succeeded, signed with the raw ws_ secret', async () => {
    const checkout = await newCheckout();
    const paid = await api().post(`/_sim/checkout_configurations/${checkout.id}/pay`).send({ card: '4242 4242 4242 4242' }).expect(201);
    expect(paid.body.payment).toMatchObject({
      status: 'paid',
      substatus: 'succeeded',
      total: 10,
      currency: 'usd',
      checkout_configuration_id: checkout.id,
      metadata: { payment_id: 'order-1' },
    });
    expect(received.map((r) => JSON.parse(r.body).type)).toEqual(['payment.created', 'payment.succeeded']);
    const verifier = new Webhook(Buffer.from(SECRET).toString('base64'));
    for (const r of received) {
      const event = verifier.verify(r.body, r.headers as Record<string, string>) as { id: string; api_version: string; company_id: string };
      expect(event.id).toBe(r.headers['webhook-id']);
      expect(event).toMatchObject({ api_version: 'v1', company_id: 'biz_Sim' });
    }
  });

  it('declines 4000…0002 with payment.failed, and refuses other cards', async () => {
    const checkout = await newCheckout();
    const declined = await api().post(`/_sim/checkout_configurations/${checkout.id}/pay`).send({ card: TEST_CARDS.decline }).expect(201);
    expect(declined.body.payment).toMatchObject({ status: 'open', substatus: 'failed', failure_message: expect.any(String) });
    expect(received.map((r) => JSON.parse(r.body).type)).toEqual(['payment.created', 'payment.failed']);
    await api().post(`/_sim/checkout_configurations/${checkout.id}/pay`).send({ card: '1234' }).expect(400);
    await api().post('/_sim/checkout_configurations/ch_missing/pay').send({ card: TEST_CARDS.success }).expect(404);
  });

  it('retries a failed delivery with the same webhook-id and body, signing each attempt', async () => {
    answer = 500;
    const checkout = await newCheckout();
    await sim.pay(checkout.id, TEST_CARDS.success);
    await waitFor(() => sim.deliverer.list().some((d) => d.type === 'payment.succeeded' && d.state === 'failed'));
    const succeeded = received.filter((r) => JSON.parse(r.body).type === 'payment.succeeded');
    expect(succeeded).toHaveLength(3);
    expect(new Set(succeeded.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(new Set(succeeded.map((r) => r.body)).size).toBe(1);
    const verifier = new Webhook(Buffer.from(SECRET).toString('base64'));
    for (const r of succeeded) expect(() => verifier.verify(r.body, r.headers as Record<string, string>)).not.toThrow();
    const delivery = sim.deliverer.list().find((d) => d.id === succeeded[0]!.headers['webhook-id']);
    expect(delivery).toMatchObject({ state: 'failed' });
    expect(delivery!.attempts.map((a) => a.status)).toEqual([500, 500, 500]);
  });

  it('shapes events by the webhook endpoint’s pinned version, not the version a checkout was created with', async () => {
    const succeeded = () => JSON.parse(received.find((r) => JSON.parse(r.body).type === 'payment.succeeded')!.body);
    // Unpinned: the original shape, exactly the envelope the SDK declares, whatever the checkout's version.
    const checkout = await newCheckout('2026-09-02-1', 100);
    await sim.pay(checkout.id, TEST_CARDS.success);
    const legacy = succeeded();
    expect(Object.keys(legacy).sort()).toEqual(['api_version', 'company_id', 'data', 'id', 'timestamp', 'type']);
    expect(legacy.data.total).toBe(100);

    received.length = 0;
    const pinned = await startSimulator({ port: 0, webhookSecret: SECRET, apiKey: 'sim_key', webhookUrl: receiver.url, retryScheduleMs: [], webhookVersion: '2026-09-02-1' });
    try {
      const old = await request(pinned.url)
        .post('/api/v1/checkout_configurations')
        .set('Authorization', KEY)
        .send(checkoutBody({ plan: { plan_type: 'one_time', initial_price: 100, currency: 'usd' } }));
      await pinned.pay(old.body.id, TEST_CARDS.success);
      const event = succeeded();
      expect(event).toMatchObject({ account_id: 'biz_Sim', api_version_date: '2026-09-02-1' });
      expect(event.company_id).toBeUndefined();
      expect(event.data.total).toEqual({ amount: '100.00', currency: 'usd', decimals: 2, display_decimals: 2 });
    } finally {
      await pinned.close();
    }
    await expect(startSimulator({ port: 0, webhookSecret: SECRET, webhookVersion: '2026-13-01' })).rejects.toThrow(/not one Whop answers to/);
  });

  it('retrieves a payment and lists payments by checkout with cursor paging', async () => {
    const checkout = await newCheckout();
    for (let i = 0; i < 3; i++) await sim.pay(checkout.id, i === 0 ? TEST_CARDS.decline : TEST_CARDS.success);
    const one = sim.engine.payments.find((p) => p.checkoutId === checkout.id)!;
    const got = await api().get(`/api/v1/payments/${one.id}`).set('Authorization', KEY).expect(200);
    expect(got.body).toMatchObject({ id: one.id, checkout_configuration_id: checkout.id });
    await api().get('/api/v1/payments/pay_missing').set('Authorization', KEY).expect(404);

    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await api()
        .get('/api/v1/payments')
        .set('Authorization', KEY)
        .query({ 'checkout_configuration_ids[]': checkout.id, first: 2, ...(after ? { after } : {}) })
        .expect(200);
      seen.push(...page.body.data.map((p: { id: string }) => p.id));
      after = page.body.page_info.end_cursor ?? undefined;
    } while (after);
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
    const paidOnly = await api().get('/api/v1/payments').set('Authorization', KEY).query({ 'checkout_configuration_ids[]': checkout.id, 'statuses[]': 'paid' }).expect(200);
    expect(paidOnly.body.data).toHaveLength(2);
  });

  it('lists deliveries with their state and attempts, without bodies', async () => {
    const checkout = await newCheckout();
    const { deliveries } = await sim.pay(checkout.id, TEST_CARDS.success);
    const res = await api().get('/_sim/deliveries').expect(200);
    const listed = res.body.deliveries.filter((d: { id: string }) => deliveries.some((x) => x.id === d.id));
    expect(listed).toEqual([
      expect.objectContaining({ type: 'payment.created', state: 'delivered', attempts: [expect.objectContaining({ status: 200 })] }),
      expect.objectContaining({ type: 'payment.succeeded', state: 'delivered', attempts: [expect.objectContaining({ status: 200 })] }),
    ]);
    expect(listed[0].body).toBeUndefined();
  });
});
