import request from 'supertest';
import { startSimulator, TEST_CARDS, type RunningSimulator } from '../src';

const KEY = 'Bearer any-key';

describe('hosted checkout page and refunds', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, webhookSecret: 'ws_page_test_secret_0000000000000000', retryScheduleMs: [] });
  });
  afterAll(() => sim.close());

  async function checkout(redirect: string | null = 'http://app.test/payment/result?paymentId=order-9') {
    const res = await request(sim.url)
      .post('/api/v1/checkout_configurations')
      .set('Authorization', KEY)
      .set('Api-Version-Date', '2026-07-20')
      .send({ account_id: 'biz_Page', plan: { plan_type: 'one_time', initial_price: 10, currency: 'usd', title: '1,000 credits' }, redirect_url: redirect })
      .expect(200);
    const url = new URL(res.body.purchase_url);
    return { id: res.body.id as string, path: `${url.pathname}${url.search}`, pay: `${url.pathname}pay${url.search}`, cancel: `${url.pathname}cancel${url.search}` };
  }

  it('shows the product, the amount, a labelled card field and a cancel link', async () => {
    const c = await checkout();
    const res = await request(sim.url).get(c.path).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('1,000 credits');
    expect(res.text).toContain('$10.00');
    expect(res.text).toMatch(/<label for="card">Card number<\/label>/);
    expect(res.text).toContain(TEST_CARDS.success);
    expect(res.text).toContain('Cancel and return');
  });

  it('404s a checkout that does not exist, or a session under another plan', async () => {
    const c = await checkout();
    await request(sim.url).get('/checkout/plan_nope/?session=ch_nope').expect(404);
    await request(sim.url).get(`/checkout/plan_other/?session=${c.id}`).expect(404);
  });

  it('redirects to redirect_url with the observed success parameters, keeping its own', async () => {
    const c = await checkout();
    const res = await request(sim.url).post(c.pay).type('form').send({ card: '4242 4242 4242 4242' }).expect(303);
    const to = new URL(res.headers.location!);
    const payment = sim.engine.payments.at(-1)!;
    expect(`${to.origin}${to.pathname}`).toBe('http://app.test/payment/result');
    expect(Object.fromEntries(to.searchParams)).toEqual({ paymentId: 'order-9', receipt_id: payment.id, payment_id: payment.id, checkout_status: 'success', status: 'success' });
    expect(payment).toMatchObject({ checkoutId: c.id, status: 'paid' });
  });

  it('shows a decline and lets the buyer try again', async () => {
    const c = await checkout();
    const declined = await request(sim.url).post(c.pay).type('form').send({ card: TEST_CARDS.decline }).expect(200);
    expect(declined.text).toMatch(/role="alert"[^>]*>Your card was declined/);
    expect(declined.text).toContain('<form');
    const invalidCard = await request(sim.url).post(c.pay).type('form').send({ card: '1111' }).expect(200);
    expect(invalidCard.text).toMatch(/role="alert"[^>]*>Use a sandbox test card/);
    await request(sim.url).post(c.pay).type('form').send({ card: TEST_CARDS.success }).expect(303);
    expect(sim.engine.payments.filter((p) => p.checkoutId === c.id).map((p) => p.status)).toEqual(['open', 'paid']);
  });

  it('cancels with the failure parameters and no payment', async () => {
    const c = await checkout();
    const res = await request(sim.url).get(c.cancel).expect(303);
    const to = new URL(res.headers.location!);
    expect(Object.fromEntries(to.searchParams)).toEqual({ paymentId: 'order-9', checkout_status: 'error', status: 'error' });
    expect(sim.engine.payments.some((p) => p.checkoutId === c.id)).toBe(false);
  });

  it('ends on a page of its own without a redirect_url', async () => {
    const c = await checkout(null);
    const res = await request(sim.url).post(c.pay).type('form').send({ card: TEST_CARDS.success }).expect(200);
    expect(res.text).toContain('Payment complete');
  });

  it('refunds partially, then the rest, then refuses more', async () => {
    const c = await checkout();
    const { payment } = await sim.pay(c.id, TEST_CARDS.success);
    const partial = await request(sim.url).post(`/api/v1/payments/${payment.id}/refund`).set('Authorization', KEY).send({ partial_amount: 2.5 }).expect(200);
    expect(partial.body).toMatchObject({ substatus: 'partially_refunded', refunded_amount: 2.5 });
    const rest = await request(sim.url).post(`/api/v1/payments/${payment.id}/refund`).set('Authorization', KEY).send({}).expect(200);
    expect(rest.body).toMatchObject({ substatus: 'refunded', refunded_amount: 10 });
    const more = await request(sim.url).post(`/api/v1/payments/${payment.id}/refund`).set('Authorization', KEY).send({}).expect(400);
    expect(more.body.error.code).toBe('payment_not_refundable');
    const refunds = sim.deliverer.list().filter((d) => d.type === 'refund.created' && JSON.parse(d.body).data.payment.id === payment.id);
    expect(refunds.map((d) => JSON.parse(d.body).data.amount)).toEqual([2.5, 7.5]);
  });

  it('refuses to refund more than was paid, or an unpaid payment', async () => {
    const c = await checkout();
    const { payment } = await sim.pay(c.id, TEST_CARDS.success);
    await request(sim.url).post(`/api/v1/payments/${payment.id}/refund`).set('Authorization', KEY).send({ partial_amount: 10.01 }).expect(400);
    const declined = await sim.pay(c.id, TEST_CARDS.decline);
    await request(sim.url).post(`/api/v1/payments/${declined.payment.id}/refund`).set('Authorization', KEY).send({}).expect(400);
  });

  it('takes chaos switches for the whole simulator and per checkout, refusing unknown ones', async () => {
    await request(sim.url).put('/_sim/chaos').send({ duplicates: 3, bogus: true }).expect(400);
    await request(sim.url).put('/_sim/chaos').send({ duplicates: 2 }).expect(200);
    const c = await checkout();
    await request(sim.url).put(`/_sim/checkout_configurations/${c.id}/chaos`).send({ drop: true }).expect(200);
    const { deliveries } = await sim.pay(c.id, TEST_CARDS.success);
    expect(deliveries.map((d) => [d.type, d.state])).toEqual([
      ['payment.created', 'dropped'],
      ['payment.created', 'dropped'],
      ['payment.succeeded', 'dropped'],
      ['payment.succeeded', 'dropped'],
    ]);
    await request(sim.url).put('/_sim/chaos').send({}).expect(200);
    expect((await request(sim.url).get('/_sim/chaos').expect(200)).body.chaos).toEqual({});
  });

  it('lists configurations, payments and deliveries on /_sim', async () => {
    const c = await checkout();
    await sim.pay(c.id, TEST_CARDS.success);
    const res = await request(sim.url).get('/_sim').expect(200);
    expect(res.text).toContain(c.id);
    expect(res.text).toContain(sim.engine.payments.at(-1)!.id);
    expect(res.text).toContain('payment.succeeded');
  });
});
