import type { ClientSession } from 'mongodb';
import type { Model } from 'mongoose';
import type { WebhookEventDoc } from '../../models/WebhookEvent';
import type { StoredWebhookEvent, UnitOfWork, WebhookEventRecord, WebhookInboxReads } from '../ports';

const RECORD = { type: 1, receivedAt: 1, processedAt: 1, outcome: 1, orderId: 1 } as const;

function toRecord(doc: Omit<WebhookEventDoc, 'payload' | 'handlingMs'>): WebhookEventRecord {
  return { id: doc._id, type: doc.type, receivedAt: doc.receivedAt, processedAt: doc.processedAt, outcome: doc.outcome, orderId: doc.orderId ?? null };
}

export class MongoInbox implements WebhookInboxReads {
  constructor(private readonly Event: Model<WebhookEventDoc>) {}

  async find(eventId: string): Promise<WebhookEventRecord | null> {
    const doc = await this.Event.findById(eventId, RECORD).lean();
    return doc ? toRecord(doc) : null;
  }

  async stored(eventId: string): Promise<StoredWebhookEvent | null> {
    const doc = await this.Event.findById(eventId).lean();
    return doc ? { ...toRecord(doc), payload: doc.payload } : null;
  }

  async forOrder(orderId: string): Promise<WebhookEventRecord[]> {
    const docs = await this.Event.find({ orderId }, RECORD).sort({ receivedAt: 1, _id: 1 }).lean();
    return docs.map(toRecord);
  }
}

/** The webhook inbox of one transaction. */
export function inboxInSession(Event: Model<WebhookEventDoc>, session: ClientSession): UnitOfWork['inbox'] {
  return {
    async handled(eventId) {
      const doc = await Event.findById(eventId, { processedAt: 1 }).session(session).lean();
      return Boolean(doc?.processedAt);
    },
  };
}
