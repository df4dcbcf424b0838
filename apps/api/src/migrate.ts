import { ConfigError, loadConfig } from './config/env';
import { openStore } from './store/open';

/** `npm run db:migrate -w @credits/api`: applies migrations (or MongoDB indexes) and exits, e.g. before a deploy. */
async function main(): Promise<void> {
  const config = loadConfig();
  const store = await openStore(config.database);
  await store.checkReady();
  await store.close();
  console.log(`${store.kind}: migrated and ready`);
}

main().catch((err) => {
  console.error(`Cannot migrate: ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
