import type { Store as RateLimitStore } from 'express-rate-limit';
import { createApp, type AppSettings } from './app';
import type { Config } from './config/env';
import type { Logger } from './logger';
import { Metrics } from './metrics';
import { CreditService } from './services/CreditService';
import { PaymentService } from './services/PaymentService';
import { Sweeper, type SweeperSettings } from './services/Sweeper';
import type { Store } from './store/types';
import type { WhopClient } from './whop/client';
import { WebhookVerifier } from './whop/webhook';

export interface CompositionInput {
  store: Store;
  whop: WhopClient;
  logger: Logger;
  appUrl: string;
  webhookSecret: string;
  settings: AppSettings;
  sweeper: SweeperSettings;
  metrics?: Metrics;
  now?: () => Date;
}

/** Wires the services and the Express app; shared by the server, the serverless entry and the tests. */
export function compose(input: CompositionInput) {
  const { store, whop, logger, now } = input;
  const metrics = input.metrics ?? new Metrics();
  const service = new PaymentService({ store, whop, appUrl: input.appUrl, logger, metrics, now });
  const credits = new CreditService(store);
  const sweeper = new Sweeper({ service, store, logger, metrics, now }, input.sweeper);
  const app = createApp({ service, credits, store, sweeper, logger, metrics, verifier: WebhookVerifier.forWhopSecret(input.webhookSecret), settings: input.settings });
  return { app, service, credits, sweeper, metrics };
}

/** The app's settings from the configuration: one mapping for the server and the serverless entry. */
export function appSettings(config: Config, extras: { rateLimitStore?: (name: string) => RateLimitStore; webRoot: string | null }): AppSettings {
  return {
    jwtSecret: config.jwtSecret,
    serviceApiKey: config.serviceApiKey,
    cronSecret: config.cronSecret,
    metricsToken: config.metricsToken,
    enableTestEndpoints: config.enableTestEndpoints,
    enableDevSignIn: config.enableDevSignIn,
    corsOrigins: config.corsOrigins,
    rateLimits: { perUser: config.rateLimits.perUser, perIp: config.rateLimits.perIp, store: extras.rateLimitStore },
    webRoot: extras.webRoot,
  };
}
