import { and, asc, eq, getTableColumns, gt, gte, isNotNull, like, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { isOrderIdPrefix, isPaymentId, type PackageId, type PaymentStatus } from '@credits/shared';
import type { NewOrder, Order, OrderSummary } from '../../domain/order';
import { emptyHistory } from '../../domain/history';
import { decodeCursor, toPage } from '../cursor';
import { type OrderRef, type OrderSearch, type OrderStore, type Page, type PageRequest, type UnitOfWork } from '../ports';
import { summaryColumns, toOrder, toOrderSummary } from './rows';
import { orders, webhookEvents } from './schema';
import { preparedStatement, type Db } from './db';

/** The first key of the advisory locks that serialise a buyer's creates of one pack (the second is a hash of buyer and pack). */
const OPEN_ORDER_LOCK = 0x0c0ffee;

function where(ref: OrderRef) {
  if ('id' in ref) return eq(orders.id, ref.id);
  if ('checkoutId' in ref) return eq(orders.whopCheckoutId, ref.checkoutId);
  return eq(orders.whopPaymentId, ref.whopPaymentId);
}

/** The hottest statements (preparedStatement). */
const pageStatement = (name: string, after?: SQL) =>
  preparedStatement((db) =>
    db
      .select(summaryColumns)
      .from(orders)
      .where(and(eq(orders.userId, sql.placeholder('userId')), after))
      .orderBy(sql`${orders.createdAt} desc`, sql`${orders.id} desc`)
      .limit(sql.placeholder('limit'))
      .prepare(name),
  );
const firstPage = pageStatement('orders_first_page');
const nextPage = pageStatement('orders_next_page', sql`(${orders.createdAt}, ${orders.id}) < (${sql.placeholder('afterTime')}::timestamptz, ${sql.placeholder('afterId')})`);

type Column = typeof orders.id | typeof orders.whopCheckoutId | typeof orders.whopPaymentId;
const columns = { id: orders.id, checkoutId: orders.whopCheckoutId, whopPaymentId: orders.whopPaymentId } satisfies Record<string, Column>;
const locking = (db: Db, column: Column, unlessHandled?: SQL) =>
  db
    .select()
    .from(orders)
    .where(and(eq(column, sql.placeholder('value')), unlessHandled))
    .limit(1)
    .for('update');
const lock = (name: string, column: Column) => preparedStatement((db) => locking(db, column).prepare(name));
/** The duplicate check folded into the locking read: whether the event was handled, and unless it was, the order locked; in one row. */
const lockForEvent = (name: string, column: Column) =>
  preparedStatement((db) => {
    const handledAt = sql`(select ${webhookEvents.processedAt} from ${webhookEvents} where ${webhookEvents.id} = ${sql.placeholder('eventId')})`;
    const locked = locking(db, column, sql`${handledAt} is null`).as('locked');
    const order = Object.fromEntries(Object.keys(orderColumns).map((key) => [key, locked[key as keyof typeof orderColumns]])) as {
      [K in keyof typeof orderColumns]: (typeof locked)[K];
    };
    return db
      .select({ handled: sql<boolean>`${handledAt} is not null`, order })
      .from(sql`(select 1) as one`)
      .leftJoinLateral(locked, sql`true`)
      .prepare(name);
  });
const lockStatements = {
  id: lock('orders_lock_by_id', columns.id),
  checkoutId: lock('orders_lock_by_checkout', columns.checkoutId),
  whopPaymentId: lock('orders_lock_by_payment', columns.whopPaymentId),
};
const lockForEventStatements = {
  id: lockForEvent('orders_lock_for_event_by_id', columns.id),
  checkoutId: lockForEvent('orders_lock_for_event_by_checkout', columns.checkoutId),
  whopPaymentId: lockForEvent('orders_lock_for_event_by_payment', columns.whopPaymentId),
};
const findForUserStatement = preparedStatement((db) =>
  db
    .select(summaryColumns)
    .from(orders)
    .where(and(eq(orders.id, sql.placeholder('orderId')), eq(orders.userId, sql.placeholder('userId'))))
    .prepare('orders_find_for_user'),
);
const orderColumns = getTableColumns(orders);

export class PostgresOrders implements OrderStore {
  constructor(private readonly db: Db) {}

  async create(input: NewOrder): Promise<Order> {
    // The only possible conflict is the (user, idempotency key) index: ids are random UUIDs.
    const [row] = await this.db
      .insert(orders)
      .values({ ...input, idempotencyKey: input.idempotencyKey ?? null, status: 'pending', history: emptyHistory(), secondPayments: [], updatedAt: input.createdAt })
      .onConflictDoNothing()
      .returning();
    if (row) return toOrder(row);
    const [existing] = await this.db
      .select()
      .from(orders)
      .where(and(eq(orders.userId, input.userId), eq(orders.idempotencyKey, input.idempotencyKey ?? '')));
    if (!existing) throw new Error(`order ${input.id} was neither created nor found`);
    return toOrder(existing);
  }

  async createUnlessOpen(input: NewOrder, openSince: Date): Promise<Order> {
    return this.db.transaction(async (tx) => {
      // Held until commit, so the order this call creates is visible to the next caller of this user and pack.
      await tx.execute(sql`select pg_advisory_xact_lock(${OPEN_ORDER_LOCK}, hashtext(${`${input.packageId} ${input.userId}`}))`);
      const [open] = await tx
        .select()
        .from(orders)
        .where(and(eq(orders.userId, input.userId), eq(orders.packageId, input.packageId), eq(orders.status, 'pending'), gt(orders.createdAt, openSince)))
        .orderBy(sql`${orders.createdAt} desc`)
        .limit(1);
      return open ? toOrder(open) : new PostgresOrders(tx).create(input);
    });
  }

  async attachCheckout(orderId: string, checkout: { checkoutId: string; checkoutUrl: string }): Promise<Order> {
    const [row] = await this.db
      .update(orders)
      .set({ whopCheckoutId: checkout.checkoutId, checkoutUrl: checkout.checkoutUrl, updatedAt: new Date(), version: sql`${orders.version} + 1` })
      .where(eq(orders.id, orderId))
      .returning();
    if (!row) throw new Error(`order ${orderId} does not exist`);
    return toOrder(row);
  }

  async find(ref: OrderRef): Promise<Order | null> {
    const [row] = await this.db.select().from(orders).where(where(ref)).limit(1);
    return row ? toOrder(row) : null;
  }

  async findForUser(orderId: string, userId: string): Promise<OrderSummary | null> {
    const [row] = await findForUserStatement(this.db).execute({ orderId, userId });
    return row ? toOrderSummary(row) : null;
  }

  async pageForUser(userId: string, page: PageRequest): Promise<Page<OrderSummary>> {
    const after = page.cursor ? decodeCursor(page.cursor, isPaymentId) : null;
    const rows = after
      ? await nextPage(this.db).execute({ userId, limit: page.limit + 1, afterTime: after.createdAt.toISOString(), afterId: after.id })
      : await firstPage(this.db).execute({ userId, limit: page.limit + 1 });
    return toPage(rows.map(toOrderSummary), page.limit);
  }

  async listPendingCreatedBefore(olderThan: Date, limit: number): Promise<Order[]> {
    const rows = await this.db
      .select()
      .from(orders)
      .where(and(eq(orders.status, 'pending'), lt(orders.createdAt, olderThan)))
      .orderBy(asc(orders.createdAt))
      .limit(limit);
    return rows.map(toOrder);
  }

  async findOpenForUser(userId: string, packageId: PackageId, since: Date): Promise<OrderSummary | null> {
    const [row] = await this.db
      .select(summaryColumns)
      .from(orders)
      .where(and(eq(orders.userId, userId), eq(orders.packageId, packageId), eq(orders.status, 'pending'), gt(orders.createdAt, since), isNotNull(orders.whopCheckoutId)))
      .orderBy(sql`${orders.createdAt} desc`)
      .limit(1);
    return row ? toOrderSummary(row) : null;
  }

  async listByStatus(status: PaymentStatus, limit: number): Promise<Order[]> {
    const rows = await this.db.select().from(orders).where(eq(orders.status, status)).orderBy(asc(orders.updatedAt)).limit(limit);
    return rows.map(toOrder);
  }

  async listAwaitingWhop(limit: number): Promise<Order[]> {
    const rows = await this.db
      .select()
      .from(orders)
      .where(sql`${orders.status} = 'disputed' or ${orders.statusReason} = 'refund_currency_unknown'`)
      .orderBy(sql`${orders.whopAskedAt} asc nulls first`, asc(orders.id))
      .limit(limit);
    return rows.map(toOrder);
  }

  async markAskedWhop(orderId: string, at: Date): Promise<void> {
    await this.db.update(orders).set({ whopAskedAt: at }).where(eq(orders.id, orderId));
  }

  async listWithUnrefundedSecondPayments(limit: number): Promise<Order[]> {
    const rows = await this.db
      .select()
      .from(orders)
      .where(sql`${orders.secondPayments} @> '[{"refunded": false}]'::jsonb`)
      .orderBy(sql`${orders.whopAskedAt} asc nulls first`, asc(orders.id))
      .limit(limit);
    return rows.map(toOrder);
  }

  async search(search: OrderSearch, page: PageRequest): Promise<Page<OrderSummary>> {
    const after = page.cursor ? decodeCursor(page.cursor, isPaymentId) : null;
    const { q } = search;
    const rows = await this.db
      .select(summaryColumns)
      .from(orders)
      .where(
        and(
          search.status ? eq(orders.status, search.status) : undefined,
          search.packageId ? eq(orders.packageId, search.packageId) : undefined,
          search.userId ? eq(orders.userId, search.userId) : undefined,
          q
            ? or(isOrderIdPrefix(q) ? like(orders.id, `${q.toLowerCase()}%`) : undefined, eq(orders.userId, q), eq(orders.whopPaymentId, q), eq(orders.whopCheckoutId, q))
            : undefined,
          search.from ? gte(orders.createdAt, search.from) : undefined,
          search.to ? lt(orders.createdAt, search.to) : undefined,
          after ? sql`(${orders.createdAt}, ${orders.id}) < (${after.createdAt.toISOString()}::timestamptz, ${after.id})` : undefined,
        ),
      )
      .orderBy(sql`${orders.createdAt} desc`, sql`${orders.id} desc`)
      .limit(page.limit + 1);
    return toPage(rows.map(toOrderSummary), page.limit);
  }

  async userIdsStartingWith(prefix: string, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectDistinct({ userId: orders.userId })
      .from(orders)
      .where(sql`starts_with(${orders.userId}, ${prefix})`)
      .orderBy(asc(orders.userId))
      .limit(limit);
    return rows.map((r) => r.userId);
  }

  async userIdsInOtherCase(userId: string, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectDistinct({ userId: orders.userId })
      .from(orders)
      .where(and(sql`lower(${orders.userId}) = lower(${userId})`, ne(orders.userId, userId)))
      .orderBy(asc(orders.userId))
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
      const [row] = await lockStatements[column](tx).execute({ value });
      return row ? toOrder(row) : null;
    },
    async lockForEvent(ref, eventId) {
      const [column, value] = keyOf(ref);
      const [row] = await lockForEventStatements[column](tx).execute({ value, eventId });
      return { handled: row?.handled ?? false, order: row?.order ? toOrder(row.order) : null };
    },
  };
}
