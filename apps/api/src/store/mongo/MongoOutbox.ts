import { randomUUID } from 'node:crypto';
import type { ClientSession } from 'mongodb';
import type { Model } from 'mongoose';
import type { CreditEventDraft } from '../../domain/events';
import type { CreditAccountDoc } from '../../models/CreditAccount';
import type { OutboundEventDoc } from '../../models/OutboundEvent';
import { decodeCursor, toPage } from '../cursor';
import type { OutboundEvent, OutboxFilter, OutboxStore, Page, PageRequest } from '../ports';

const toEvent = ({ _id, key: _key, claimedUntil: _claimed, ...doc }: OutboundEventDoc): OutboundEvent => ({ id: _id, ...doc });

/**
 * Writes the events of a change in its transaction, each with the user's credits after it, numbered
 * in its user's order by a counter on the account (written in the same transaction, so concurrent
 * changes of one user conflict and run again rather than share a number). A cause already told is
 * not told again.
 */
export async function announceInSession(
  { Outbound, Account }: { Outbound: Model<OutboundEventDoc>; Account: Model<CreditAccountDoc> },
  session: ClientSession,
  events: readonly CreditEventDraft[],
  at: Date,
): Promise<void> {
  for (const event of events) {
    if (await Outbound.exists({ key: event.key }).session(session)) continue;
    const account = await Account.findOneAndUpdate(
      { _id: event.userId },
      { $inc: { eventSeq: 1 }, $setOnInsert: { balance: 0, updatedAt: at } },
      { session, upsert: true, new: true },
    ).lean<CreditAccountDoc>();
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
    await Outbound.create(
      [
        {
          _id: `msg_${randomUUID().replace(/-/g, '')}`,
          seq: account?.eventSeq ?? 1,
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
  }
}

export class MongoOutbox implements OutboxStore {
  constructor(private readonly Outbound: Model<OutboundEventDoc>) {}

  async claim(now: Date, until: Date, limit: number): Promise<OutboundEvent[]> {
    // Each user's earliest undelivered event, by the (userId, seq) index.
    const firsts = await this.Outbound.aggregate<{ first: OutboundEventDoc }>([
      { $match: { deliveredAt: null } },
      { $sort: { userId: 1, seq: 1 } },
      { $group: { _id: '$userId', first: { $first: '$$ROOT' } } },
      { $match: { 'first.nextAttemptAt': { $lte: now }, $or: [{ 'first.claimedUntil': null }, { 'first.claimedUntil': { $lt: now } }] } },
      { $sort: { 'first.createdAt': 1 } },
      { $limit: limit },
    ]);
    const claimed: OutboundEvent[] = [];
    for (const { first } of firsts) {
      const taken = await this.Outbound.findOneAndUpdate(
        { _id: first._id, deliveredAt: null, $or: [{ claimedUntil: null }, { claimedUntil: { $lt: now } }] },
        { $set: { claimedUntil: until } },
        { new: true },
      ).lean<OutboundEventDoc>();
      if (taken) claimed.push(toEvent(taken));
    }
    return claimed;
  }

  async delivered(id: string, claim: Date, at: Date, status: number): Promise<void> {
    await this.Outbound.updateOne({ _id: id, claimedUntil: claim }, { $set: { deliveredAt: at, lastStatus: status, lastError: null, claimedUntil: null }, $inc: { attempts: 1 } });
  }

  async failed(id: string, claim: Date, status: number | null, error: string, retryAt: Date): Promise<void> {
    await this.Outbound.updateOne(
      { _id: id, claimedUntil: claim },
      { $set: { lastStatus: status, lastError: error.slice(0, 500), nextAttemptAt: retryAt, claimedUntil: null }, $inc: { attempts: 1 } },
    );
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
