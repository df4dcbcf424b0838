import { and, asc, count, desc, eq, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import { pgSchema, serial, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { COMPLETABLE_STATUSES, sourcesOf, type PackageId, type PaymentStatus } from '@credits/shared';
import { decodeCursor, toPage } from '../cursor';
import { applyRefundTo, statusForRefunded, winDispute } from '../refunds';
import { creditsForRefund, DuplicateGrantError, IdempotencyConflictError } from '../types';
import type {
  Completion,
  CompletionSource,
  LedgerDifference,
  LedgerEntry,
  LedgerKind,
  NewPayment,
  Page,
  PageRequest,
  PaymentRecord,
  RefundInput,
  RefundResult,
  SpendInput,
  SpendResult,
  Store,
  TransitionResult,
  WebhookEventInput,
  WebhookEventState,
} from '../types';
import * as schema from './schema';
import { creditAccounts, idempotencyRecords, leases, ledgerEntries, payments, webhookEvents } from './schema';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Drizzle's own record of applied migrations: read by the readiness check, kept out of the schema drizzle-kit diffs. */
const appliedMigrations = pgSchema('drizzle').table('__drizzle_migrations', { id: serial('id').primaryKey() });
type Tx = Db;

/** Runs `fn` in one transaction; commits if it resolves, rolls back if it throws. */
export type Transact = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;
type PaymentRow = typeof payments.$inferSelect;

function toRecord(row: PaymentRow): PaymentRecord {
  return {
    ...row,
    packageId: row.packageId as PackageId,
    currency: 'usd',
    status: row.status as PaymentStatus,
    completionSource: row.completionSource as CompletionSource | null,
  };
}

/** The PostgreSQL adapter of the storage port, on node-postgres or PGlite (same SQL, same schema). */
export class PostgresStore implements Store {
  constructor(
    readonly kind: string,
    private readonly db: Db,
    private readonly transact: Transact,
    private readonly onClose: () => Promise<void>,
    /** Migrations this code ships (drizzle's journal). */
    private readonly expectedMigrations: number,
  ) {}

  async createPayment(input: NewPayment): Promise<PaymentRecord> {
    // The only possible conflict is the (user, idempotency key) index: ids are random UUIDs.
    const [row] = await this.db
      .insert(payments)
      .values({ ...input, idempotencyKey: input.idempotencyKey ?? null, status: 'pending', updatedAt: input.createdAt })
      .onConflictDoNothing()
      .returning();
    if (row) return toRecord(row);
    const [existing] = await this.db
      .select()
      .from(payments)
      .where(and(eq(payments.userId, input.userId), eq(payments.idempotencyKey, input.idempotencyKey ?? '')));
    if (!existing) throw new Error(`payment ${input.id} was neither created nor found`);
    return toRecord(existing);
  }

  async attachCheckout(paymentId: string, checkout: { checkoutId: string; checkoutUrl: string }): Promise<PaymentRecord> {
    const [row] = await this.db
      .update(payments)
      .set({ whopCheckoutId: checkout.checkoutId, checkoutUrl: checkout.checkoutUrl, updatedAt: new Date() })
      .where(eq(payments.id, paymentId))
      .returning();
    if (!row) throw new Error(`payment ${paymentId} does not exist`);
    return toRecord(row);
  }

  async getPayment(paymentId: string): Promise<PaymentRecord | null> {
    const [row] = await this.db.select().from(payments).where(eq(payments.id, paymentId));
    return row ? toRecord(row) : null;
  }

  async getPaymentForUser(paymentId: string, userId: string): Promise<PaymentRecord | null> {
    const [row] = await this.db
      .select()
      .from(payments)
      .where(and(eq(payments.id, paymentId), eq(payments.userId, userId)));
    return row ? toRecord(row) : null;
  }

  async findPaymentByCheckoutId(checkoutId: string): Promise<PaymentRecord | null> {
    const [row] = await this.db.select().from(payments).where(eq(payments.whopCheckoutId, checkoutId));
    return row ? toRecord(row) : null;
  }

  async findPaymentByWhopPaymentId(whopPaymentId: string): Promise<PaymentRecord | null> {
    const [row] = await this.db.select().from(payments).where(eq(payments.whopPaymentId, whopPaymentId));
    return row ? toRecord(row) : null;
  }

  async listPaymentsForUser(userId: string, page: PageRequest): Promise<Page<PaymentRecord>> {
    const after = page.cursor ? decodeCursor(page.cursor) : null;
    const rows = await this.db
      .select()
      .from(payments)
      .where(
        and(
          eq(payments.userId, userId),
          after ? sql`(${payments.createdAt}, ${payments.id}) < (${after.createdAt.toISOString()}::timestamptz, ${after.id})` : undefined,
        ),
      )
      .orderBy(desc(payments.createdAt), desc(payments.id))
      .limit(page.limit + 1);
    return toPage(rows.map(toRecord), page.limit);
  }

  async completePayment(paymentId: string, completion: Completion): Promise<TransitionResult> {
    return this.transact(async (tx) => {
      const now = new Date();
      // The conditional update takes the row lock: a concurrent second call waits here, then finds
      // the status no longer completable and applies nothing.
      const [row] = await tx
        .update(payments)
        .set({
          status: 'completed',
          whopPaymentId: completion.whopPaymentId,
          completionSource: completion.source,
          statusReason: null,
          completedAt: now,
          updatedAt: now,
        })
        .where(and(eq(payments.id, paymentId), inArray(payments.status, [...COMPLETABLE_STATUSES])))
        .returning();
      if (!row) return { applied: false, payment: await this.mustGet(tx, paymentId) };

      const granted = await tx
        .insert(ledgerEntries)
        .values({
          userId: row.userId,
          key: `grant:${completion.whopPaymentId}`,
          kind: 'grant',
          credits: row.credits,
          paymentId: row.id,
          createdAt: now,
        })
        .onConflictDoNothing({ target: ledgerEntries.key })
        .returning({ id: ledgerEntries.id });
      // Throwing rolls the status change back with it.
      if (granted.length === 0) throw new DuplicateGrantError(`Whop payment ${completion.whopPaymentId} was already granted`);
      await this.addToBalance(tx, row.userId, row.credits, now);

      // A refund that arrived before the success is taken back as soon as there is something to take.
      if (row.refundedCents === 0) return { applied: true, payment: toRecord(row) };
      const claw = creditsForRefund(row, row.refundedCents);
      await this.writeEntry(tx, row, `refund:before-grant:${completion.whopPaymentId}`, 'refund', -claw, 'refund seen before the payment succeeded', now);
      const [settled] = await tx
        .update(payments)
        .set({ clawedCredits: claw, status: statusForRefunded(row, row.refundedCents), updatedAt: now })
        .where(eq(payments.id, row.id))
        .returning();
      return { applied: true, payment: toRecord(settled!) };
    });
  }

  async failPayment(paymentId: string, reason: string): Promise<TransitionResult> {
    return this.transition(paymentId, sourcesOf('failed'), { status: 'failed', statusReason: reason });
  }

  async markForReview(paymentId: string, reason: string, whopPaymentId: string | null): Promise<TransitionResult> {
    return this.transition(paymentId, sourcesOf('review'), {
      status: 'review',
      statusReason: reason,
      ...(whopPaymentId ? { whopPaymentId } : {}),
    });
  }

  async expirePayment(paymentId: string): Promise<TransitionResult> {
    return this.transition(paymentId, sourcesOf('expired'), { status: 'expired', statusReason: 'not_paid_in_time' });
  }

  async listPendingCreatedBefore(olderThan: Date, limit: number): Promise<PaymentRecord[]> {
    const rows = await this.db
      .select()
      .from(payments)
      .where(and(eq(payments.status, 'pending'), lt(payments.createdAt, olderThan), isNotNull(payments.whopCheckoutId)))
      .orderBy(asc(payments.createdAt))
      .limit(limit);
    return rows.map(toRecord);
  }

  async applyRefund(paymentId: string, refund: RefundInput): Promise<RefundResult> {
    return this.transact(async (tx) => {
      const row = await this.lock(tx, paymentId);
      const now = new Date();
      const { totalRefundedCents: total, claw, status } = applyRefundTo(toRecord(row), refund);
      // The entry's unique key makes the refund idempotent; before the grant or during a dispute it
      // records the refund at 0 credits and the take-back happens at completion or at the outcome.
      const recorded = await this.writeEntry(tx, row, refund.key, 'refund', 0 - claw, refund.key, now);
      if (!recorded) return { applied: false, payment: toRecord(row), creditsClawed: 0 };
      const [updated] = await tx
        .update(payments)
        .set({ refundedCents: total, clawedCredits: row.clawedCredits + claw, status, updatedAt: now })
        .where(eq(payments.id, row.id))
        .returning();
      return { applied: true, payment: toRecord(updated!), creditsClawed: claw };
    });
  }

  async openDispute(paymentId: string, disputeId: string): Promise<RefundResult> {
    return this.transact(async (tx) => {
      const row = await this.lock(tx, paymentId);
      if (!sourcesOf('disputed').includes(row.status as PaymentStatus)) return { applied: false, payment: toRecord(row), creditsClawed: 0 };
      const now = new Date();
      const held = row.credits - row.clawedCredits;
      if (!(await this.writeEntry(tx, row, `dispute:${disputeId}`, 'dispute', -held, `dispute ${disputeId} opened`, now))) {
        return { applied: false, payment: toRecord(row), creditsClawed: 0 };
      }
      const [updated] = await tx.update(payments).set({ status: 'disputed', heldCredits: held, updatedAt: now }).where(eq(payments.id, row.id)).returning();
      return { applied: true, payment: toRecord(updated!), creditsClawed: held };
    });
  }

  async closeDispute(paymentId: string, disputeId: string, outcome: 'won' | 'lost'): Promise<RefundResult> {
    return this.transact(async (tx) => {
      const row = await this.lock(tx, paymentId);
      if (row.status !== 'disputed') return { applied: false, payment: toRecord(row), creditsClawed: 0 };
      const now = new Date();
      if (outcome === 'lost') {
        // The held credits are gone for good: the bank took the money back.
        const [updated] = await tx
          .update(payments)
          .set({ status: 'refunded', refundedCents: row.amountCents, clawedCredits: row.credits, heldCredits: 0, statusReason: `dispute_lost:${disputeId}`, updatedAt: now })
          .where(eq(payments.id, row.id))
          .returning();
        return { applied: true, payment: toRecord(updated!), creditsClawed: 0 };
      }
      const { back, clawedCredits, status } = winDispute(toRecord(row));
      if (!(await this.writeEntry(tx, row, `dispute-won:${disputeId}`, 'dispute', back, `dispute ${disputeId} won`, now))) {
        return { applied: false, payment: toRecord(row), creditsClawed: 0 };
      }
      const [updated] = await tx.update(payments).set({ status, clawedCredits, heldCredits: 0, updatedAt: now }).where(eq(payments.id, row.id)).returning();
      return { applied: true, payment: toRecord(updated!), creditsClawed: -back };
    });
  }

  async spend(input: SpendInput): Promise<SpendResult> {
    const scope = `spend:${input.userId}`;
    return this.transact(async (tx) => {
      const now = new Date();
      // Claim the key first: a concurrent request with the same key waits here and then replays.
      const claimed = await tx
        .insert(idempotencyRecords)
        .values({ scope, key: input.idempotencyKey, requestHash: input.requestHash, result: {}, createdAt: now })
        .onConflictDoNothing()
        .returning({ key: idempotencyRecords.key });
      if (claimed.length === 0) {
        const [previous] = await tx
          .select()
          .from(idempotencyRecords)
          .where(and(eq(idempotencyRecords.scope, scope), eq(idempotencyRecords.key, input.idempotencyKey)));
        if (!previous || previous.requestHash !== input.requestHash) throw new IdempotencyConflictError('this Idempotency-Key was used with another request');
        return { ...(previous.result as SpendResult), replayed: true };
      }
      // Never below zero: the conditional update is the check.
      const [account] = await tx
        .update(creditAccounts)
        .set({ balance: sql`${creditAccounts.balance} - ${input.credits}`, updatedAt: now })
        .where(and(eq(creditAccounts.userId, input.userId), sql`${creditAccounts.balance} >= ${input.credits}`))
        .returning({ balance: creditAccounts.balance });
      let result: SpendResult;
      if (!account) {
        const [current] = await tx.select({ balance: creditAccounts.balance }).from(creditAccounts).where(eq(creditAccounts.userId, input.userId));
        result = { outcome: 'insufficient', credits: input.credits, balance: current?.balance ?? 0, replayed: false };
      } else {
        const [entry] = await tx
          .insert(ledgerEntries)
          .values({ userId: input.userId, key: `spend:${input.userId}:${input.idempotencyKey}`, kind: 'spend', credits: -input.credits, paymentId: null, memo: input.reason, createdAt: now })
          .returning({ id: ledgerEntries.id });
        result = { outcome: 'spent', credits: input.credits, balance: account.balance, entryId: String(entry!.id), replayed: false };
      }
      await tx
        .update(idempotencyRecords)
        .set({ result })
        .where(and(eq(idempotencyRecords.scope, scope), eq(idempotencyRecords.key, input.idempotencyKey)));
      return result;
    });
  }

  async ledgerDifferences(): Promise<LedgerDifference[]> {
    const sums = this.db
      .select({ userId: ledgerEntries.userId, total: sql<string>`sum(${ledgerEntries.credits})`.as('total') })
      .from(ledgerEntries)
      .groupBy(ledgerEntries.userId)
      .as('sums');
    const rows = await this.db
      .select({ accountUser: creditAccounts.userId, ledgerUser: sums.userId, balance: creditAccounts.balance, total: sums.total })
      .from(creditAccounts)
      .fullJoin(sums, eq(sums.userId, creditAccounts.userId))
      .where(sql`coalesce(${creditAccounts.balance}, 0) <> coalesce(${sums.total}, 0)`);
    return rows.map((r) => ({ userId: (r.accountUser ?? r.ledgerUser)!, balance: Number(r.balance ?? 0), ledgerSum: Number(r.total ?? 0) }));
  }

  async tryAcquireLease(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const now = new Date();
    const expiresAt = new Date(now.getTime() + ttlMs);
    const rows = await this.db
      .insert(leases)
      .values({ name, holder, expiresAt })
      .onConflictDoUpdate({
        target: leases.name,
        set: { holder, expiresAt },
        setWhere: sql`${leases.expiresAt} < ${now.toISOString()}::timestamptz or ${leases.holder} = ${holder}`,
      })
      .returning({ holder: leases.holder });
    return rows.length > 0;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.db.delete(leases).where(and(eq(leases.name, name), eq(leases.holder, holder)));
  }

  async recordWebhookEvent(event: WebhookEventInput): Promise<WebhookEventState> {
    const inserted = await this.db
      .insert(webhookEvents)
      .values({ id: event.id, type: event.type, payload: event.payload, receivedAt: event.receivedAt })
      .onConflictDoNothing({ target: webhookEvents.id })
      .returning({ id: webhookEvents.id });
    if (inserted.length > 0) return 'new';
    const [existing] = await this.db
      .select({ processedAt: webhookEvents.processedAt })
      .from(webhookEvents)
      .where(eq(webhookEvents.id, event.id));
    return existing?.processedAt ? 'processed' : 'unprocessed';
  }

  async markWebhookEventProcessed(eventId: string, outcome: string): Promise<void> {
    await this.db.update(webhookEvents).set({ processedAt: new Date(), outcome }).where(eq(webhookEvents.id, eventId));
  }

  async getBalance(userId: string): Promise<number> {
    const [row] = await this.db.select({ balance: creditAccounts.balance }).from(creditAccounts).where(eq(creditAccounts.userId, userId));
    return row?.balance ?? 0;
  }

  async listLedger(userId: string, page: PageRequest): Promise<Page<LedgerEntry>> {
    const after = page.cursor ? decodeCursor(page.cursor) : null;
    const rows = await this.db
      .select()
      .from(ledgerEntries)
      .where(
        and(
          eq(ledgerEntries.userId, userId),
          after
            ? sql`(${ledgerEntries.createdAt}, ${ledgerEntries.id}) < (${after.createdAt.toISOString()}::timestamptz, ${Number(after.id)})`
            : undefined,
        ),
      )
      .orderBy(desc(ledgerEntries.createdAt), desc(ledgerEntries.id))
      .limit(page.limit + 1);
    const entries = rows.map((r) => ({ ...r, id: String(r.id), kind: r.kind as LedgerKind }));
    return toPage(entries, page.limit);
  }

  async ping(): Promise<void> {
    await this.db.execute(sql`select 1`);
  }

  async checkReady(): Promise<void> {
    const [row] = await this.db.select({ n: count() }).from(appliedMigrations);
    const applied = row?.n ?? 0;
    if (applied < this.expectedMigrations) throw new Error(`${applied} of ${this.expectedMigrations} migrations applied`);
  }

  async close(): Promise<void> {
    await this.onClose();
  }

  private async transition(
    paymentId: string,
    from: readonly PaymentStatus[],
    change: Partial<Pick<PaymentRow, 'status' | 'statusReason' | 'whopPaymentId'>>,
  ): Promise<TransitionResult> {
    const [row] = await this.db
      .update(payments)
      .set({ ...change, updatedAt: new Date() })
      .where(and(eq(payments.id, paymentId), inArray(payments.status, [...from])))
      .returning();
    if (row) return { applied: true, payment: toRecord(row) };
    return { applied: false, payment: await this.mustGet(this.db, paymentId) };
  }

  private async mustGet(db: Db | Tx, paymentId: string): Promise<PaymentRecord> {
    const [row] = await db.select().from(payments).where(eq(payments.id, paymentId));
    if (!row) throw new Error(`payment ${paymentId} does not exist`);
    return toRecord(row);
  }

  private async lock(tx: Tx, paymentId: string): Promise<PaymentRow> {
    const [row] = await tx.select().from(payments).where(eq(payments.id, paymentId)).for('update');
    if (!row) throw new Error(`payment ${paymentId} does not exist`);
    return row;
  }

  /** Inserts a ledger entry under its unique key and moves the balance with it; false if the key exists. */
  private async writeEntry(tx: Tx, order: PaymentRow, key: string, kind: LedgerKind, credits: number, memo: string, now: Date): Promise<boolean> {
    const inserted = await tx
      .insert(ledgerEntries)
      .values({ userId: order.userId, key, kind, credits, paymentId: order.id, memo, createdAt: now })
      .onConflictDoNothing({ target: ledgerEntries.key })
      .returning({ id: ledgerEntries.id });
    if (inserted.length === 0) return false;
    if (credits !== 0) await this.addToBalance(tx, order.userId, credits, now);
    return true;
  }

  private async addToBalance(tx: Tx, userId: string, credits: number, now: Date): Promise<void> {
    await tx
      .insert(creditAccounts)
      .values({ userId, balance: credits, updatedAt: now })
      .onConflictDoUpdate({
        target: creditAccounts.userId,
        set: { balance: sql`${creditAccounts.balance} + excluded.balance`, updatedAt: now },
      });
  }
}
