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

    const counts = { created: 8, completed: 4, failed: 1, expired: 0, cancelled: 1, review: 1 };
    expect(stats.total).toEqual({ ...counts, revenueCents: 12_100, refundedCents: 10_100, creditsGranted: 17_100, conversion: 0.5, successRate: 0.8 });
    expect(stats.byPack.standard).toMatchObject({ created: 3, completed: 2, review: 1, revenueCents: 2_000, creditsGranted: 2_000, refundedCents: 0 });
    expect(stats.byPack.basic).toMatchObject({ created: 3, completed: 1, failed: 1, cancelled: 1, revenueCents: 100, refundedCents: 100, creditsGranted: 100 });
    expect(stats.byPack.premium).toMatchObject({ created: 2, completed: 1, revenueCents: 10_000, refundedCents: 10_000, creditsGranted: 15_000, conversion: 0.5 });
    expect(stats.creditsTakenBack).toEqual({ refunds: 100, disputes: 15_000 });

    // Every hour of the range is there, and they add up to the total.
    expect(stats.buckets.length).toBe(Math.ceil((to.getTime() - Math.floor(from.getTime() / 3_600_000) * 3_600_000) / 3_600_000));
    expect(stats.buckets.reduce((sum, b) => sum + b.created, 0)).toBe(8);
    expect(stats.buckets.reduce((sum, b) => sum + b.revenueCents, 0)).toBe(12_100);

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
