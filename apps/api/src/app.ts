import express, { type Express } from 'express';
import { corsPolicy, ipRateLimit, localHostsOnly, securityHeaders, staticIpRateLimit, strictIpRateLimit, userRateLimit, type RateLimitSettings } from './http/security';
import type { HostAuthenticate } from './auth/jwt';
import type { Clock } from './Clock';
import { tokenVerifier, type JwksSettings } from './auth/tokens';
import { accessLog } from './http/accessLog';
import { errorHandler, notFoundHandler } from './http/problem';
import type { RequestCounter } from './http/RequestCounter';
import { requestId } from './http/requestId';
import { webApp } from './http/static';
import type { Logger } from './logger';
import type { Metrics } from './Metrics';
import { adminRoutes } from './routes/admin';
import { catalogRoute } from './routes/catalog';
import { creditRoutes } from './routes/credits';
import { devRoutes } from './routes/dev';
import { eventRoutes } from './routes/events';
import { internalRoutes } from './routes/internal';
import { meRoutes } from './routes/me';
import { operationsRoutes } from './routes/operations';
import { paymentRoutes } from './routes/payment';
import type { OperatorActions } from './services/OperatorActions';
import type { OperatorQueries } from './services/OperatorQueries';
import type { CreditService } from './services/CreditService';
import type { PaymentService } from './services/PaymentService';
import type { Sweeper } from './services/Sweeper';
import type { WebhookService } from './services/WebhookService';
import type { Store } from './store/ports';
import type { WebhookVerifier } from './whop/webhook';

export interface AppSettings {
  /** HS256 tokens are verified with it, and development sign-in signs with it (JWT_SECRET); null: HS256 tokens are refused. */
  jwtSecret: string | null;
  /** Tokens the host's sign-in signs with keys it publishes (AUTH_JWKS_URL); null: none. */
  jwks?: JwksSettings | null;
  /** The host app's own sign-in when the API is mounted in it (createCredits): replaces Bearer tokens. */
  authenticate?: HostAuthenticate;
  /** The host app's backend spends with this key (SERVICE_API_KEY); null: users only. */
  serviceApiKey: string | null;
  /** Bearer secret of the cron-called sweep endpoint (CRON_SECRET); null: the endpoint refuses. */
  cronSecret: string | null;
  enableTestEndpoints: boolean;
  enableDevSignIn: boolean;
  corsOrigins: string[];
  rateLimits: RateLimitSettings;
  /** Bearer token for /metrics; null leaves it open (refused at start in production). */
  metricsToken: string | null;
  /** The built web app (apps/web/dist), served with SPA fallback when given. */
  webRoot?: string | null;
  /** Mounted in a host's app: requests outside the product's own paths go on to the host's routes, untouched (no headers, counts or 404 of ours). */
  passThrough?: boolean;
  /** Users who are operators whatever their token says (ADMIN_USER_IDS). */
  adminUserIds: readonly string[];
  /** How long after its `iat` an operator's token is honoured (OPERATOR_TOKEN_MAX_AGE). */
  operatorTokenMaxAgeSeconds: number;
  /** Express's `trust proxy`: how many hops, or which addresses, to believe X-Forwarded-For from (TRUST_PROXY; loopback only by default). */
  trustProxy?: number | string;
  /** Origins images may come from besides this one (the brand's logo on another origin). */
  imageOrigins?: readonly string[];
  /** The clock development may move (PUT /api/dev/clock); only with dev sign-in. */
  devClock?: Clock | null;
  /** Where the app is served (APP_URL): its host, like localhost, may use development features. */
  appUrl: string;
}

export interface AppDeps {
  service: PaymentService;
  requests: RequestCounter;
  operatorQueries: OperatorQueries;
  operatorActions: OperatorActions;
  webhooks: WebhookService;
  credits: CreditService;
  store: Store;
  sweeper: Sweeper;
  verifier: WebhookVerifier;
  logger: Logger;
  metrics: Metrics;
  settings: AppSettings;
}

/** The paths the product answers when mounted in a host's app: its API, and the probes and metrics. */
const PRODUCT_PATHS = /^\/(api|healthz|readyz|metrics)(\/|$)/;

/** Builds the Express app from its dependencies. Never listens and never reads the environment. */
export function createApp({ service, requests, operatorQueries, operatorActions, webhooks, credits, store, sweeper, verifier, logger, metrics, settings }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Which hops' X-Forwarded-For to believe (TRUST_PROXY): only the proxies in front of this service, so that a client cannot choose its own IP.
  app.set('trust proxy', settings.trustProxy ?? 'loopback');
  if (settings.passThrough) app.use((req, _res, next) => next(PRODUCT_PATHS.test(req.path) ? undefined : 'router'));
  const headers = securityHeaders(settings.imageOrigins ?? []);
  const tokens = { ...tokenVerifier({ jwtSecret: settings.jwtSecret, jwks: settings.jwks ?? null }), authenticate: settings.authenticate };
  app.get('/api/payment/packages', headers, corsPolicy(settings.corsOrigins), catalogRoute(service.listPackages()));
  // The catalog above is static and never fails: it is left out of the request counts.
  app.use(requestId(), requests.middleware(), accessLog(logger, metrics), headers);
  app.use(
    operationsRoutes({
      store,
      metrics,
      logger,
      metricsToken: settings.metricsToken,
      enableTestEndpoints: settings.enableTestEndpoints,
      enableDevSignIn: settings.enableDevSignIn,
    }),
  );

  app.use('/api', corsPolicy(settings.corsOrigins), ipRateLimit(settings.rateLimits));
  app.use(
    '/api/payment',
    paymentRoutes({
      service,
      webhooks,
      verifier,
      logger,
      metrics,
      tokens,
      enableTestEndpoints: settings.enableTestEndpoints,
      localOnly: localHostsOnly(settings.appUrl),
      limits: {
        create: userRateLimit('orders per user', settings.rateLimits),
        recheck: userRateLimit('re-checks per user', settings.rateLimits, settings.rateLimits.rechecksPerUser),
        testComplete: userRateLimit('test completions per user', settings.rateLimits),
      },
    }),
  );
  app.use('/api/events', eventRoutes({ payments: service, tokens, limit: userRateLimit('funnel steps per user', settings.rateLimits, settings.rateLimits.rechecksPerUser) }));
  app.use('/api/credits', creditRoutes({ credits, tokens, serviceApiKey: settings.serviceApiKey }));
  app.use('/api/internal', internalRoutes({ sweeper, cronSecret: settings.cronSecret }));
  const operators = { userIds: new Set(settings.adminUserIds), maxAgeSeconds: settings.operatorTokenMaxAgeSeconds };
  app.use('/api/me', meRoutes({ tokens, operators }));
  app.use('/api/admin', adminRoutes({ queries: operatorQueries, actions: operatorActions, payments: service, tokens, operators }));
  if (settings.enableDevSignIn && settings.jwtSecret)
    app.use(
      '/api/dev',
      localHostsOnly(settings.appUrl),
      devRoutes({ jwtSecret: settings.jwtSecret, limit: strictIpRateLimit('dev sign-ins per IP', settings.rateLimits), clock: settings.devClock ?? null }),
    );
  if (settings.webRoot) app.use(staticIpRateLimit(settings.rateLimits), webApp(settings.webRoot));

  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}
