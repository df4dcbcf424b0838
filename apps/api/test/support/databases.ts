import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { Client } from 'pg';
import { openMongoStore } from '../../src/store/mongo/open';
import { openPgliteStore, openPostgresStore, pgliteImage } from '../../src/store/postgres/open';
import type { Store } from '../../src/store/ports';

/** A store factory per database the tests run on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export interface TestDatabase {
  name: string;
  /** `announces`: events for the host app are written with each change. */
  open(options?: { announces?: boolean }): Promise<Store>;
  /** Drops every connection of a store opened here, as a database restart does; absent where that cannot be staged. */
  restart?(store: Store): Promise<void>;
  /** The connection string of a store opened here, for another process; absent for in-process databases. */
  urlOf?(store: Store): string;
  /** Another store on the database at `url` (from urlOf); closing it leaves the database in place. */
  reopen?(url: string): Promise<Store>;
}

const databaseOf = new WeakMap<Store, { name: string; url: string }>();

/**
 * A migrated PGlite database, made once for the current migrations and PGlite version and kept in the
 * temporary folder for every test file and worker after: each store starts as a copy of it (about
 * half a second) instead of migrating a new one (several seconds).
 */
let image: Promise<Blob> | null = null;
function migratedImage(): Promise<Blob> {
  return (image ??= (async () => {
    const migrations = path.resolve(__dirname, '../../src/store/postgres/migrations');
    const pgliteVersion = (
      JSON.parse(readFileSync(path.join(require.resolve('@electric-sql/pglite').split(`${path.sep}dist${path.sep}`)[0]!, 'package.json'), 'utf8')) as { version: string }
    ).version;
    const hash = createHash('sha256').update(pgliteVersion);
    for (const file of readdirSync(migrations, { recursive: true, encoding: 'utf8' }).sort()) {
      if (file.endsWith('.sql') || file.endsWith('.json')) hash.update(file).update(readFileSync(path.join(migrations, file)));
    }
    const file = path.join(tmpdir(), `credits-pglite-${hash.digest('hex').slice(0, 16)}.tar`);
    if (existsSync(file)) return new Blob([readFileSync(file)]);
    const made = await pgliteImage();
    // Written aside and renamed: a worker reading it never sees half a file.
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(partial, Buffer.from(await made.arrayBuffer()));
    renameSync(partial, file);
    return made;
  })());
}

const pglite: TestDatabase = { name: 'pglite', open: async (options) => openPgliteStore(undefined, await migratedImage(), options) };

/** Each store gets a database of its own, created from TEST_DATABASE_URL and dropped on close. */
function postgres(adminUrl: string): TestDatabase {
  return {
    name: 'postgres',
    async open(options) {
      const dbName = `credits_test_${randomBytes(6).toString('hex')}`;
      const admin = new Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`create database ${dbName}`);
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${dbName}`;
      const store = await openPostgresStore(url.toString(), { poolSize: 20, announces: options?.announces });
      databaseOf.set(store, { name: dbName, url: url.toString() });
      const close = store.close.bind(store);
      store.close = async () => {
        await close();
        const dropper = new Client({ connectionString: adminUrl });
        await dropper.connect();
        await dropper.query(`drop database if exists ${dbName} with (force)`);
        await dropper.end();
      };
      return store;
    },
    urlOf: (store) => databaseOf.get(store)!.url,
    reopen: (url) => openPostgresStore(url, { poolSize: 20 }),
    async restart(store) {
      const admin = new Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [databaseOf.get(store)?.name]);
      await admin.end();
    },
  };
}

/** Each store gets a database of its own on the replica set at TEST_MONGODB_URI, dropped on close. */
function mongo(baseUri: string): TestDatabase {
  return {
    name: 'mongodb',
    async open(options) {
      const url = new URL(baseUri);
      url.pathname = `/credits_test_${randomBytes(6).toString('hex')}`;
      const store = await openMongoStore(url.toString(), options);
      const close = store.close.bind(store);
      store.close = async () => {
        await close();
        const connection = await mongoose.createConnection(url.toString()).asPromise();
        await connection.dropDatabase();
        await connection.close();
      };
      return store;
    },
  };
}

export const mongoUri = process.env.TEST_MONGODB_URI || null;

export const testDatabases: TestDatabase[] = [pglite, ...(process.env.TEST_DATABASE_URL ? [postgres(process.env.TEST_DATABASE_URL)] : []), ...(mongoUri ? [mongo(mongoUri)] : [])];
