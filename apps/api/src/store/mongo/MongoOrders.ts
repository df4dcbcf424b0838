import type { ClientSession } from 'mongodb';
import type { Model, QueryFilter } from 'mongoose';
import { isOrderIdPrefix, isPaymentId, type PackageId, type PaymentStatus } from '@credits/shared';
import { emptyHistory } from '../../domain/history';
import { packNamesAsBought, type NewOrder, type Order, type OrderSummary } from '../../domain/order';
import type { LeaseDoc } from '../../models/Lease';
import { CASE_INSENSITIVE, type PaymentDoc } from '../../models/Payment';
import { decodeCursor, toPage } from '../cursor';
import { parseHistory } from '../historyCodec';
import { type OrderRef, type OrderSearch, type OrderStore, type Page, type PageRequest, type UnitOfWork } from '../ports';
import { isDuplicateKey } from './errors';
import { escapeRegExp } from './regex';

function toOrderSummary({ _id, history: _history, whopAskedAt: _asked, ...rest }: Omit<PaymentDoc, 'history'> & { history?: unknown }): OrderSummary {
  // Orders written before the money Whop moved (or its tax) was kept have none: nothing known yet.
  return {
    id: _id,
    ...rest,
    packNames: packNamesAsBought(rest.packageId, rest.packNames),
    chargedCents: rest.chargedCents ?? 0,
    taxCents: rest.taxCents ?? 0,
    respondBy: rest.respondBy ?? null,
  };
}

function toOrder(doc: PaymentDoc): Order {
  return { ...toOrderSummary(doc), history: parseHistory(doc.history) };
}

function filter(ref: OrderRef) {
  if ('id' in ref) return { _id: ref.id };
  // The unique index on checkout ids is partial (strings only): the query must say so for MongoDB to use it.
  if ('checkoutId' in ref) return { whopCheckoutId: { $eq: ref.checkoutId, $type: 'string' as const } };
  return { whopPaymentId: ref.whopPaymentId };
}

/** A new pending order's document; the schema's defaults fill in the rest. */
function newOrderDoc({ id, ...fields }: NewOrder): Partial<PaymentDoc> {
  return {
    _id: id,
    ...fields,
    idempotencyKey: fields.idempotencyKey ?? null,
    status: 'pending',
    history: emptyHistory(),
    secondPayments: [],
    version: 0,
    updatedAt: fields.createdAt,
  };
}

export class MongoOrders implements OrderStore {
  constructor(
    private readonly Payment: Model<PaymentDoc>,
    private readonly Lease: Model<LeaseDoc>,
  ) {}

  async create(input: NewOrder): Promise<Order> {
    try {
      const [doc] = await this.Payment.create([newOrderDoc(input)]);
      return toOrder(doc!.toObject());
    } catch (err) {
      if (!isDuplicateKey(err) || !input.idempotencyKey) throw err;
      const existing = await this.Payment.findOne({ userId: input.userId, idempotencyKey: input.idempotencyKey }).lean<PaymentDoc>();
      if (!existing) throw err;
      return toOrder(existing);
    }
  }

  async createUnlessOpen(input: NewOrder, openSince: Date): Promise<Order> {
    return this.Payment.db.transaction(
      async (session) => {
        // Every caller for this user and pack writes one document first: concurrent transactions
        // conflict there, and the one run again sees the order the first committed.
        await this.Lease.updateOne({ _id: `open-order:${input.packageId}:${input.userId}` }, { $set: { holder: input.id, expiresAt: input.createdAt } }, { upsert: true, session });
        const open = await this.Payment.findOne({ userId: input.userId, packageId: input.packageId, status: 'pending', createdAt: { $gt: openSince } }, null, { session })
          .sort({ createdAt: -1 })
          .lean<PaymentDoc>();
        if (open) return toOrder(open);
        const [doc] = await this.Payment.create([newOrderDoc(input)], { session });
        return toOrder(doc!.toObject());
      },
      { readConcern: { level: 'snapshot' }, writeConcern: { w: 'majority' } },
    );
  }

  async attachCheckout(orderId: string, checkout: { checkoutId: string; checkoutUrl: string }): Promise<Order> {
    const doc = await this.Payment.findOneAndUpdate(
      { _id: orderId },
      { $set: { whopCheckoutId: checkout.checkoutId, checkoutUrl: checkout.checkoutUrl, updatedAt: new Date() }, $inc: { version: 1 } },
      { returnDocument: 'after' },
    ).lean<PaymentDoc>();
    if (!doc) throw new Error(`order ${orderId} does not exist`);
    return toOrder(doc);
  }

  async find(ref: OrderRef): Promise<Order | null> {
    const doc = await this.Payment.findOne(filter(ref)).lean<PaymentDoc>();
    return doc ? toOrder(doc) : null;
  }

  async findForUser(orderId: string, userId: string): Promise<OrderSummary | null> {
    const doc = await this.Payment.findOne({ _id: orderId, userId }, { history: 0 }).lean<Omit<PaymentDoc, 'history'>>();
    return doc ? toOrderSummary(doc) : null;
  }

