import { waitUntil } from '@vercel/functions';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express } from 'express';
import { appSettings, compose } from './compose';
import { ConfigError, loadConfig } from './config/env';
import { redisRateLimitStore } from './http/rateLimitStore';
import type { RequestCounter } from './http/RequestCounter';
import { createLogger } from './logger';
import { openStore } from './store/open';
import { createWhopClient } from './whop/client';

/**
 * The API as one serverless function (Vercel). The app, and with it the database connection, is
 * built on the first invocation and kept by the module for the next ones on the same instance.
 * No timers run here: the sweeper is called by the platform's cron on /api/internal/sweep.
 */
let app: Promise<{ app: Express; requests: RequestCounter }> | null = null;
const closers: Array<() => Promise<void>> = [];

async function build(): Promise<{ app: Express; requests: RequestCounter }> {
  const config = loadConfig();
  // A function runs no timer: in production the sweep happens only when the platform's cron calls it.
  if (config.env === 'production' && !config.cronSecret) {
    throw new ConfigError('CRON_SECRET is needed on serverless in production: the sweep (recovery of lost webhooks, expiry, ledger check) runs only from cron');
  }
  const logger = createLogger(config.logLevel);
  const store = await openStore(config.database, { announces: config.events !== null });
  closers.push(() => store.close());
  const rateLimitStore = config.rateLimits.redisUrl ? await redisRateLimitStore(config.rateLimits.redisUrl) : null;
  if (rateLimitStore) closers.push(() => rateLimitStore.close());
  return compose({
    store,
    whop: createWhopClient(config.whop),
    logger,
    appUrl: config.appUrl,
    webhookSecret: config.whop.webhookSecret,
    sweeper: config.sweeper,
    refundSecondPayments: config.refundSecondPayments,
    // Events go out from the sweep (cron) and after each change.
    events: config.events,
    // The platform serves the built web app itself.
    settings: appSettings(config, { rateLimitStore: rateLimitStore?.store, webRoot: null }),
  });
}

export function getApp(): Promise<{ app: Express; requests: RequestCounter }> {
  if (!app) {
    app = build();
    // A failed start (database down) is retried by the next invocation, not cached.
    app.catch(() => {
      app = null;
    });
  }
  return app;
}

/** Closes the database connection (platforms that signal shutdown, and tests). */
export async function close(): Promise<void> {
  app = null;
  await Promise.allSettled(closers.splice(0).map((c) => c()));
}

export default async function handler(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { app: express, requests } = await getApp();
  // No timer outlives a response here: the request counts are added once it is sent, and the
  // platform is asked to keep the function alive until they are stored.
  res.on('finish', () => waitUntil(requests.flush()));
  express(req, res);
}
