import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Hold, HoldStatus } from '../../domain/holds';
import type { HoldReads, UnitOfWork } from '../ports';
import { holdEvent } from '../../domain/events';
import { preparedStatement, rowsOf, type Db } from './db';
import { announce } from './PostgresOutbox';
import { creditAccounts, creditHolds } from './schema';

const toHold = (row: typeof creditHolds.$inferSelect): Hold => ({ ...row, status: row.status as HoldStatus });

export class PostgresHolds implements HoldReads {
  constructor(private readonly db: Db) {}

  async find(holdId: string): Promise<Hold | null> {
    const [row] = await this.db.select().from(creditHolds).where(eq(creditHolds.id, holdId));
    return row ? toHold(row) : null;
  }

  async expired(now: Date, limit: number): Promise<Hold[]> {
    const rows = await this.db
      .select()
      .from(creditHolds)
      .where(and(eq(creditHolds.status, 'active'), lte(creditHolds.expiresAt, now)))
      .orderBy(asc(creditHolds.expiresAt))
      .limit(limit);
    return rows.map(toHold);
  }
}

const lockStatement = preparedStatement((db) =>
  db
    .select()
    .from(creditHolds)
    .where(eq(creditHolds.id, sql.placeholder('holdId')))
    .for('update')
    .prepare('holds_lock'),
);

/** The holds of one transaction: each write moves the account's held credits in the same statement. */
export function holdsInTransaction(tx: Db, announces = false): UnitOfWork['holds'] {
  const tell = async (hold: Hold) => {
    const event = announces ? holdEvent(hold) : null;
    if (event) await announce(tx, [event], hold.settledAt ?? hold.createdAt);
  };
  return {
    async lock(holdId) {
      const [row] = await lockStatement(tx).execute({ holdId });
      return row ? toHold(row) : null;
    },
    async open(hold) {
      await tx.execute(sql`
        with opened as (
          insert into ${creditHolds} (id, user_id, credits, reason, status, captured_credits, created_at, expires_at)
          values (${hold.id}, ${hold.userId}, ${hold.credits}, ${hold.reason}, 'active', 0, ${hold.createdAt.toISOString()}::timestamptz, ${hold.expiresAt.toISOString()}::timestamptz))
        insert into ${creditAccounts} (user_id, balance, held, updated_at) values (${hold.userId}, 0, ${hold.credits}, ${hold.createdAt.toISOString()}::timestamptz)
        on conflict (user_id) do update set held = ${creditAccounts}.held + excluded.held, updated_at = excluded.updated_at`);
      await tell(hold);
    },
    async end(hold) {
      const settledAt = (hold.settledAt ?? new Date()).toISOString();
      const [row] = await rowsOf(
        tx.execute(sql`
          with ended as (
            update ${creditHolds} set status = ${hold.status}, captured_credits = ${hold.capturedCredits}, settled_at = ${settledAt}::timestamptz
            where id = ${hold.id} and status = 'active'
            returning user_id, credits)
          update ${creditAccounts} set held = ${creditAccounts}.held - ended.credits, updated_at = ${settledAt}::timestamptz
          from ended where ${creditAccounts}.user_id = ended.user_id
          returning 1 as n`),
      );
      if (!row) throw new Error(`hold ${hold.id} was not active`);
      await tell(hold);
    },
  };
}
