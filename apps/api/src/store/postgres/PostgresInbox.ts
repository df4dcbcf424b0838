import { eq } from 'drizzle-orm';
import type { UnitOfWork, WebhookEventRecord, WebhookInboxReads } from '../ports';
import type { Db } from './db';
import { webhookEvents } from './schema';

export class PostgresInbox implements WebhookInboxReads {
  constructor(private readonly db: Db) {}

  async find(eventId: string): Promise<WebhookEventRecord | null> {
    const [row] = await this.db
      .select({ id: webhookEvents.id, type: webhookEvents.type, receivedAt: webhookEvents.receivedAt, processedAt: webhookEvents.processedAt, outcome: webhookEvents.outcome })
      .from(webhookEvents)
      .where(eq(webhookEvents.id, eventId));
    return row ?? null;
  }
}

/** The webhook inbox of one transaction. */
export function inboxInTransaction(tx: Db): UnitOfWork['inbox'] {
  return {
    async handled(eventId) {
      const [row] = await tx.select({ processedAt: webhookEvents.processedAt }).from(webhookEvents).where(eq(webhookEvents.id, eventId));
      return Boolean(row?.processedAt);
    },
  };
}
