import { DEFAULT_PACKAGES, type CreditPackage } from '@credits/shared';
import type { Store as RateLimitStore } from 'express-rate-limit';
import { createApp, type AppSettings } from './app';
import type { Config } from './config/env';
import type { Logger } from './logger';
import { Metrics } from './Metrics';
import { RequestCounter } from './http/RequestCounter';
import { OperatorActions } from './services/OperatorActions';
import { OperatorQueries } from './services/OperatorQueries';
import { CreditService } from './services/CreditService';
import { FollowUp } from './services/FollowUp';
import { EventDelivery, type EventDeliverySettings } from './services/EventDelivery';
import { Fulfilment } from './services/Fulfilment';
import { PaymentService } from './services/PaymentService';
import { Reconciliation } from './services/Reconciliation';
import { Sweeper, type SweeperSettings } from './services/Sweeper';
import { Unreadable } from './services/Unreadable';
import { WebhookService } from './services/WebhookService';
import { WhopRefunds } from './services/WhopRefunds';
import type { Store } from './store/ports';
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
  /** Refund through Whop a second payment for an order already credited (default true). */
  refundSecondPayments?: boolean;
  metrics?: Metrics;
  now?: () => Date;
  /** How long a create waits for the checkout of the order a concurrent create of the same buyer opened (default 15 s). */
  checkoutWaitMs?: number;
  /** The packs on sale (default: the seed's three). */
  packages?: readonly CreditPackage[];
  /** Where the host app is told when credits move (the store must be opened with `announces`); null: not told. */
  events?: EventDeliverySettings | null;
}

/** Wires the services and the Express app; shared by the server, the serverless entry and the tests. */
export function compose(input: CompositionInput) {
  const { store, whop, logger } = input;
  const now = input.now ?? (() => new Date());
  const metrics = input.metrics ?? new Metrics();
  const refunds = new WhopRefunds({ whop, fulfilment: () => fulfilment });
  const followUp = new FollowUp({ whop, refunds, logger, metrics, refundSecondPayments: input.refundSecondPayments ?? true });
  const events = input.events ? new EventDelivery({ outbox: store.outbox, logger, now }, input.events) : null;
  const fulfilment = new Fulfilment({
    store,
    logger,
    metrics,
    now,
    afterCommit: (change) => {
      followUp.after(change);
      events?.nudge();
    },
  });
  const unreadable = new Unreadable({ store, logger, metrics, now });
  const reconciliation = new Reconciliation({ whop, fulfilment, unreadable });
  const service = new PaymentService({
    store,
    whop,
    fulfilment,
    reconciliation,
    packages: input.packages ?? DEFAULT_PACKAGES,
    appUrl: input.appUrl,
    logger,
    metrics,
    now,
    orderExpiryMs: input.sweeper.expireAfterMs,
    checkoutWaitMs: input.checkoutWaitMs,
  });
  const webhooks = new WebhookService({ store, whop, fulfilment, reconciliation, unreadable, logger, now });
  const credits = new CreditService(store, now, () => events?.nudge());
  const sweeper = new Sweeper({ reconciliation, fulfilment, credits, events, followUp, unreadable, store, whop, logger, metrics, now }, input.sweeper);
  const operatorQueries = new OperatorQueries({ store, packages: input.packages ?? DEFAULT_PACKAGES, whopDashboardUrl: whop.dashboardUrl });
  const operatorActions = new OperatorActions({ store, webhooks, fulfilment, refunds, whop, logger, events, now });
  const verifier = WebhookVerifier.forWhopSecret(input.webhookSecret);
  const requests = new RequestCounter({ stats: store.stats, logger });
  const app = createApp({ service, requests, operatorQueries, operatorActions, webhooks, credits, store, sweeper, logger, metrics, verifier, settings: input.settings });
  return { app, service, reconciliation, operatorQueries, operatorActions, webhooks, fulfilment, followUp, unreadable, credits, sweeper, metrics, requests, events };
}

/** The app's settings from the configuration: one mapping for the server and the serverless entry. */
export function appSettings(config: Config, extras: { rateLimitStore?: (name: string) => RateLimitStore; webRoot: string | null }): AppSettings {
  return {
    appUrl: config.appUrl,
    jwtSecret: config.jwtSecret,
    jwks: config.jwks,
    serviceApiKey: config.serviceApiKey,
    cronSecret: config.cronSecret,
    metricsToken: config.metricsToken,
    enableTestEndpoints: config.enableTestEndpoints,
    enableDevSignIn: config.enableDevSignIn,
    corsOrigins: config.corsOrigins,
    rateLimits: { perUser: config.rateLimits.perUser, rechecksPerUser: config.rateLimits.rechecksPerUser, perIp: config.rateLimits.perIp, store: extras.rateLimitStore },
    webRoot: extras.webRoot,
    adminUserIds: config.adminUserIds,
    operatorTokenMaxAgeSeconds: config.operatorTokenMaxAgeSeconds,
    trustProxy: config.trustProxy,
    imageOrigins: config.imageOrigins,
  };
}
