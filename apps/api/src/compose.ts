import { createApp, type AppSettings } from './app';
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
