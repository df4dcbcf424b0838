import express, { type Express } from 'express';
import { errorHandler, notFoundHandler } from './http/problem';
import { webApp } from './http/static';
import type { Logger } from './logger';
import { creditRoutes } from './routes/credits';
import { devRoutes } from './routes/dev';
import { paymentRoutes } from './routes/payment';
import type { PaymentService } from './services/PaymentService';
import type { Store } from './store/types';
import type { WebhookVerifier } from './whop/webhook';

export interface AppDeps {
  service: PaymentService;
  store: Store;
  verifier: WebhookVerifier;
  jwtSecret: string;
  enableTestEndpoints: boolean;
  enableDevSignIn: boolean;
  logger: Logger;
  /** The built web app (apps/web/dist), served with SPA fallback when given. */
  webRoot?: string | null;
}

/** Builds the Express app from its dependencies. Never listens and never reads the environment. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.use('/api/payment', paymentRoutes(deps));
  app.use('/api/credits', creditRoutes(deps));
  if (deps.enableDevSignIn) app.use('/api/dev', devRoutes(deps));
  if (deps.webRoot) app.use(webApp(deps.webRoot));

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
