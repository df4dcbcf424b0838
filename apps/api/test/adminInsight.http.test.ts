import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { adminOrdersResponseSchema, statsResponseSchema, type AdminOrderDto, type CreditPackage, type FunnelDto, type PackageId, type PaymentDto } from '@credits/shared';
import { TEST_CARDS } from '@credits/whop-sim';
import { parseCsv } from './support/csv';
import { seedPack } from './support/packs';
import { testDatabases } from './support/databases';
import { COMPANY_ID, useHarness } from './support/harness';
import { eventually } from './support/wait';

/**
 * The business figures (credits, buyers, the funnel, the period before) against a history this test
 * makes over two periods through the API, the simulator and the dev clock, and counts itself; the
 * exports against the lists they copy; every new route closed to anyone but an operator.
 */
const HOUR = 3_600_000;
type Pack = 'basic' | 'standard' | 'premium';
const PACKS: Record<Pack, CreditPackage> = { basic: seedPack('basic'), standard: seedPack('standard'), premium: seedPack('premium') };

type Step = 'opened' | 'pack_chosen' | 'checkout_started';
interface Purchase {
  user: string;
  pack: Pack;
  /** What became of it after it was paid. */
  end: 'kept' | 'refunded' | 'chargeback';
}

/** The funnel as this test counts it: distinct users per step, in all and per pack (a pack was offered to everyone who opened). */
function expectedFunnel(steps: Array<[string, Step, PackageId | null]>, purchases: Purchase[], packs: PackageId[]) {
  const users = (step: Step, pack?: PackageId) => new Set(steps.filter(([, s, p]) => s === step && (pack === undefined || p === pack)).map(([u]) => u)).size;
  const paid = (pack?: PackageId) => new Set(purchases.filter((p) => pack === undefined || p.pack === pack).map((p) => p.user)).size;
  const funnel = (pack?: PackageId): FunnelDto => ({
    opened: users('opened'),
    packChosen: users('pack_chosen', pack),
    checkoutStarted: users('checkout_started', pack),
    paid: paid(pack),
  });
  return { total: funnel(), byPack: Object.fromEntries(packs.map((p) => [p, funnel(p)])) };
}

