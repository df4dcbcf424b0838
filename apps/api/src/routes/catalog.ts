import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { CreditPackage } from '@credits/shared';

/**
 * `GET /api/payment/packages`: the static catalog, answered from bytes built once (with their ETag),
 * ahead of the per-request middleware (request id, access log, rate limits): it does no work that
 * needs them, and clients and CDNs may cache it for 5 minutes.
 */
export function catalogRoute(packages: readonly CreditPackage[]): RequestHandler {
  const body = Buffer.from(JSON.stringify({ packages }));
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  return (req, res) => {
    res.set({ 'Cache-Control': 'public, max-age=300', ETag: etag, 'Content-Type': 'application/json; charset=utf-8' });
    if (req.get('if-none-match') === etag) {
      res.status(304).end();
      return;
    }
    res.status(200).end(body);
  };
}
