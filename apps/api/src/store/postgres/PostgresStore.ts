import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { COMPLETABLE_STATUSES, type PackageId, type PaymentStatus } from '@credits/shared';
import { decodeCursor, toPage } from '../cursor';
import { DuplicateGrantError } from '../types';
import type {
  Completion,
  CompletionSource,
  LedgerEntry,
  NewPayment,
  Page,
  PageRequest,
  PaymentRecord,
  Store,
  TransitionResult,
  WebhookEventInput,
  WebhookEventState,
} from '../types';
import * as schema from './schema';
import { creditAccounts, ledgerEntries, payments, webhookEvents } from './schema';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
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
    private readonly onClose: () => Promise<void>,
  ) {}

  async createPayment(input: NewPayment): Promise<PaymentRecord> {
    const [row] = await this.db
      .insert(payments)
      .values({ ...input, status: 'pending', updatedAt: input.createdAt })
      .returning();
    return toRecord(row!);
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
    return this.db.transaction(async (tx) => {
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
      return { applied: true, payment: toRecord(row) };
    });
  }

  async failPayment(paymentId: string, reason: string): Promise<TransitionResult> {
    return this.transition(paymentId, ['pending'], { status: 'failed', statusReason: reason });
  }

  async markForReview(paymentId: string, reason: string, whopPaymentId: string | null): Promise<TransitionResult> {
    return this.transition(paymentId, COMPLETABLE_STATUSES, {
      status: 'review',
      statusReason: reason,
      ...(whopPaymentId ? { whopPaymentId } : {}),
    });
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
    const entries = rows.map((r) => ({ ...r, id: String(r.id), kind: r.kind as LedgerEntry['kind'] }));
    return toPage(entries, page.limit);
  }

  async ping(): Promise<void> {
    await this.db.execute(sql`select 1`);
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
