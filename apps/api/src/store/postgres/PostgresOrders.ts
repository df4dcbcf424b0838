import { and, asc, eq, isNotNull, lt, sql } from 'drizzle-orm';
import type { NewOrder, Order } from '../../domain/order';
import { emptyHistory } from '../../domain/history';
import { decodeCursor, toPage } from '../cursor';
import { type OrderRef, type OrderStore, type Page, type PageRequest, type UnitOfWork } from '../ports';
import { toOrder } from './rows';
import { payments } from './schema';
import type { Db } from './db';

function where(ref: OrderRef) {
  if ('id' in ref) return eq(payments.id, ref.id);
  if ('checkoutId' in ref) return eq(payments.whopCheckoutId, ref.checkoutId);
  return eq(payments.whopPaymentId, ref.whopPaymentId);
}

export class PostgresOrders implements OrderStore {
  constructor(private readonly db: Db) {}

  async create(input: NewOrder): Promise<Order> {
    // The only possible conflict is the (user, idempotency key) index: ids are random UUIDs.
    const [row] = await this.db
      .insert(payments)
      .values({ ...input, idempotencyKey: input.idempotencyKey ?? null, status: 'pending', history: emptyHistory(), updatedAt: input.createdAt })
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

  async findForUser(orderId: string, userId: string): Promise<Order | null> {
    const [row] = await this.db
      .select()
      .from(payments)
      .where(and(eq(payments.id, orderId), eq(payments.userId, userId)));
    return row ? toOrder(row) : null;
  }

  async pageForUser(userId: string, page: PageRequest): Promise<Page<Order>> {
    const after = page.cursor ? decodeCursor(page.cursor) : null;
    const rows = await this.db
      .select()
      .from(payments)
      .where(and(eq(payments.userId, userId), after ? sql`(${payments.createdAt}, ${payments.id}) < (${after.createdAt.toISOString()}::timestamptz, ${after.id})` : undefined))
      .orderBy(sql`${payments.createdAt} desc`, sql`${payments.id} desc`)
      .limit(page.limit + 1);
    return toPage(rows.map(toOrder), page.limit);
  }

  async listPendingCreatedBefore(olderThan: Date, limit: number): Promise<Order[]> {
    const rows = await this.db
      .select()
      .from(payments)
      .where(and(eq(payments.status, 'pending'), lt(payments.createdAt, olderThan), isNotNull(payments.whopCheckoutId)))
      .orderBy(asc(payments.createdAt))
      .limit(limit);
    return rows.map(toOrder);
  }
}

/** The orders of one transaction: rows are locked until it ends. */
export function ordersInTransaction(tx: Db): UnitOfWork['orders'] {
  return {
    async lock(ref) {
      const [row] = await tx.select().from(payments).where(where(ref)).limit(1).for('update');
      return row ? toOrder(row) : null;
    },
  };
}
