import { and, eq, sql } from 'drizzle-orm';
import type { Leases } from '../ports';
import type { Db } from './db';
import { leases } from './schema';

export class PostgresLeases implements Leases {
  constructor(private readonly db: Db) {}

  async acquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const now = new Date();
    const rows = await this.db
      .insert(leases)
      .values({ name, holder, expiresAt: new Date(now.getTime() + ttlMs) })
      .onConflictDoUpdate({
        target: leases.name,
        set: { holder, expiresAt: new Date(now.getTime() + ttlMs) },
        setWhere: sql`${leases.expiresAt} < ${now.toISOString()}::timestamptz or ${leases.holder} = ${holder}`,
      })
      .returning({ holder: leases.holder });
    return rows.length > 0;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.db.delete(leases).where(and(eq(leases.name, name), eq(leases.holder, holder)));
  }
}
