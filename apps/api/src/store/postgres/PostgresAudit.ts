import { asc, desc, eq } from 'drizzle-orm';
import type { AuditDraft, AuditEntry, AuditLog } from '../ports';
import type { Db } from './db';
import { auditLog } from './schema';

type AuditRow = typeof auditLog.$inferSelect;

export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: String(row.id),
    at: row.at,
    actor: row.actor,
    action: row.action as AuditEntry['action'],
    orderId: row.orderId,
    userId: row.userId,
    reason: row.reason,
    details: row.details as Record<string, unknown>,
  };
}

/** The audit log: rows are inserted, never updated or deleted (a trigger refuses both). */
export class PostgresAudit implements AuditLog {
  constructor(private readonly db: Db) {}

  async append(draft: AuditDraft): Promise<AuditEntry> {
    const [row] = await this.db
      .insert(auditLog)
      .values({ ...draft, at: new Date() })
      .returning();
    return toAuditEntry(row!);
  }

  async forOrder(orderId: string): Promise<AuditEntry[]> {
    const rows = await this.db.select().from(auditLog).where(eq(auditLog.orderId, orderId)).orderBy(asc(auditLog.at), asc(auditLog.id));
    return rows.map(toAuditEntry);
  }

  async forUser(userId: string, limit: number): Promise<AuditEntry[]> {
    const rows = await this.db.select().from(auditLog).where(eq(auditLog.userId, userId)).orderBy(desc(auditLog.at), desc(auditLog.id)).limit(limit);
    return rows.map(toAuditEntry);
  }
}
