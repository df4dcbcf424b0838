import { waitUntil } from '@vercel/functions';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ConfigError, loadConfig } from './config/env';
import { createCredits, type Credits } from './createCredits';

/**
 * The API as one serverless function (Vercel). The app, and with it the database connection, is
 * built on the first invocation and kept by the module for the next ones on the same instance.
 * No timers run here: the sweeper is called by the platform's cron on /api/internal/sweep.
 */
let app: Promise<Credits> | null = null;

async function build(): Promise<Credits> {
  const config = loadConfig();
  // A function runs no timer: in production the sweep happens only when the platform's cron calls it.
  if (config.env === 'production' && !config.cronSecret) {
    throw new ConfigError('CRON_SECRET is needed on serverless in production: the sweep (recovery of lost webhooks, expiry, ledger check) runs only from cron');
  }
  // The platform serves the built web app itself; events go out from the sweep (cron) and after each change.
  return createCredits({ config, serveWebApp: false, timers: false });
}

export function getApp(): Promise<Credits> {
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
  const running = app;
  app = null;
  await running?.then((credits) => credits.close()).catch(() => undefined);
}

export default async function handler(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { app: express, requests } = await getApp();
  // No timer outlives a response here: the request counts are added once it is sent, and the
  // platform is asked to keep the function alive until they are stored.
  res.on('finish', () => waitUntil(requests.flush()));
  express(req, res);
}
