import { asc, eq, sql } from 'drizzle-orm';
import type { StoredWebhookEvent, UnitOfWork, WebhookEventRecord, WebhookInboxReads } from '../ports';
import { preparedStatement, type Db } from './db';
import { webhookEvents } from './schema';

const recordColumns = {
  id: webhookEvents.id,
  type: webhookEvents.type,
  receivedAt: webhookEvents.receivedAt,
  processedAt: webhookEvents.processedAt,
  outcome: webhookEvents.outcome,
  orderId: webhookEvents.orderId,
};

export class PostgresInbox implements WebhookInboxReads {
  constructor(private readonly db: Db) {}

  async find(eventId: string): Promise<WebhookEventRecord | null> {
    const [row] = await this.db.select(recordColumns).from(webhookEvents).where(eq(webhookEvents.id, eventId));
    return row ?? null;
  }

  async stored(eventId: string): Promise<StoredWebhookEvent | null> {
    const [row] = await this.db
      .select({ ...recordColumns, payload: webhookEvents.payload })
      .from(webhookEvents)
      .where(eq(webhookEvents.id, eventId));
    return row ?? null;
  }

  forOrder(orderId: string): Promise<WebhookEventRecord[]> {
    return this.db.select(recordColumns).from(webhookEvents).where(eq(webhookEvents.orderId, orderId)).orderBy(asc(webhookEvents.receivedAt), asc(webhookEvents.id));
  }
}

/** Whether an event was handled. */
const handledStatement = preparedStatement((db) =>
  db
    .select({ processedAt: webhookEvents.processedAt })
    .from(webhookEvents)
    .where(eq(webhookEvents.id, sql.placeholder('eventId')))
    .prepare('inbox_handled'),
);

/** The webhook inbox of one transaction. */
export function inboxInTransaction(tx: Db): UnitOfWork['inbox'] {
  return {
    async handled(eventId) {
      const [row] = await handledStatement(tx).execute({ eventId });
      return Boolean(row?.processedAt);
    },
  };
}
