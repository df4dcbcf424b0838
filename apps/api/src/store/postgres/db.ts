import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema';

/** A Drizzle database on node-postgres or PGlite, or a transaction on one: the same SQL runs on all. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Runs `fn` in one transaction; commits if it resolves, rolls back if it throws. */
export type Transact = <T>(fn: (tx: Db) => Promise<T>) => Promise<T>;

/** Rows of a raw statement, on either driver. */
export async function rowsOf<T>(result: Promise<unknown>): Promise<T[]> {
  return ((await result) as { rows: T[] }).rows;
}
