import { count, sql } from 'drizzle-orm';
import { pgSchema, serial } from 'drizzle-orm/pg-core';
import type { Store, UnitOfWork } from '../ports';
import { applyChange } from './apply';
import { PostgresAudit } from './PostgresAudit';
import { PostgresStats } from './PostgresStats';
import type { Db, Transact } from './db';
import { idempotencyInTransaction } from './idempotency';
import { inboxInTransaction, PostgresInbox } from './PostgresInbox';
import { PostgresLeases } from './PostgresLeases';
import { holdsInTransaction, PostgresHolds } from './PostgresHolds';
import { ledgerInTransaction, PostgresLedger } from './PostgresLedger';
import { ordersInTransaction, PostgresOrders } from './PostgresOrders';
import { PostgresOutbox } from './PostgresOutbox';
import { PostgresUnreadable } from './PostgresUnreadable';
import { PostgresWatermarks } from './PostgresWatermarks';

/** Drizzle's own record of applied migrations: read by the readiness check, kept out of the schema drizzle-kit diffs. */
const appliedMigrations = pgSchema('drizzle').table('__drizzle_migrations', { id: serial('id').primaryKey() });

/** The PostgreSQL adapter of the storage ports, on node-postgres or PGlite (same SQL, same schema). */
export class PostgresStore implements Store {
  readonly orders: PostgresOrders;
  readonly ledger: PostgresLedger;
  readonly holds: PostgresHolds;
  readonly outbox: PostgresOutbox;
  readonly inbox: PostgresInbox;
  readonly leases: PostgresLeases;
  readonly watermarks: PostgresWatermarks;
  readonly audit: PostgresAudit;
  readonly stats: PostgresStats;
  readonly unreadable: PostgresUnreadable;

  constructor(
    readonly kind: string,
    private readonly db: Db,
    private readonly runTransaction: Transact,
    private readonly onClose: () => Promise<void>,
    /** Migrations this code ships (drizzle's journal). */
    private readonly expectedMigrations: number,
    /** Events for the host app are written with each change (EVENTS_WEBHOOK_URL is set). */
    private readonly announces = false,
  ) {
    this.orders = new PostgresOrders(db);
    this.ledger = new PostgresLedger(db);
    this.holds = new PostgresHolds(db);
    this.outbox = new PostgresOutbox(db);
    this.inbox = new PostgresInbox(db);
    this.leases = new PostgresLeases(db);
    this.watermarks = new PostgresWatermarks(db);
    this.audit = new PostgresAudit(db);
    this.stats = new PostgresStats(db);
    this.unreadable = new PostgresUnreadable(db);
  }

  transact<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    return this.runTransaction((tx) =>
      work({
        orders: ordersInTransaction(tx),
        ledger: ledgerInTransaction(tx),
        holds: holdsInTransaction(tx, this.announces),
        inbox: inboxInTransaction(tx),
        idempotency: idempotencyInTransaction(tx),
        apply: (change) => applyChange(tx, change, this.announces),
      }),
    );
  }

  async ping(): Promise<void> {
    await this.db.execute(sql`select 1`);
  }

  async checkReady(): Promise<void> {
    const [row] = await this.db.select({ n: count() }).from(appliedMigrations);
    const applied = row?.n ?? 0;
    if (applied < this.expectedMigrations) throw new Error(`${applied} of ${this.expectedMigrations} migrations applied`);
  }

  close(): Promise<void> {
    return this.onClose();
  }
}
