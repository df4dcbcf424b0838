import type { ClientSession } from 'mongodb';
import { Types, type Connection } from 'mongoose';
import { COMPLETABLE_STATUSES, sourcesOf, type PaymentStatus } from '@credits/shared';
import { creditAccountModel } from '../../models/CreditAccount';
import { idempotencyRecordModel } from '../../models/IdempotencyRecord';
import { leaseModel } from '../../models/Lease';
import { ledgerEntryModel, type LedgerEntryDoc } from '../../models/LedgerEntry';
import { paymentModel, type PaymentDoc } from '../../models/Payment';
import { webhookEventModel } from '../../models/WebhookEvent';
import { decodeCursor, toPage } from '../cursor';
import { applyRefundTo, statusForRefunded, winDispute } from '../refunds';
import {
  creditsForRefund,
  DuplicateGrantError,
  IdempotencyConflictError,
  InvalidCursorError,
  type Completion,
  type LedgerDifference,
  type LedgerEntry,
  type LedgerKind,
  type NewPayment,
  type Page,
  type PageRequest,
  type PaymentRecord,
  type RefundInput,
  type RefundResult,
  type SpendInput,
  type SpendResult,
  type Store,
  type TransitionResult,
  type WebhookEventInput,
  type WebhookEventState,
} from '../types';

function toRecord(doc: PaymentDoc): PaymentRecord {
  const { _id, ...rest } = doc;
  return { id: _id, ...rest };
}

function toEntry(doc: LedgerEntryDoc): LedgerEntry {
  return { id: doc._id.toHexString(), userId: doc.userId, key: doc.key, kind: doc.kind, credits: doc.credits, paymentId: doc.paymentId, memo: doc.memo, createdAt: doc.createdAt };
}

/** MongoDB reports a unique-index violation with this code. */
function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

/**
 * The MongoDB adapter of the storage port. Every operation that writes more than one document runs
 * in a multi-document transaction (`connection.transaction`, which retries transient errors and
 * unknown commit results). A write error aborts a MongoDB transaction, so inside one we look before
 * inserting under a unique key; two transactions racing for the same key conflict, and the retry of
 * the loser sees the winner's entry.
 */
export class MongoStore implements Store {
  readonly kind = 'mongodb';
  private readonly Payment;
  private readonly Account;
  private readonly Ledger;
  private readonly Event;
  private readonly Lease;
  private readonly Idempotency;

  constructor(
    private readonly connection: Connection,
    private readonly onClose: () => Promise<void>,
  ) {
    this.Payment = paymentModel(connection);
    this.Account = creditAccountModel(connection);
    this.Ledger = ledgerEntryModel(connection);
    this.Event = webhookEventModel(connection);
    this.Lease = leaseModel(connection);
    this.Idempotency = idempotencyRecordModel(connection);
  }

  /**
   * Creates the collections (transactions cannot create them on older servers) and the indexes the
   * guarantees rest on. Only adds what is missing: an index an operator added is left alone.
   */
  async init(): Promise<void> {
    await Promise.all([this.Payment, this.Account, this.Ledger, this.Event, this.Lease, this.Idempotency].map((m) => m.createCollection().then(() => m.createIndexes())));
  }

  private tx<T>(fn: (session: ClientSession) => Promise<T>): Promise<T> {
    return this.connection.transaction(fn, { readConcern: { level: 'snapshot' }, writeConcern: { w: 'majority' } });
  }

  async createPayment(input: NewPayment): Promise<PaymentRecord> {
    const { id, ...fields } = input;
    try {
      const [doc] = await this.Payment.create([{ _id: id, ...fields, idempotencyKey: input.idempotencyKey ?? null, status: 'pending', updatedAt: input.createdAt }]);
      return toRecord(doc!.toObject());
    } catch (err) {
      if (!isDuplicateKey(err) || !input.idempotencyKey) throw err;
      const existing = await this.Payment.findOne({ userId: input.userId, idempotencyKey: input.idempotencyKey }).lean<PaymentDoc>();
      if (!existing) throw err;
      return toRecord(existing);
    }
  }

