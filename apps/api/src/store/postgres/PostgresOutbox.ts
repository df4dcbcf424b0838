import { and, desc, eq, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { CreditEventDraft } from '../../domain/events';
import { decodeCursor, toPage } from '../cursor';
import type { OutboundEvent, OutboxFilter, OutboxStore, Page, PageRequest } from '../ports';
import type { Db } from './db';
import { outboundEvents } from './schema';

const toEvent = (row: typeof outboundEvents.$inferSelect): OutboundEvent => ({
  id: row.id,
  seq: row.seq,
  type: row.type,
  userId: row.userId,
  payload: row.payload as Record<string, unknown>,
  createdAt: row.createdAt,
  attempts: row.attempts,
  nextAttemptAt: row.nextAttemptAt,
  deliveredAt: row.deliveredAt,
  lastStatus: row.lastStatus,
  lastError: row.lastError,
});

/**
 * Writes the events of a change in its transaction, each with the user's credits after it
 * (`balance`, `held`, `available`). A cause already told is not told again.
 */
export async function announce(tx: Db, events: readonly CreditEventDraft[], at: Date): Promise<void> {
  if (events.length === 0) return;
  const iso = at.toISOString();
  // Arrays without nulls (PGlite cannot send a null inside an array): '' stands for none.
  // Each array one parameter (drizzle would spread a bare array into a list).
  const column = <K extends keyof CreditEventDraft>(key: K) => sql.param(events.map((e) => e[key] ?? ''));
  await tx.execute(sql`
    insert into ${outboundEvents} (id, key, type, user_id, payload, created_at, next_attempt_at)
    select 'msg_' || replace(gen_random_uuid()::text, '-', ''), e.key, e.type, e.user_id,
      jsonb_build_object('type', e.type, 'timestamp', ${iso}::text, 'data', jsonb_strip_nulls(jsonb_build_object(
        'userId', e.user_id, 'orderId', nullif(e.order_id, ''), 'holdId', nullif(e.hold_id, ''), 'credits', e.credits, 'reason', nullif(e.reason, ''),
        'balance', coalesce(a.balance, 0), 'held', coalesce(a.held, 0), 'available', greatest(0, coalesce(a.balance, 0) - coalesce(a.held, 0))))),
      ${iso}::timestamptz, ${iso}::timestamptz
    from unnest(${column('key')}::text[], ${column('type')}::text[], ${column('userId')}::text[], ${column('orderId')}::text[], ${column('holdId')}::text[],
      ${column('credits')}::int[], ${column('reason')}::text[]) with ordinality as e(key, type, user_id, order_id, hold_id, credits, reason, n)
    left join credit_accounts a on a.user_id = e.user_id
    order by e.n
    on conflict (key) do nothing`);
}

export class PostgresOutbox implements OutboxStore {
  constructor(private readonly db: Db) {}

  async claim(now: Date, until: Date, limit: number): Promise<OutboundEvent[]> {
    const at = sql`${now.toISOString()}::timestamptz`;
    const rows = await this.db
      .update(outboundEvents)
      .set({ claimedUntil: until })
      .where(
        sql`${outboundEvents.id} in (
          select e.id from ${outboundEvents} e
          where e.delivered_at is null and e.next_attempt_at <= ${at} and (e.claimed_until is null or e.claimed_until < ${at})
            and not exists (select 1 from ${outboundEvents} p where p.user_id = e.user_id and p.delivered_at is null and p.seq < e.seq)
          order by e.seq
          limit ${limit}
          for update skip locked)`,
      )
      .returning();
    return rows.sort((a, b) => a.seq - b.seq).map(toEvent);
  }

  async delivered(id: string, claim: Date, at: Date, status: number): Promise<void> {
    await this.db
      .update(outboundEvents)
      .set({ deliveredAt: at, lastStatus: status, lastError: null, claimedUntil: null, attempts: sql`${outboundEvents.attempts} + 1` })
      .where(and(eq(outboundEvents.id, id), eq(outboundEvents.claimedUntil, claim)));
  }

  async failed(id: string, claim: Date, status: number | null, error: string, retryAt: Date): Promise<void> {
    await this.db
      .update(outboundEvents)
      .set({ lastStatus: status, lastError: error.slice(0, 500), nextAttemptAt: retryAt, claimedUntil: null, attempts: sql`${outboundEvents.attempts} + 1` })
      .where(and(eq(outboundEvents.id, id), eq(outboundEvents.claimedUntil, claim)));
  }

  async redeliver(id: string, at: Date): Promise<OutboundEvent | null> {
    const [row] = await this.db.update(outboundEvents).set({ deliveredAt: null, nextAttemptAt: at, claimedUntil: null }).where(eq(outboundEvents.id, id)).returning();
    return row ? toEvent(row) : null;
  }

  async page(filter: OutboxFilter, page: PageRequest): Promise<Page<OutboundEvent>> {
    const after = page.cursor ? decodeCursor(page.cursor, (id) => /^msg_[0-9a-f]{32}$/.test(id)) : null;
    const status: SQL | undefined =
      filter.status === 'delivered'
        ? isNotNull(outboundEvents.deliveredAt)
        : filter.status === 'pending'
          ? isNull(outboundEvents.deliveredAt)
          : filter.status === 'failing'
            ? and(isNull(outboundEvents.deliveredAt), sql`${outboundEvents.attempts} > 0`)
            : undefined;
    const rows = await this.db
      .select()
      .from(outboundEvents)
      .where(
        and(
          status,
          filter.userId ? eq(outboundEvents.userId, filter.userId) : undefined,
          after ? or(lt(outboundEvents.createdAt, after.createdAt), and(eq(outboundEvents.createdAt, after.createdAt), lt(outboundEvents.id, after.id))) : undefined,
        ),
      )
      .orderBy(desc(outboundEvents.createdAt), desc(outboundEvents.id))
      .limit(page.limit + 1);
    return toPage(rows.map(toEvent), page.limit);
  }
}
