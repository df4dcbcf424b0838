import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { paymentSchema, statsResponseSchema, type PackageId, type PaymentDto } from '@credits/shared';
import { TEST_CARDS } from '@credits/whop-sim';
import { testDatabases } from './support/databases';
import { useHarness } from './support/harness';
import { eventually } from './support/wait';

/**
 * The dashboard's figures against a history this test makes and counts itself: eight orders, each
 * ending a different way, through the simulator and the operator API.
 */
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const cents = (dollars: number) => Math.round(dollars * 100);

/** Every payment, refund and dispute of the simulator's account, through its public API (in cents). */
async function whopRecords(simUrl: string) {
  const all = async (path: string) => {
    const items: Array<Record<string, unknown>> = [];
    let after: string | null = null;
    do {
      const res = await request(simUrl)
        .get(`/api/v1/${path}`)
        .query({ company_id: 'biz_TestCompany01', first: 100, ...(after ? { after } : {}) })
        .set('Authorization', 'Bearer test_api_key')
        .set('Api-Version-Date', '2026-07-20')
        .expect(200);
      items.push(...(res.body.data as Array<Record<string, unknown>>));
      after = res.body.page_info.end_cursor as string | null;
    } while (after);
    return items;
  };
  const [payments, refunds, disputes] = await Promise.all([all('payments'), all('refunds'), all('disputes')]);
  return {
    payments: payments.map((p) => ({ status: p.status, substatus: p.substatus, total: cents(p.total as number) })),
    refunds: refunds.map((r) => ({ status: r.status, amount: cents(r.amount as number) })),
    disputes: disputes.map((d) => ({ status: d.status, amount: cents(d.amount as number) })),
  };
}

