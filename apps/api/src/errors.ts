/**
 * Typed errors. Each carries its HTTP status and a stable `code`; the one error middleware
 * (http/problem.ts) turns them into application/problem+json.
 */
export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail: string,
    readonly errors?: FieldError[],
  ) {
    super(detail);
  }
}

export class ValidationError extends AppError {
  constructor(detail: string, errors?: FieldError[]) {
    super(400, 'validation_failed', 'Invalid request', detail, errors);
  }
}

/** An Idempotency-Key sent again with another request than the one it was first used for. */
export class IdempotencyKeyReusedError extends AppError {
  constructor(detail = 'This Idempotency-Key was already used for another action.') {
    super(422, 'idempotency_key_reused', 'Idempotency key reused', detail);
  }
}

export class UnauthorizedError extends AppError {
  constructor(detail = 'A valid Bearer token is required.', code = 'unauthorized') {
    super(401, code, 'Unauthorized', detail);
  }
}

export class ForbiddenError extends AppError {
  constructor(detail = 'This needs an operator.', code = 'forbidden') {
    super(403, code, 'Forbidden', detail);
  }
}

export class NotFoundError extends AppError {
  constructor(detail = 'Not found.', code = 'not_found') {
    super(404, code, 'Not found', detail);
  }
}

export class ConflictError extends AppError {
  constructor(detail: string, code = 'conflict') {
    super(409, code, 'Conflict', detail);
  }
}

/** Whop answered that it does not know what it was asked about (its 404): not an outage, and asking again will not change it. */
export class WhopUnknownError extends AppError {
  constructor(detail = 'Whop does not know this payment (it answered 404 Not Found). Nothing was changed.') {
    super(409, 'whop_unknown', 'Whop does not know this payment', detail);
  }
}

/** Whop answered with an error or could not be reached. */
export class UpstreamError extends AppError {
  constructor(detail: string, status: 502 | 504 = 502) {
    super(status, status === 504 ? 'whop_timeout' : 'whop_unavailable', 'Payment provider unavailable', detail);
  }
}

/** Our own database is unreachable: the caller (or Whop) should retry. */
export class ServiceUnavailableError extends AppError {
  constructor(detail = 'The service is temporarily unavailable. Try again shortly.') {
    super(503, 'service_unavailable', 'Service unavailable', detail);
  }
}
