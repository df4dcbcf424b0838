import type { Server } from 'node:http';
import { createCredits } from './createCredits';
import { ConfigError, loadConfig, type Config } from './config/env';

/** What the embedded default adds around the server (dev.ts): Whop's base URL, lines for the banner, things to close. */
export interface StartOptions {
  whopApiBaseUrl?: string;
  bannerLines?: string[];
  alsoClose?: Array<() => Promise<void>>;
}

/** Opens the product (createCredits), listens, and stops on signals; the entries (server.ts, dev.ts) call it. */
export async function startServer(config: Config, options: StartOptions = {}): Promise<Server> {
  const { app, store, logger, servesWebApp: web, close } = await createCredits({ config, whopApiBaseUrl: options.whopApiBaseUrl });
  const whopApiBaseUrl = options.whopApiBaseUrl ?? config.whop.apiBaseUrl;

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
    server.close(() => {
      void close()
        .then(() => Promise.allSettled((options.alsoClose ?? []).map((also) => also())))
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
