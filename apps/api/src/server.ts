import type { Server } from 'node:http';
import path from 'node:path';
import { appSettings, compose } from './compose';
import { ConfigError, loadConfig, type Config } from './config/env';
import { redisRateLimitStore } from './http/rateLimitStore';
import { hasWebBuild } from './http/static';
import { createLogger } from './logger';
import { openStore } from './store/open';
import { createWhopClient } from './whop/client';

/** Reads the configuration, opens the store, starts the simulator in the embedded default, listens. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Cannot start: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const store = await openStore(config.database);

  // Embedded default: an offline Whop in this process, signing with the secret the API verifies.
  const simulator = config.whop.simulator
    ? await (await import('@credits/whop-sim')).startSimulator({
        port: config.whop.simulator.port,
        webhookSecret: config.whop.webhookSecret,
        webhookUrl: `http://127.0.0.1:${config.port}/api/payment/webhook/whop`,
        apiKey: config.whop.apiKey,
      })
    : null;

  const whop = createWhopClient({ ...config.whop, apiBaseUrl: simulator?.apiBaseUrl ?? config.whop.apiBaseUrl });
  const webRoot = path.resolve(__dirname, '../../web/dist');
  const web = hasWebBuild(webRoot);
  const rateLimitStore = config.rateLimits.redisUrl ? await redisRateLimitStore(config.rateLimits.redisUrl) : null;
  const { app, sweeper } = compose({
    store,
    whop,
    logger,
    appUrl: config.appUrl,
    webhookSecret: config.whop.webhookSecret,
    sweeper: config.sweeper,
    settings: appSettings(config, { rateLimitStore: rateLimitStore?.store, webRoot: web ? webRoot : null }),
  });
  sweeper.start(config.sweeper.intervalMs);

  // Express 5 hands a failed listen (port taken) to the callback.
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.port, (err?: Error) => (err ? reject(new Error(`cannot listen on port ${config.port}: ${err.message}`)) : resolve(s)));
  });

  const lines = [
    `Credits API listening on http://localhost:${config.port} (${config.env}, ${store.kind})`,
    web ? `  web app         ${config.appUrl}/` : `  web app         not built (npm run build)`,
    `  packages        ${config.appUrl}/api/payment/packages`,
    simulator ? `  Whop simulator  ${simulator.url}  (API ${simulator.apiBaseUrl}, dashboard ${simulator.url}/_sim)` : `  Whop API        ${config.whop.apiBaseUrl}`,
    `  webhook         ${config.appUrl}/api/payment/webhook/whop`,
    config.enableDevSignIn ? `  dev sign-in     POST ${config.appUrl}/api/dev/token {"userId":"demo"}` : null,
  ];
  console.log(lines.filter(Boolean).join('\n'));

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.close(() => {
      void sweeper
        .stop()
        .then(() => Promise.allSettled([simulator?.close(), rateLimitStore?.close(), store.close()]))
        .then(() => process.exit(0));
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err) => {
  console.error(`Cannot start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
