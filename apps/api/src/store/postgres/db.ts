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

/**
 * A statement built once per database handle (the pool's, or a pooled connection's), when first
 * used, and prepared by name on each connection: no query building per request, and PostgreSQL
 * plans it once. Names must be unique across the app. (PGlite's transactions are new handles each
 * time: there a statement is built per transaction that uses it.)
 */
export function preparedStatement<T>(build: (db: Db) => T): (db: Db) => T {
  const built = new WeakMap<Db, T>();
  return (db) => {
    let statement = built.get(db);
    if (!statement) built.set(db, (statement = build(db)));
    return statement;
  };
}
