import type { Server } from 'node:http';
import path from 'node:path';
import { appSettings, compose } from './compose';
import { ConfigError, loadConfig, type Config } from './config/env';
import { redisRateLimitStore } from './http/rateLimitStore';
import { hasWebBuild } from './http/static';
import { createLogger } from './logger';
import { openStore } from './store/open';
import { createWhopClient } from './whop/client';

/** How often the request counts are added to the database for the dashboard. */
const REQUEST_COUNTS_FLUSH_MS = 5_000;
/** How often events for the host app are looked for (besides right after each change). */
const EVENT_DELIVERY_INTERVAL_MS = 2_000;

/** What the embedded default adds around the server (dev.ts): Whop's base URL, lines for the banner, things to close. */
export interface StartOptions {
  whopApiBaseUrl?: string;
  bannerLines?: string[];
  alsoClose?: Array<() => Promise<void>>;
}

/** Opens the store, starts the sweeper, listens, and stops on signals; the entries (server.ts, dev.ts) call it. */
export async function startServer(config: Config, options: StartOptions = {}): Promise<Server> {
  const logger = createLogger(config.logLevel);
  const store = await openStore(config.database, { announces: config.events !== null });
  const whopApiBaseUrl = options.whopApiBaseUrl ?? config.whop.apiBaseUrl;
  const whop = createWhopClient({ ...config.whop, apiBaseUrl: whopApiBaseUrl });
  const webRoot = path.resolve(__dirname, '../../web/dist');
  const web = hasWebBuild(webRoot);
  const rateLimitStore = config.rateLimits.redisUrl ? await redisRateLimitStore(config.rateLimits.redisUrl) : null;
  const { app, sweeper, requests, events } = compose({
    store,
    whop,
    logger,
    appUrl: config.appUrl,
    webhookSecret: config.whop.webhookSecret,
    sweeper: config.sweeper,
    refundSecondPayments: config.refundSecondPayments,
    events: config.events,
    settings: appSettings(config, { rateLimitStore: rateLimitStore?.store, webRoot: web ? webRoot : null }),
  });
  sweeper.start(config.sweeper.intervalMs);
  events?.start(EVENT_DELIVERY_INTERVAL_MS);
  const counting = setInterval(() => void requests.flush(), REQUEST_COUNTS_FLUSH_MS);
  counting.unref();

  // Express 5 hands a failed listen (port taken) to the callback.
  const server: Server = await new Promise((resolve, reject) => {
    const done = (err?: Error) => (err ? reject(new Error(`cannot listen on port ${config.port}: ${err.message}`)) : resolve(s));
    const s = config.host ? app.listen(config.port, config.host, done) : app.listen(config.port, done);
  });

  const lines = [
    `Credits API listening on http://${config.host ?? 'localhost'}:${config.port}: ${config.env} (${config.modeReason}), ${store.kind}`,
    web ? `  web app         ${config.appUrl}/` : `  web app         not built (npm run build)`,
    `  packages        ${config.appUrl}/api/payment/packages`,
    ...(options.bannerLines ?? [`  Whop API        ${whopApiBaseUrl}`]),
    `  webhook         ${config.appUrl}/api/payment/webhook/whop`,
    config.enableDevSignIn ? `  dev sign-in     POST ${config.appUrl}/api/dev/token {"userId":"demo"}` : null,
  ];
  console.log(lines.filter(Boolean).join('\n'));

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    clearInterval(counting);
    server.close(() => {
      void Promise.all([sweeper.stop(), events?.stop(), requests.flush()])
        .then(() => Promise.allSettled([...(options.alsoClose ?? []).map((close) => close()), rateLimitStore?.close(), store.close()]))
        .then(() => process.exit(0));
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  return server;
}

/** The configuration, or the process ends with one line saying what is wrong. */
export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`Cannot start: ${err.message}`);
    process.exit(1);
  }
}

export function exitOnStartFailure(err: unknown): never {
  console.error(`Cannot start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
