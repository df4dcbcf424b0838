import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import type { Account } from '../../domain/holds';
import { decodeCursor, isSerialId, toPage } from '../cursor';
import { type LedgerDifference, type LedgerEntry, type LedgerReads, type Page, type PageRequest, type UnitOfWork } from '../ports';
import { preparedStatement, type Db } from './db';
import { toLedgerEntry } from './rows';
import { creditAccounts, ledgerEntries } from './schema';

/** An account's balance and held credits, read or locked: asked on every page that shows credits and on every spend or hold. */
const balanceOf = (db: Db) =>
  db
    .select({ balance: creditAccounts.balance, held: creditAccounts.held })
    .from(creditAccounts)
    .where(eq(creditAccounts.userId, sql.placeholder('userId')));
const balanceStatement = preparedStatement((db) => balanceOf(db).prepare('ledger_balance'));
const lockAccountStatement = preparedStatement((db) => balanceOf(db).for('update').prepare('ledger_lock_account'));

export class PostgresLedger implements LedgerReads {
  constructor(private readonly db: Db) {}

  async balance(userId: string): Promise<number> {
    return (await this.account(userId)).balance;
  }

  async account(userId: string): Promise<Account> {
    const [row] = await balanceStatement(this.db).execute({ userId });
    return row ?? { balance: 0, held: 0 };
  }

  async page(userId: string, page: PageRequest): Promise<Page<LedgerEntry>> {
    const after = page.cursor ? decodeCursor(page.cursor, isSerialId) : null;
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

  async forOrder(orderId: string): Promise<LedgerEntry[]> {
    const rows = await this.db.select().from(ledgerEntries).where(eq(ledgerEntries.orderId, orderId)).orderBy(asc(ledgerEntries.createdAt), asc(ledgerEntries.id));
    return rows.map(toLedgerEntry);
  }

  async userIdsStartingWith(prefix: string, limit: number): Promise<string[]> {
    const rows = await this.db
      .select({ userId: creditAccounts.userId })
      .from(creditAccounts)
      .where(sql`starts_with(${creditAccounts.userId}, ${prefix})`)
      .orderBy(asc(creditAccounts.userId))
      .limit(limit);
    return rows.map((r) => r.userId);
  }

  async userIdsInOtherCase(userId: string, limit: number): Promise<string[]> {
    const rows = await this.db
      .select({ userId: creditAccounts.userId })
      .from(creditAccounts)
      .where(and(sql`lower(${creditAccounts.userId}) = lower(${userId})`, ne(creditAccounts.userId, userId)))
      .orderBy(asc(creditAccounts.userId))
      .limit(limit);
    return rows.map((r) => r.userId);
  }
}

/** The ledger of one transaction. */
export function ledgerInTransaction(tx: Db): UnitOfWork['ledger'] {
  return {
    async lockAccount(userId) {
      const [row] = await lockAccountStatement(tx).execute({ userId });
      return row ?? { balance: 0, held: 0 };
    },
  };
}
