import request from 'supertest';
import type { CheckoutConfigurationListResponse } from '@whop/sdk/resources/checkout-configurations';
import type { DisputeListResponse } from '@whop/sdk/resources/disputes';
import type { PaymentListResponse } from '@whop/sdk/resources/payments';
import type { RefundListResponse } from '@whop/sdk/resources/refunds';
import { startSimulator, TEST_CARDS, type RunningSimulator } from '../src';
import { startReceiver, type Received } from './support/receiver';

/**
 * What Whop's lists carry is less than what a retrieved object carries, and the SDK says exactly
 * what: each list item here has the keys of the SDK's list type for that call, no more (the compiler
 * holds the presenters to the types; this holds the JSON to them, so a field that creeps in fails).
 * And the payloads the SDK allows that Whop may send, each reachable through a control call.
 */

/** Every key of a type, listed: the compiler refuses the list if one is missing or one is not a key. */
function keysOf<T>() {
  return <K extends ReadonlyArray<keyof T>>(keys: K & ([Exclude<keyof T, K[number]>] extends [never] ? unknown : { missing: Exclude<keyof T, K[number]> })) => [...keys].sort();
}

const PAYMENT_LIST_KEYS = keysOf<PaymentListResponse>()([
  'id',
  'amount_after_fees',
  'application_fee',
  'auto_refunded',
  'billing_address',
  'billing_reason',
  'card_brand',
  'card_last4',
  'checkout_configuration_id',
  'company',
  'created_at',
  'currency',
  'dispute_alerted_at',
  'failure_message',
  'last_payment_attempt',
  'member',
  'membership',
  'metadata',
  'next_payment_attempt',
  'paid_at',
  'payment_method',
  'payment_method_type',
  'payments_failed',
  'plan',
  'product',
  'promo_code',
  'refundable',
  'refunded_amount',
  'refunded_at',
  'retryable',
  'settlement_currency',
  'shipping_address',
  'status',
  'substatus',
  'subtotal',
  'tax_amount',
  'tax_behavior',
  'total',
  'updated_at',
  'usd_total',
  'user',
  'voidable',
] as const);
const REFUND_LIST_KEYS = keysOf<RefundListResponse>()([
  'id',
  'amount',
  'created_at',
  'currency',
  'payment',
  'provider',
  'provider_created_at',
  'reference_status',
  'reference_type',
  'reference_value',
  'status',
] as const);
const DISPUTE_LIST_KEYS = keysOf<DisputeListResponse>()([
  'id',
  'amount',
  'company',
  'created_at',
  'currency',
  'editable',
  'needs_response_by',
  'payment',
  'plan',
  'product',
  'reason',
  'status',
  'visa_rdr',
] as const);
const CHECKOUT_LIST_KEYS = keysOf<CheckoutConfigurationListResponse>()([
  'id',
  'account_id',
  'created_at',
  'mode',
  'updated_at',
  'affiliate_code',
  'currency',
  'metadata',
  'payment_method_configuration',
  'plan',
  'purchase_url',
  'redirect_url',
  'three_ds_level',
] as const);

const SECRET = 'ws_list_shapes_secret_0123456789abcdef';
const KEY = 'Bearer lists_key';
const ACCOUNT = 'biz_Lists';

