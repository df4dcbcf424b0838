import Whop from '@whop/sdk';
import { startSimulator, TEST_CARDS, type RunningSimulator } from '../src';
import { startReceiver, type Received } from './support/receiver';

/** The official SDK, unchanged but for baseURL, against the simulator. */
const SECRET = 'ws_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

describe('@whop/sdk against the simulator', () => {
  let sim: RunningSimulator;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let received: Received[];
  let whop: Whop;

  beforeAll(async () => {
    receiver = await startReceiver(() => 204);
    received = receiver.received;
    sim = await startSimulator({ port: 0, webhookSecret: SECRET, apiKey: 'sdk_key', webhookUrl: receiver.url });
    // Whop's docs for SDK 0.x: the webhook key is the ws_ secret base64-encoded, so that the
    // library's base64 decoding yields the raw secret again.
    whop = new Whop({ apiKey: 'sdk_key', webhookKey: Buffer.from(SECRET).toString('base64'), baseURL: sim.apiBaseUrl, maxRetries: 0 });
  });
  afterAll(async () => {
    await sim.close();
    await receiver.close();
  });

  it('creates a checkout configuration', async () => {
    const config = await whop.checkoutConfigurations.create({
      account_id: 'biz_Sdk',
      plan: { initial_price: 10, plan_type: 'one_time', currency: 'usd' },
      metadata: { payment_id: 'order-sdk' },
      redirect_url: 'http://app.test/payment/result',
    });
    expect(config.id).toMatch(/^ch_/);
    expect(config.purchase_url).toContain(`/checkout/${config.plan?.id}/?session=${config.id}`);
    expect(sim.engine.config(config.id)).toMatchObject({ priceCents: 1000, metadata: { payment_id: 'order-sdk' }, apiVersion: '2026-07-20' });
  });

  it('retrieves and lists payments, paging with its own cursor handling', async () => {
    const config = await whop.checkoutConfigurations.create({
      account_id: 'biz_Sdk',
      plan: { initial_price: 100, plan_type: 'one_time', currency: 'usd' },
    });
    const paid = [];
    for (let i = 0; i < 3; i++) paid.push((await sim.pay(config.id, TEST_CARDS.success)).payment.id);

    const one = await whop.payments.retrieve(paid[0]!);
    expect(one).toMatchObject({ id: paid[0], status: 'paid', substatus: 'succeeded', total: 100, currency: 'usd' });

    const listed: string[] = [];
    for await (const payment of whop.payments.list({ company_id: 'biz_Sdk', checkout_configuration_ids: [config.id], first: 2 })) {
      listed.push(payment.id);
    }
    expect(listed.sort()).toEqual([...paid].sort());
  });

  it('verifies the simulator’s webhooks with webhooks.unwrap, and refuses tampered ones', async () => {
    const config = await whop.checkoutConfigurations.create({
      account_id: 'biz_Sdk',
      plan: { initial_price: 1, plan_type: 'one_time', currency: 'usd' },
    });
    received.length = 0;
    await sim.pay(config.id, TEST_CARDS.success);
    expect(received).toHaveLength(2);
    for (const r of received) {
      const event = whop.webhooks.unwrap(r.body, { headers: r.headers as Record<string, string> }) as { type: string; id: string };
      expect(event.id).toBe(r.headers['webhook-id']);
    }
    const last = received[1]!;
    expect(() => whop.webhooks.unwrap(last.body.replace('"total":1', '"total":2'), { headers: last.headers as Record<string, string> })).toThrow();
    // Passing the ws_ secret itself, as stock Standard Webhooks would read it, does not verify.
    expect(() => whop.webhooks.unwrap(last.body, { headers: last.headers as Record<string, string>, key: Buffer.from('wrong').toString('base64') })).toThrow();
  });

  it('creates from an existing plan, lists and deletes configurations', async () => {
    const inline = await whop.checkoutConfigurations.create({ account_id: 'biz_Sdk', plan: { initial_price: 5, plan_type: 'one_time', currency: 'usd' } });
    const byPlan = await whop.checkoutConfigurations.create({ account_id: 'biz_Sdk', plan_id: inline.plan!.id, metadata: { payment_id: 'order-by-plan' } });
    expect(byPlan.plan).toMatchObject({ id: inline.plan!.id, initial_price: 5 });
    const listed: string[] = [];
    for await (const c of whop.checkoutConfigurations.list({ account_id: 'biz_Sdk', plan_id: inline.plan!.id })) listed.push(c.id);
    expect(listed.sort()).toEqual([inline.id, byPlan.id].sort());
    await whop.checkoutConfigurations.delete(byPlan.id);
    await expect(whop.checkoutConfigurations.retrieve(byPlan.id)).rejects.toBeInstanceOf(Whop.NotFoundError);
    expect((await whop.checkoutConfigurations.retrieve(inline.id)).id).toBe(inline.id);
  });

  it('lists payments with every filter the product uses, refunds, and lists refunds and disputes', async () => {
    const config = await whop.checkoutConfigurations.create({ account_id: 'biz_Sdk', plan: { initial_price: 20, plan_type: 'one_time', currency: 'usd' } });
    const since = new Date(Date.now() - 1_000).toISOString();
    const { payment } = await sim.pay(config.id, TEST_CARDS.success);
    const filtered = [];
    for await (const p of whop.payments.list({ company_id: 'biz_Sdk', checkout_configuration_ids: [config.id], statuses: ['paid'], updated_after: since, first: 10 }))
      filtered.push(p.id);
    expect(filtered).toEqual([payment.id]);

    const refunded = await whop.payments.refund(payment.id, { partial_amount: 5 });
    expect(refunded).toMatchObject({ id: payment.id, refunded_amount: 5 });
    const refunds = [];
    for await (const r of whop.refunds.list({ payment_id: payment.id })) refunds.push(r);
    expect(refunds).toEqual([expect.objectContaining({ amount: 5, status: 'succeeded' })]);
    expect((await whop.refunds.retrieve(refunds[0]!.id)).id).toBe(refunds[0]!.id);

    const dispute = sim.engine.openDispute(payment.id, { kind: 'chargeback' });
    const disputes = [];
    for await (const d of whop.disputes.list({ company_id: 'biz_Sdk' })) disputes.push(d.id);
    expect(disputes).toContain(dispute.id);
    expect((await whop.disputes.retrieve(dispute.id)).status).toBe('needs_response');
  });

  it('unwraps every event type the simulator sends', async () => {
    const config = await whop.checkoutConfigurations.create({ account_id: 'biz_Sdk', plan: { initial_price: 3, plan_type: 'one_time', currency: 'usd' } });
    received.length = 0;
    await sim.pay(config.id, TEST_CARDS.decline);
    const { payment } = await sim.pay(config.id, TEST_CARDS.success);
    const slow = await whop.checkoutConfigurations.create({ account_id: 'biz_Sdk', plan: { initial_price: 3, plan_type: 'one_time', currency: 'usd' } });
    await sim.pay(slow.id, TEST_CARDS.success, { settleAfterMs: 10 });
    await whop.payments.refund(payment.id, { partial_amount: 1 });
    const inquiry = sim.engine.openDispute(payment.id, { kind: 'inquiry', amountCents: 100 });
    sim.engine.updateDispute(inquiry.id, 'warning_closed');
    await new Promise((r) => setTimeout(r, 50));
    await sim.deliverer.idle();
    const types = new Set<string>();
    for (const r of received) {
      const event = whop.webhooks.unwrap(r.body, { headers: r.headers as Record<string, string> }) as { type: string; id: string };
      expect(event.id).toBe(r.headers['webhook-id']);
      types.add(event.type);
    }
    expect([...types].sort()).toEqual(
      [
        'dispute.created',
        'dispute.updated',
        'dispute_alert.created',
        'payment.created',
        'payment.failed',
        'payment.pending',
        'payment.succeeded',
        'refund.created',
        'refund.updated',
      ].sort(),
    );
  });

  it('gets the SDK’s typed errors from the simulator’s error bodies', async () => {
    await expect(whop.payments.retrieve('pay_doesnotexist')).rejects.toBeInstanceOf(Whop.NotFoundError);
    const wrongKey = new Whop({ apiKey: 'nope', baseURL: sim.apiBaseUrl, maxRetries: 0 });
    await expect(wrongKey.payments.retrieve('pay_x')).rejects.toBeInstanceOf(Whop.AuthenticationError);
  });
});