describe.each(testDatabases)('business figures and exports on $name', (database) => {
  const { h, user } = useHarness(database, { settings: { rateLimits: { perUser: 10_000, rechecksPerUser: 20, perIp: 100_000 } } });
  const now = Date.now();
  // The range asked for: two hours around now; the period before it, the two hours before that.
  const range = { from: new Date(now - HOUR), to: new Date(now + HOUR) };

  const create = async (buyer: string, packageId: PackageId): Promise<PaymentDto> =>
    (await h.api.post('/api/payment/create').set(h.auth(buyer)).set('Idempotency-Key', randomUUID()).send({ packageId }).expect(201)).body.payment as PaymentDto;
  const status = async (id: string) => (await h.store.orders.find({ id }))!.status;
  const settled = (id: string, expected: string) => eventually(async () => (await status(id)) === expected, 5_000, `${id} ${expected}`);
  const step = (buyer: string, s: Step, packageId: PackageId | null) =>
    h.api
      .post('/api/events/funnel')
      .set(h.auth(buyer))
      .send(packageId ? { step: s, packageId } : { step: s })
      .expect(204);

  /** Buys a pack and lets what follows happen: kept, refunded by an operator, or a chargeback lost. */
  async function purchase({ user: buyer, pack, end }: Purchase): Promise<void> {
    const order = await create(buyer, pack);
    await h.sim.pay(order.whopCheckoutId!, TEST_CARDS.success);
    await settled(order.id, 'completed');
    if (end === 'refunded') {
      await h.api.post(`/api/admin/orders/${order.id}/resolve`).set(h.operator()).set('Idempotency-Key', randomUUID()).send({ action: 'refund', note: 'asked' }).expect(200);
      await settled(order.id, 'refunded');
    }
    if (end === 'chargeback') {
      const paymentId = (await h.store.orders.find({ id: order.id }))!.whopPaymentId!;
      const dispute = (await request(h.sim.url).post(`/_sim/payments/${paymentId}/disputes`).send({ kind: 'chargeback' }).expect(201)).body as { id: string };
      await request(h.sim.url).post(`/_sim/disputes/${dispute.id}/status`).send({ status: 'lost' }).expect(200);
      await settled(order.id, 'refunded');
    }
    await h.sim.deliverer.idle();
  }

  it('counts credits, buyers and the funnel from a known history, and the same for the period before', async () => {
    const [ann, bob, cat, dan, eve, fay, gus] = ['ann', 'bob', 'cat', 'dan', 'eve', 'fay', 'gus'].map((name) => user(name));
    const packs = Object.keys(PACKS) as PackageId[];

    // The period before: Ann buys a standard pack without the dialog telling anything (a host app's own button); Bob looks at the basic pack.
    h.clock.set(new Date(now - 2 * HOUR));
    const before: Purchase[] = [{ user: ann!, pack: 'standard', end: 'kept' }];
    const stepsBefore: Array<[string, Step, PackageId | null]> = [
      [bob!, 'opened', null],
      [bob!, 'pack_chosen', 'basic'],
    ];
    for (const [u, s, p] of stepsBefore) await step(u, s, p);
    for (const p of before) await purchase(p);
    h.clock.set(null);

    // This period: Ann comes back for a basic pack (a repeat buyer) and spends; Cat's premium pack is charged back; Dan's standard pack is
    // refunded; Gus only opens the dialog. Eve is given 50 credits and Fay loses 20 she did not have.
    const steps: Array<[string, Step, PackageId | null]> = [
      [ann!, 'opened', null],
      [ann!, 'opened', null],
      [ann!, 'pack_chosen', 'basic'],
      [ann!, 'checkout_started', 'basic'],
      [cat!, 'opened', null],
      [cat!, 'pack_chosen', 'premium'],
      [cat!, 'checkout_started', 'premium'],
      [dan!, 'opened', null],
      [dan!, 'pack_chosen', 'basic'],
      [dan!, 'pack_chosen', 'standard'],
      [dan!, 'checkout_started', 'standard'],
      [gus!, 'opened', null],
    ];
    for (const [u, s, p] of steps) await step(u, s, p);
    const purchases: Purchase[] = [
      { user: ann!, pack: 'basic', end: 'kept' },
      { user: cat!, pack: 'premium', end: 'chargeback' },
      { user: dan!, pack: 'standard', end: 'refunded' },
    ];
    for (const p of purchases) await purchase(p);
    await h.api.post('/api/credits/spend').set(h.auth(ann!)).set('Idempotency-Key', randomUUID()).send({ credits: 300, reason: 'Generated a chapter' }).expect(200);
    for (const [u, credits] of [
      [eve!, 50],
      [fay!, -20],
    ] as const) {
      await h.api.post(`/api/admin/users/${u}/adjustments`).set(h.operator()).set('Idempotency-Key', randomUUID()).send({ credits, reason: 'support' }).expect(201);
    }

    const stats = statsResponseSchema.parse(
      (await h.api.get('/api/admin/stats').query({ from: range.from.toISOString(), to: range.to.toISOString(), interval: 'hour' }).set(h.operator()).expect(200)).body,
    );

    // What the test did, counted here.
    const credits = (list: Purchase[]) => list.reduce((sum, p) => sum + PACKS[p.pack].totalCredits, 0);
    const cents = (list: Purchase[]) => list.reduce((sum, p) => sum + PACKS[p.pack].priceCents, 0);
    const everPaid = [...before, ...purchases];
    const takenBack = credits(purchases.filter((p) => p.end !== 'kept'));
    // Balances at the end: Ann 1,000 + 100 − 300; Cat and Dan nothing left; Eve 50; Fay −20 owes the shop, which is not owed to anyone.
    const owed = 1_000 + 100 - 300 + 50;
    expect(stats.credits).toEqual({
      granted: credits(purchases),
      spent: 300,
      takenBack,
      adjusted: 30,
      outstanding: owed,
      outstandingCents: Math.round((owed * cents(everPaid)) / credits(everPaid)),
    });
    expect(stats.buyers).toEqual({ unique: 3, repeat: 1, averageOrderCents: Math.round(cents(purchases) / purchases.length) });
    expect(stats.funnel).toEqual(expectedFunnel(steps, purchases, packs));
    expect(stats.total).toMatchObject({ created: 3, completed: 3, chargedCents: cents(purchases) });

    expect(stats.previous).toMatchObject({ from: new Date(now - 3 * HOUR).toISOString(), to: range.from.toISOString() });
    expect(stats.previous.credits).toEqual({ granted: 1_000, spent: 0, takenBack: 0, adjusted: 0, outstanding: 1_000, outstandingCents: 1_000 });
    expect(stats.previous.buyers).toEqual({ unique: 1, repeat: 0, averageOrderCents: 1_000 });
    expect(stats.previous.funnel).toEqual(expectedFunnel(stepsBefore, before, packs));
    expect(stats.previous.total).toMatchObject({ created: 1, completed: 1, chargedCents: 1_000, netCents: 1_000 });
  });

  it('refuses a funnel step that is malformed, of a pack not on sale, unsigned, or one too many in a minute, and keeps nothing of it', async () => {
    const buyer = user('funnel');
    const post = (body: unknown, auth = h.auth(buyer)) =>
      h.api
        .post('/api/events/funnel')
        .set(auth)
        .send(body as object);
    for (const body of [
      {},
      { step: 'paid', packageId: 'basic' },
      { step: 'opened', packageId: 'basic' },
      { step: 'pack_chosen' },
      { step: 'pack_chosen', packageId: 'gold' },
      { step: 'opened', extra: 1 },
    ]) {
      const res = await post(body).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    await h.api.post('/api/events/funnel').send({ step: 'opened' }).expect(401);
    const day = { from: new Date(now - 24 * HOUR), to: new Date(now + 24 * HOUR) };
    expect((await h.store.stats.funnel(day.from, day.to)).filter((r) => r.packageId === 'gold')).toEqual([]);
    // Twenty a minute per user (the re-check limit): the six refused above counted.
    for (let i = 0; i < 14; i++) await post({ step: 'opened' }).expect(204);
    const limited = await post({ step: 'opened' }).expect(429);
    expect(limited.headers['retry-after']).toBeDefined();
  });

  it('exports the orders the search finds as CSV, line for line, and the figures per interval', async () => {
    // A user id a spreadsheet would run as a formula, and one with a comma and a quote.
    const [formula, quoted] = [`=HYPERLINK("x")-${randomUUID().slice(0, 4)}`, `a,"b"-${randomUUID().slice(0, 4)}`];
    for (const u of [formula, quoted]) await create(u, 'basic');

    const listed: AdminOrderDto[] = [];
    let cursor: string | null = null;
    do {
      const page = adminOrdersResponseSchema.parse(
        (
          await h.api
            .get('/api/admin/orders')
            .query({ limit: 3, ...(cursor ? { cursor } : {}) })
            .set(h.operator())
            .expect(200)
        ).body,
      );
      listed.push(...page.orders);
      cursor = page.nextCursor;
    } while (cursor);
    const res = await h.api.get('/api/admin/export/orders.csv').set(h.operator()).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="orders-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows = parseCsv(res.text);
    expect(rows.length).toBeGreaterThan(5);
    const amount = (c: number) => (c / 100).toFixed(2);
    const userCell = (id: string) => (/^[=+\-@]/.test(id) ? `'${id}` : id);
    expect(rows).toEqual(
      listed.map((o) => ({
        id: o.id,
        created_at: o.createdAt,
        user_id: userCell(o.userId),
        pack: o.packageId,
        status: o.status,
        status_reason: o.statusReason ?? '',
        credits: String(o.credits),
        price: amount(o.amountCents),
        currency: o.currency,
        charged: amount(o.chargedCents),
        refunded: amount(o.refundedCents),
        credits_taken_back: String(o.creditsTakenBack),
        completed_at: o.completedAt ?? '',
        completion_source: o.completionSource ?? '',
        whop_payment_id: o.whopPaymentId ?? '',
        whop_checkout_id: o.whopCheckoutId ?? '',
      })),
    );
    expect(rows.map((r) => r.user_id)).toContain(`'${formula}`);

    // Filtered as the list is; a bad filter is a problem, not a half-written file.
    const refunded = parseCsv((await h.api.get('/api/admin/export/orders.csv').query({ status: 'refunded' }).set(h.operator()).expect(200)).text);
    expect(refunded.map((r) => r.id)).toEqual(listed.filter((o) => o.status === 'refunded').map((o) => o.id));
    const bad = await h.api.get('/api/admin/export/orders.csv').query({ status: 'gone' }).set(h.operator()).expect(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);

    const query = { from: range.from.toISOString(), to: range.to.toISOString(), interval: 'hour' };
    const stats = statsResponseSchema.parse((await h.api.get('/api/admin/stats').query(query).set(h.operator()).expect(200)).body);
    const lines = parseCsv((await h.api.get('/api/admin/export/stats.csv').query(query).set(h.operator()).expect(200)).text);
    expect(lines.map((l) => l.start)).toEqual(stats.buckets.map((b) => b.start));
    expect(lines.map((l) => [Number(l.orders_created), l.charged, l.net, l.currency])).toEqual(
      stats.buckets.map((b) => [b.created, amount(b.chargedCents), amount(b.netCents), 'usd']),
    );
  });

  it('finds users by the start of their id, with orders or only credits, case included, the exact id first', async () => {
    const stem = `finder-${randomUUID().slice(0, 6)}`;
    await create(`${stem}-b`, 'basic');
    await create(`${stem}-a`, 'basic');
    await create(`${stem.toUpperCase()}-c`, 'basic');
    await h.api.post(`/api/admin/users/${stem}/adjustments`).set(h.operator()).set('Idempotency-Key', randomUUID()).send({ credits: 5, reason: 'welcome' }).expect(201);
    const find = async (q: string) => (await h.api.get('/api/admin/users').query({ q }).set(h.operator()).expect(200)).body.userIds as string[];
    expect(await find(stem)).toEqual([stem, `${stem}-a`, `${stem}-b`]);
    expect(await find(`${stem}-b`)).toEqual([`${stem}-b`]);
    // Taken literally: no pattern reaches the database.
    expect(await find(`${stem}%`)).toEqual([]);
    expect(await find('.*')).toEqual([]);
    const missing = await h.api.get('/api/admin/users').set(h.operator()).expect(400);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('shows when a dispute’s evidence is due at Whop, from the webhook and from Whop’s list alike, and keeps it once answered', async () => {
    const buyer = user('disputed');
    const order = await create(buyer, 'standard');
    await h.sim.pay(order.whopCheckoutId!, TEST_CARDS.success);
    await settled(order.id, 'completed');
    const paymentId = (await h.store.orders.find({ id: order.id }))!.whopPaymentId!;
    const dispute = (await request(h.sim.url).post(`/_sim/payments/${paymentId}/disputes`).send({ kind: 'chargeback' }).expect(201)).body as { id: string };
    await settled(order.id, 'disputed');
    // What Whop says, read from its own API apart from the product.
    const atWhop = await request(h.sim.url).get(`/api/v1/disputes/${dispute.id}`).set('Authorization', 'Bearer test_api_key').expect(200);
    const due = atWhop.body.needs_response_by as string;
    expect(Date.parse(due)).toBeGreaterThan(Date.now());
    const disputesOf = async () =>
      (
        (await h.api.get(`/api/admin/orders/${order.id}`).set(h.operator()).expect(200)).body.whopPayments as Array<{
          disputes: Array<{ id: string; status: string; needsResponseBy: string | null }>;
        }>
      )[0]!.disputes;
    expect(await disputesOf()).toEqual([expect.objectContaining({ id: dispute.id, status: 'needs_response', needsResponseBy: new Date(due).toISOString() })]);
    // The orders list (the dashboard's "Needs attention") carries the deadline too.
    const listed = async () =>
      adminOrdersResponseSchema.parse((await h.api.get('/api/admin/orders').query({ status: 'disputed', userId: buyer }).set(h.operator()).expect(200)).body).orders;
    expect((await listed()).map((o) => [o.id, o.respondBy])).toEqual([[order.id, new Date(due).toISOString()]]);
    // The account's dashboard at Whop (here the simulator's), where the dispute is, with its deadline.
    const { whopDashboardUrl } = (await h.api.get(`/api/admin/orders/${order.id}`).set(h.operator()).expect(200)).body as { whopDashboardUrl: string };
    expect(whopDashboardUrl).toBe(`${h.sim.url}/dashboard/${COMPANY_ID}/`);
    const dashboard = await fetch(whopDashboardUrl);
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toMatch(new RegExp(`${dispute.id}.*${paymentId}.*needs_response.*${due.replace(/[.]/g, '\\.')}`, 's'));
    // Answered and won: Whop no longer gives a deadline; the one it gave stays on record.
    await request(h.sim.url).post(`/_sim/disputes/${dispute.id}/status`).send({ status: 'won' }).expect(200);
    await settled(order.id, 'completed');
    expect(await disputesOf()).toEqual([expect.objectContaining({ status: 'won', needsResponseBy: new Date(due).toISOString() })]);
    // Nothing waits for evidence any more.
    expect((await h.store.orders.find({ id: order.id }))!.respondBy).toBeNull();

    // Every webhook lost: the sweep reads the deadline from Whop's list of disputes.
    const second = await create(buyer, 'basic');
    await h.sim.pay(second.whopCheckoutId!, TEST_CARDS.success);
    await settled(second.id, 'completed');
    const secondPayment = (await h.store.orders.find({ id: second.id }))!.whopPaymentId!;
    h.sim.setWebhookUrl('http://127.0.0.1:9/nobody-listens');
    try {
      const unseen = (await request(h.sim.url).post(`/_sim/payments/${secondPayment}/disputes`).send({ kind: 'inquiry' }).expect(201)).body as { id: string };
      await h.sim.deliverer.idle();
      expect((await h.store.orders.find({ id: second.id }))!.status).toBe('completed');
      await h.components.sweeper.runOnce();
      const listed = (await request(h.sim.url).get(`/api/v1/disputes/${unseen.id}`).set('Authorization', 'Bearer test_api_key').expect(200)).body.needs_response_by as string;
      const found = ((await h.api.get(`/api/admin/orders/${second.id}`).set(h.operator()).expect(200)).body.whopPayments as Array<{ disputes: unknown[] }>)[0]!.disputes;
      expect(found).toEqual([expect.objectContaining({ id: unseen.id, status: 'warning_needs_response', needsResponseBy: new Date(listed).toISOString() })]);
    } finally {
      h.sim.setWebhookUrl(`${h.apiUrl}/api/payment/webhook/whop`);
    }
  });
});
