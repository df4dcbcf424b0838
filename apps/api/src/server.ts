import type { Server } from 'node:http';
import path from 'node:path';
import { createApp } from './app';
import { ConfigError, loadConfig, type Config } from './config/env';
import { hasWebBuild } from './http/static';
import { createLogger } from './logger';
import { PaymentService } from './services/PaymentService';
import { openStore } from './store/open';
import { createWhopClient } from './whop/client';
import { WebhookVerifier } from './whop/webhook';

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
  const service = new PaymentService({ store, whop, appUrl: config.appUrl, logger });
  const webRoot = path.resolve(__dirname, '../../web/dist');
  const web = hasWebBuild(webRoot);
  const app = createApp({
    service,
    store,
    verifier: WebhookVerifier.forWhopSecret(config.whop.webhookSecret),
    jwtSecret: config.jwtSecret,
    enableTestEndpoints: config.enableTestEndpoints,
    enableDevSignIn: config.enableDevSignIn,
    logger,
    webRoot: web ? webRoot : null,
  });

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.port, () => resolve(s));
    s.once('error', reject);
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
      void Promise.allSettled([simulator?.close(), store.close()]).then(() => process.exit(0));
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
