import type { ClientSession } from 'mongodb';
import type { Model } from 'mongoose';
import type { Hold } from '../../domain/holds';
import type { CreditAccountDoc } from '../../models/CreditAccount';
import type { CreditHoldDoc } from '../../models/CreditHold';
import type { HoldReads, UnitOfWork } from '../ports';
import type { OutboundEventDoc } from '../../models/OutboundEvent';
import { holdEvent } from '../../domain/events';
import { announceInSession } from './MongoOutbox';

const toHold = ({ _id, ...doc }: CreditHoldDoc): Hold => ({ id: _id, ...doc });

export class MongoHolds implements HoldReads {
  constructor(private readonly Hold: Model<CreditHoldDoc>) {}

  async find(holdId: string): Promise<Hold | null> {
    const doc = await this.Hold.findById(holdId).lean<CreditHoldDoc>();
    return doc ? toHold(doc) : null;
  }

  async expired(now: Date, limit: number): Promise<Hold[]> {
    const docs = await this.Hold.find({ status: 'active', expiresAt: { $lte: now } })
      .sort({ expiresAt: 1 })
      .limit(limit)
      .lean<CreditHoldDoc[]>();
    return docs.map(toHold);
  }
}

/**
 * The holds of one transaction. MongoDB takes no read locks: two transactions that write the same
 * hold or account conflict, and the driver runs the loser again from its first read.
 */
export function holdsInSession(
  { Hold, Account, Outbound }: { Hold: Model<CreditHoldDoc>; Account: Model<CreditAccountDoc>; Outbound: Model<OutboundEventDoc> },
  session: ClientSession,
  announces = false,
): UnitOfWork['holds'] {
  const tell = async (hold: Hold) => {
    const event = announces ? holdEvent(hold) : null;
    if (event) await announceInSession({ Outbound, Account }, session, [event], hold.settledAt ?? hold.createdAt);
  };
  return {
    async lock(holdId) {
      const doc = await Hold.findById(holdId).session(session).lean<CreditHoldDoc>();
      return doc ? toHold(doc) : null;
    },
    async open(hold) {
      const { id, ...rest } = hold;
      await Hold.create([{ _id: id, ...rest }], { session });
      await Account.updateOne({ _id: hold.userId }, { $inc: { held: hold.credits }, $set: { updatedAt: hold.createdAt }, $setOnInsert: { balance: 0 } }, { session, upsert: true });
      await tell(hold);
    },
    async end(hold) {
      const ended = await Hold.findOneAndUpdate(
        { _id: hold.id, status: 'active' },
        { $set: { status: hold.status, capturedCredits: hold.capturedCredits, settledAt: hold.settledAt } },
        { session },
      ).lean<CreditHoldDoc>();
      if (!ended) throw new Error(`hold ${hold.id} was not active`);
      await Account.updateOne({ _id: ended.userId }, { $inc: { held: -ended.credits }, $set: { updatedAt: hold.settledAt ?? new Date() } }, { session });
      await tell(hold);
    },
  };
}
