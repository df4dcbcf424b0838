import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';
import { NotFoundError } from '../errors';

/**
 * Serves the built web app: hashed assets cached for a year, everything else revalidated, and
 * index.html for any other GET that is not an API path, so client routes (/payment/result,
 * /history) load the app.
 */
export function webApp(root: string): Router {
  const index = path.join(root, 'index.html');
  const router = Router();
  router.use('/assets', express.static(path.join(root, 'assets'), { immutable: true, maxAge: '365d', index: false }), (req, _res, next) => {
    next(new NotFoundError(`No asset ${req.path}.`, 'asset_not_found'));
  });
  router.use(express.static(root, { index: false, maxAge: 0 }));
  router.get(/^(?!\/api\/|\/api$|\/healthz$|\/readyz$|\/metrics$).*/, (req, res, next) => {
    if (!req.accepts('html')) return next();
    res.set('Cache-Control', 'no-cache').sendFile(index);
  });
  return router;
}

export function hasWebBuild(root: string): boolean {
  return existsSync(path.join(root, 'index.html'));
}
