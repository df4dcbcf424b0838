import { randomUUID } from 'node:crypto';
import { TEST_CARDS, type Delivery } from '@credits/whop-sim';
import { testDatabases } from './support/databases';
import { startHarness, type Harness } from './support/harness';
import { ledgerSum } from './support/ledger';
import { eventually } from './support/wait';

/**
 * A sale's worth of purchases whose webhooks Whop delivers five times each, concurrently and
 * newest first, while the database drops every connection midway (PostgreSQL). Whop retries what
 * was refused; in the end every order is credited exactly once.
 */
describe.each(testDatabases)('a webhook storm on $name', (database) => {
  // PGlite runs one transaction at a time: a smaller storm proves the same there.
  const ORDERS = database.name === 'postgres' ? 400 : 60;
  const USERS = 50;
  const BATCH = 25;
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness(database, { retryScheduleMs: [50, 100, 200, 400, 800, 1_600, 3_200, 3_200, 3_200] });
  });
  afterAll(() => h.close(), 60_000);

  it(`credits ${ORDERS} orders exactly once`, async () => {
    const users = Array.from({ length: USERS }, () => `storm-${randomUUID().slice(0, 8)}`);
    const orders: Array<{ id: string; userId: string; checkoutId: string }> = [];
    for (let i = 0; i < ORDERS; i += BATCH) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(BATCH, ORDERS - i) }, async (_, j) => {
          const userId = users[(i + j) % USERS]!;
          const res = await h.api.post('/api/payment/create').set(h.auth(userId)).set('Idempotency-Key', randomUUID()).send({ packageId: 'standard' }).expect(201);
          return { id: res.body.payment.id as string, userId, checkoutId: res.body.payment.whopCheckoutId as string };
        }),
      );
      orders.push(...batch);
    }

    const deliveries: Delivery[] = [];
    let restarted = false;
    for (let i = 0; i < orders.length; i += BATCH) {
      const paid = await Promise.all(orders.slice(i, i + BATCH).map((o) => h.sim.engine.pay(o.checkoutId, TEST_CARDS.success, { chaos: { duplicates: 5, reorder: true } })));
      for (const p of paid) deliveries.push(...p.deliveries);
      if (!restarted && i >= orders.length / 2 && database.restart) {
        await database.restart(h.store);
        restarted = true;
      }
    }
    expect(deliveries).toHaveLength(ORDERS * 2 * 5);
    const summary = () => {
      const byState: Record<string, number> = {};
      for (const d of deliveries) byState[d.state] = (byState[d.state] ?? 0) + 1;
      const unsettled = deliveries.find((d) => d.state !== 'delivered');
      return `${JSON.stringify(byState)}; e.g. ${JSON.stringify(unsettled?.attempts.slice(-3))}`;
    };
    await eventually(() => deliveries.every((d) => d.state === 'delivered' || d.state === 'failed'), 90_000, 'all deliveries settled').catch((err: Error) => {
      throw new Error(`${err.message}: ${summary()}`);
    });
    expect(deliveries.filter((d) => d.state === 'failed').map((d) => d.attempts)).toEqual([]);
    if (database.restart) expect(deliveries.some((d) => d.attempts.some((a) => a.status === 503 || a.status === 500 || a.status === null))).toBe(true);

    let grants = 0;
    for (const userId of users) {
      const mine = orders.filter((o) => o.userId === userId);
      const balance = await h.store.ledger.balance(userId);
      expect({ userId, balance }).toEqual({ userId, balance: mine.length * 1_000 });
      expect({ userId, balance }).toEqual({ userId, balance: await ledgerSum(h.store, userId) });
      let cursor: string | undefined;
      do {
        const page = await h.store.ledger.page(userId, { limit: 100, cursor });
        grants += page.items.filter((e) => e.kind === 'grant').length;
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    }
    expect(grants).toBe(ORDERS);
    for (const o of orders) expect((await h.store.orders.find({ id: o.id }))!.status).toBe('completed');
    expect(await h.store.ledger.differences()).toEqual([]);
  }, 180_000);
});
