import { randomUUID } from 'node:crypto';
import type { ClientSession } from 'mongodb';
import type { Model } from 'mongoose';
import type { CreditEventDraft } from '../../domain/events';
import type { CreditAccountDoc } from '../../models/CreditAccount';
import type { OutboundEventDoc } from '../../models/OutboundEvent';
import { decodeCursor, toPage } from '../cursor';
import type { OutboundEvent, OutboxFilter, OutboxStore, Page, PageRequest } from '../ports';
import { isDuplicateKey } from './errors';

const toEvent = ({ _id, key: _key, claimedUntil: _claimed, ...doc }: OutboundEventDoc): OutboundEvent => ({ id: _id, ...doc });

/**
 * Writes the events of a change in its transaction, each with the user's credits after it. The
 * order (`seq`) is the time of writing and a random tie-breaker: in one user's transactions, which
 * MongoDB serialises by their conflicting writes to the account, it follows the changes.
 */
export async function announceInSession(
  { Outbound, Account }: { Outbound: Model<OutboundEventDoc>; Account: Model<CreditAccountDoc> },
  session: ClientSession,
  events: readonly CreditEventDraft[],
  at: Date,
): Promise<void> {
  for (const [n, event] of events.entries()) {
    const account = await Account.findById(event.userId).session(session).lean();
    const balance = account?.balance ?? 0;
    const held = account?.held ?? 0;
    const data = Object.fromEntries(
      Object.entries({
        userId: event.userId,
        orderId: event.orderId,
        holdId: event.holdId,
        credits: event.credits,
        reason: event.reason,
        balance,
        held,
        available: Math.max(0, balance - held),
      }).filter(([, v]) => v !== null),
    );
    try {
      await Outbound.create(
        [
          {
            _id: `msg_${randomUUID().replace(/-/g, '')}`,
            seq: at.getTime() * 1_000 + n,
            key: event.key,
            type: event.type,
            userId: event.userId,
            payload: { type: event.type, timestamp: at.toISOString(), data },
            createdAt: at,
            attempts: 0,
            nextAttemptAt: at,
          },
        ],
        { session },
      );
    } catch (err) {
      // A cause already told is not told again.
      if (!isDuplicateKey(err)) throw err;
    }
  }
}

export class MongoOutbox implements OutboxStore {
  constructor(private readonly Outbound: Model<OutboundEventDoc>) {}

  async claim(now: Date, until: Date, limit: number): Promise<OutboundEvent[]> {
    const pending = await this.Outbound.find({ deliveredAt: null }).sort({ seq: 1 }).limit(10_000).lean<OutboundEventDoc[]>();
    const firsts = new Map<string, OutboundEventDoc>();
    for (const doc of pending) if (!firsts.has(doc.userId)) firsts.set(doc.userId, doc);
    const claimed: OutboundEvent[] = [];
    for (const doc of firsts.values()) {
      if (claimed.length >= limit) break;
      if (doc.nextAttemptAt > now || (doc.claimedUntil && doc.claimedUntil >= now)) continue;
      const taken = await this.Outbound.findOneAndUpdate(
        { _id: doc._id, deliveredAt: null, $or: [{ claimedUntil: null }, { claimedUntil: { $lt: now } }] },
        { $set: { claimedUntil: until } },
        { new: true },
      ).lean<OutboundEventDoc>();
      if (taken) claimed.push(toEvent(taken));
    }
    return claimed;
  }

  async delivered(id: string, at: Date, status: number): Promise<void> {
    await this.Outbound.updateOne({ _id: id }, { $set: { deliveredAt: at, lastStatus: status, lastError: null, claimedUntil: null }, $inc: { attempts: 1 } });
  }

  async failed(id: string, status: number | null, error: string, retryAt: Date): Promise<void> {
    await this.Outbound.updateOne({ _id: id }, { $set: { lastStatus: status, lastError: error.slice(0, 500), nextAttemptAt: retryAt, claimedUntil: null }, $inc: { attempts: 1 } });
  }

  async redeliver(id: string, at: Date): Promise<OutboundEvent | null> {
    const doc = await this.Outbound.findOneAndUpdate({ _id: id }, { $set: { deliveredAt: null, nextAttemptAt: at, claimedUntil: null } }, { new: true }).lean<OutboundEventDoc>();
    return doc ? toEvent(doc) : null;
  }

  async page(filter: OutboxFilter, page: PageRequest): Promise<Page<OutboundEvent>> {
    const after = page.cursor ? decodeCursor(page.cursor, (id) => /^msg_[0-9a-f]{32}$/.test(id)) : null;
    const status =
      filter.status === 'delivered'
        ? { deliveredAt: { $ne: null } }
        : filter.status === 'pending'
          ? { deliveredAt: null }
          : filter.status === 'failing'
            ? { deliveredAt: null, attempts: { $gt: 0 } }
            : {};
    const docs = await this.Outbound.find({
      ...status,
      ...(filter.userId ? { userId: filter.userId } : {}),
      ...(after ? { $or: [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, _id: { $lt: after.id } }] } : {}),
    })
      .sort({ createdAt: -1, _id: -1 })
      .limit(page.limit + 1)
      .lean<OutboundEventDoc[]>();
    return toPage(docs.map(toEvent), page.limit);
  }
}
