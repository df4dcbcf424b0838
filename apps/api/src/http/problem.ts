import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Problem, ProblemCode } from '@credits/shared';
import { AppError, NotFoundError, RequestRefusedError, ServiceUnavailableError } from '../errors';
import type { Logger } from '../logger';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemTypeFor(code: string): string {
  return `urn:credits:problem:${code}`;
}

/** How long a client (or Whop) should wait before trying again after a 503. */
const RETRY_AFTER_SECONDS = 5;

export function sendProblem(res: Response, err: AppError): void {
  if (err.status === 503) res.set('Retry-After', String(RETRY_AFTER_SECONDS));
  const body: Problem = {
    type: problemTypeFor(err.code),
    title: err.title,
    status: err.status,
    detail: err.message,
    code: err.code,
    ...(err.errors ? { errors: err.errors } : {}),
  };
  res.status(err.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`No route for ${req.method} ${req.path}.`, 'route_not_found'));
};

/** What a status below 500 from Express's own parts (`send`, the router) is called here. */
const CLIENT_STATUS_CODES: Record<number, [code: ProblemCode, detail: string]> = {
  400: ['bad_request', 'The request could not be read (a malformed path, header or parameter).'],
  404: ['not_found', 'Nothing here.'],
  405: ['method_not_allowed', 'This method is not allowed here.'],
  412: ['precondition_failed', 'The request’s precondition (If-Match, If-Unmodified-Since) does not hold.'],
  416: ['range_not_satisfiable', 'The requested range is outside the file.'],
};

/** An error that says it is the request's fault: a status (or statusCode) from 400 to 499, as `send`, the router and http-errors set. */
function clientStatusOf(err: unknown): number | null {
  if (typeof err !== 'object' || err === null) return null;
  const { status, statusCode } = err as { status?: unknown; statusCode?: unknown };
  const value = typeof status === 'number' ? status : typeof statusCode === 'number' ? statusCode : null;
  return value !== null && value >= 400 && value < 500 ? value : null;
}

/** Errors raised by body-parser carry a `type` and a status. */
interface BodyParserError {
  type: string;
  status?: number;
}
function isBodyParserError(err: unknown): err is BodyParserError {
  return typeof err === 'object' && err !== null && typeof (err as { type?: unknown }).type === 'string' && 'status' in err;
}

/** Database drivers report connection loss with these codes (node-postgres, PGlite, net). */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);
/** The MongoDB driver's errors for a server out of reach. */
const MONGO_UNAVAILABLE = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
]);

/** True when `err`, or an error it wraps (drizzle wraps driver errors in `cause`), says the database is out of reach. */
export function isUnavailable(err: unknown, depth = 0): boolean {
  if (typeof err !== 'object' || err === null || depth > 5) return false;
  const { code, message, cause, errors } = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  const name = (err as { name?: unknown }).name;
  if (typeof name === 'string' && MONGO_UNAVAILABLE.has(name)) return true;
  if (
    typeof message === 'string' &&
    /Connection terminated|PGlite is closed|timeout exceeded when trying to connect|not queryable|Client was closed|Cannot use a pool after calling end/i.test(message)
  )
    return true;
  if (Array.isArray(errors) && errors.some((e) => isUnavailable(e, depth + 1))) return true;
  return isUnavailable(cause, depth + 1);
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    // An answer already under way (an export streaming page by page) cannot become a problem: it is cut short, so the
    // client sees the download incomplete rather than a file that looks whole.
    if (res.headersSent) {
      logger.error({ err: describe(err), path: req.path }, 'failed while answering; the response was cut short');
      res.destroy();
      return;
    }
    if (err instanceof AppError) return sendProblem(res, err);
    if (isBodyParserError(err)) {
      switch (err.type) {
        case 'entity.parse.failed':
          return sendProblem(res, new AppError('invalid_json', 'The request body is not valid JSON.'));
        case 'entity.too.large':
          return sendProblem(res, new AppError('payload_too_large', 'The request body is too large.'));
        case 'encoding.unsupported':
        case 'charset.unsupported':
          return sendProblem(res, new AppError('unsupported_encoding', 'The request body encoding is not supported.'));
        default:
          return sendProblem(res, new AppError('bad_request', 'The request body could not be read.'));
      }
    }
    const status = clientStatusOf(err);
    if (status !== null) {
      const known = CLIENT_STATUS_CODES[status];
      return sendProblem(res, known ? new AppError(...known) : new RequestRefusedError(status));
    }
    if (isUnavailable(err)) {
      logger.error({ err: describe(err), path: req.path }, 'database unavailable');
      return sendProblem(res, new ServiceUnavailableError());
    }
    logger.error({ err: describe(err), path: req.path }, 'unhandled error');
    sendProblem(res, new AppError('internal_error', 'Something went wrong on our side.'));
  };
}

function describe(err: unknown): Record<string, unknown> {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { value: String(err) };
}
