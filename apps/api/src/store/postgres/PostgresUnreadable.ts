import { and, desc, gte, lt, sql } from 'drizzle-orm';
import type { UnreadableLog, UnreadableWhopObject } from '../ports';
import type { Db } from './db';
import { unreadableWhopObjects } from './schema';

export class PostgresUnreadable implements UnreadableLog {
  constructor(private readonly db: Db) {}

  async record(kind: UnreadableWhopObject['kind'], whopId: string | null, reason: string, at: Date): Promise<void> {
    await this.db
      .insert(unreadableWhopObjects)
      .values({ kind, whopId: whopId ?? '(no id)', reason, firstSeenAt: at, lastSeenAt: at, seen: 1 })
      .onConflictDoUpdate({
        target: [unreadableWhopObjects.kind, unreadableWhopObjects.whopId],
        set: { reason, lastSeenAt: at, seen: sql`${unreadableWhopObjects.seen} + 1` },
      });
  }

  async seenBetween(from: Date, to: Date, limit: number): Promise<{ count: number; items: UnreadableWhopObject[] }> {
    const inRange = and(gte(unreadableWhopObjects.lastSeenAt, from), lt(unreadableWhopObjects.lastSeenAt, to));
    const [items, [total]] = await Promise.all([
      this.db.select().from(unreadableWhopObjects).where(inRange).orderBy(desc(unreadableWhopObjects.lastSeenAt)).limit(limit),
      this.db
        .select({ n: sql<string>`count(*)` })
        .from(unreadableWhopObjects)
        .where(inRange),
    ]);
    return { count: Number(total?.n ?? 0), items: items.map((i) => ({ ...i, kind: i.kind as UnreadableWhopObject['kind'] })) };
  }
}
