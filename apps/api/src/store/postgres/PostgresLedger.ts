import { and, desc, eq, sql } from 'drizzle-orm';
import { decodeCursor, toPage } from '../cursor';
import { LedgerKeyTakenError, type LedgerDifference, type LedgerEntry, type LedgerReads, type Page, type PageRequest, type UnitOfWork } from '../ports';
import { rowsOf, type Db } from './db';
import { toLedgerEntry } from './rows';
import { creditAccounts, ledgerEntries } from './schema';

export class PostgresLedger implements LedgerReads {
  constructor(private readonly db: Db) {}

  async balance(userId: string): Promise<number> {
    const [row] = await this.db.select({ balance: creditAccounts.balance }).from(creditAccounts).where(eq(creditAccounts.userId, userId));
    return row?.balance ?? 0;
  }

  async page(userId: string, page: PageRequest): Promise<Page<LedgerEntry>> {
    const after = page.cursor ? decodeCursor(page.cursor) : null;
    const rows = await this.db
      .select()
      .from(ledgerEntries)
      .where(
        and(
          eq(ledgerEntries.userId, userId),
          after ? sql`(${ledgerEntries.createdAt}, ${ledgerEntries.id}) < (${after.createdAt.toISOString()}::timestamptz, ${Number(after.id)})` : undefined,
        ),
      )
      .orderBy(desc(ledgerEntries.createdAt), desc(ledgerEntries.id))
      .limit(page.limit + 1);
    return toPage(rows.map(toLedgerEntry), page.limit);
  }

  async differences(): Promise<LedgerDifference[]> {
    const sums = this.db
      .select({ userId: ledgerEntries.userId, total: sql<string>`sum(${ledgerEntries.credits})`.as('total') })
      .from(ledgerEntries)
      .groupBy(ledgerEntries.userId)
      .as('sums');
    const rows = await this.db
      .select({ accountUser: creditAccounts.userId, ledgerUser: sums.userId, balance: creditAccounts.balance, total: sums.total })
      .from(creditAccounts)
      .fullJoin(sums, eq(sums.userId, creditAccounts.userId))
      .where(sql`coalesce(${creditAccounts.balance}, 0) <> coalesce(${sums.total}, 0)`);
    return rows.map((r) => ({ userId: (r.accountUser ?? r.ledgerUser)!, balance: Number(r.balance ?? 0), ledgerSum: Number(r.total ?? 0) }));
  }
}

/** The ledger of one transaction. */
export function ledgerInTransaction(tx: Db): UnitOfWork['ledger'] {
  return {
    async lockBalance(userId) {
      const [row] = await tx.select({ balance: creditAccounts.balance }).from(creditAccounts).where(eq(creditAccounts.userId, userId)).for('update');
      return row?.balance ?? 0;
    },
    async append(userId, orderId, entries) {
      if (entries.length === 0) return [];
      const now = new Date().toISOString();
      const values = sql.join(
        entries.map((e) => sql`(${userId}, ${e.key}, ${e.kind}, ${e.credits}, ${orderId}, ${e.memo}, ${now}::timestamptz)`),
        sql`, `,
      );
      // One round trip: the entries, and the balance moved by exactly those that were inserted.
      const inserted = await rowsOf<{ id: string }>(
        tx.execute(sql`
          with inserted as (
            insert into ${ledgerEntries} (user_id, key, kind, credits, payment_id, memo, created_at) values ${values}
            on conflict (key) do nothing
            returning id, credits
          ), moved as (
            insert into ${creditAccounts} (user_id, balance, updated_at)
            select ${userId}, sum(credits), ${now}::timestamptz from inserted having count(*) > 0
            on conflict (user_id) do update set balance = ${creditAccounts}.balance + excluded.balance, updated_at = excluded.updated_at
          )
          select id::text as id from inserted order by id`),
      );
      if (inserted.length !== entries.length) throw new LedgerKeyTakenError(`ledger key already taken: ${entries.map((e) => e.key).join(', ')}`);
      return inserted.map((r) => r.id);
    },
  };
}
