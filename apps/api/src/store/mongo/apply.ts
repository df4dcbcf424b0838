import { entryEvent } from '../../domain/events';
import type { ClientSession } from 'mongodb';
import type { Model } from 'mongoose';
import type { AuditEntryDoc } from '../../models/AuditEntry';
import type { CreditAccountDoc } from '../../models/CreditAccount';
import type { LedgerEntryDoc } from '../../models/LedgerEntry';
import { movementId, type MoneyMovementDoc } from '../../models/MoneyMovement';
import type { PaymentDoc } from '../../models/Payment';
import type { WebhookEventDoc } from '../../models/WebhookEvent';
import { LedgerKeyTakenError, StaleOrderError, type Applied, type Change } from '../ports';
import { isDuplicateKey } from './errors';
import { announceInSession } from './MongoOutbox';
import type { OutboundEventDoc } from '../../models/OutboundEvent';

export interface ApplyModels {
  Payment: Model<PaymentDoc>;
  Ledger: Model<LedgerEntryDoc>;
  Account: Model<CreditAccountDoc>;
  Event: Model<WebhookEventDoc>;
  Audit: Model<AuditEntryDoc>;
  Movement: Model<MoneyMovementDoc>;
  Outbound: Model<OutboundEventDoc>;
}

/**
 * A decision inside the caller's transaction. The order is written first: a concurrent change to it
 * is a write conflict, and the driver runs the whole transaction again from its first read.
 */
export async function applyInSession(
  { Payment, Ledger, Account, Event, Audit, Movement, Outbound }: ApplyModels,
  session: ClientSession,
  change: Change,
  announces = false,
): Promise<Applied> {
  const now = change.at ?? new Date();
  if (change.order) {
    const { id, ...fields } = change.order.next;
    const result = await Payment.updateOne({ _id: id, version: change.order.expectedVersion }, { $set: fields }, { session });
    if (result.matchedCount === 0) throw new StaleOrderError(`order ${id} is no longer at version ${change.order.expectedVersion}`);
    const moved = change.order.movements;
    if (moved) {
      const ids = moved.map((m) => movementId(m.kind, m.whopId));
      await Movement.deleteMany({ orderId: id, _id: { $nin: ids } }, { session });
      // Kept by the first order to report it: another order's movement of the same Whop id is left as it is.
      for (const m of moved) {
        await Movement.updateOne(
          { _id: movementId(m.kind, m.whopId), orderId: id },
          { $set: { cents: m.cents }, $setOnInsert: { kind: m.kind, whopId: m.whopId, packageId: fields.packageId, at: now } },
          { session, upsert: !(await Movement.exists({ _id: movementId(m.kind, m.whopId) }).session(session)) },
        );
      }
    }
  }

  let entryIds: string[] = [];
  const drafts = change.entries?.drafts ?? [];
  if (change.entries && drafts.length > 0) {
    const { userId, orderId } = change.entries;
    // Looking first matters: a duplicate-key error inside a transaction aborts all of it.
    if (await Ledger.exists({ key: { $in: drafts.map((e) => e.key) } }).session(session)) {
      throw new LedgerKeyTakenError(`ledger key already taken: ${drafts.map((e) => e.key).join(', ')}`);
    }
    try {
      const docs = await Ledger.insertMany(
        drafts.map((e) => ({ userId, key: e.key, kind: e.kind, credits: e.credits, paymentId: orderId, memo: e.memo, createdAt: now })),
        { session },
      );
      entryIds = docs.map((d) => d._id.toHexString());
    } catch (err) {
      if (isDuplicateKey(err)) throw new LedgerKeyTakenError(`ledger key taken concurrently: ${drafts.map((e) => e.key).join(', ')}`);
      throw err;
    }
    // `0 +`: MongoDB would keep a negative zero.
    const moved = 0 + drafts.reduce((sum, e) => sum + e.credits, 0);
    await Account.updateOne({ _id: userId }, { $inc: { balance: moved }, $set: { updatedAt: now } }, { upsert: true, session });
  }

  let eventRecorded = false;
  if (change.event) {
    const { record, outcome, orderId } = change.event;
    const handlingMs = Math.max(0, now.getTime() - record.receivedAt.getTime());
    const existing = await Event.findById(record.id, { processedAt: 1 }).session(session).lean();
    if (!existing) {
      await Event.create(
        [{ _id: record.id, type: record.type, payload: JSON.parse(record.payload) as unknown, receivedAt: record.receivedAt, processedAt: now, outcome, orderId, handlingMs }],
        {
          session,
        },
      );
      eventRecorded = true;
    } else if (!existing.processedAt) {
      await Event.updateOne({ _id: record.id }, { $set: { processedAt: now, outcome, orderId, handlingMs } }, { session });
      eventRecorded = true;
    }
  }
  if (change.audit) await Audit.create([{ ...change.audit, at: now }], { session });
  if (announces && change.entries && change.entries.drafts.length > 0) {
    const { userId, orderId, drafts } = change.entries;
    await announceInSession(
      { Outbound, Account },
      session,
      drafts.map((entry) => entryEvent(userId, orderId, entry)),
      now,
    );
  }
  return { entryIds, eventRecorded };
}