  async attachCheckout(paymentId: string, checkout: { checkoutId: string; checkoutUrl: string }): Promise<PaymentRecord> {
    const doc = await this.Payment.findOneAndUpdate(
      { _id: paymentId },
      { $set: { whopCheckoutId: checkout.checkoutId, checkoutUrl: checkout.checkoutUrl, updatedAt: new Date() } },
      { returnDocument: 'after' },
    ).lean<PaymentDoc>();
    if (!doc) throw new Error(`payment ${paymentId} does not exist`);
    return toRecord(doc);
  }

  async getPayment(paymentId: string): Promise<PaymentRecord | null> {
    const doc = await this.Payment.findById(paymentId).lean<PaymentDoc>();
    return doc ? toRecord(doc) : null;
  }

  async getPaymentForUser(paymentId: string, userId: string): Promise<PaymentRecord | null> {
    const doc = await this.Payment.findOne({ _id: paymentId, userId }).lean<PaymentDoc>();
    return doc ? toRecord(doc) : null;
  }

  async findPaymentByCheckoutId(checkoutId: string): Promise<PaymentRecord | null> {
    // The unique index is partial (strings only): the query must say so for MongoDB to use it.
    const doc = await this.Payment.findOne({ whopCheckoutId: { $eq: checkoutId, $type: 'string' } }).lean<PaymentDoc>();
    return doc ? toRecord(doc) : null;
  }

  async findPaymentByWhopPaymentId(whopPaymentId: string): Promise<PaymentRecord | null> {
    const doc = await this.Payment.findOne({ whopPaymentId }).lean<PaymentDoc>();
    return doc ? toRecord(doc) : null;
  }

