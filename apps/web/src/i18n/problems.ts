import { ApiError } from '../lib/apiClient';
import type { MessageKey } from './en';

const BY_CODE: Record<string, MessageKey> = {
  rate_limited: 'error.rateLimited',
  whop_unavailable: 'error.whop',
  whop_timeout: 'error.whop',
  whop_unknown: 'error.whopUnknown',
  service_unavailable: 'error.unavailable',
  network_error: 'error.network',
  network_timeout: 'error.timeout',
  not_found: 'error.notFound',
  payment_not_found: 'error.notFound',
  route_not_found: 'error.notFound',
  asset_not_found: 'error.notFound',
  unauthorized: 'error.session',
  invalid_token: 'error.session',
  token_expired: 'error.session',
};

/**
 * The message a buyer reads for an error, chosen by the problem's `code` (then by its status), never
 * the API's own English text. A rate limit says when to try again.
 */
export function problemKey(error: unknown): MessageKey {
  if (!(error instanceof ApiError)) return 'error.server';
  const known = BY_CODE[error.code];
  if (known) return known;
  if (error.status === 429) return 'error.rateLimited';
  if (error.status === 502 || error.status === 504) return 'error.whop';
  if (error.status === 503) return 'error.unavailable';
  if (error.status === 401) return 'error.session';
  if (error.status >= 400 && error.status < 500) return 'error.request';
  return 'error.server';
}
