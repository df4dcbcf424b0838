import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { Pool, type PoolClient } from 'pg';
import * as schema from './schema';
import type { Db, Transact } from './db';
import { PostgresStore } from './PostgresStore';

const migrationsFolder = path.join(__dirname, 'migrations');
const expectedMigrations = (JSON.parse(readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length;
/** Any constant: serialises migrations when several instances start at once. */
const MIGRATION_LOCK_ID = 727_274_001;

/**
 * Transactions on a node-postgres pool. Our own runner rather than drizzle's: a client whose BEGIN or
 * ROLLBACK fails (its connection was dropped) must be destroyed, not leaked or returned to the pool.
 */
export function poolTransactions(pool: Pool): Transact {
  // One Drizzle instance per pooled connection: building one reads the whole schema, every time.
  const dbs = new WeakMap<PoolClient, Db>();
  return async (fn) => {
    const client = await pool.connect();
    let db = dbs.get(client);
    if (!db) dbs.set(client, (db = drizzlePg(client, { schema })));
    let broken: unknown;
    try {
      await client.query('begin');
      const result = await fn(db);
      await client.query('commit');
      return result;
    } catch (err) {
      await client.query('rollback').catch((rollbackError: unknown) => {
        broken = rollbackError;
      });
      throw err;
    } finally {
      client.release(broken instanceof Error ? broken : undefined);
    }
  };
}

/**
 * PostgreSQL at `url`, migrated first: as `url`'s role, or as `migrationUrl`'s (the tables' owner)
 * when the service itself runs as a role that may not change the schema (docs/deployment.md).
 */
export async function openPostgresStore(url: string, options: { poolSize?: number; migrationUrl?: string; announces?: boolean } = {}): Promise<PostgresStore> {
  if (options.migrationUrl) {
    const owner = new Pool({ connectionString: options.migrationUrl, max: 1, connectionTimeoutMillis: 5_000 });
    owner.on('error', () => undefined);
    try {
      await migrateUnderLock(owner);
    } finally {
      await owner.end();
    }
  }
  const pool = new Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    // A statement that hangs (a lock held by a dead client) must not hang a request forever.
    statement_timeout: 15_000,
  });
  // Without listeners a dropped connection (a database restart) would crash the process: the pool
  // reports idle clients, and each client reports errors that arrive between its queries. The query
  // that was running fails on its own and the request answers 503.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = drizzlePg(pool, { schema });
  const transact = poolTransactions(pool);
  if (!options.migrationUrl) await migrateUnderLock(pool);
  return new PostgresStore('postgres', db, transact, () => pool.end(), expectedMigrations, options.announces);
}

/** Applies the migrations through `pool`, one instance at a time (an advisory lock). */
async function migrateUnderLock(pool: Pool): Promise<void> {
  const lock = await pool.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    // On the locked session itself: a pool of one connection would otherwise wait for itself.
    await migratePg(drizzlePg(lock, { schema }), { migrationsFolder });
  } finally {
    await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    lock.release();
  }
}

/**
 * PGlite: PostgreSQL compiled to WebAssembly, in-process. `dataDir` undefined keeps it in memory;
 * then `image` (from pgliteImage) starts it as a copy of a migrated database, in a fraction of the
 * time migrating a new one takes.
 */
export async function openPgliteStore(dataDir?: string, image?: Blob, options: { announces?: boolean } = {}): Promise<PostgresStore> {
  const { PGlite, drizzlePglite, migratePglite } = await loadPglite();
  if (dataDir && !existsSync(path.join(dataDir, 'PG_VERSION'))) {
    // A new folder is initialised (initdb) by an instance of its own, closed at once: initdb grows
    // PGlite's WebAssembly memory to about 630 MB, which a running instance would never give back.
    mkdirSync(dataDir, { recursive: true });
    const init = new PGlite(dataDir);
    await init.waitReady;
    await init.close();
  }
  const client = image && !dataDir ? new PGlite({ loadDataDir: image }) : new PGlite(dataDir);
  const db = drizzlePglite(client, { schema });
  await migratePglite(db, { migrationsFolder });
  // PGlite runs one transaction at a time on its single connection.
  const transact: Transact = (fn) => db.transaction((tx) => fn(tx));
  return new PostgresStore('pglite', db, transact, () => client.close(), expectedMigrations, options.announces);
}

/** A migrated, empty in-memory PGlite database as a tarball of its data directory, to start copies from (openPgliteStore). */
export async function pgliteImage(): Promise<Blob> {
  const { PGlite, drizzlePglite, migratePglite } = await loadPglite();
  const client = new PGlite();
  try {
    await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder });
    return await client.dumpDataDir('none');
  } finally {
    await client.close();
  }
}

/** PGlite with its Drizzle driver and migrator, loaded only when chosen: a server on PostgreSQL never holds PGlite's WebAssembly in memory. */
async function loadPglite() {
  const [{ PGlite }, { drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  return { PGlite, drizzlePglite, migratePglite };
}
