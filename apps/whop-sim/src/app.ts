import express, { type ErrorRequestHandler, type Express } from 'express';
import { LOCAL_WHOP_ACCOUNT_ID } from '@credits/shared';
import type { Chaos } from './chaos';
import { WebhookDeliverer, WHOP_SHORT_RETRY_SCHEDULE_MS } from './delivery';
import { SimEngine } from './engine';
import { WhopError, invalid, notFound, sendWhopError } from './errors';
import { restoreState, saveState } from './persistence';
import { apiRoutes } from './routes/api';
import { checkoutRoutes } from './routes/checkout';
import { controlRoutes, dashboardRoutes } from './routes/control';
import { LEGACY_VERSION, SUPPORTED_VERSIONS } from './versions';

export interface SimulatorOptions {
  /** The `ws_…` secret webhooks are signed with. */
  webhookSecret: string;
  /** Where webhooks are delivered; may be set later with setWebhookUrl. */
  webhookUrl?: string | null;
  /** When set, only this Bearer key is accepted; otherwise any non-empty key. */
  apiKey?: string | null;
  /** The account of the API key: used when a request names none (default the one the API's embedded default uses). */
  accountId?: string;
  /** The Api-Version-Date the webhook endpoint is pinned to; events take its shape. Unpinned (legacy shape) by default. */
  webhookVersion?: string;
  /** Base URL the simulator is reachable at, for purchase_url; may be set later with setPublicUrl. */
  publicUrl?: string;
  /** Delays between delivery retries; Whop's short schedule (10, 20, 40 s) by default. */
  retryScheduleMs?: number[];
  /** An answer slower than this is a failed delivery (Whop: 5 s). */
  deliveryTimeoutMs?: number;
  /** Deliveries in flight at once (default 50). */
  maxConcurrentDeliveries?: number;
  /** Chaos for every checkout from the start. */
  chaos?: Chaos;
  /**
   * A JSON file to keep plans, checkouts, payments, refunds and disputes in, so that a restarted
   * simulator knows what it knew: read at start, rewritten after every change. Unset: memory only.
   */
  stateFile?: string;
}

export interface Simulator {
  app: Express;
  engine: SimEngine;
  deliverer: WebhookDeliverer;
  setWebhookUrl(url: string | null): void;
  setPublicUrl(url: string): void;
}

export function createSimulator(options: SimulatorOptions): Simulator {
  if (!options.webhookSecret.trim()) throw new Error('the simulator needs a webhook secret to sign with');
  let webhookUrl = options.webhookUrl ?? null;
  let publicUrl = (options.publicUrl ?? 'http://127.0.0.1:3100').replace(/\/+$/, '');
  const deliverer = new WebhookDeliverer({
    secret: options.webhookSecret,
    url: () => webhookUrl,
    retryScheduleMs: options.retryScheduleMs ?? WHOP_SHORT_RETRY_SCHEDULE_MS,
    timeoutMs: options.deliveryTimeoutMs ?? 5_000,
    maxConcurrent: options.maxConcurrentDeliveries,
  });
  const webhookVersion = options.webhookVersion ?? LEGACY_VERSION;
  if (!(SUPPORTED_VERSIONS as readonly string[]).includes(webhookVersion))
    throw new Error(`the webhook version ${webhookVersion} is not one Whop answers to (${SUPPORTED_VERSIONS.join(', ')})`);
  const engine = new SimEngine(deliverer, () => publicUrl, webhookVersion);
  if (options.chaos) engine.chaos = options.chaos;
  if (options.stateFile) {
    const file = options.stateFile;
    restoreState(engine, file);
    // A payment changes several things at once (its checkout, itself, each event): one write for all
    // of them, once the change in hand is over and before anything else runs.
    let saving = false;
    engine.onChange = () => {
      if (saving) return;
      saving = true;
      queueMicrotask(() => {
        saving = false;
        saveState(engine, file);
      });
    };
  }

  const app = express();
  app.disable('x-powered-by');
  app.use('/api/v1', apiRoutes(engine, { apiKey: options.apiKey ?? null, accountId: options.accountId ?? LOCAL_WHOP_ACCOUNT_ID }));
  app.use(checkoutRoutes(engine));
  app.use('/_sim', controlRoutes(engine, deliverer));
  app.use(dashboardRoutes(engine, deliverer));
  app.use((_req, _res, next) => next(notFound()));
  const onError: ErrorRequestHandler = (err: unknown, _req, res, _next) => {
    if (err instanceof WhopError) return sendWhopError(res, err);
    const type = typeof err === 'object' && err !== null ? (err as { type?: unknown }).type : undefined;
    if (type === 'entity.parse.failed') return sendWhopError(res, invalid('Request body is not valid JSON.', null, 'invalid_json'));
    if (type === 'entity.too.large') return sendWhopError(res, new WhopError(413, 'invalid_request_error', 'Request body too large.'));
    sendWhopError(res, new WhopError(500, 'internal_server_error', 'Internal server error'));
  };
  app.use(onError);

  return {
    app,
    engine,
    deliverer,
    setWebhookUrl: (url) => {
      webhookUrl = url;
    },
    setPublicUrl: (url) => {
      publicUrl = url.replace(/\/+$/, '');
    },
  };
}