  async listPaymentsForUser(userId: string, page: PageRequest): Promise<Page<PaymentRecord>> {
    const after = page.cursor ? decodeCursor(page.cursor) : null;
    const filter = after
      ? { userId, $or: [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, _id: { $lt: after.id } }] }
      : { userId };
    const docs = await this.Payment.find(filter).sort({ createdAt: -1, _id: -1 }).limit(page.limit + 1).lean<PaymentDoc[]>();
    return toPage(docs.map(toRecord), page.limit);
  }

  async completePayment(paymentId: string, completion: Completion): Promise<TransitionResult> {
    return this.tx(async (session) => {
      const now = new Date();
      const order = await this.Payment.findOneAndUpdate(
        { _id: paymentId, status: { $in: [...COMPLETABLE_STATUSES] } },
        { $set: { status: 'completed', whopPaymentId: completion.whopPaymentId, completionSource: completion.source, statusReason: null, completedAt: now, updatedAt: now } },
        { returnDocument: 'after', session },
      ).lean<PaymentDoc>();
      if (!order) return { applied: false, payment: await this.mustGet(paymentId, session) };
      // Throwing aborts the transaction: the status change goes with it.
      if (!(await this.writeEntry(session, order, `grant:${completion.whopPaymentId}`, 'grant', order.credits, null, now))) {
        throw new DuplicateGrantError(`Whop payment ${completion.whopPaymentId} was already granted`);
      }
      if (order.refundedCents === 0) return { applied: true, payment: toRecord(order) };

      // A refund that arrived before the success is taken back as soon as there is something to take.
      const claw = creditsForRefund(order, order.refundedCents);
      await this.writeEntry(session, order, `refund:before-grant:${completion.whopPaymentId}`, 'refund', 0 - claw, 'refund seen before the payment succeeded', now);
      const settled = await this.Payment.findOneAndUpdate(
        { _id: order._id },
        { $set: { clawedCredits: claw, status: statusForRefunded(order, order.refundedCents), updatedAt: now } },
        { returnDocument: 'after', session },
      ).lean<PaymentDoc>();
      return { applied: true, payment: toRecord(settled!) };
    });
  }

  failPayment(paymentId: string, reason: string): Promise<TransitionResult> {
    return this.transition(paymentId, sourcesOf('failed'), { status: 'failed', statusReason: reason });
  }

  markForReview(paymentId: string, reason: string, whopPaymentId: string | null): Promise<TransitionResult> {
    return this.transition(paymentId, sourcesOf('review'), { status: 'review', statusReason: reason, ...(whopPaymentId ? { whopPaymentId } : {}) });
  }

  expirePayment(paymentId: string): Promise<TransitionResult> {
    return this.transition(paymentId, sourcesOf('expired'), { status: 'expired', statusReason: 'not_paid_in_time' });
  }

  async listPendingCreatedBefore(olderThan: Date, limit: number): Promise<PaymentRecord[]> {
    const docs = await this.Payment.find({ status: 'pending', createdAt: { $lt: olderThan }, whopCheckoutId: { $type: 'string' } })
      .sort({ createdAt: 1 })
      .limit(limit)
      .lean<PaymentDoc[]>();
    return docs.map(toRecord);
  }

  async applyRefund(paymentId: string, refund: RefundInput): Promise<RefundResult> {
    return this.tx(async (session) => {
      const row = await this.mustGetDoc(paymentId, session);
      const now = new Date();
      const { totalRefundedCents: total, claw, status } = applyRefundTo(row, refund);
      if (!(await this.writeEntry(session, row, refund.key, 'refund', 0 - claw, refund.key, now))) return { applied: false, payment: toRecord(row), creditsClawed: 0 };
      // A concurrent change to the order is a write conflict: the transaction retries from the read.
      const updated = await this.Payment.findOneAndUpdate(
        { _id: row._id },
        { $set: { refundedCents: total, clawedCredits: row.clawedCredits + claw, status, updatedAt: now } },
        { returnDocument: 'after', session },
      ).lean<PaymentDoc>();
      if (!updated) throw new Error(`payment ${paymentId} changed during the refund`);
      return { applied: true, payment: toRecord(updated), creditsClawed: claw };
    });
  }

  async openDispute(paymentId: string, disputeId: string): Promise<RefundResult> {
    return this.tx(async (session) => {
      const row = await this.mustGetDoc(paymentId, session);
      if (!sourcesOf('disputed').includes(row.status)) return { applied: false, payment: toRecord(row), creditsClawed: 0 };
      const now = new Date();
      const held = row.credits - row.clawedCredits;
      if (!(await this.writeEntry(session, row, `dispute:${disputeId}`, 'dispute', 0 - held, `dispute ${disputeId} opened`, now))) {
        return { applied: false, payment: toRecord(row), creditsClawed: 0 };
      }
      const updated = await this.Payment.findOneAndUpdate(
        { _id: row._id, status: row.status },
        { $set: { status: 'disputed', heldCredits: held, updatedAt: now } },
        { returnDocument: 'after', session },
      ).lean<PaymentDoc>();
      if (!updated) throw new Error(`payment ${paymentId} changed while opening the dispute`);
      return { applied: true, payment: toRecord(updated), creditsClawed: held };
    });
  }

  async closeDispute(paymentId: string, disputeId: string, outcome: 'won' | 'lost'): Promise<RefundResult> {
    return this.tx(async (session) => {
      const row = await this.mustGetDoc(paymentId, session);
      if (row.status !== 'disputed') return { applied: false, payment: toRecord(row), creditsClawed: 0 };
      const now = new Date();
      if (outcome === 'lost') {
        // The held credits are gone for good: the bank took the money back.
        const updated = await this.Payment.findOneAndUpdate(
          { _id: row._id, status: 'disputed' },
          { $set: { status: 'refunded', refundedCents: row.amountCents, clawedCredits: row.credits, heldCredits: 0, statusReason: `dispute_lost:${disputeId}`, updatedAt: now } },
          { returnDocument: 'after', session },
        ).lean<PaymentDoc>();
        return { applied: true, payment: toRecord(updated!), creditsClawed: 0 };
      }
      const { back, clawedCredits, status } = winDispute(row);
      if (!(await this.writeEntry(session, row, `dispute-won:${disputeId}`, 'dispute', back, `dispute ${disputeId} won`, now))) {
        return { applied: false, payment: toRecord(row), creditsClawed: 0 };
      }
      const updated = await this.Payment.findOneAndUpdate(
        { _id: row._id, status: 'disputed' },
        { $set: { status, clawedCredits, heldCredits: 0, updatedAt: now } },
        { returnDocument: 'after', session },
      ).lean<PaymentDoc>();
      if (!updated) throw new Error(`payment ${paymentId} changed while closing the dispute`);
      return { applied: true, payment: toRecord(updated), creditsClawed: -back };
    });
  }

  async spend(input: SpendInput): Promise<SpendResult> {
    const recordId = `spend:${input.userId}|${input.idempotencyKey}`;
    return this.tx(async (session) => {
      const previous = await this.Idempotency.findById(recordId).session(session).lean();
      if (previous) {
        if (previous.requestHash !== input.requestHash) throw new IdempotencyConflictError('this Idempotency-Key was used with another request');
        return { ...(previous.result as SpendResult), replayed: true };
      }
      const now = new Date();
      // Never below zero: the conditional update is the check.
      const account = await this.Account.findOneAndUpdate(
        { _id: input.userId, balance: { $gte: input.credits } },
        { $inc: { balance: -input.credits }, $set: { updatedAt: now } },
        { returnDocument: 'after', session },
      ).lean();
      let result: SpendResult;
      if (!account) {
        const current = await this.Account.findById(input.userId).session(session).lean();
        result = { outcome: 'insufficient', credits: input.credits, balance: current?.balance ?? 0, replayed: false };
      } else {
        const [entry] = await this.Ledger.create(
          [{ userId: input.userId, key: `spend:${input.userId}:${input.idempotencyKey}`, kind: 'spend', credits: -input.credits, paymentId: null, memo: input.reason, createdAt: now }],
          { session },
        );
        result = { outcome: 'spent', credits: input.credits, balance: account.balance, entryId: entry!._id.toHexString(), replayed: false };
      }
      await this.Idempotency.create([{ _id: recordId, requestHash: input.requestHash, result, createdAt: now }], { session });
      return result;
    });
  }

  async recordWebhookEvent(event: WebhookEventInput): Promise<WebhookEventState> {
    try {
      await this.Event.create([{ _id: event.id, type: event.type, payload: event.payload, receivedAt: event.receivedAt }]);
      return 'new';
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const existing = await this.Event.findById(event.id, { processedAt: 1 }).lean();
      return existing?.processedAt ? 'processed' : 'unprocessed';
    }
  }

  async markWebhookEventProcessed(eventId: string, outcome: string): Promise<void> {
    await this.Event.updateOne({ _id: eventId }, { $set: { processedAt: new Date(), outcome } });
  }

  async getBalance(userId: string): Promise<number> {
    const account = await this.Account.findById(userId).lean();
    return account?.balance ?? 0;
  }

  async listLedger(userId: string, page: PageRequest): Promise<Page<LedgerEntry>> {
    const after = page.cursor ? decodeCursor(page.cursor) : null;
    if (after && !Types.ObjectId.isValid(after.id)) throw new InvalidCursorError('cursor is not one this API issued');
    const filter = after
      ? { userId, $or: [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, _id: { $lt: new Types.ObjectId(after.id) } }] }
      : { userId };
    const docs = await this.Ledger.find(filter).sort({ createdAt: -1, _id: -1 }).limit(page.limit + 1).lean<LedgerEntryDoc[]>();
    return toPage(docs.map(toEntry), page.limit);
  }

  /** Both reads in one snapshot, so a grant committing in between is not reported as a difference. */
  async ledgerDifferences(): Promise<LedgerDifference[]> {
    return this.tx(async (session) => {
      const sums = await this.Ledger.aggregate<{ _id: string; total: number }>([{ $group: { _id: '$userId', total: { $sum: '$credits' } } }]).session(session);
      const byUser = new Map(sums.map((s) => [s._id, s.total]));
      const differences: LedgerDifference[] = [];
      for await (const account of this.Account.find().session(session).lean().cursor()) {
        const total = byUser.get(account._id) ?? 0;
        byUser.delete(account._id);
        if (account.balance !== total) differences.push({ userId: account._id, balance: account.balance, ledgerSum: total });
      }
      for (const [userId, total] of byUser) if (total !== 0) differences.push({ userId, balance: 0, ledgerSum: total });
      return differences;
    });
  }

  async tryAcquireLease(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const now = new Date();
    try {
      const lease = await this.Lease.findOneAndUpdate(
        { _id: name, $or: [{ expiresAt: { $lt: now } }, { holder }] },
        { $set: { holder, expiresAt: new Date(now.getTime() + ttlMs) } },
        { returnDocument: 'after', upsert: true },
      ).lean();
      return lease?.holder === holder;
    } catch (err) {
      // Someone else holds an unexpired lease: the upsert collided with their document.
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.Lease.deleteOne({ _id: name, holder });
  }

  async ping(): Promise<void> {
    await this.connection.db!.admin().ping();
  }

  async checkReady(): Promise<void> {
    await this.ping();
    // The unique index on ledger keys is what exactly-once rests on; without it, not ready.
    const indexes = await this.Ledger.listIndexes();
    if (!indexes.some((i) => i.unique && i.key && 'key' in i.key)) throw new Error('ledger key index missing');
  }

  close(): Promise<void> {
    return this.onClose();
  }

  /** For tests only: removes this store's whole database. */
  async dropDatabase(): Promise<void> {
    await this.connection.dropDatabase();
  }

  private async transition(paymentId: string, from: readonly PaymentStatus[], change: Partial<PaymentDoc>): Promise<TransitionResult> {
    const doc = await this.Payment.findOneAndUpdate({ _id: paymentId, status: { $in: [...from] } }, { $set: { ...change, updatedAt: new Date() } }, { returnDocument: 'after' }).lean<PaymentDoc>();
    if (doc) return { applied: true, payment: toRecord(doc) };
    return { applied: false, payment: await this.mustGet(paymentId) };
  }

  private async mustGetDoc(paymentId: string, session?: ClientSession): Promise<PaymentDoc> {
    const doc = await this.Payment.findById(paymentId).session(session ?? null).lean<PaymentDoc>();
    if (!doc) throw new Error(`payment ${paymentId} does not exist`);
    return doc;
  }

  private async mustGet(paymentId: string, session?: ClientSession): Promise<PaymentRecord> {
    return toRecord(await this.mustGetDoc(paymentId, session));
  }

  /**
   * A ledger entry and the balance move together (inside the caller's transaction); false if the key
   * exists. Looking first matters: a duplicate-key error would abort the whole transaction.
   */
  private async writeEntry(session: ClientSession, order: PaymentDoc, key: string, kind: LedgerKind, credits: number, memo: string | null, now: Date): Promise<boolean> {
    if (await this.Ledger.exists({ key }).session(session)) return false;
    // `0 - x`, not `-x`: MongoDB would keep a negative zero.
    const amount = credits === 0 ? 0 : credits;
    await this.Ledger.create([{ userId: order.userId, key, kind, credits: amount, paymentId: order._id, memo, createdAt: now }], { session });
    if (amount !== 0) await this.Account.updateOne({ _id: order.userId }, { $inc: { balance: amount }, $set: { updatedAt: now } }, { upsert: true, session });
    return true;
  }
}
