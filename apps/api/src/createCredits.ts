import path from 'node:path';
import type { Express } from 'express';
import type { HostAuthenticate } from './auth/jwt';
import { Clock } from './Clock';
import { appSettings, compose } from './compose';
import { loadConfig, type Config } from './config/env';
import { redisRateLimitStore } from './http/rateLimitStore';
import { hasWebBuild } from './http/static';
import { createLogger, type Logger } from './logger';
import type { RequestCounter } from './http/RequestCounter';
import type { CreditService } from './services/CreditService';
import type { Store } from './store/ports';
import { openStore } from './store/open';
import { createWhopClient } from './whop/client';

/** How often the request counts are added to the database for the dashboard. */
const REQUEST_COUNTS_FLUSH_MS = 5_000;
/** How often events for the host app are looked for (besides right after each change). */
const EVENT_DELIVERY_INTERVAL_MS = 2_000;

export interface CreditsOptions {
  /** The configuration; by default read from the environment (.env.example lists it). */
  config?: Config;
  /**
   * The host app's own sign-in, when the API is mounted in it: who a request is from (its session,
   * its middleware's `req.user`), or null for nobody. Replaces Bearer tokens on every user and
   * operator route; the host's backend may still spend with SERVICE_API_KEY.
   */
  authenticate?: HostAuthenticate;
  /**
   * Serve the built web app too (a service of its own does). `false`, for a host app with its own
   * pages: the app answers only its own paths (/api/*, /healthz, /readyz, /metrics) and every other
   * request goes on to the host's routes, whether they are mounted before or after it.
   */
  serveWebApp?: boolean;
  /**
   * A store already opened (on a database the caller migrated or copied) instead of the one the
   * configuration names; it is closed with the product. Written events need it opened with
   * `announces` when EVENTS_WEBHOOK_URL is set.
   */
  store?: Store;
  /** Where Whop is (the embedded simulator's address in development). */
  whopApiBaseUrl?: string;
  /** Run the sweep, event delivery and request counting on timers (false for serverless functions, whose cron and responses do it). */
  timers?: boolean;
}

export interface Credits {
  /** The API as an Express app: `hostApp.use(credits.app)` (its routes start with /api). */
  app: Express;
  /** Spends and holds in-process, without HTTP: the same rules, keys and events. */
  credits: Pick<CreditService, 'getCredits' | 'spend' | 'hold' | 'settle' | 'listLedger'>;
  store: Store;
  config: Config;
  logger: Logger;
  /** Whether `app` serves the built web app (asked for, and built). */
  servesWebApp: boolean;
  /** Counts requests for the dashboard; without timers, flush after each response. */
  requests: RequestCounter;
  /** Stops the sweep and event delivery, writes the last request counts, closes the database. */
  close(): Promise<void>;
}

/**
 * The product, running but not listening: opened on its database, the sweep and event delivery
 * started. `startServer` listens on it; a host app mounts `app` in its own Express app.
 */
export async function createCredits(options: CreditsOptions = {}): Promise<Credits> {
  const config = options.config ?? loadConfig();
  const logger = createLogger(config.logLevel);
  const store = options.store ?? (await openStore(config.database, { announces: config.events !== null }));
  const webRoot = path.resolve(__dirname, '../../web/dist');
  const serveWeb = options.serveWebApp !== false && hasWebBuild(webRoot);
  const rateLimitStore = config.rateLimits.redisUrl ? await redisRateLimitStore(config.rateLimits.redisUrl) : null;
  // Development may move the product's time (demo data over past days); production cannot.
  const clock = config.enableDevSignIn ? new Clock() : null;
  const { app, sweeper, requests, events, credits } = compose({
    store,
    now: clock?.now,
    whop: createWhopClient({ ...config.whop, apiBaseUrl: options.whopApiBaseUrl ?? config.whop.apiBaseUrl }),
    logger,
    appUrl: config.appUrl,
    webhookSecret: config.whop.webhookSecret,
    sweeper: config.sweeper,
    refundSecondPayments: config.refundSecondPayments,
    packages: config.packages,
    events: config.events,
    settings: {
      ...appSettings(config, { rateLimitStore: rateLimitStore?.store, webRoot: serveWeb ? webRoot : null }),
      authenticate: options.authenticate,
      passThrough: options.serveWebApp === false,
      devClock: clock,
    },
  });
  const timers = options.timers !== false;
  if (timers) {
    sweeper.start(config.sweeper.intervalMs);
    events?.start(EVENT_DELIVERY_INTERVAL_MS);
  }
  const counting = timers ? setInterval(() => void requests.flush(), REQUEST_COUNTS_FLUSH_MS) : null;
  counting?.unref();
  let closing: Promise<void> | null = null;
  return {
    app,
    credits,
    store,
    config,
    logger,
    servesWebApp: serveWeb,
    requests,
    close: () =>
      (closing ??= (async () => {
        if (counting) clearInterval(counting);
        await Promise.all([sweeper.stop(), events?.stop(), requests.flush()]);
        await Promise.allSettled([rateLimitStore?.close(), store.close()]);
      })()),
  };
}
