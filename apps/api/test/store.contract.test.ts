import { randomUUID } from 'node:crypto';
import type { PackageId } from '@credits/shared';
import { seedPack } from './support/packs';
import type { OrderFact, PaymentReport } from '../src/domain/facts';
import type { NewOrder, Order } from '../src/domain/order';
import type { CountsRow, FunnelRow, FunnelStep } from '../src/domain/stats';
import { silentLogger } from './support/logger';
import { Metrics } from '../src/Metrics';
import { CreditService } from '../src/services/CreditService';
import { Fulfilment } from '../src/services/Fulfilment';
import { LedgerKeyTakenError, StaleOrderError, type Store } from '../src/store/ports';
import { mongoUri, testDatabases } from './support/databases';
import { expectBalanceMatchesLedger } from './support/ledger';

/**
 * The storage ports' contract: every adapter must pass these same cases. The money rules are the
 * policy's (tested on their own); here they run on each database through the same shell the API
 * uses, so what is checked is what an adapter owes: atomic units, locks, unique keys, paging.
 */
if (!mongoUri) {
  console.log('skipped: no MongoDB reachable (set TEST_MONGODB_URI to a replica set to run this contract against MongoDB)');
  describe.skip('store contract on mongodb', () => {
    it('runs the contract cases against MongoDB when TEST_MONGODB_URI is set', () => undefined);
  });
}

