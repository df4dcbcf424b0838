import type { Config } from '../config/env';
import { openPgliteStore, openPostgresStore } from './postgres/open';
import type { Store } from './ports';

/** The adapter the configuration names, migrated and ready; `announces`: events for the host app are written with each change. */
export async function openStore(database: Config['database'], options: { announces?: boolean } = {}): Promise<Store> {
  switch (database.kind) {
    case 'postgres':
      return openPostgresStore(database.url, { migrationUrl: database.migrationUrl ?? undefined, announces: options.announces });
    case 'mongo':
      // Loaded only when chosen: a PostgreSQL deployment never loads the MongoDB driver.
      return (await import('./mongo/open')).openMongoStore(database.uri, options);
    case 'pglite':
      return openPgliteStore(database.dataDir, undefined, options);
  }
}