  async pageForUser(userId: string, page: PageRequest): Promise<Page<OrderSummary>> {
    const after = page.cursor ? decodeCursor(page.cursor, isPaymentId) : null;
    const query = after ? { userId, $or: [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, _id: { $lt: after.id } }] } : { userId };
    const docs = await this.Payment.find(query)
      .sort({ createdAt: -1, _id: -1 })
      .limit(page.limit + 1)
      .lean<PaymentDoc[]>();
    return toPage(docs.map(toOrder), page.limit);
  }

  async listPendingCreatedBefore(olderThan: Date, limit: number): Promise<Order[]> {
    const docs = await this.Payment.find({ status: 'pending', createdAt: { $lt: olderThan } })
      .sort({ createdAt: 1 })
      .limit(limit)
      .lean<PaymentDoc[]>();
    return docs.map(toOrder);
  }

  async findOpenForUser(userId: string, packageId: PackageId, since: Date): Promise<OrderSummary | null> {
    const doc = await this.Payment.findOne({ userId, packageId, status: 'pending', createdAt: { $gt: since }, whopCheckoutId: { $type: 'string' } }, { history: 0 })
      .sort({ createdAt: -1 })
      .lean<Omit<PaymentDoc, 'history'>>();
    return doc ? toOrderSummary(doc) : null;
  }

  async search(search: OrderSearch, page: PageRequest): Promise<Page<OrderSummary>> {
    const after = page.cursor ? decodeCursor(page.cursor, isPaymentId) : null;
    const { q } = search;
    const and: QueryFilter<PaymentDoc>[] = [];
    if (search.status) and.push({ status: search.status });
    if (search.packageId) and.push({ packageId: search.packageId });
    if (search.userId) and.push({ userId: search.userId });
    if (q) and.push({ $or: [{ _id: isOrderIdPrefix(q) ? { $regex: `^${q.toLowerCase()}` } : q }, { userId: q }, { whopPaymentId: q }, { whopCheckoutId: q }] });
    if (search.from || search.to) and.push({ createdAt: { ...(search.from ? { $gte: search.from } : {}), ...(search.to ? { $lt: search.to } : {}) } });
    if (after) and.push({ $or: [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, _id: { $lt: after.id } }] });
    const docs = await this.Payment.find(and.length ? { $and: and } : {}, { history: 0 })
      .sort({ createdAt: -1, _id: -1 })
      .limit(page.limit + 1)
      .lean<Omit<PaymentDoc, 'history'>[]>();
    return toPage(docs.map(toOrderSummary), page.limit);
  }

  async userIdsStartingWith(prefix: string, limit: number): Promise<string[]> {
    const ids: string[] = await this.Payment.distinct('userId', { userId: { $regex: `^${escapeRegExp(prefix)}` } });
    return ids.sort().slice(0, limit);
  }

  async userIdsInOtherCase(userId: string, limit: number): Promise<string[]> {
    const ids: string[] = await this.Payment.distinct('userId', { userId }).collation(CASE_INSENSITIVE);
    return ids
      .filter((id) => id !== userId)
      .sort()
      .slice(0, limit);
  }

  async listByStatus(status: PaymentStatus, limit: number): Promise<Order[]> {
    const docs = await this.Payment.find({ status }).sort({ updatedAt: 1 }).limit(limit).lean<PaymentDoc[]>();
    return docs.map(toOrder);
  }

  async listAwaitingWhop(limit: number): Promise<Order[]> {
    // A missing or null whopAskedAt sorts first: never asked.
    const docs = await this.Payment.find({ $or: [{ status: 'disputed' }, { statusReason: 'refund_currency_unknown' }] })
      .sort({ whopAskedAt: 1, _id: 1 })
      .limit(limit)
      .lean<PaymentDoc[]>();
    return docs.map(toOrder);
  }

  async markAskedWhop(orderId: string, at: Date): Promise<void> {
    await this.Payment.updateOne({ _id: orderId }, { $set: { whopAskedAt: at } });
  }

  async listWithUnrefundedSecondPayments(limit: number): Promise<Order[]> {
    const docs = await this.Payment.find({ secondPayments: { $elemMatch: { refunded: false } } })
      .sort({ whopAskedAt: 1, _id: 1 })
      .limit(limit)
      .lean<PaymentDoc[]>();
    return docs.map(toOrder);
  }
}

/**
 * The orders of one transaction. MongoDB takes no read locks: two transactions that change the same
 * order conflict when the second writes it, and the driver runs the loser again from its first read.
 */
export function ordersInSession(Payment: Model<PaymentDoc>, inbox: UnitOfWork['inbox'], session: ClientSession): UnitOfWork['orders'] {
  const lock = async (ref: OrderRef) => {
    const doc = await Payment.findOne(filter(ref)).session(session).lean<PaymentDoc>();
    return doc ? toOrder(doc) : null;
  };
  return {
    lock,
    async lockForEvent(ref, eventId) {
      if (await inbox.handled(eventId)) return { order: null, handled: true };
      return { order: await lock(ref), handled: false };
    },
  };
}