describe('Whop simulator lists and payloads, as the SDK declares them', () => {
  let sim: RunningSimulator;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let received: Received[];

  beforeAll(async () => {
    receiver = await startReceiver(() => 200);
    received = receiver.received;
    sim = await startSimulator({ port: 0, webhookSecret: SECRET, apiKey: 'lists_key', webhookUrl: receiver.url, accountId: ACCOUNT, retryScheduleMs: [] });
  });
  afterAll(async () => {
    await sim.close();
    await receiver.close();
  });
  beforeEach(() => {
    received.length = 0;
  });

  const api = (version = '2026-07-20') => ({
    get: (path: string) => request(sim.url).get(`/api/v1${path}`).set('Authorization', KEY).set('Api-Version-Date', version),
    post: (path: string) => request(sim.url).post(`/api/v1${path}`).set('Authorization', KEY).set('Api-Version-Date', version),
  });
  const control = () => request(sim.url);
  const events = (type: string) => received.map((r) => JSON.parse(r.body)).filter((e) => e.type === type);

  async function paid(chaos: Record<string, unknown> = {}, price = 10) {
    const config = (
      await api()
        .post('/checkout_configurations')
        .send({ plan: { plan_type: 'one_time', initial_price: price, currency: 'usd' } })
        .expect(200)
    ).body;
    const { payment } = await sim.pay(config.id, TEST_CARDS.success, chaos);
    await sim.deliverer.idle();
    received.length = 0;
    return { config, payment };
  }

  it('lists payments, refunds, disputes and checkout configurations with exactly the keys of the SDK’s list types', async () => {
    const { payment } = await paid();
    await api().post(`/payments/${payment.id}/refund`).send({ partial_amount: 2 }).expect(200);
    await control().post(`/_sim/payments/${payment.id}/disputes`).send({ kind: 'chargeback' }).expect(201);

    const [item] = (await api().get('/payments').query({ company_id: ACCOUNT, 'checkout_configuration_ids[]': payment.checkoutId }).expect(200)).body.data;
    expect(Object.keys(item).sort()).toEqual(PAYMENT_LIST_KEYS);
    // A retrieved payment embeds what the list item leaves out.
    const retrieved = (await api().get(`/payments/${payment.id}`).expect(200)).body;
    for (const only of ['disputes', 'refunds', 'settlement_amount', 'tax_refunded_amount']) {
      expect(item).not.toHaveProperty(only);
      expect(retrieved).toHaveProperty(only);
    }
    const [refund] = (await api().get('/refunds').query({ payment_id: payment.id }).expect(200)).body.data;
    expect(Object.keys(refund).sort()).toEqual(REFUND_LIST_KEYS);
    expect(refund.payment).toEqual({ id: payment.id });
    const disputes = (await api().get('/disputes').query({ company_id: ACCOUNT }).expect(200)).body.data;
    expect(Object.keys(disputes[0]).sort()).toEqual(DISPUTE_LIST_KEYS);
    expect(disputes[0].payment).toEqual({ id: payment.id });
    const [config] = (await api().get('/checkout_configurations').query({ account_id: ACCOUNT, first: 1 }).expect(200)).body.data;
    expect(Object.keys(config).sort()).toEqual(CHECKOUT_LIST_KEYS);
  });

  it('lists a payment of another product with no status and no total, as the SDK allows', async () => {
    const created = (await control().post('/_sim/payments').send({ account_id: ACCOUNT, status: null, total: null }).expect(201)).body;
    const listed = (await api().get('/payments').query({ company_id: ACCOUNT, first: 100 }).expect(200)).body.data.find((p: { id: string }) => p.id === created.id);
    expect(listed).toMatchObject({ status: null, total: null, subtotal: null });
    await control().post('/_sim/payments').send({ account_id: ACCOUNT, status: 'settled', total: null }).expect(400);
  });

  it('adds exclusive tax on top of the price, and refunds give back tax in proportion', async () => {
    const { payment } = await paid({ taxCents: 100 });
    await api().post(`/payments/${payment.id}/refund`).send({ partial_amount: 5.5 }).expect(200);
    const retrieved = (await api().get(`/payments/${payment.id}`).expect(200)).body;
    expect(retrieved).toMatchObject({ total: 11, subtotal: 10, tax_amount: 1, tax_behavior: 'exclusive', refunded_amount: 5.5, tax_refunded_amount: 0.5 });
    const refundEvent = events('refund.updated')[0].data;
    expect(refundEvent.payment).toMatchObject({ tax_amount: 1, tax_refunded_amount: 0.5, total: 11 });
  });

  it('prices a payment in the buyer’s currency, and refunds it in that currency', async () => {
    const { payment } = await paid({ buyerCurrency: { currency: 'jpy', rate: 150 } });
    const retrieved = (await api().get(`/payments/${payment.id}`).expect(200)).body;
    expect(retrieved).toMatchObject({ currency: 'usd', total: 10, settlement_currency: 'jpy', settlement_amount: 1_500 });
    const item = (await api().get('/payments').query({ company_id: ACCOUNT, 'checkout_configuration_ids[]': payment.checkoutId }).expect(200)).body.data[0];
    expect(item).toMatchObject({ settlement_currency: 'jpy' });
    const refund = (await control().post(`/_sim/payments/${payment.id}/refunds`).send({ amount: 750, currency: 'jpy' }).expect(201)).body;
    expect(refund).toMatchObject({ amount: 750, currency: 'jpy' });
    expect((await api().get(`/payments/${payment.id}`).expect(200)).body).toMatchObject({ refunded_amount: 5, substatus: 'partially_refunded' });
    const dispute = (await control().post(`/_sim/payments/${payment.id}/disputes`).send({ kind: 'chargeback', amount: 300, currency: 'jpy' }).expect(201)).body;
    expect(dispute).toMatchObject({ amount: 300, currency: 'jpy' });
  });

  it('sends refund and dispute events that name no payment, when told; the refund and dispute by id still do', async () => {
    const { config, payment } = await paid();
    await control().put(`/_sim/checkout_configurations/${config.id}/chaos`).send({ nullPayment: true }).expect(200);
    await api().post(`/payments/${payment.id}/refund`).send({ partial_amount: 1 }).expect(200);
    const dispute = (await control().post(`/_sim/payments/${payment.id}/disputes`).send({ kind: 'chargeback' }).expect(201)).body;
    await sim.deliverer.idle();
    const refundEvent = events('refund.created')[0].data;
    expect(refundEvent.payment).toBeNull();
    expect(events('dispute.created')[0].data.payment).toBeNull();
    expect((await api().get(`/refunds/${refundEvent.id}`).expect(200)).body.payment.id).toBe(payment.id);
    expect((await api().get(`/disputes/${dispute.id}`).expect(200)).body.payment.id).toBe(payment.id);
  });

  it('closes a dispute whose payment ends dispute_lost, when told', async () => {
    const { payment } = await paid();
    const dispute = (await control().post(`/_sim/payments/${payment.id}/disputes`).send({ kind: 'chargeback' }).expect(201)).body;
    await control().post(`/_sim/disputes/${dispute.id}/status`).send({ status: 'closed', paymentSubstatus: 'dispute_lost' }).expect(200);
    expect((await api().get(`/disputes/${dispute.id}`).expect(200)).body.status).toBe('closed');
    expect((await api().get(`/payments/${payment.id}`).expect(200)).body.substatus).toBe('dispute_lost');
  });

  it('lets a refund that succeeded fail afterwards: the money is no longer refunded', async () => {
    const { payment } = await paid();
    await api().post(`/payments/${payment.id}/refund`).send({}).expect(200);
    const [refund] = (await api().get('/refunds').query({ payment_id: payment.id }).expect(200)).body.data;
    expect(refund.status).toBe('succeeded');
    const before = (await api().get(`/payments/${payment.id}`).expect(200)).body.updated_at;
    await sim.deliverer.idle();
    received.length = 0;
    await control().post(`/_sim/refunds/${refund.id}/settle`).send({ status: 'failed' }).expect(200);
    await sim.deliverer.idle();
    expect(events('refund.updated').map((e) => e.data.status)).toEqual(['failed']);
    const after = (await api().get(`/payments/${payment.id}`).expect(200)).body;
    expect(after).toMatchObject({ refunded_amount: 0, substatus: 'succeeded' });
    expect(after.updated_at > before).toBe(true);
    await control().post(`/_sim/refunds/${refund.id}/settle`).send({ status: 'succeeded' }).expect(400);
  });

  it('answers the Api-Version-Date values Whop’s docs list', async () => {
    for (const version of ['2026-06-09', '2026-07-01', '2026-07-20']) await api(version).get('/payments').query({ company_id: ACCOUNT, first: 1 }).expect(200);
  });
});