describe.each(testDatabases)('operator stats on $name', (database) => {
  const { h, user } = useHarness(database, { retryScheduleMs: [100] });

  it('counts what happened: orders by outcome and pack, money, credits taken back, webhooks, requests, the ledger check', async () => {
    const from = new Date(Date.now() - 60_000);
    const buyer = user();
    const create = async (packageId: PackageId): Promise<PaymentDto> =>
      paymentSchema.parse((await h.api.post('/api/payment/create').set(h.auth(buyer)).set('Idempotency-Key', randomUUID()).send({ packageId }).expect(201)).body.payment);
    const status = async (id: string) => (await h.store.orders.find({ id }))!.status;
    const settled = (id: string, expected: string) => eventually(async () => (await status(id)) === expected, 5_000, `${id} ${expected}`);
    const sim = request(h.sim.url);

    const paid1 = await create('standard');
    const paid2 = await create('standard');
    const declined = await create('basic');
    await create('premium'); // never paid
    const review = await create('standard');
    const refunded = await create('basic');
    const disputed = await create('premium');
    const cancelled = await create('basic');

    for (const o of [paid1, paid2, refunded, disputed]) await h.sim.pay(o.whopCheckoutId!, TEST_CARDS.success);
    await h.sim.pay(declined.whopCheckoutId!, TEST_CARDS.decline);
    await h.sim.pay(review.whopCheckoutId!, TEST_CARDS.success, { amountCents: 999 });
    await h.api.post(`/api/payment/${cancelled.id}/cancel`).set(h.auth(buyer)).expect(200);
    await settled(refunded.id, 'completed');
    await h.api.post(`/api/admin/orders/${refunded.id}/resolve`).set(h.operator()).set('Idempotency-Key', 'r').send({ action: 'refund', note: 'asked' }).expect(200);
    await settled(disputed.id, 'completed');
    const disputedPayment = (await h.store.orders.find({ id: disputed.id }))!.whopPaymentId!;
    const dispute = (await sim.post(`/_sim/payments/${disputedPayment}/disputes`).send({ kind: 'chargeback' }).expect(201)).body;
    await sim.post(`/_sim/disputes/${dispute.id}/status`).send({ status: 'lost' }).expect(200);
    await Promise.all([settled(paid1.id, 'completed'), settled(paid2.id, 'completed'), settled(declined.id, 'failed'), settled(review.id, 'review')]);
    await settled(refunded.id, 'refunded');
    await settled(disputed.id, 'refunded');
    await h.components.sweeper.runOnce();
    await h.components.requests.flush();

    const to = new Date(Date.now() + 60_000);
    const res = await h.api.get('/api/admin/stats').query({ from: from.toISOString(), to: to.toISOString(), interval: 'hour' }).set(h.operator()).expect(200);
    const stats = statsResponseSchema.parse(res.body);

    // The money, computed apart from the API: from the simulator's own records, as Whop lists them.
    const whop = await whopRecords(h.sim.url);
    const charged = sum(whop.payments.filter((p) => p.status === 'paid').map((p) => p.total));
    const refundedByWhop = sum(whop.refunds.filter((r) => r.status === 'succeeded').map((r) => r.amount));
    const chargebacks = sum(whop.disputes.filter((d) => d.status === 'lost').map((d) => d.amount));
    const declines = whop.payments.filter((p) => p.substatus === 'failed').length;
    const paidCount = whop.payments.filter((p) => p.status === 'paid').length;
    expect([charged, refundedByWhop, chargebacks, declines, paidCount]).toEqual([13_099, 100, 10_000, 1, 5]);

    const counts = { created: 8, completed: 4, failed: 1, expired: 0, cancelled: 1, review: 1, creditsGranted: 17_100 };
    const money = {
      chargedCents: charged,
      refundedCents: refundedByWhop,
      chargebackCents: chargebacks,
      netCents: charged - refundedByWhop - chargebacks,
      payments: paidCount,
      declines,
    };
    expect(stats.total).toEqual({ ...counts, ...money, conversion: 0.5, successRate: 0.8, declineRate: declines / (paidCount + declines) });
    // The review's $9.99 is money Whop took: it counts, on its pack, though no credits were granted for it.
    expect(stats.byPack.standard).toMatchObject({ created: 3, completed: 2, review: 1, creditsGranted: 2_000, chargedCents: 2_999, refundedCents: 0, netCents: 2_999 });
    expect(stats.byPack.basic).toMatchObject({
      created: 3,
      completed: 1,
      failed: 1,
      cancelled: 1,
      creditsGranted: 100,
      chargedCents: 100,
      refundedCents: 100,
      declines: 1,
      declineRate: 0.5,
    });
    expect(stats.byPack.premium).toMatchObject({
      created: 2,
      completed: 1,
      creditsGranted: 15_000,
      chargedCents: 10_000,
      refundedCents: 0,
      chargebackCents: 10_000,
      netCents: 0,
      conversion: 0.5,
    });
    expect(stats.creditsTakenBack).toEqual({ refunds: 100, disputes: 15_000 });

    // Every hour of the range is there, and they add up to the total.
    expect(stats.buckets.length).toBe(Math.ceil((to.getTime() - Math.floor(from.getTime() / 3_600_000) * 3_600_000) / 3_600_000));
    expect(stats.buckets.reduce((sum, b) => sum + b.created, 0)).toBe(8);
    expect(stats.buckets.reduce((sum, b) => sum + b.netCents, 0)).toBe(money.netCents);

    // Every event the simulator delivered (by webhook-id: copies of one event are one) was handled once.
    await h.sim.deliverer.idle();
    const events = new Set(
      h.sim.deliverer
        .list()
        .filter((d) => d.state === 'delivered')
        .map((d) => d.id),
    ).size;
    expect(events).toBeGreaterThan(8);
    expect(stats.webhooks.handled).toBe(events);
    expect(stats.webhooks.p50Ms).not.toBeNull();
    expect(stats.webhooks.p99Ms!).toBeGreaterThanOrEqual(stats.webhooks.p50Ms!);
    expect(stats.webhooks.failures).toBe(0);
    // This test made 8 creates, 1 cancel, 1 resolve and the webhooks' deliveries; all counted, none 5xx.
    expect(stats.requests.total).toBeGreaterThanOrEqual(10 + events);
    expect(stats.requests).toMatchObject({ serverErrors: 0, serverErrorShare: 0 });
    expect(stats.ledgerCheck).toMatchObject({ differences: 0 });
    expect(Date.parse(stats.ledgerCheck!.at)).toBeGreaterThanOrEqual(from.getTime());
  });

  it('refuses ranges that are backwards or too long for the interval', async () => {
    const q = (query: Record<string, string>) => h.api.get('/api/admin/stats').query(query).set(h.operator());
    await q({ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }).expect(400);
    await q({ from: '2025-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z', interval: 'hour' }).expect(400);
    await q({ interval: 'week' }).expect(400);
    const week = statsResponseSchema.parse((await q({}).expect(200)).body);
    expect(week.interval).toBe('day');
    expect(week.buckets.length).toBeGreaterThanOrEqual(7);
    await h.api.get('/api/admin/stats').set(h.auth(user())).expect(403);
  });
});
