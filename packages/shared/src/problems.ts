/**
 * Every problem the API answers with (application/problem+json): its `code`, HTTP status and title.
 * The API raises problems by code (apps/api/src/errors.ts), and the web app has a message for each:
 * a code added here without one does not compile.
 */
export const PROBLEMS = {
  // 400
  validation_failed: { status: 400, title: 'Invalid request' },
  invalid_json: { status: 400, title: 'Malformed JSON' },
  bad_request: { status: 400, title: 'Bad request' },
  invalid_webhook: { status: 400, title: 'Invalid webhook' },
  /** Another status below 500 from Express's own parts, which keeps its status. */
  request_refused: { status: 400, title: 'Request refused' },
  // 401
  unauthorized: { status: 401, title: 'Unauthorized' },
  invalid_token: { status: 401, title: 'Unauthorized' },
  token_expired: { status: 401, title: 'Unauthorized' },
  operator_token_expired: { status: 401, title: 'Unauthorized' },
  invalid_signature: { status: 401, title: 'Unauthorized' },
  // 403
  forbidden: { status: 403, title: 'Forbidden' },
  // 404
  not_found: { status: 404, title: 'Not found' },
  route_not_found: { status: 404, title: 'Not found' },
  asset_not_found: { status: 404, title: 'Not found' },
  payment_not_found: { status: 404, title: 'Not found' },
  event_not_found: { status: 404, title: 'Not found' },
  hold_not_found: { status: 404, title: 'Not found' },
  // 405
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  // 409
  insufficient_credits: { status: 409, title: 'Insufficient credits' },
  hold_ended: { status: 409, title: 'Hold ended' },
  payment_not_pending: { status: 409, title: 'Conflict' },
  not_in_review: { status: 409, title: 'Conflict' },
  order_changed: { status: 409, title: 'Conflict' },
  granted_elsewhere: { status: 409, title: 'Conflict' },
  not_refundable: { status: 409, title: 'Conflict' },
  no_difference: { status: 409, title: 'Conflict' },
  refund_refused: { status: 409, title: 'Conflict' },
  refund_under_way: { status: 409, title: 'Conflict' },
  request_in_progress: { status: 409, title: 'Conflict' },
  event_unreadable: { status: 409, title: 'Event unreadable' },
  whop_unknown: { status: 409, title: 'Whop does not know this payment' },
  // 412 to 429
  precondition_failed: { status: 412, title: 'Precondition failed' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  unsupported_encoding: { status: 415, title: 'Unsupported encoding' },
  range_not_satisfiable: { status: 416, title: 'Range not satisfiable' },
  idempotency_key_reused: { status: 422, title: 'Idempotency key reused' },
  capture_exceeds_hold: { status: 422, title: 'Capture exceeds the hold' },
  rate_limited: { status: 429, title: 'Too many requests' },
  // 5xx
  internal_error: { status: 500, title: 'Internal server error' },
  whop_unavailable: { status: 502, title: 'Payment provider unavailable' },
  service_unavailable: { status: 503, title: 'Service unavailable' },
  whop_timeout: { status: 504, title: 'Payment provider unavailable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof PROBLEMS;
export const PROBLEM_CODES = Object.keys(PROBLEMS) as [ProblemCode, ...ProblemCode[]];

/** The codes of the problems answered with `status`. */
export type ProblemCodeOf<Status extends number> = { [C in ProblemCode]: (typeof PROBLEMS)[C]['status'] extends Status ? C : never }[ProblemCode];
