import { randomUUID } from 'node:crypto';
import { getPackage, type PackageId } from '@credits/shared';
import { DuplicateGrantError, IdempotencyConflictError, type NewPayment, type Store } from '../src/store/types';
import { mongoUri, testDatabases } from './support/databases';
import { expectBalanceMatchesLedger } from './support/ledger';

/** The storage port's contract: every adapter must pass these same cases. */
if (!mongoUri) {
  console.log('skipped: no MongoDB reachable (set TEST_MONGODB_URI to a replica set to run this contract against MongoDB)');
  describe.skip('store contract on mongodb', () => {
    it('runs the contract cases against MongoDB when TEST_MONGODB_URI is set', () => undefined);
  });
}

describe.each(testDatabases)('store contract on $name', (database) => {
  let store: Store;
  const users = new Set<string>();

  beforeAll(async () => {
    store = await database.open();
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
  function newOrder(userId: string, packageId: PackageId = 'standard', createdAt?: Date): NewPayment {
    const pack = getPackage(packageId);
    clock += 1000;
    return { id: randomUUID(), userId, packageId, credits: pack.totalCredits, amountCents: pack.priceCents, currency: 'usd', createdAt: createdAt ?? new Date(clock) };
  }

  async function pendingOrder(userId: string, packageId: PackageId = 'standard') {
    const order = await store.createPayment(newOrder(userId, packageId));
    return store.attachCheckout(order.id, { checkoutId: `ch_${randomUUID()}`, checkoutUrl: 'https://whop.test/checkout' });
  }

  it('creates a pending order and reads it back, for its owner only', async () => {
    const alice = user();
    const input = newOrder(alice, 'premium');
    const created = await store.createPayment(input);
    expect(created).toMatchObject({ id: input.id, userId: alice, packageId: 'premium', credits: 15_000, amountCents: 10_000, status: 'pending', whopCheckoutId: null, completedAt: null });
    expect(created.createdAt.getTime()).toBe(input.createdAt.getTime());

    const attached = await store.attachCheckout(created.id, { checkoutId: 'ch_contract1', checkoutUrl: 'https://whop.test/c/1' });
    expect(attached).toMatchObject({ whopCheckoutId: 'ch_contract1', checkoutUrl: 'https://whop.test/c/1' });
    expect(await store.findPaymentByCheckoutId('ch_contract1')).toMatchObject({ id: created.id });
    expect(await store.getPaymentForUser(created.id, alice)).toMatchObject({ id: created.id });
    expect(await store.getPaymentForUser(created.id, user())).toBeNull();
    expect(await store.getPayment(randomUUID())).toBeNull();
  });

  it('lists a user’s orders newest first with cursor paging, and nobody else’s', async () => {
    const alice = user();
    const bob = user();
    const base = Date.UTC(2026, 5, 1);
    // Two orders share a timestamp: the id breaks the tie, so paging neither skips nor repeats.
    const times = [0, 1000, 1000, 2000, 3000, 4000, 5000];
    const created = [];
    for (const t of times) created.push(await store.createPayment(newOrder(alice, 'basic', new Date(base + t))));
    await store.createPayment(newOrder(bob, 'basic', new Date(base + 2500)));

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store.listPaymentsForUser(alice, { limit: 3, cursor });
      pages++;
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((p) => p.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);

    const expected = [...created].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1)).map((p) => p.id);
    expect(seen).toEqual(expected);
    expect(pages).toBe(3);
    expect((await store.listPaymentsForUser(alice, { limit: 7 })).nextCursor).toBeNull();
  });

  it('rejects a cursor it did not issue', async () => {
    await expect(store.listPaymentsForUser(user(), { limit: 5, cursor: 'not-a-cursor' })).rejects.toThrow('cursor');
  });

  it('completes an order once, granting its credits and a ledger entry', async () => {
    const alice = user();
    const order = await pendingOrder(alice, 'premium');
    const first = await store.completePayment(order.id, { whopPaymentId: 'pay_once', source: 'webhook' });
    expect(first.applied).toBe(true);
    expect(first.payment).toMatchObject({ status: 'completed', whopPaymentId: 'pay_once', completionSource: 'webhook' });
    expect(first.payment.completedAt).toBeInstanceOf(Date);
    const again = await store.completePayment(order.id, { whopPaymentId: 'pay_once', source: 'webhook' });
    expect(again.applied).toBe(false);
    expect(await store.getBalance(alice)).toBe(15_000);
    const ledger = await store.listLedger(alice, { limit: 10 });
    expect(ledger.items).toEqual([expect.objectContaining({ key: 'grant:pay_once', kind: 'grant', credits: 15_000, paymentId: order.id })]);
  });

  it('credits once when the same completion races 25 times', async () => {
    const alice = user();
    const order = await pendingOrder(alice);
    const results = await Promise.all(Array.from({ length: 25 }, () => store.completePayment(order.id, { whopPaymentId: 'pay_race', source: 'webhook' })));
    expect(results.filter((r) => r.applied)).toHaveLength(1);
    expect(await store.getBalance(alice)).toBe(1_000);
  });

  it('keeps balances of concurrent orders of one user exact', async () => {
    const alice = user();
    const orders = await Promise.all(Array.from({ length: 10 }, () => pendingOrder(alice, 'basic')));
    await Promise.all(orders.map((o, i) => store.completePayment(o.id, { whopPaymentId: `pay_many_${o.id}_${i}`, source: 'webhook' })));
    expect(await store.getBalance(alice)).toBe(1_000);
  });

  it('refuses to grant one Whop payment to two orders, changing nothing', async () => {
    const alice = user();
    const a = await pendingOrder(alice);
    const b = await pendingOrder(alice);
    await store.completePayment(a.id, { whopPaymentId: 'pay_shared', source: 'webhook' });
    await expect(store.completePayment(b.id, { whopPaymentId: 'pay_shared', source: 'webhook' })).rejects.toBeInstanceOf(DuplicateGrantError);
    expect(await store.getPayment(b.id)).toMatchObject({ status: 'pending', whopPaymentId: null });
    expect(await store.getBalance(alice)).toBe(1_000);
  });

  it('fails only pending orders, and a failed order can still complete', async () => {
    const alice = user();
    const order = await pendingOrder(alice);
    expect((await store.failPayment(order.id, 'payment_failed')).applied).toBe(true);
    expect((await store.failPayment(order.id, 'payment_failed')).applied).toBe(false);
    const completed = await store.completePayment(order.id, { whopPaymentId: 'pay_after_fail', source: 'webhook' });
    expect(completed.applied).toBe(true);
    // A late failure never moves a completed order backwards.
    const late = await store.failPayment(order.id, 'payment_failed');
    expect(late).toMatchObject({ applied: false, payment: { status: 'completed' } });
    expect(await store.getBalance(alice)).toBe(1_000);
  });

  it('holds an order for review without credits, and review is final for fulfilment', async () => {
    const alice = user();
    const order = await pendingOrder(alice);
    const held = await store.markForReview(order.id, 'amount_mismatch', 'pay_wrong');
    expect(held).toMatchObject({ applied: true, payment: { status: 'review', statusReason: 'amount_mismatch', whopPaymentId: 'pay_wrong' } });
    expect((await store.completePayment(order.id, { whopPaymentId: 'pay_wrong', source: 'webhook' })).applied).toBe(false);
    expect(await store.getBalance(alice)).toBe(0);
  });

  it('records a webhook event once and remembers whether it was processed', async () => {
    const event = { id: `msg_${randomUUID()}`, type: 'payment.succeeded', payload: { any: 'thing' }, receivedAt: new Date() };
    expect(await store.recordWebhookEvent(event)).toBe('new');
    expect(await store.recordWebhookEvent(event)).toBe('unprocessed');
    await store.markWebhookEventProcessed(event.id, 'completed');
    expect(await store.recordWebhookEvent(event)).toBe('processed');
    const concurrent = { ...event, id: `msg_${randomUUID()}` };
    const states = await Promise.all(Array.from({ length: 10 }, () => store.recordWebhookEvent(concurrent)));
    expect(states.filter((s) => s === 'new')).toHaveLength(1);
  });

  it('pages the ledger newest first', async () => {
    const alice = user();
    for (let i = 0; i < 5; i++) {
      const order = await pendingOrder(alice, 'basic');
      await store.completePayment(order.id, { whopPaymentId: `pay_ledger_${i}_${order.id}`, source: 'webhook' });
    }
    const first = await store.listLedger(alice, { limit: 2 });
    const second = await store.listLedger(alice, { limit: 2, cursor: first.nextCursor! });
    const third = await store.listLedger(alice, { limit: 2, cursor: second.nextCursor! });
    const keys = [...first.items, ...second.items, ...third.items].map((e) => e.key);
    expect(new Set(keys).size).toBe(5);
    expect(third.nextCursor).toBeNull();
    expect(await store.getBalance(alice)).toBe(500);
  });

  async function grantedOrder(userId: string, packageId: PackageId = 'standard') {
    const order = await pendingOrder(userId, packageId);
    await store.completePayment(order.id, { whopPaymentId: `pay_${order.id}`, source: 'webhook' });
    return order;
  }

  it('returns the earlier order for a reused idempotency key, per user', async () => {
    const alice = user();
    const first = await store.createPayment({ ...newOrder(alice), idempotencyKey: 'key-1' });
    const again = await store.createPayment({ ...newOrder(alice), idempotencyKey: 'key-1' });
    expect(again.id).toBe(first.id);
    const bobs = await store.createPayment({ ...newOrder(user()), idempotencyKey: 'key-1' });
    expect(bobs.id).not.toBe(first.id);
    const racing = await Promise.all(Array.from({ length: 10 }, () => store.createPayment({ ...newOrder(alice), idempotencyKey: 'key-2' })));
    expect(new Set(racing.map((p) => p.id)).size).toBe(1);
    expect((await store.listPaymentsForUser(alice, { limit: 20 })).items).toHaveLength(2);
  });

  it('takes back credits in proportion to partial refunds, then the rest, once per refund', async () => {
    const alice = user();
    const order = await grantedOrder(alice, 'premium');
    const partial = await store.applyRefund(order.id, { key: 'refund:r1', amountCents: 2_500 });
    expect(partial).toMatchObject({ applied: true, creditsClawed: 3_750, payment: { status: 'partially_refunded', refundedCents: 2_500 } });
    expect((await store.applyRefund(order.id, { key: 'refund:r1', amountCents: 2_500 })).applied).toBe(false);
    const rest = await store.applyRefund(order.id, { key: 'refund:r2', amountCents: 7_500 });
    expect(rest).toMatchObject({ applied: true, creditsClawed: 11_250, payment: { status: 'refunded', refundedCents: 10_000, clawedCredits: 15_000 } });
    expect(await store.getBalance(alice)).toBe(0);
  });

  it('uses Whop’s cumulative refunded amount when it is known, taking back only the difference', async () => {
    const alice = user();
    const order = await grantedOrder(alice);
    await store.applyRefund(order.id, { key: 'refund:a', amountCents: 300, totalRefundedCents: 300 });
    // The same money reported again under another key (a payment event after the refund event):
    expect((await store.applyRefund(order.id, { key: 'refund:payment-total:300', amountCents: 300, totalRefundedCents: 300 })).creditsClawed).toBe(0);
    expect((await store.applyRefund(order.id, { key: 'refund:b', amountCents: 200, totalRefundedCents: 500 })).creditsClawed).toBe(200);
    expect(await store.getBalance(alice)).toBe(500);
  });

  it('lets a refund drive the balance negative', async () => {
    const alice = user();
    const order = await grantedOrder(alice);
    await store.spend({ userId: alice, credits: 800, reason: 'used', idempotencyKey: 'k', requestHash: 'h' });
    await store.applyRefund(order.id, { key: 'refund:neg', amountCents: 1_000 });
    expect(await store.getBalance(alice)).toBe(-800);
    expect(await store.spend({ userId: alice, credits: 1, reason: 'more', idempotencyKey: 'k2', requestHash: 'h2' })).toMatchObject({ outcome: 'insufficient', balance: -800 });
  });

  it('remembers a refund seen before the success and takes it back at completion', async () => {
    const alice = user();
    const order = await pendingOrder(alice);
    const early = await store.applyRefund(order.id, { key: 'refund:early', amountCents: 1_000 });
    expect(early).toMatchObject({ applied: true, creditsClawed: 0, payment: { status: 'pending', refundedCents: 1_000 } });
    const done = await store.completePayment(order.id, { whopPaymentId: 'pay_late', source: 'webhook' });
    expect(done.payment).toMatchObject({ status: 'refunded', clawedCredits: 1_000 });
    expect(await store.getBalance(alice)).toBe(0);
  });

  it('holds credits during a dispute and gives them back when it is won', async () => {
    const alice = user();
    const order = await grantedOrder(alice);
    const opened = await store.openDispute(order.id, 'dp_1');
    expect(opened).toMatchObject({ applied: true, creditsClawed: 1_000, payment: { status: 'disputed', heldCredits: 1_000 } });
    expect((await store.openDispute(order.id, 'dp_1')).applied).toBe(false);
    expect(await store.getBalance(alice)).toBe(0);
    const won = await store.closeDispute(order.id, 'dp_1', 'won');
    expect(won).toMatchObject({ applied: true, payment: { status: 'completed', heldCredits: 0, clawedCredits: 0 } });
    expect((await store.closeDispute(order.id, 'dp_1', 'won')).applied).toBe(false);
    expect(await store.getBalance(alice)).toBe(1_000);
  });

  it('keeps the held credits gone when a dispute is lost', async () => {
    const alice = user();
    const order = await grantedOrder(alice, 'premium');
    await store.openDispute(order.id, 'dp_2');
    const lost = await store.closeDispute(order.id, 'dp_2', 'lost');
    expect(lost.payment).toMatchObject({ status: 'refunded', refundedCents: 10_000, clawedCredits: 15_000, heldCredits: 0 });
    expect(await store.getBalance(alice)).toBe(0);
  });

  it('spends atomically: 100 concurrent spends of an account that affords 10 → exactly 10', async () => {
    const alice = user();
    await grantedOrder(alice);
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => store.spend({ userId: alice, credits: 100, reason: 'race', idempotencyKey: `spend-${i}`, requestHash: `h${i}` })),
    );
    expect(results.filter((r) => r.outcome === 'spent')).toHaveLength(10);
    expect(results.filter((r) => r.outcome === 'insufficient')).toHaveLength(90);
    expect(await store.getBalance(alice)).toBe(0);
  });

  it('replays a spend for the same key and body, and refuses the key with another body', async () => {
    const alice = user();
    await grantedOrder(alice);
    const first = await store.spend({ userId: alice, credits: 250, reason: 'export', idempotencyKey: 'same', requestHash: 'body-1' });
    const replays = await Promise.all(Array.from({ length: 5 }, () => store.spend({ userId: alice, credits: 250, reason: 'export', idempotencyKey: 'same', requestHash: 'body-1' })));
    expect(first).toMatchObject({ outcome: 'spent', balance: 750, replayed: false });
    for (const r of replays) expect(r).toEqual({ ...first, replayed: true });
    await expect(store.spend({ userId: alice, credits: 1, reason: 'other', idempotencyKey: 'same', requestHash: 'body-2' })).rejects.toBeInstanceOf(IdempotencyConflictError);
    expect(await store.getBalance(alice)).toBe(750);
  });

  it('expires only pending orders, and lists the stale pending ones oldest first', async () => {
    const alice = user();
    const old = await store.createPayment(newOrder(alice, 'basic', new Date(Date.UTC(2020, 0, 1))));
    await store.attachCheckout(old.id, { checkoutId: `ch_${old.id}`, checkoutUrl: 'https://whop.test/c' });
    const stale = await store.listPendingCreatedBefore(new Date(Date.UTC(2020, 0, 2)), 10);
    expect(stale.map((p) => p.id)).toContain(old.id);
    expect((await store.expirePayment(old.id)).payment.status).toBe('expired');
    expect((await store.expirePayment(old.id)).applied).toBe(false);
    // A late success still completes an expired order: the money was taken.
    expect((await store.completePayment(old.id, { whopPaymentId: `pay_${old.id}`, source: 'reconcile' })).applied).toBe(true);
  });

  it('lets one holder have a lease at a time, until it expires', async () => {
    const name = `lease-${randomUUID()}`;
    expect(await store.tryAcquireLease(name, 'a', 60_000)).toBe(true);
    expect(await store.tryAcquireLease(name, 'b', 60_000)).toBe(false);
    expect(await store.tryAcquireLease(name, 'a', 60_000)).toBe(true);
    await store.releaseLease(name, 'a');
    expect(await store.tryAcquireLease(name, 'b', 1)).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(await store.tryAcquireLease(name, 'c', 60_000)).toBe(true);
  });

  it('finds no ledger differences when every change went through the store', async () => {
    const differences = await store.ledgerDifferences();
    expect(differences.filter((d) => users.has(d.userId))).toEqual([]);
  });
});
