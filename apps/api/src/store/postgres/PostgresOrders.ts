import { and, asc, eq, getTableColumns, gt, gte, isNotNull, lt, ne, or, sql } from 'drizzle-orm';
import { isPaymentId, type PackageId, type PaymentStatus } from '@credits/shared';
import type { NewOrder, Order, OrderSummary } from '../../domain/order';
import { emptyHistory } from '../../domain/history';
import { decodeCursor, toPage } from '../cursor';
import { type OrderRef, type OrderSearch, type OrderStore, type Page, type PageRequest, type UnitOfWork } from '../ports';
import { summaryColumns, toOrder, toOrderSummary } from './rows';
import { payments, webhookEvents } from './schema';
import { preparedStatements, type Db } from './db';

/** The first key of the advisory locks that serialise a buyer's creates of one pack (the second is a hash of buyer and pack). */
const OPEN_ORDER_LOCK = 0x0c0ffee;

function where(ref: OrderRef) {
  if ('id' in ref) return eq(payments.id, ref.id);
  if ('checkoutId' in ref) return eq(payments.whopCheckoutId, ref.checkoutId);
  return eq(payments.whopPaymentId, ref.whopPaymentId);
}

/** The hottest statements (preparedStatements). */
const prepared = preparedStatements((db) => {
  const userId = sql.placeholder('userId');
  const limit = sql.placeholder('limit');
  const page = (name: string, after?: ReturnType<typeof sql>) =>
    db
      .select(summaryColumns)
      .from(payments)
      .where(and(eq(payments.userId, userId), after))
      .orderBy(sql`${payments.createdAt} desc`, sql`${payments.id} desc`)
      .limit(limit)
      .prepare(name);
  type Column = typeof payments.id | typeof payments.whopCheckoutId | typeof payments.whopPaymentId;
  const locking = (column: Column) =>
    db
      .select()
      .from(payments)
      .where(eq(column, sql.placeholder('value')))
      .limit(1)
      .for('update');
  const lock = (name: string, column: Column) => locking(column).prepare(name);
  // The duplicate check folded into the locking read: whether the event was handled, and the order locked, in one row.
  const lockForEvent = (name: string, column: Column) => {
    const locked = locking(column).as('locked');
    const order = Object.fromEntries(Object.keys(orderColumns).map((key) => [key, locked[key as keyof typeof orderColumns]])) as {
      [K in keyof typeof orderColumns]: (typeof locked)[K];
    };
    const handled = sql<boolean>`coalesce((select ${webhookEvents.processedAt} is not null from ${webhookEvents} where ${webhookEvents.id} = ${sql.placeholder('eventId')}), false)`;
    return db
      .select({ handled, order })
      .from(sql`(select 1) as one`)
      .leftJoinLateral(locked, sql`true`)
      .prepare(name);
  };
  return {
    firstPage: page('orders_first_page'),
    nextPage: page('orders_next_page', sql`(${payments.createdAt}, ${payments.id}) < (${sql.placeholder('afterTime')}::timestamptz, ${sql.placeholder('afterId')})`),
    lock: {
      id: lock('orders_lock_by_id', payments.id),
      checkoutId: lock('orders_lock_by_checkout', payments.whopCheckoutId),
      whopPaymentId: lock('orders_lock_by_payment', payments.whopPaymentId),
    },
    lockForEvent: {
      id: lockForEvent('orders_lock_for_event_by_id', payments.id),
      checkoutId: lockForEvent('orders_lock_for_event_by_checkout', payments.whopCheckoutId),
      whopPaymentId: lockForEvent('orders_lock_for_event_by_payment', payments.whopPaymentId),
    },
    findForUser: db
      .select(summaryColumns)
      .from(payments)
      .where(and(eq(payments.id, sql.placeholder('orderId')), eq(payments.userId, sql.placeholder('userId'))))
      .prepare('orders_find_for_user'),
  };
});
const orderColumns = getTableColumns(payments);