describe.each(testDatabases)('store contract on $name', (database) => {
  let store: Store;
  let engine: Fulfilment;
  let credits: CreditService;
  const users = new Set<string>();

  beforeAll(async () => {
    store = await database.open();
    engine = new Fulfilment({ store, logger: silentLogger, metrics: new Metrics({ processMetrics: false }), now: () => new Date() });
    credits = new CreditService(store);
  });
  afterAll(async () => {
    await store.close();
  });
  afterEach(async () => {
    await expectBalanceMatchesLedger(store, users);
    users.clear();
  });

  function user(): string {
    const id = `user-${randomUUID()}`;
    users.add(id);
    return id;
  }

  let clock = Date.UTC(2026, 0, 1);
  function newOrder(userId: string, packageId: PackageId = 'standard', createdAt?: Date): NewOrder {
    const pack = seedPack(packageId);
    clock += 1000;
    return {
      id: randomUUID(),
      userId,
      packageId,
      packNames: pack.names,
      credits: pack.totalCredits,
      amountCents: pack.priceCents,
      currency: 'usd',
      createdAt: createdAt ?? new Date(clock),
    };
  }

  async function pendingOrder(userId: string, packageId: PackageId = 'standard') {
    const order = await store.orders.create(newOrder(userId, packageId));
    return store.orders.attachCheckout(order.id, { checkoutId: `ch_${randomUUID()}`, checkoutUrl: 'https://whop.test/checkout' });
  }

  const paid = (order: Order, id: string, overrides: Partial<PaymentReport> = {}): OrderFact => ({
    type: 'payment',
    payment: {
      id,
      state: 'paid',
      currency: 'usd',
      netCents: order.amountCents,
      totalCents: order.amountCents,
      settlement: null,
      usdTotalCents: null,
      checkoutId: order.whopCheckoutId,
      metadataOrderId: order.id,
      refundedCents: null,
      refundedTaxCents: null,
      at: null,
      ...overrides,
    },
  });
  const learn = (order: Order, fact: OrderFact) => engine.learn([{ id: order.id }], fact, { source: 'webhook' });
  const refund = (order: Order, id: string, cents: number, paymentId = `pay_${order.id}`) =>
    learn(order, { type: 'refund', refund: { id, paymentId, status: 'succeeded', cents, currency: null } });
  const dispute = (order: Order, id: string, status: 'needs_response' | 'won' | 'lost') =>
    learn(order, { type: 'dispute', dispute: { id, paymentId: `pay_${order.id}`, status, cents: null, currency: null, paymentSaysLost: false, needsResponseBy: null } });

  async function grantedOrder(userId: string, packageId: PackageId = 'standard') {
    const order = await pendingOrder(userId, packageId);
    await learn(order, paid(order, `pay_${order.id}`));
    return order;
  }

  it('creates a pending order and reads it back, for its owner only', async () => {
    const alice = user();
    const input = newOrder(alice, 'premium');
    const created = await store.orders.create(input);
    expect(created).toMatchObject({
      id: input.id,
      userId: alice,
      packageId: 'premium',
      credits: 15_000,
      amountCents: 10_000,
      status: 'pending',
      whopCheckoutId: null,
      completedAt: null,
      version: 0,
    });
    expect(created.createdAt.getTime()).toBe(input.createdAt.getTime());

    const attached = await store.orders.attachCheckout(created.id, { checkoutId: `ch_${created.id}`, checkoutUrl: 'https://whop.test/c/1' });
    expect(attached).toMatchObject({ whopCheckoutId: `ch_${created.id}`, checkoutUrl: 'https://whop.test/c/1', version: 1 });
    expect(await store.orders.find({ checkoutId: `ch_${created.id}` })).toMatchObject({ id: created.id });
    expect(await store.orders.findForUser(created.id, alice)).toMatchObject({ id: created.id });
    expect(await store.orders.findForUser(created.id, user())).toBeNull();
    expect(await store.orders.find({ id: randomUUID() })).toBeNull();
  });

  it('lists a user’s orders newest first with cursor paging, and nobody else’s', async () => {
    const alice = user();
    const bob = user();
    const base = Date.UTC(2026, 5, 1);
    // Two orders share a timestamp: the id breaks the tie, so paging neither skips nor repeats.
    const times = [0, 1000, 1000, 2000, 3000, 4000, 5000];
    const created = [];
    for (const t of times) created.push(await store.orders.create(newOrder(alice, 'basic', new Date(base + t))));
    await store.orders.create(newOrder(bob, 'basic', new Date(base + 2500)));

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store.orders.pageForUser(alice, { limit: 3, cursor });
      pages++;
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((p) => p.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);

    const expected = [...created].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1)).map((p) => p.id);
    expect(seen).toEqual(expected);
    expect(pages).toBe(3);
    expect((await store.orders.pageForUser(alice, { limit: 7 })).nextCursor).toBeNull();
  });

  it('rejects a cursor it did not issue', async () => {
    await expect(store.orders.pageForUser(user(), { limit: 5, cursor: 'not-a-cursor' })).rejects.toThrow('cursor');
  });

  it('completes an order once, granting its credits and a ledger entry', async () => {
    const alice = user();
    const order = await pendingOrder(alice, 'premium');
    const first = await learn(order, paid(order, 'pay_once'));
    expect(first.outcome).toBe('completed');
    expect(first.order).toMatchObject({ status: 'completed', whopPaymentId: 'pay_once', completionSource: 'webhook' });
    expect(first.order!.completedAt).toBeInstanceOf(Date);
    expect((await learn(order, paid(order, 'pay_once'))).outcome).toBe('already_completed');
    expect(await store.ledger.balance(alice)).toBe(15_000);
    const ledger = await store.ledger.page(alice, { limit: 10 });
    expect(ledger.items).toEqual([expect.objectContaining({ key: 'grant:pay_once', kind: 'grant', credits: 15_000, orderId: order.id })]);
    expect(await store.orders.find({ whopPaymentId: 'pay_once' })).toMatchObject({ id: order.id, status: 'completed' });
  });

  it('credits once when the same completion races 25 times', async () => {
    const alice = user();
    const order = await pendingOrder(alice);
    const results = await Promise.all(Array.from({ length: 25 }, () => learn(order, paid(order, 'pay_race'))));
    expect(results.filter((r) => r.outcome === 'completed')).toHaveLength(1);
    expect(await store.ledger.balance(alice)).toBe(1_000);
  });

  it('keeps balances of concurrent orders of one user exact', async () => {
    const alice = user();
    const orders = await Promise.all(Array.from({ length: 10 }, () => pendingOrder(alice, 'basic')));
    await Promise.all(orders.map((o, i) => learn(o, paid(o, `pay_many_${o.id}_${i}`))));
    expect(await store.ledger.balance(alice)).toBe(1_000);
  });

  it('refuses to grant one Whop payment to two orders: the second is held for review', async () => {
    const alice = user();
    const a = await pendingOrder(alice);
    const b = await pendingOrder(alice);
    await learn(a, paid(a, 'pay_shared'));
    const second = await learn(b, paid(b, 'pay_shared'));
    expect(second.outcome).toBe('review');
    expect(await store.orders.find({ id: b.id })).toMatchObject({ status: 'review', statusReason: 'whop_payment_already_granted' });
    expect(await store.ledger.balance(alice)).toBe(1_000);
  });

  it('fails an order on a declined attempt, and a failed order can still complete', async () => {
    const alice = user();
    const order = await pendingOrder(alice);
    expect((await learn(order, paid(order, 'pay_declined', { state: 'failed' }))).order!.status).toBe('failed');
    expect((await learn(order, paid(order, 'pay_after_fail'))).outcome).toBe('completed');
    // A late failure never moves a completed order backwards.
    const late = await learn(order, paid(order, 'pay_declined_again', { state: 'failed' }));
    expect(late.order!.status).toBe('completed');
    expect(await store.ledger.balance(alice)).toBe(1_000);
  });

  it('holds an order for review without credits, and the same payment again changes nothing', async () => {
    const alice = user();
    const order = await pendingOrder(alice);
    const held = await learn(order, paid(order, 'pay_wrong', { netCents: 1 }));
    expect(held.order).toMatchObject({ status: 'review', statusReason: 'amount_mismatch', whopPaymentId: 'pay_wrong' });
    const again = await learn(order, paid(order, 'pay_wrong', { netCents: 1 }));
    expect(again.order!.version).toBe(held.order!.version);
    expect(await store.ledger.balance(alice)).toBe(0);
  });

  const probeEvent = () => ({ id: `msg_${randomUUID()}`, type: 'payment.succeeded', payload: '{"any":"thing"}', receivedAt: new Date() });

  it('records a webhook event once, with its outcome, in the unit of work that handles it', async () => {
    const event = probeEvent();
    expect(await store.transact((uow) => uow.inbox.handled(event.id))).toBe(false);
    expect(await store.transact((uow) => uow.apply({ event: { record: event, outcome: 'completed', orderId: null } }))).toEqual({ entryIds: [], eventRecorded: true });
    expect(await store.transact((uow) => uow.inbox.handled(event.id))).toBe(true);
    expect(await store.transact((uow) => uow.apply({ event: { record: event, outcome: 'other', orderId: null } }))).toMatchObject({ eventRecorded: false });
    expect(await store.inbox.find(event.id)).toMatchObject({ id: event.id, type: 'payment.succeeded', outcome: 'completed', processedAt: expect.any(Date) });

    const concurrent = probeEvent();
    const recorded = await Promise.all(
      Array.from({ length: 10 }, () => store.transact((uow) => uow.apply({ event: { record: concurrent, outcome: 'completed', orderId: null } }))),
    );
    expect(recorded.filter((r) => r.eventRecorded)).toHaveLength(1);
  });

  it('keeps an account’s held credits equal to its active holds: opened, ended once, listed when past due', async () => {
    const alice = user();
    await grantedOrder(alice);
    const at = new Date('2031-05-01T10:00:00.000Z');
    const hold = (id: string, credits: number, expiresAt: Date) =>
      ({ id, userId: alice, credits, reason: 'job', status: 'active', capturedCredits: 0, createdAt: at, expiresAt, settledAt: null }) as const;
    const [a, b] = [hold(randomUUID(), 300, new Date(at.getTime() + 60_000)), hold(randomUUID(), 200, new Date(at.getTime() + 120_000))];
    await store.transact(async (uow) => {
      await uow.holds.open(a);
      await uow.holds.open(b);
    });
    expect(await store.ledger.account(alice)).toEqual({ balance: 1_000, held: 500 });
    expect((await store.holds.expired(new Date(at.getTime() + 90_000), 10)).filter((h) => h.userId === alice).map((h) => h.id)).toEqual([a.id]);
    await store.transact(async (uow) => {
      expect(await uow.ledger.lockAccount(alice)).toEqual({ balance: 1_000, held: 500 });
      expect(await uow.holds.lock(a.id)).toEqual(a);
      await uow.holds.end({ ...a, status: 'captured', capturedCredits: 100, settledAt: at });
      await uow.apply({ entries: { userId: alice, orderId: null, drafts: [{ key: `capture:${a.id}`, kind: 'spend', credits: -100, memo: 'job' }] } });
    });
    expect(await store.ledger.account(alice)).toEqual({ balance: 900, held: 200 });
    expect(await store.holds.find(a.id)).toEqual({ ...a, status: 'captured', capturedCredits: 100, settledAt: at });
    // An ended hold does not end again, and the unit of work that tried changes nothing.
    await expect(store.transact((uow) => uow.holds.end({ ...a, status: 'released', settledAt: at }))).rejects.toThrow('not active');
    expect(await store.ledger.account(alice)).toEqual({ balance: 900, held: 200 });
    expect(await store.holds.find(randomUUID())).toBeNull();
  });

  it('commits a unit of work whole or not at all', async () => {
    const alice = user();
    const order = await pendingOrder(alice);
    const event = probeEvent();
    await expect(
      store.transact(async (uow) => {
        const locked = (await uow.orders.lock({ id: order.id }))!;
        await uow.apply({
          order: {
            next: { ...locked, status: 'completed', version: locked.version + 1 },
            expectedVersion: locked.version,
            movements: [{ kind: 'charge', whopId: `probe_${order.id}`, cents: 5 }],
          },
          entries: { userId: alice, orderId: order.id, drafts: [{ key: `probe:${order.id}`, kind: 'grant', credits: 5, memo: 'probe' }] },
          event: { record: event, outcome: 'completed', orderId: null },
        });
        throw new Error('the unit fails after every write');
      }),
    ).rejects.toThrow('every write');
    expect(await store.inbox.find(event.id)).toBeNull();
    expect(await store.orders.find({ id: order.id })).toMatchObject({ status: 'pending', version: order.version });
    expect(await store.ledger.balance(alice)).toBe(0);
  });

  it('applies a change whole: a taken ledger key or a version that moved on writes nothing of it', async () => {
    const alice = user();
    const order = await grantedOrder(alice);
    const current = (await store.orders.find({ id: order.id }))!;
    const event = probeEvent();
    const change = {
      order: { next: { ...current, status: 'refunded' as const, version: current.version + 1 }, expectedVersion: current.version, movements: null },
      entries: { userId: alice, orderId: order.id, drafts: [{ key: `grant:pay_${order.id}`, kind: 'grant' as const, credits: 1_000, memo: 'again' }] },
      event: { record: event, outcome: 'completed', orderId: null },
    };
    await expect(store.transact((uow) => uow.apply(change))).rejects.toBeInstanceOf(LedgerKeyTakenError);
    await expect(store.transact((uow) => uow.apply({ ...change, entries: undefined, order: { ...change.order, expectedVersion: current.version - 1 } }))).rejects.toBeInstanceOf(
      StaleOrderError,
    );
    expect(await store.orders.find({ id: order.id })).toMatchObject({ status: 'completed', version: current.version });
    expect(await store.inbox.find(event.id)).toBeNull();
    expect(await store.ledger.balance(alice)).toBe(1_000);
  });

  it('pages the ledger newest first', async () => {
    const alice = user();
    for (let i = 0; i < 5; i++) await grantedOrder(alice, 'basic');
    const first = await store.ledger.page(alice, { limit: 2 });
    const second = await store.ledger.page(alice, { limit: 2, cursor: first.nextCursor! });
    const third = await store.ledger.page(alice, { limit: 2, cursor: second.nextCursor! });
    const keys = [...first.items, ...second.items, ...third.items].map((e) => e.key);
    expect(new Set(keys).size).toBe(5);
    expect(third.nextCursor).toBeNull();
    expect(await store.ledger.balance(alice)).toBe(500);
  });

  it('returns the earlier order for a reused idempotency key, per user', async () => {
    const alice = user();
    const first = await store.orders.create({ ...newOrder(alice), idempotencyKey: 'key-1' });
    const again = await store.orders.create({ ...newOrder(alice), idempotencyKey: 'key-1' });
    expect(again.id).toBe(first.id);
    const bobs = await store.orders.create({ ...newOrder(user()), idempotencyKey: 'key-1' });
    expect(bobs.id).not.toBe(first.id);
    const racing = await Promise.all(Array.from({ length: 10 }, () => store.orders.create({ ...newOrder(alice), idempotencyKey: 'key-2' })));
    expect(new Set(racing.map((p) => p.id)).size).toBe(1);
    expect((await store.orders.pageForUser(alice, { limit: 20 })).items).toHaveLength(2);
  });

  it('opens one order per user and pack however many creates race, reusing only a pending one made after the cut-off', async () => {
    const alice = user();
    const since = new Date(clock);
    const racing = await Promise.all(Array.from({ length: 20 }, () => store.orders.createUnlessOpen(newOrder(alice), since)));
    const open = racing[0]!;
    expect(new Set(racing.map((o) => o.id)).size).toBe(1);
    expect(open).toMatchObject({ status: 'pending', whopCheckoutId: null });
    // Another pack or another user is another order.
    expect((await store.orders.createUnlessOpen(newOrder(alice, 'basic'), since)).id).not.toBe(open.id);
    expect((await store.orders.createUnlessOpen(newOrder(user()), since)).id).not.toBe(open.id);
    // An order made before the cut-off, or no longer pending, is not reused.
    const later = await store.orders.createUnlessOpen(newOrder(alice), open.createdAt);
    expect(later.id).not.toBe(open.id);
    for (const order of [open, later]) await learn(order, { type: 'cancelled' });
    const fresh = await store.orders.createUnlessOpen(newOrder(alice), since);
    expect([open.id, later.id]).not.toContain(fresh.id);
    expect((await store.orders.pageForUser(alice, { limit: 50 })).items).toHaveLength(4);
  });

  it('takes back credits in proportion to partial refunds, then the rest, once per refund', async () => {
    const alice = user();
    const order = await grantedOrder(alice, 'premium');
    const partial = await refund(order, 'r1', 2_500);
    expect(partial.order).toMatchObject({ status: 'partially_refunded', refundedCents: 2_500, clawedCredits: 3_750 });
    expect((await refund(order, 'r1', 2_500)).order!.version).toBe(partial.order!.version);
    const rest = await refund(order, 'r2', 7_500);
    expect(rest.order).toMatchObject({ status: 'refunded', refundedCents: 10_000, clawedCredits: 15_000 });
    expect(await store.ledger.balance(alice)).toBe(0);
  });

  it('uses Whop’s cumulative refunded amount when it is known, taking back only the difference', async () => {
    const alice = user();
    const order = await grantedOrder(alice);
    await refund(order, 'a', 300);
    // The same money reported again as the payment's total (a payment read after the refund event):
    await learn(order, paid(order, `pay_${order.id}`, { refundedCents: 300, at: '2026-11-01T00:00:00.000Z' }));
    expect(await store.ledger.balance(alice)).toBe(700);
    await learn(order, paid(order, `pay_${order.id}`, { refundedCents: 500, at: '2026-11-02T00:00:00.000Z' }));
    expect(await store.ledger.balance(alice)).toBe(500);
  });

  it('lets a refund drive the balance negative', async () => {
    const alice = user();
    const order = await grantedOrder(alice);
    await credits.spend({ userId: alice, credits: 800, reason: 'used', idempotencyKey: 'k' });
    await refund(order, 'neg', 1_000);
    expect(await store.ledger.balance(alice)).toBe(-800);
    await expect(credits.spend({ userId: alice, credits: 1, reason: 'more', idempotencyKey: 'k2' })).rejects.toMatchObject({ status: 409, code: 'insufficient_credits' });
  });

  it('remembers a refund seen before the success and takes it back at completion', async () => {
    const alice = user();
    const order = await pendingOrder(alice);
    const early = await refund(order, 'early', 1_000, 'pay_late');
    // Money back of a payment not known as paid yet is counted once it is.
    expect(early.order).toMatchObject({ status: 'pending', refundedCents: 0 });
    const done = await learn(order, paid(order, 'pay_late'));
    expect(done.order).toMatchObject({ status: 'refunded', clawedCredits: 1_000, chargedCents: 1_000, refundedCents: 1_000 });
    expect(await store.ledger.balance(alice)).toBe(0);
  });

  it('holds credits during a dispute and gives them back when it is won', async () => {
    const alice = user();
    const order = await grantedOrder(alice);
    const opened = await dispute(order, 'dp_1', 'needs_response');
    expect(opened).toMatchObject({ outcome: 'dispute_opened', order: { status: 'disputed', heldCredits: 1_000 } });
    expect((await dispute(order, 'dp_1', 'needs_response')).order!.version).toBe(opened.order!.version);
    expect(await store.ledger.balance(alice)).toBe(0);
    const won = await dispute(order, 'dp_1', 'won');
    expect(won).toMatchObject({ outcome: 'dispute_won', order: { status: 'completed', heldCredits: 0, clawedCredits: 0 } });
    expect(await store.ledger.balance(alice)).toBe(1_000);
  });

  it('keeps the held credits gone when a dispute is lost', async () => {
    const alice = user();
    const order = await grantedOrder(alice, 'premium');
    await dispute(order, 'dp_2', 'needs_response');
    const lost = await dispute(order, 'dp_2', 'lost');
    expect(lost.order).toMatchObject({ status: 'refunded', refundedCents: 10_000, clawedCredits: 15_000, heldCredits: 0 });
    expect(await store.ledger.balance(alice)).toBe(0);
  });

  it('spends atomically: 100 concurrent spends of an account that affords 10 → exactly 10', async () => {
    const alice = user();
    await grantedOrder(alice);
    const results = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => credits.spend({ userId: alice, credits: 100, reason: 'race', idempotencyKey: `spend-${i}` })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    expect(results.filter((r) => r.status === 'rejected' && (r.reason as { code?: string }).code === 'insufficient_credits')).toHaveLength(90);
    expect(await store.ledger.balance(alice)).toBe(0);
  });

  it('replays a spend for the same key and body, and refuses the key with another body', async () => {
    const alice = user();
    await grantedOrder(alice);
    const first = await credits.spend({ userId: alice, credits: 250, reason: 'export', idempotencyKey: 'same' });
    const replays = await Promise.all(Array.from({ length: 5 }, () => credits.spend({ userId: alice, credits: 250, reason: 'export', idempotencyKey: 'same' })));
    expect(first).toMatchObject({ spent: 250, balance: 750, replayed: false });
    for (const r of replays) expect(r).toEqual({ ...first, replayed: true });
    await expect(credits.spend({ userId: alice, credits: 1, reason: 'other', idempotencyKey: 'same' })).rejects.toMatchObject({ status: 422, code: 'idempotency_key_reused' });
    expect(await store.ledger.balance(alice)).toBe(750);
    const entries = (await store.ledger.page(alice, { limit: 10 })).items;
    expect(entries.find((e) => e.kind === 'spend')).toMatchObject({ id: first.entryId, credits: -250, memo: 'export' });
  });

  it('keeps spend keys of two users apart, whatever their ids and keys contain', async () => {
    // Joined naively, "<b>:x" spending with key "y" and "<b>" spending with key "x:y" share a key.
    const b = user();
    const a = `${b}:x`;
    users.add(a);
    await grantedOrder(a);
    await grantedOrder(b);
    await credits.spend({ userId: a, credits: 10, reason: 'one', idempotencyKey: 'y' });
    await credits.spend({ userId: b, credits: 10, reason: 'two', idempotencyKey: 'x:y' });
    expect([await store.ledger.balance(a), await store.ledger.balance(b)]).toEqual([990, 990]);
  });

  it('expires pending orders, lists the stale pending ones oldest first, and still credits money that arrives later', async () => {
    const alice = user();
    const old = await store.orders.create(newOrder(alice, 'basic', new Date(Date.UTC(2020, 0, 1))));
    const withCheckout = await store.orders.attachCheckout(old.id, { checkoutId: `ch_${old.id}`, checkoutUrl: 'https://whop.test/c' });
    const stale = await store.orders.listPendingCreatedBefore(new Date(Date.UTC(2020, 0, 2)), 10);
    expect(stale.map((p) => p.id)).toContain(old.id);
    expect((await learn(withCheckout, { type: 'expired' })).order!.status).toBe('expired');
    expect((await learn(withCheckout, { type: 'expired' })).outcome).toBe('expired');
    expect((await learn(withCheckout, paid(withCheckout, `pay_${old.id}`))).outcome).toBe('completed');
  });

  it('lets one holder have a lease at a time, until it expires', async () => {
    const name = `lease-${randomUUID()}`;
    expect(await store.leases.acquire(name, 'a', 60_000)).toBe(true);
    expect(await store.leases.acquire(name, 'b', 60_000)).toBe(false);
    expect(await store.leases.acquire(name, 'a', 60_000)).toBe(true);
    await store.leases.release(name, 'a');
    expect(await store.leases.acquire(name, 'b', 1)).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(await store.leases.acquire(name, 'c', 60_000)).toBe(true);
  });

  it('ties a handled event to its order, and keeps what was sent for handling it again', async () => {
    const alice = user();
    const order = await pendingOrder(alice);
    const sent = { type: 'payment.succeeded', data: { id: 'pay_x' } };
    const event = { ...probeEvent(), payload: JSON.stringify(sent) };
    await engine.learn([{ id: order.id }], paid(order, `pay_${order.id}`), { source: 'webhook', event });
    expect(await store.inbox.forOrder(order.id)).toEqual([expect.objectContaining({ id: event.id, outcome: 'completed', orderId: order.id })]);
    expect(await store.inbox.stored(event.id)).toMatchObject({ id: event.id, orderId: order.id, payload: sent });
    expect(await store.inbox.stored('msg_none')).toBeNull();
    expect((await store.ledger.forOrder(order.id)).map((e) => [e.kind, e.credits])).toEqual([['grant', 1_000]]);
  });

  it('searches every user’s orders by ids (an order id’s start too), status, pack and time, newest first, with paging', async () => {
    const [alice, bob] = [user(), user()];
    const a1 = await grantedOrder(alice, 'basic');
    const a2 = await pendingOrder(alice, 'premium');
    const b1 = await pendingOrder(bob, 'basic');
    const ids = async (search: Parameters<Store['orders']['search']>[0], limit = 10) => (await store.orders.search(search, { limit })).items.map((o) => o.id);
    expect(await ids({ userId: alice })).toEqual([a2.id, a1.id]);
    expect(await ids({ q: b1.id })).toEqual([b1.id]);
    // The start of an id, as the console shows it (8 characters), or as short as 6, whatever the case; 5 are a user id to match exactly.
    expect(await ids({ q: b1.id.slice(0, 8) })).toEqual([b1.id]);
    expect(await ids({ q: b1.id.slice(0, 6).toUpperCase(), userId: bob })).toEqual([b1.id]);
    expect(await ids({ q: b1.id.slice(0, 5), userId: bob })).toEqual([]);
    expect(await ids({ q: bob })).toEqual([b1.id]);
    expect(await ids({ q: a2.whopCheckoutId! })).toEqual([a2.id]);
    expect(await ids({ q: `pay_${a1.id}` })).toEqual([a1.id]);
    expect(await ids({ userId: alice, status: 'completed' })).toEqual([a1.id]);
    expect(await ids({ packageId: 'basic', q: alice })).toEqual([a1.id]);
    expect(await ids({ userId: alice, from: a2.createdAt })).toEqual([a2.id]);
    expect(await ids({ userId: alice, to: a2.createdAt })).toEqual([a1.id]);
    const first = await store.orders.search({ userId: alice }, { limit: 1 });
    expect((await store.orders.search({ userId: alice }, { limit: 1, cursor: first.nextCursor! })).items.map((o) => o.id)).toEqual([a1.id]);
  });

  it('finds the user ids that differ from one only in case, in orders and in accounts, never the id itself', async () => {
    const lower = user();
    const upper = lower.toUpperCase();
    const mixed = `U${lower.slice(1)}`;
    users.add(upper).add(mixed);
    await grantedOrder(mixed);
    await pendingOrder(lower, 'basic');
    await pendingOrder(upper, 'basic');
    await pendingOrder(upper, 'premium');
    const sorted = (ids: string[]) => [...ids].sort();
    expect(sorted(await store.orders.userIdsInOtherCase(lower, 5))).toEqual(sorted([upper, mixed]));
    expect(sorted(await store.orders.userIdsInOtherCase(upper, 5))).toEqual(sorted([lower, mixed]));
    expect(await store.orders.userIdsInOtherCase(lower, 1)).toHaveLength(1);
    expect(await store.ledger.userIdsInOtherCase(lower, 5)).toEqual([mixed]);
    expect(await store.ledger.userIdsInOtherCase(mixed, 5)).toEqual([]);
    expect(await store.orders.userIdsInOtherCase(`${lower}-nobody`, 5)).toEqual([]);
  });

  it('appends to the audit log, in the unit of work that acts or on its own, and reads it by order and by user', async () => {
    const alice = user();
    const order = await pendingOrder(alice);
    await store.transact((uow) =>
      uow.apply({
        entries: { userId: alice, orderId: null, drafts: [{ key: `adjustment:${alice}:k`, kind: 'adjustment', credits: 5, memo: 'goodwill' }] },
        audit: { actor: 'ops', action: 'adjustment', orderId: null, userId: alice, reason: 'goodwill', details: { credits: 5 } },
      }),
    );
    await store.audit.append({ actor: 'ops', action: 'webhook_replay', orderId: order.id, userId: null, reason: 'asked', details: { eventId: 'msg_1' } });
    expect(await store.audit.forUser(alice, 10)).toEqual([
      expect.objectContaining({ actor: 'ops', action: 'adjustment', reason: 'goodwill', details: { credits: 5 }, at: expect.any(Date) }),
    ]);
    expect(await store.audit.forOrder(order.id)).toEqual([expect.objectContaining({ action: 'webhook_replay', orderId: order.id, details: { eventId: 'msg_1' } })]);
    // An audit row and the money it describes commit together or not at all.
    await expect(
      store.transact((uow) =>
        uow.apply({
          entries: { userId: alice, orderId: null, drafts: [{ key: `adjustment:${alice}:k`, kind: 'adjustment', credits: 5, memo: 'again' }] },
          audit: { actor: 'ops', action: 'adjustment', orderId: null, userId: alice, reason: 'again', details: {} },
        }),
      ),
    ).rejects.toBeInstanceOf(LedgerKeyTakenError);
    expect(await store.audit.forUser(alice, 10)).toHaveLength(1);
  });

  describe('statistics', () => {
    const at = (iso: string) => new Date(iso);
    const sorted = (rows: CountsRow[]) => [...rows].sort((a, b) => a.start.getTime() - b.start.getTime() || a.packageId.localeCompare(b.packageId));

    it('counts orders by the UTC hour or day they were created, per pack, the range’s end excluded', async () => {
      const alice = user();
      // In 2031, where no other case writes.
      const make = async (packageId: PackageId, createdAt: string) => {
        const order = await store.orders.create(newOrder(alice, packageId, at(createdAt)));
        return store.orders.attachCheckout(order.id, { checkoutId: `ch_${randomUUID()}`, checkoutUrl: 'https://whop.test/checkout' });
      };
      const early = await make('basic', '2031-03-01T00:00:00.000Z');
      await make('standard', '2031-03-01T10:15:00.000Z');
      const paidOne = await make('standard', '2031-03-01T10:45:00.000Z');
      await make('standard', '2031-03-02T23:59:59.999Z');
      await make('premium', '2031-03-03T00:00:00.000Z');
      await learn(paidOne, paid(paidOne, `pay_${paidOne.id}`));
      await learn(early, { type: 'expired' });

      const range = { from: at('2031-03-01T00:00:00.000Z'), to: at('2031-03-03T00:00:00.000Z') };
      const byHour = sorted(await store.stats.orderCounts({ ...range, interval: 'hour' }));
      expect(byHour.map((r) => [r.start.toISOString(), r.packageId, r.created, r.completed, r.expired, r.creditsGranted])).toEqual([
        ['2031-03-01T00:00:00.000Z', 'basic', 1, 0, 1, 0],
        ['2031-03-01T10:00:00.000Z', 'standard', 2, 1, 0, 1_000],
        ['2031-03-02T23:00:00.000Z', 'standard', 1, 0, 0, 0],
      ]);
      const byDay = sorted(await store.stats.orderCounts({ ...range, interval: 'day' }));
      expect(byDay.map((r) => [r.start.toISOString(), r.packageId, r.created])).toEqual([
        ['2031-03-01T00:00:00.000Z', 'basic', 1],
        ['2031-03-01T00:00:00.000Z', 'standard', 2],
        ['2031-03-02T00:00:00.000Z', 'standard', 1],
      ]);
    });

    it('sums the ledger per kind, and what is owed to buyers at a moment (balances above zero) with what paid orders cost', async () => {
      const since = new Date(Date.now() - 1_000);
      const later = new Date(Date.now() + 3_600_000);
      const [sumsBefore, owedBefore] = await Promise.all([store.stats.ledgerSums(since, later), store.stats.outstanding(later)]);
      const refunded = await grantedOrder(user());
      await refund(refunded, `rf_${refunded.id}`, 250);
      const won = await grantedOrder(user());
      await dispute(won, `dp_${won.id}`, 'needs_response');
      await dispute(won, `dp_${won.id}`, 'won');
      const lost = await grantedOrder(user(), 'basic');
      await dispute(lost, `dp_${lost.id}`, 'needs_response');
      await dispute(lost, `dp_${lost.id}`, 'lost');
      const overdrawn = user();
      await store.transact((uow) =>
        uow.apply({ entries: { userId: overdrawn, orderId: null, drafts: [{ key: `adjustment:${overdrawn}:k`, kind: 'adjustment', credits: -5_000, memo: 'clawback' }] } }),
      );
      const [sums, owed] = await Promise.all([store.stats.ledgerSums(since, later), store.stats.outstanding(later)]);
      const delta = (kind: keyof typeof sums) => sums[kind] - sumsBefore[kind];
      expect({ grant: delta('grant'), refund: delta('refund'), dispute: delta('dispute'), spend: delta('spend'), adjustment: delta('adjustment') }).toEqual({
        grant: 2_100,
        refund: -250,
        dispute: -100,
        spend: 0,
        adjustment: -5_000,
      });
      // 750 + 1,000 + 0 owed; the overdrawn balance owes the shop, it does not lower what the shop owes others.
      expect({ credits: owed.credits - owedBefore.credits, paidCents: owed.paidCents - owedBefore.paidCents, paidCredits: owed.paidCredits - owedBefore.paidCredits }).toEqual({
        credits: 1_750,
        paidCents: 2_100,
        paidCredits: 2_100,
      });
    });

    it('counts buyers who paid orders created in a range, and those of them who paid more than once by its end', async () => {
      // In 2032, where no other case writes.
      const paidAt = async (userId: string, createdAt: string) => {
        const order = await store.orders.create(newOrder(userId, 'basic', at(createdAt)));
        const withCheckout = await store.orders.attachCheckout(order.id, { checkoutId: `ch_${randomUUID()}`, checkoutUrl: 'https://whop.test/checkout' });
        await learn(withCheckout, paid(withCheckout, `pay_${order.id}`));
      };
      const [alice, bob, carol, dave, erin] = [user(), user(), user(), user(), user()];
      await paidAt(alice, '2032-01-20T00:00:00.000Z');
      await paidAt(alice, '2032-02-05T00:00:00.000Z');
      await paidAt(bob, '2032-02-02T00:00:00.000Z');
      await paidAt(bob, '2032-02-03T00:00:00.000Z');
      await paidAt(carol, '2032-02-10T00:00:00.000Z');
      await store.orders.create(newOrder(dave, 'basic', at('2032-02-11T00:00:00.000Z')));
      await paidAt(erin, '2032-02-12T00:00:00.000Z');
      await paidAt(erin, '2032-03-01T00:00:00.000Z');
      expect(await store.stats.buyers(at('2032-02-01T00:00:00.000Z'), at('2032-03-01T00:00:00.000Z'))).toEqual({ unique: 4, repeat: 2 });
      expect(await store.stats.buyers(at('2032-02-01T00:00:00.000Z'), at('2032-03-02T00:00:00.000Z'))).toEqual({ unique: 4, repeat: 3 });
      expect(await store.stats.buyers(at('2032-04-01T00:00:00.000Z'), at('2032-05-01T00:00:00.000Z'))).toEqual({ unique: 0, repeat: 0 });
    });

    it('keeps funnel steps once per buyer, step, pack and day, and counts distinct buyers per step and pack and over all packs', async () => {
      // In 2033, where no other case writes.
      const [alice, bob, carol] = [user(), user(), user()];
      const step = (userId: string, s: FunnelStep, packageId: PackageId | null, iso: string) => store.stats.recordFunnelStep({ userId, step: s, packageId, at: at(iso) });
      for (const u of [alice, bob, carol]) await step(u, 'opened', null, '2033-01-01T10:00:00.000Z');
      await step(alice, 'opened', null, '2033-01-01T11:00:00.000Z');
      await step(alice, 'opened', null, '2033-01-02T11:00:00.000Z');
      await step(alice, 'pack_chosen', 'basic', '2033-01-01T10:01:00.000Z');
      await step(alice, 'pack_chosen', 'standard', '2033-01-01T10:02:00.000Z');
      await step(bob, 'pack_chosen', 'standard', '2033-01-01T10:01:00.000Z');
      await step(bob, 'pack_chosen', 'standard', '2033-01-02T10:01:00.000Z');
      await step(alice, 'checkout_started', 'standard', '2033-01-01T10:03:00.000Z');
      await step(bob, 'checkout_started', 'standard', '2033-01-01T10:03:00.000Z');
      const order = await store.orders.create(newOrder(alice, 'standard', at('2033-01-01T10:03:00.000Z')));
      const withCheckout = await store.orders.attachCheckout(order.id, { checkoutId: `ch_${randomUUID()}`, checkoutUrl: 'https://whop.test/checkout' });
      await learn(withCheckout, paid(withCheckout, `pay_${order.id}`));
      await step(carol, 'pack_chosen', 'premium', '2033-01-05T10:00:00.000Z');

      const key = (r: FunnelRow) => `${r.step}:${r.packageId ?? '*'}`;
      const rows = (from: string, to: string) =>
        store.stats.funnel(at(from), at(to)).then((found) => Object.fromEntries(found.map((r) => [key(r), r.users]).sort()) as Record<string, number>);
      expect(await rows('2033-01-01T00:00:00.000Z', '2033-01-03T00:00:00.000Z')).toEqual({
        'opened:*': 3,
        'pack_chosen:*': 2,
        'pack_chosen:basic': 1,
        'pack_chosen:standard': 2,
        'checkout_started:*': 2,
        'checkout_started:standard': 2,
        'paid:*': 1,
        'paid:standard': 1,
      });
      // The second day alone: Alice opened again, Bob chose again; nobody paid.
      expect(await rows('2033-01-02T00:00:00.000Z', '2033-01-03T00:00:00.000Z')).toEqual({ 'opened:*': 1, 'pack_chosen:*': 1, 'pack_chosen:standard': 1 });
    });

    it('gives webhook handling times: how many, the median and the 99th percentile (interpolated)', async () => {
      // Events received ten days ago (where no other case writes), handled now: ages of 10 days less 0, 1 and 2 hours.
      const now = Date.now();
      const tenDays = 10 * 86_400_000;
      const received = [0, 1, 2].map((h) => new Date(now - tenDays + h * 3_600_000));
      for (const receivedAt of received) {
        await store.transact((uow) => uow.apply({ event: { record: { ...probeEvent(), receivedAt }, outcome: 'completed', orderId: null } }));
      }
      const window = (from: number, to: number) => store.stats.webhookTimes(new Date(now - tenDays + from * 3_600_000), new Date(now - tenDays + to * 3_600_000));
      expect((await window(-1, 2)).handled).toBe(2);
      const all = await window(-1, 3);
      expect(all.handled).toBe(3);
      // The median is the middle age; the 99th percentile lies 0.98 of the way from it to the oldest.
      expect(Math.abs(all.p50Ms! - (tenDays - 3_600_000))).toBeLessThan(10_000);
      expect(Math.abs(all.p99Ms! - (tenDays - 72_000))).toBeLessThan(10_000);
      expect(await window(-48, -24)).toEqual({ handled: 0, p50Ms: null, p99Ms: null });
    });

    it('adds request counts per minute, and reads them over a range', async () => {
      await store.stats.addRequests(at('2031-04-01T10:00:00.000Z'), { requests: 5, serverErrors: 1, webhookFailures: 0 });
      await store.stats.addRequests(at('2031-04-01T10:00:00.000Z'), { requests: 3, serverErrors: 0, webhookFailures: 2 });
      await store.stats.addRequests(at('2031-04-01T10:01:00.000Z'), { requests: 7, serverErrors: 2, webhookFailures: 0 });
      expect(await store.stats.requests(at('2031-04-01T10:00:00.000Z'), at('2031-04-01T10:01:00.000Z'))).toEqual({ requests: 8, serverErrors: 1, webhookFailures: 2 });
      expect(await store.stats.requests(at('2031-04-01T00:00:00.000Z'), at('2031-04-02T00:00:00.000Z'))).toEqual({ requests: 15, serverErrors: 3, webhookFailures: 2 });
    });

    it('keeps ledger checks and gives the newest', async () => {
      await store.stats.recordLedgerCheck(at('2031-05-01T10:00:00.000Z'), 0);
      await store.stats.recordLedgerCheck(at('2031-05-01T11:00:00.000Z'), 2);
      expect(await store.stats.lastLedgerCheck()).toEqual({ at: at('2031-05-01T11:00:00.000Z'), differences: 2 });
    });
  });

  it('keeps Whop’s movements of money by Whop’s id: the first order to report one keeps it, and one Whop undoes is no longer counted', async () => {
    const alice = user();
    const now = new Date();
    const range = { from: new Date(now.getTime() - 3_600_000), to: new Date(now.getTime() + 3_600_000), interval: 'day' as const };
    const totals = async () => {
      const rows = await store.stats.moneyMoved(range);
      const sum = (k: 'chargedCents' | 'refundedCents' | 'chargebackCents' | 'payments' | 'declines') => rows.reduce((s, r) => s + r[k], 0);
      return { charged: sum('chargedCents'), refunded: sum('refundedCents'), chargebacks: sum('chargebackCents'), payments: sum('payments'), declines: sum('declines') };
    };
    const before = await totals();
    const delta = async () => {
      const after = await totals();
      return {
        charged: after.charged - before.charged,
        refunded: after.refunded - before.refunded,
        chargebacks: after.chargebacks - before.chargebacks,
        payments: after.payments - before.payments,
        declines: after.declines - before.declines,
      };
    };
    const order = await pendingOrder(alice);
    const whopId = `pay_${order.id}`;
    await learn(order, paid(order, `declined_${order.id}`, { state: 'failed' }));
    await learn(order, paid(order, whopId));
    await refund(order, `rf_${order.id}`, 400);
    await learn(order, {
      type: 'dispute',
      dispute: { id: `dp_${order.id}`, paymentId: whopId, status: 'lost', cents: 100, currency: null, paymentSaysLost: false, needsResponseBy: null },
    });
    expect(await delta()).toEqual({ charged: 1_000, refunded: 400, chargebacks: 100, payments: 1, declines: 1 });
    // Another order reporting the same Whop payment: the money was moved once.
    const other = await pendingOrder(alice);
    await learn(other, paid(other, whopId));
    expect((await store.orders.find({ id: other.id }))!.status).toBe('review');
    expect(await delta()).toEqual({ charged: 1_000, refunded: 400, chargebacks: 100, payments: 1, declines: 1 });
    // A refund that fails after succeeding: the money is the buyer's no more.
    await learn(order, { type: 'refund', refund: { id: `rf_${order.id}`, paymentId: whopId, status: 'failed', cents: 400, currency: null } });
    expect(await delta()).toEqual({ charged: 1_000, refunded: 0, chargebacks: 100, payments: 1, declines: 1 });
    expect(await store.orders.find({ id: order.id })).toMatchObject({ chargedCents: 1_000, refundedCents: 100 });
  });

  it('lists the orders waiting on Whop, never asked first, then the least recently asked', async () => {
    const alice = user();
    const disputed: string[] = [];
    for (let i = 0; i < 3; i++) {
      const order = await grantedOrder(alice);
      await dispute(order, `dp_wait_${order.id}`, 'needs_response');
      disputed.push(order.id);
    }
    const settled = await grantedOrder(alice);
    const version = (await store.orders.find({ id: disputed[0]! }))!.version;
    const ours = async () => (await store.orders.listAwaitingWhop(10_000)).map((o) => o.id).filter((id) => disputed.includes(id) || id === settled.id);
    expect((await ours()).sort()).toEqual([...disputed].sort());
    await store.orders.markAskedWhop(disputed[1]!, new Date('2031-01-01T00:00:00Z'));
    await store.orders.markAskedWhop(disputed[0]!, new Date('2031-01-02T00:00:00Z'));
    const [never, first, second] = await ours();
    expect([never, first, second]).toEqual([disputed[2], disputed[1], disputed[0]]);
    // Asking moves no money and leaves the version.
    expect((await store.orders.find({ id: disputed[0]! }))!.version).toBe(version);
  });

  it('lists credited orders with a second payment not refunded, until it is', async () => {
    const alice = user();
    const order = await grantedOrder(alice);
    const second = `pay_second_${order.id}`;
    await learn(order, paid(order, second));
    const listed = async () => (await store.orders.listWithUnrefundedSecondPayments(10_000)).some((o) => o.id === order.id);
    expect(await listed()).toBe(true);
    await refund(order, `rf_second_${order.id}`, 1_000, second);
    expect(await listed()).toBe(false);
    expect(await store.ledger.balance(alice)).toBe(1_000);
  });

  it('records what Whop sent that could not be read, counting it again on the same row', async () => {
    const id = `pay_unreadable_${randomUUID()}`;
    const [first, again] = [new Date('2031-05-01T10:00:00Z'), new Date('2031-05-01T11:00:00Z')];
    await store.unreadable.record('payment', id, 'paid but no total', first);
    await store.unreadable.record('payment', id, 'paid but no total', again);
    const seen = await store.unreadable.seenBetween(new Date('2031-05-01T00:00:00Z'), new Date('2031-05-02T00:00:00Z'), 10);
    expect(seen.items.filter((u) => u.whopId === id)).toEqual([{ kind: 'payment', whopId: id, reason: 'paid but no total', firstSeenAt: first, lastSeenAt: again, seen: 2 }]);
    expect(seen.count).toBeGreaterThanOrEqual(1);
    expect((await store.unreadable.seenBetween(new Date('2031-05-02T00:00:00Z'), new Date('2031-05-03T00:00:00Z'), 10)).items.some((u) => u.whopId === id)).toBe(false);
  });

  it('finds no ledger differences when every change went through the store', async () => {
    const differences = await store.ledger.differences();
    expect(differences.filter((d) => users.has(d.userId))).toEqual([]);
  });
});
