import path from 'node:path';
import express, { Router } from 'express';
import { requireSecret } from '../auth/jwt';
import { ServiceUnavailableError } from '../errors';
import { openApiDocument } from '../http/openapi';
import type { Logger } from '../logger';
import type { Metrics } from '../Metrics';
import type { Store } from '../store/ports';

export interface OperationsDeps {
  store: Store;
  metrics: Metrics;
  logger: Logger;
  /** Bearer token for /metrics (METRICS_TOKEN); null leaves it open (allowed outside production only). */
  metricsToken: string | null;
  enableTestEndpoints: boolean;
  enableDevSignIn: boolean;
}

const SWAGGER_UI = path.dirname(require.resolve('swagger-ui-dist/package.json'));

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Whop credits API reference</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
<div id="reference"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>`;

// An external script, so the page works under the API's Content-Security-Policy (no inline scripts).
const DOCS_INIT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#reference', deepLinking: true });`;

/** Health, readiness, metrics and the API description: what operators and integrators read. */
export function operationsRoutes({ store, metrics, logger, metricsToken, enableTestEndpoints, enableDevSignIn }: OperationsDeps): Router {
  const router = Router();
  const document = JSON.stringify(openApiDocument({ enableTestEndpoints, enableDevSignIn }));

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    try {
      await store.checkReady();
    } catch (err) {
      logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'not ready');
      throw new ServiceUnavailableError('Not ready: the database is unreachable or not migrated.');
    }
    res.json({ status: 'ready' });
  });

  const metricsHandler: express.RequestHandler = async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
  router.get('/metrics', ...(metricsToken ? [requireSecret(metricsToken, 'The metrics endpoint'), metricsHandler] : [metricsHandler]));

  router.get('/api/openapi.json', (_req, res) => {
    res.type('application/json').send(document);
  });
  router.get('/api/docs', (_req, res) => {
    res.type('html').send(DOCS_PAGE);
  });
  router.get('/api/docs/init.js', (_req, res) => {
    res.type('application/javascript').send(DOCS_INIT);
  });
  router.use('/api/docs/assets', express.static(SWAGGER_UI, { index: false, maxAge: '1d' }));
  return router;
}