export class PostgresOrders implements OrderStore {
  constructor(private readonly db: Db) {}

  async create(input: NewOrder): Promise<Order> {
    // The only possible conflict is the (user, idempotency key) index: ids are random UUIDs.
    const [row] = await this.db
      .insert(payments)
      .values({ ...input, idempotencyKey: input.idempotencyKey ?? null, status: 'pending', history: emptyHistory(), secondPayments: [], updatedAt: input.createdAt })
      .onConflictDoNothing()
      .returning();
    if (row) return toOrder(row);
    const [existing] = await this.db
      .select()
      .from(payments)
      .where(and(eq(payments.userId, input.userId), eq(payments.idempotencyKey, input.idempotencyKey ?? '')));
    if (!existing) throw new Error(`order ${input.id} was neither created nor found`);
    return toOrder(existing);
  }

  async createUnlessOpen(input: NewOrder, openSince: Date): Promise<Order> {
    return this.db.transaction(async (tx) => {
      // Held until commit, so the order this call creates is visible to the next caller of this user and pack.
      await tx.execute(sql`select pg_advisory_xact_lock(${OPEN_ORDER_LOCK}, hashtext(${`${input.packageId} ${input.userId}`}))`);
      const [open] = await tx
        .select()
        .from(payments)
        .where(and(eq(payments.userId, input.userId), eq(payments.packageId, input.packageId), eq(payments.status, 'pending'), gt(payments.createdAt, openSince)))
        .orderBy(sql`${payments.createdAt} desc`)
        .limit(1);
      return open ? toOrder(open) : new PostgresOrders(tx).create(input);
    });
  }

  async attachCheckout(orderId: string, checkout: { checkoutId: string; checkoutUrl: string }): Promise<Order> {
    const [row] = await this.db
      .update(payments)
      .set({ whopCheckoutId: checkout.checkoutId, checkoutUrl: checkout.checkoutUrl, updatedAt: new Date(), version: sql`${payments.version} + 1` })
      .where(eq(payments.id, orderId))
      .returning();
    if (!row) throw new Error(`order ${orderId} does not exist`);
    return toOrder(row);
  }

  async find(ref: OrderRef): Promise<Order | null> {
    const [row] = await this.db.select().from(payments).where(where(ref)).limit(1);
    return row ? toOrder(row) : null;
  }

  async findForUser(orderId: string, userId: string): Promise<OrderSummary | null> {
    const [row] = await prepared(this.db).findForUser.execute({ orderId, userId });
    return row ? toOrderSummary(row) : null;
  }

  async pageForUser(userId: string, page: PageRequest): Promise<Page<OrderSummary>> {
    const after = page.cursor ? decodeCursor(page.cursor, isPaymentId) : null;
    const { firstPage, nextPage } = prepared(this.db);
    const rows = after
      ? await nextPage.execute({ userId, limit: page.limit + 1, afterTime: after.createdAt.toISOString(), afterId: after.id })
      : await firstPage.execute({ userId, limit: page.limit + 1 });
    return toPage(rows.map(toOrderSummary), page.limit);
  }

  async listPendingCreatedBefore(olderThan: Date, limit: number): Promise<Order[]> {
    const rows = await this.db
      .select()
      .from(payments)
      .where(and(eq(payments.status, 'pending'), lt(payments.createdAt, olderThan)))
      .orderBy(asc(payments.createdAt))
      .limit(limit);
    return rows.map(toOrder);
  }

  async findOpenForUser(userId: string, packageId: PackageId, since: Date): Promise<OrderSummary | null> {
    const [row] = await this.db
      .select(summaryColumns)
      .from(payments)
      .where(and(eq(payments.userId, userId), eq(payments.packageId, packageId), eq(payments.status, 'pending'), gt(payments.createdAt, since), isNotNull(payments.whopCheckoutId)))
      .orderBy(sql`${payments.createdAt} desc`)
      .limit(1);
    return row ? toOrderSummary(row) : null;
  }

