import { PROBLEMS, type ProblemCode, type ProblemCodeOf } from '@credits/shared';

/**
 * Typed errors, each a problem of packages/shared's list (its code, status and title); the one error
 * middleware (http/problem.ts) turns them into application/problem+json.
 */
export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;
  readonly title: string;

  constructor(
    readonly code: ProblemCode,
    detail: string,
    readonly errors?: FieldError[],
  ) {
    super(detail);
    ({ status: this.status, title: this.title } = PROBLEMS[code]);
  }
}

/** A status below 500 from Express's own parts (send, the router) with no problem of its own: it keeps its status. */
export class RequestRefusedError extends AppError {
  constructor(
    override readonly status: number,
    detail = 'The request was refused.',
  ) {
    super('request_refused', detail);
  }
}

export class ValidationError extends AppError {
  constructor(detail: string, errors?: FieldError[]) {
    super('validation_failed', detail, errors);
  }
}

/** An Idempotency-Key sent again with another request than the one it was first used for. */
export class IdempotencyKeyReusedError extends AppError {
  constructor(detail = 'This Idempotency-Key was already used for another action.') {
    super('idempotency_key_reused', detail);
  }
}

export class UnauthorizedError extends AppError {
  constructor(detail = 'A valid Bearer token is required.', code: ProblemCodeOf<401> = 'unauthorized') {
    super(code, detail);
  }
}

export class ForbiddenError extends AppError {
  constructor(detail = 'This needs an operator.') {
    super('forbidden', detail);
  }
}

export class NotFoundError extends AppError {
  constructor(detail = 'Not found.', code: ProblemCodeOf<404> = 'not_found') {
    super(code, detail);
  }
}

/** The request cannot be done in the state things are in (the code says which state). */
export class ConflictError extends AppError {
  constructor(detail: string, code: ProblemCodeOf<409>) {
    super(code, detail);
  }
}

/** Whop answered that it does not know what it was asked about (its 404): not an outage, and asking again will not change it. */
export class WhopUnknownError extends AppError {
  constructor(detail = 'Whop does not know this payment (it answered 404 Not Found). Nothing was changed.') {
    super('whop_unknown', detail);
  }
}

/** Whop answered with an error or could not be reached. */
export class UpstreamError extends AppError {
  constructor(detail: string, status: 502 | 504 = 502) {
    super(status === 504 ? 'whop_timeout' : 'whop_unavailable', detail);
  }
}

/** Our own database is unreachable: the caller (or Whop) should retry. */
export class ServiceUnavailableError extends AppError {
  constructor(detail = 'The service is temporarily unavailable. Try again shortly.') {
    super('service_unavailable', detail);
  }
}
