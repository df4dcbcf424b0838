import type { Config } from '../config/env';
import { openPgliteStore, openPostgresStore } from './postgres/open';
import type { Store } from './types';

/** The adapter the configuration names, migrated and ready. */
export function openStore(database: Config['database']): Promise<Store> {
  return database.kind === 'postgres' ? openPostgresStore(database.url) : openPgliteStore(database.dataDir);
}