  async listByStatus(status: PaymentStatus, limit: number): Promise<Order[]> {
    const rows = await this.db.select().from(payments).where(eq(payments.status, status)).orderBy(asc(payments.updatedAt)).limit(limit);
    return rows.map(toOrder);
  }

  async listAwaitingWhop(limit: number): Promise<Order[]> {
    const rows = await this.db
      .select()
      .from(payments)
      .where(sql`${payments.status} = 'disputed' or ${payments.statusReason} = 'refund_currency_unknown'`)
      .orderBy(sql`${payments.whopAskedAt} asc nulls first`, asc(payments.id))
      .limit(limit);
    return rows.map(toOrder);
  }

  async markAskedWhop(orderId: string, at: Date): Promise<void> {
    await this.db.update(payments).set({ whopAskedAt: at }).where(eq(payments.id, orderId));
  }

  async listWithUnrefundedSecondPayments(limit: number): Promise<Order[]> {
    const rows = await this.db
      .select()
      .from(payments)
      .where(sql`${payments.secondPayments} @> '[{"refunded": false}]'::jsonb`)
      .orderBy(sql`${payments.whopAskedAt} asc nulls first`, asc(payments.id))
      .limit(limit);
    return rows.map(toOrder);
  }

  async search(search: OrderSearch, page: PageRequest): Promise<Page<OrderSummary>> {
    const after = page.cursor ? decodeCursor(page.cursor, isPaymentId) : null;
    const { q } = search;
    const rows = await this.db
      .select(summaryColumns)
      .from(payments)
      .where(
        and(
          search.status ? eq(payments.status, search.status) : undefined,
          search.packageId ? eq(payments.packageId, search.packageId) : undefined,
          search.userId ? eq(payments.userId, search.userId) : undefined,
          q ? or(isPaymentId(q) ? eq(payments.id, q.toLowerCase()) : undefined, eq(payments.userId, q), eq(payments.whopPaymentId, q), eq(payments.whopCheckoutId, q)) : undefined,
          search.from ? gte(payments.createdAt, search.from) : undefined,
          search.to ? lt(payments.createdAt, search.to) : undefined,
          after ? sql`(${payments.createdAt}, ${payments.id}) < (${after.createdAt.toISOString()}::timestamptz, ${after.id})` : undefined,
        ),
      )
      .orderBy(sql`${payments.createdAt} desc`, sql`${payments.id} desc`)
      .limit(page.limit + 1);
    return toPage(rows.map(toOrderSummary), page.limit);
  }

  async userIdsInOtherCase(userId: string, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectDistinct({ userId: payments.userId })
      .from(payments)
      .where(and(sql`lower(${payments.userId}) = lower(${userId})`, ne(payments.userId, userId)))
      .orderBy(asc(payments.userId))
      .limit(limit);
    return rows.map((r) => r.userId);
  }
}

/** Which column a reference names, and its value. */
function keyOf(ref: OrderRef): ['id' | 'checkoutId' | 'whopPaymentId', string] {
  return 'id' in ref ? ['id', ref.id] : 'checkoutId' in ref ? ['checkoutId', ref.checkoutId] : ['whopPaymentId', ref.whopPaymentId];
}

/** The orders of one transaction: rows are locked until it ends. */
export function ordersInTransaction(tx: Db): UnitOfWork['orders'] {
  return {
    async lock(ref) {
      const [column, value] = keyOf(ref);
      const [row] = await prepared(tx).lock[column].execute({ value });
      return row ? toOrder(row) : null;
    },
    async lockForEvent(ref, eventId) {
      const [column, value] = keyOf(ref);
      const [row] = await prepared(tx).lockForEvent[column].execute({ value, eventId });
      return { handled: row?.handled ?? false, order: row?.order ? toOrder(row.order) : null };
    },
  };
}
