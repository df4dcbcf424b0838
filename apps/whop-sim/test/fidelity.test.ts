import request from 'supertest';
import { startSimulator, TEST_CARDS, WHOP_SHORT_RETRY_SCHEDULE_MS, type RunningSimulator } from '../src';
import { startReceiver, type Received } from './support/receiver';

/** The simulator as harsh as Whop: versions, filters, deletions, refunds that take time, disputes on every path. */
const SECRET = 'ws_fidelity_test_secret_0123456789abcdef';
const KEY = 'Bearer fidelity_key';
const VERSION = '2026-07-20';

describe('Whop simulator fidelity', () => {
  let sim: RunningSimulator;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let received: Received[];

  beforeAll(async () => {
    receiver = await startReceiver(() => 200);
    received = receiver.received;
    sim = await startSimulator({ port: 0, webhookSecret: SECRET, apiKey: 'fidelity_key', webhookUrl: receiver.url, accountId: 'biz_Fidelity', retryScheduleMs: [] });
  });
  afterAll(async () => {
    await sim.close();
    await receiver.close();
  });
  beforeEach(() => {
    received.length = 0;
  });

  const api = (version: string | null = VERSION) => {
    const agent = request(sim.url);
    const withHeaders = <T extends { set(name: string, value: string): T }>(r: T) =>
      version ? r.set('Authorization', KEY).set('Api-Version-Date', version) : r.set('Authorization', KEY);
    return {
      get: (path: string) => withHeaders(agent.get(`/api/v1${path}`)),
      post: (path: string) => withHeaders(agent.post(`/api/v1${path}`)),
      delete: (path: string) => withHeaders(agent.delete(`/api/v1${path}`)),
    };
  };
  const events = (type: string) => received.map((r) => JSON.parse(r.body)).filter((e) => e.type === type);
  const waitFor = async (condition: () => boolean) => {
    for (const deadline = Date.now() + 5_000; !condition();) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  async function paidPayment(price = 10) {
    const config = (
      await api()
        .post('/checkout_configurations')
        .send({ plan: { plan_type: 'one_time', initial_price: price, currency: 'usd' } })
        .expect(200)
    ).body;
    const { payment } = await sim.pay(config.id, TEST_CARDS.success);
    await sim.deliverer.idle();
    received.length = 0;
    return { config, payment };
  }

  it('refuses an Api-Version-Date Whop does not know, listing the ones it does', async () => {
    const res = await api('2026-13-45').get('/payments').expect(400);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', param: 'Api-Version-Date' });
    expect(res.body.error.message).toContain('2026-07-20');
  });

  it('takes the account from the key when none is named, and sells an existing plan by plan_id', async () => {
    const first = (
      await api()
        .post('/checkout_configurations')
        .send({ plan: { plan_type: 'one_time', initial_price: 1 } })
        .expect(200)
    ).body;
    expect(first.account_id).toBe('biz_Fidelity');
    const again = (
      await api()
        .post('/checkout_configurations')
        .send({ plan_id: first.plan.id, metadata: { payment_id: 'order-plan' } })
        .expect(200)
    ).body;
    expect(again).toMatchObject({ plan: { id: first.plan.id, initial_price: 1 }, metadata: { payment_id: 'order-plan' } });
    await api().post('/checkout_configurations').send({ plan_id: 'plan_nope' }).expect(400);
  });

  it('lists, retrieves and deletes checkout configurations; a deleted one cannot be paid, on the page or otherwise', async () => {
    const config = (
      await api()
        .post('/checkout_configurations')
        .send({ plan: { plan_type: 'one_time', initial_price: 2 }, redirect_url: 'https://shop.example/payment/result?paymentId=o_1' })
        .expect(200)
    ).body;
    // The page is never served from the browser's cache, so Back after paying asks again.
    const open = await request(sim.url)
      .get(new URL(config.purchase_url).pathname + new URL(config.purchase_url).search)
      .expect(200);
    expect(open.headers['cache-control']).toBe('no-store');
    expect(open.text).not.toMatch(/expiry|CVC/i);
    const listed = await api().get('/checkout_configurations').query({ account_id: 'biz_Fidelity', plan_id: config.plan.id }).expect(200);
    expect(listed.body.data.map((c: { id: string }) => c.id)).toEqual([config.id]);
    await api().delete(`/checkout_configurations/${config.id}`).expect(204);
    await api().get(`/checkout_configurations/${config.id}`).expect(404);
    await api('2026-07-22').delete(`/checkout_configurations/${config.id}`).expect(404);
    const page = await request(sim.url)
      .get(new URL(config.purchase_url).pathname + new URL(config.purchase_url).search)
      .expect(410);
    expect(page.text).toContain('no longer available');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('<a href="https://shop.example/payment/result?paymentId=o_1">Return to the shop to see your order</a>');
    await expect(sim.pay(config.id, TEST_CARDS.success)).rejects.toMatchObject({ status: 410 });
    const forced = await request(sim.url).post(`/_sim/checkout_configurations/${config.id}/pay`).send({ card: TEST_CARDS.success, force: true }).expect(201);
    expect(forced.body.payment).toMatchObject({ status: 'paid', checkout_configuration_id: config.id });
    const other = (
      await api()
        .post('/checkout_configurations')
        .send({ plan: { plan_type: 'one_time', initial_price: 2 } })
        .expect(200)
    ).body;
    expect((await api('2026-07-22').delete(`/checkout_configurations/${other.id}`).expect(200)).body).toEqual({ id: other.id, deleted: true });
  });

  it('applies every list filter it accepts and refuses the rest', async () => {
    const { config, payment } = await paidPayment();
    const byCheckout = await api().get('/payments').query({ 'checkout_configuration_ids[]': config.id, 'substatuses[]': 'succeeded', company_id: 'biz_Fidelity' }).expect(200);
    expect(byCheckout.body.data.map((p: { id: string }) => p.id)).toEqual([payment.id]);
    const later = new Date(Date.now() + 60_000).toISOString();
    expect((await api().get('/payments').query({ 'checkout_configuration_ids[]': config.id, updated_after: later }).expect(200)).body.data).toEqual([]);
    await api().get('/payments').query({ query: 'buyer@example.com' }).expect(400);
    await api('2026-09-02-1').get('/payments').query({ 'statuses[]': 'paid' }).expect(400);
    const native = await api('2026-09-02-1').get('/payments').query({ checkout_configuration_id: config.id, status: 'paid' }).expect(200);
    expect(native.body.data).toHaveLength(1);
    await api().get('/disputes').expect(400);
    await api().get('/refunds').query({ user_id: 'user_x', payment_id: payment.id }).expect(400);
  });

  it('refunds start pending and end succeeded (refund.created, refund.updated), with the reduced payment inside', async () => {
    const { payment } = await paidPayment();
    await api().post(`/payments/${payment.id}/refund`).send({ partial_amount: 4 }).expect(200);
    await sim.deliverer.idle();
    expect(events('refund.created').map((e) => e.data.status)).toEqual(['pending']);
    expect(events('refund.updated').map((e) => e.data.status)).toEqual(['succeeded']);
    const embedded = events('refund.created')[0].data.payment;
    expect(embedded.id).toBe(payment.id);
    for (const absent of ['status', 'substatus', 'refunded_amount', 'checkout_configuration_id']) expect(embedded).not.toHaveProperty(absent);
    const listed = (await api().get('/refunds').query({ payment_id: payment.id }).expect(200)).body.data;
    expect(listed).toEqual([expect.objectContaining({ amount: 4, status: 'succeeded' })]);
    expect((await api().get(`/refunds/${listed[0].id}`).expect(200)).body).toMatchObject({ id: listed[0].id, status: 'succeeded' });
    expect((await api().get(`/payments/${payment.id}`).expect(200)).body).toMatchObject({ refunded_amount: 4, substatus: 'partially_refunded' });
  });

  it('lets a refund fail, or wait until settled by hand', async () => {
    const { config, payment } = await paidPayment();
    await request(sim.url).put(`/_sim/checkout_configurations/${config.id}/chaos`).send({ refundOutcome: 'pending' }).expect(200);
    await api().post(`/payments/${payment.id}/refund`).send({}).expect(200);
    const [refund] = (await api().get('/refunds').query({ payment_id: payment.id }).expect(200)).body.data;
    expect(refund.status).toBe('pending');
    await request(sim.url).post(`/_sim/refunds/${refund.id}/settle`).send({ status: 'failed' }).expect(200);
    await sim.deliverer.idle();
    expect(events('refund.updated').map((e) => e.data.status)).toEqual(['failed']);
    expect((await api().get(`/payments/${payment.id}`).expect(200)).body).toMatchObject({ refunded_amount: 0, substatus: 'succeeded' });
  });

  it.each([
    ['an inquiry that closes', 'inquiry', ['warning_under_review', 'warning_closed']],
    ['an inquiry that escalates and is lost', 'inquiry', ['needs_response', 'under_review', 'lost']],
    ['a chargeback won', 'chargeback', ['under_review', 'won']],
    ['a chargeback closed', 'chargeback', ['closed']],
    ['a chargeback ending as other', 'chargeback', ['under_review', 'other']],
  ])('walks a dispute: %s', async (_what, kind, path) => {
    const { payment } = await paidPayment();
    const opened = (await request(sim.url).post(`/_sim/payments/${payment.id}/disputes`).send({ kind }).expect(201)).body;
    for (const status of path as string[]) await request(sim.url).post(`/_sim/disputes/${opened.id}/status`).send({ status }).expect(200);
    await sim.deliverer.idle();
    expect(events('dispute_alert.created')).toHaveLength(kind === 'inquiry' ? 1 : 0);
    expect(events('dispute.created').map((e) => e.data.status)).toEqual([kind === 'inquiry' ? 'warning_needs_response' : 'needs_response']);
    expect(events('dispute.updated').map((e) => e.data.status)).toEqual(path);
    const data = events('dispute.created')[0].data;
    expect(data.payment.id).toBe(payment.id);
    expect(data).not.toHaveProperty('payment_id');
    const final = path.at(-1);
    expect((await api().get(`/disputes/${opened.id}`).expect(200)).body.status).toBe(final);
    const listed = (await api().get('/disputes').query({ company_id: 'biz_Fidelity' }).expect(200)).body.data.map((d: { id: string }) => d.id);
    expect(listed).toContain(opened.id);
    const shown = (await api().get(`/payments/${payment.id}`).expect(200)).body;
    expect(shown.disputes).toEqual([expect.objectContaining({ id: opened.id, status: final })]);
    await request(sim.url).post(`/_sim/disputes/${opened.id}/status`).send({ status: 'needs_response' }).expect(400);
  });

  it('retries a failed delivery on Whop’s short schedule by default: 10, 20 and 40 seconds', async () => {
    expect(WHOP_SHORT_RETRY_SCHEDULE_MS).toEqual([10_000, 20_000, 40_000]);
    const failing = await startReceiver(() => 500);
    const plain = await startSimulator({ port: 0, webhookSecret: SECRET, webhookUrl: failing.url });
    try {
      const config = (
        await request(plain.url)
          .post('/api/v1/checkout_configurations')
          .set('Authorization', KEY)
          .send({ plan: { plan_type: 'one_time', initial_price: 1 } })
          .expect(200)
      ).body;
      const before = Date.now();
      await plain.pay(config.id, TEST_CARDS.success);
      const delivery = plain.deliverer.list().find((d) => d.type === 'payment.succeeded')!;
      expect(delivery.state).toBe('retrying');
      const wait = Date.parse(delivery.nextAttemptAt!) - before;
      expect(wait).toBeGreaterThanOrEqual(9_000);
      expect(wait).toBeLessThan(12_000);
    } finally {
      await plain.close();
      await failing.close();
    }
  });

  it('opens a partial chargeback for the amount asked', async () => {
    const { payment } = await paidPayment();
    await request(sim.url).post(`/_sim/payments/${payment.id}/disputes`).send({ kind: 'chargeback', amount: 5 }).expect(201);
    await waitFor(() => events('dispute.created').length === 1);
    expect(events('dispute.created')[0].data.amount).toBe(5);
  });
});
