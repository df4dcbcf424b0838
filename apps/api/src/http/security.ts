import cors from 'cors';
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Store as RateLimitStore } from 'express-rate-limit';
import helmet from 'helmet';
import { AppError, NotFoundError } from '../errors';

/** Security headers; the CSP allows only this origin's scripts and styles (the built web app), and images from it or `imageOrigins` (the brand's logo). */
export function securityHeaders(imageOrigins: readonly string[] = []): RequestHandler {
  return helmet({ contentSecurityPolicy: { directives: { 'img-src': ["'self'", 'data:', ...imageOrigins] } } });
}

/**
 * Development features (dev sign-in, the test endpoint) answer only to requests addressed to this
 * machine — `localhost`, `127.0.0.1`, `[::1]`, or APP_URL's host — and 404 to anything else, as in
 * production. The raw Host header is read (never X-Forwarded-Host, which a page could set): a page
 * on another site that resolves its name to 127.0.0.1 (DNS rebinding) cannot mint a token here.
 */
export function localHostsOnly(appUrl: string): RequestHandler {
  const allowed = new Set(['localhost', '127.0.0.1', '[::1]', new URL(appUrl).hostname.toLowerCase()]);
  return (req, _res, next) => {
    const host = (req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
    if (allowed.has(host)) return next();
    next(new NotFoundError(`No route for ${req.method} ${req.path}.`, 'route_not_found'));
  };
}

/** Cross-origin calls only from the listed origins (CORS_ORIGINS); none by default. */
export function corsPolicy(origins: readonly string[]): RequestHandler {
  return cors({
    origin: origins.length === 0 ? false : [...origins],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
    exposedHeaders: ['Idempotent-Replayed', 'Retry-After', 'RateLimit', 'RateLimit-Policy'],
    maxAge: 600,
  });
}

export interface RateLimitSettings {
  /** Orders (and other costly calls) per user per minute. */
  perUser: number;
  /** Re-checks of an order with Whop (the result page while it waits, cancellations) per user per minute. */
  rechecksPerUser: number;
  /** Requests per IP per minute, over the whole API. */
  perIp: number;
  /** A store shared by all instances (Redis), one per limiter name; in memory when absent. */
  store?: (name: string) => RateLimitStore;
}

const WINDOW_MS = 60_000;

function limiter(name: string, limit: number, keyGenerator: (req: Request) => string, settings: RateLimitSettings): RequestHandler {
  return rateLimit({
    windowMs: WINDOW_MS,
    limit,
    keyGenerator,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    ...(settings.store ? { store: settings.store(name) } : {}),
    // If the shared store is down, serve rather than refuse everyone.
    passOnStoreError: true,
    handler: (_req, res, next) => {
      res.set('Retry-After', String(Math.ceil(WINDOW_MS / 1000)));
      next(new AppError('rate_limited', `Too many requests (${name}); try again in a minute.`));
    },
  });
}

const byIp = (req: Request) => ipKeyGenerator(req.ip ?? 'unknown');

/**
 * Per IP over the API. Exempt: Whop's webhooks (their signature is the credential and a storm of
 * retries is legitimate) and the static catalog (no database work; cacheable by any CDN).
 */
export function ipRateLimit(settings: RateLimitSettings): RequestHandler {
  const limit = limiter('requests per IP', settings.perIp, byIp, settings);
  const exempt = new Set(['POST /api/payment/webhook/whop']);
  return (req, res, next) => (exempt.has(`${req.method} ${req.baseUrl}${req.path}`) ? next() : limit(req, res, next));
}

/**
 * Per IP over the built web app's files: a page load asks for a handful, so the limit is five times
 * the API's; it keeps anyone from turning file requests into a flood (or the 5xx alert's noise).
 */
export function staticIpRateLimit(settings: RateLimitSettings): RequestHandler {
  return limiter('files per IP', settings.perIp * 5, byIp, settings);
}

/** Per signed-in user (after auth), falling back to the IP; for order creation, re-checks and test completion. */
export function userRateLimit(name: string, settings: RateLimitSettings, limit = settings.perUser): RequestHandler {
  return limiter(name, limit, (req) => (req.user ? `user:${req.user.id}` : byIp(req)), settings);
}

/** Per IP, for unauthenticated costly routes (dev sign-in). */
export function strictIpRateLimit(name: string, settings: RateLimitSettings): RequestHandler {
  return limiter(name, settings.perUser, byIp, settings);
}
