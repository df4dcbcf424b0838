import type { ClientSession } from 'mongodb';
import type { Model } from 'mongoose';
import type { WebhookEventDoc } from '../../models/WebhookEvent';
import type { UnitOfWork, WebhookEventRecord, WebhookInboxReads } from '../ports';

export class MongoInbox implements WebhookInboxReads {
  constructor(private readonly Event: Model<WebhookEventDoc>) {}

  async find(eventId: string): Promise<WebhookEventRecord | null> {
    const doc = await this.Event.findById(eventId, { type: 1, receivedAt: 1, processedAt: 1, outcome: 1 }).lean();
    return doc ? { id: doc._id, type: doc.type, receivedAt: doc.receivedAt, processedAt: doc.processedAt, outcome: doc.outcome } : null;
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
