import { createHash } from 'node:crypto';
import express, { Router, type RequestHandler } from 'express';
import type { SimEngine } from '../engine';
import { WhopError, invalid } from '../errors';
import { checkoutConfigurationRoutes } from './checkoutConfigurations';
import { disputeRoutes, refundRoutes } from './refundsAndDisputes';
import { paymentRoutes } from './payments';
import { apiVersion, type ApiOptions } from './request';

/**
 * Whop's idempotency (https://docs.whop.com/developer/api/idempotency): a POST with an Idempotency-Key is stored per caller; the same
 * request again replays the stored answer with `Idempotent-Replayed: true`, a different one is 400.
 */
function idempotency(): RequestHandler {
  const stored = new Map<string, { fingerprint: string; status: number; body: unknown }>();
  return (req, res, next) => {
    const key = req.get('idempotency-key');
    if (req.method !== 'POST' || !key) return next();
    const scope = `${req.get('authorization')}|${key}`;
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([req.method, req.path, req.query, req.get('api-version-date') ?? null, req.body]))
      .digest('hex');
    const previous = stored.get(scope);
    if (previous) {
      if (previous.fingerprint !== fingerprint) {
        return next(invalid('Keys for idempotent requests can only be used with the same parameters they were first used with.', 'Idempotency-Key', 'idempotency_key_reused'));
      }
      res.status(previous.status).set('Idempotent-Replayed', 'true').json(previous.body);
      return;
    }
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      if (res.statusCode < 500) stored.set(scope, { fingerprint, status: res.statusCode, body });
      return json(body);
    };
    next();
  };
}

/** The part of Whop's v1 API this product uses (docs/whop-integration.md says what is modelled). */
export function apiRoutes(engine: SimEngine, options: ApiOptions): Router {
  const api = Router();
  api.use((req, _res, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    if (!match || (options.apiKey && match[1] !== options.apiKey)) return next(new WhopError(401, 'unauthorized', 'Invalid or missing API key', 'unauthorized'));
    apiVersion(req);
    next();
  });
  api.use(express.json({ limit: '1mb' }));
  api.use(idempotency());
  api.use('/checkout_configurations', checkoutConfigurationRoutes(engine, options));
  api.use('/payments', paymentRoutes(engine));
  api.use('/refunds', refundRoutes(engine));
  api.use('/disputes', disputeRoutes(engine));
  return api;
}
