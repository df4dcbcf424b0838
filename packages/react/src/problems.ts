import { ApiError, type ApiErrorCode } from './api';
import type { CreditsMessageKey as MessageKey } from './messages';

/**
 * The buyer's message for every problem the API answers with (packages/shared's list) and for the
 * network's: a new problem code without a message here does not compile. `null`: said by status.
 */
const BY_CODE: Partial<Record<string, MessageKey | null>> & Record<ApiErrorCode, MessageKey | null> = {
  rate_limited: 'error.rateLimited',
  whop_unavailable: 'error.whop',
  whop_timeout: 'error.whop',
  whop_unknown: 'error.whopUnknown',
  service_unavailable: 'error.unavailable',
  internal_error: 'error.server',
  network_error: 'error.network',
  network_timeout: 'error.timeout',
  invalid_response: 'error.server',
  not_found: 'error.notFound',
  payment_not_found: 'error.notFound',
  hold_not_found: 'error.notFound',
  route_not_found: 'error.notFound',
  asset_not_found: 'error.notFound',
  event_not_found: 'error.notFound',
  unauthorized: 'error.session',
  invalid_token: 'error.session',
  token_expired: 'error.session',
  operator_token_expired: 'error.session',
  invalid_signature: 'error.session',
  // Refusals a buyer's page meets only through a defect or a stale page: "reload and try again".
  validation_failed: 'error.request',
  invalid_json: 'error.request',
  bad_request: 'error.request',
  invalid_webhook: 'error.request',
  request_refused: 'error.request',
  forbidden: 'error.request',
  method_not_allowed: 'error.request',
  insufficient_credits: 'error.request',
  hold_ended: 'error.request',
  capture_exceeds_hold: 'error.request',
  payment_not_pending: 'error.request',
  not_in_review: 'error.request',
  order_changed: 'error.request',
  granted_elsewhere: 'error.request',
  not_refundable: 'error.request',
  no_difference: 'error.request',
  refund_refused: 'error.request',
  refund_under_way: 'error.request',
  request_in_progress: 'error.request',
  event_unreadable: 'error.request',
  precondition_failed: 'error.request',
  payload_too_large: 'error.request',
  unsupported_encoding: 'error.request',
  range_not_satisfiable: 'error.request',
  idempotency_key_reused: 'error.request',
  http_error: null,
};

/**
 * The message a buyer reads for an error, chosen by the problem's `code` (an answer naming no known
 * problem by its status), never the API's own English text. A rate limit says when to try again.
 */
export function problemKey(error: unknown): MessageKey {
  if (!(error instanceof ApiError)) return 'error.server';
  const known = Object.hasOwn(BY_CODE, error.code) ? BY_CODE[error.code] : null;
  if (known) return known;
  if (error.status === 429) return 'error.rateLimited';
  if (error.status === 502 || error.status === 504) return 'error.whop';
  if (error.status === 503) return 'error.unavailable';
  if (error.status === 401) return 'error.session';
  if (error.status >= 400 && error.status < 500) return 'error.request';
  return 'error.server';
}
