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

/** The webhook inbox of one transaction: a concurrent copy of the same event waits on the insert. */
export function inboxInTransaction(tx: Db): UnitOfWork['inbox'] {
  return {
    async record(event) {
      const inserted = await tx
        .insert(webhookEvents)
        .values({ id: event.id, type: event.type, payload: event.payload, receivedAt: event.receivedAt })
        .onConflictDoNothing({ target: webhookEvents.id })
        .returning({ id: webhookEvents.id });
      if (inserted.length > 0) return 'new';
      const [existing] = await tx.select({ processedAt: webhookEvents.processedAt }).from(webhookEvents).where(eq(webhookEvents.id, event.id));
      return existing?.processedAt ? 'handled' : 'new';
    },
    async markHandled(eventId, outcome) {
      await tx.update(webhookEvents).set({ processedAt: new Date(), outcome }).where(eq(webhookEvents.id, eventId));
    },
  };
}
