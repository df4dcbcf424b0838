import type { Response } from 'express';

/** Whop's v1 error body: `{ error: { type, code, message, param } }` (https://docs.whop.com/developer/troubleshooting). */
export class WhopError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly code: string | null = null,
    readonly param: string | null = null,
  ) {
    super(message);
  }
}

export function sendWhopError(res: Response, err: WhopError): void {
  res.status(err.status).json({ error: { type: err.type, code: err.code, message: err.message, param: err.param } });
}

export const invalid = (message: string, param: string | null = null, code = 'parameter_invalid') => new WhopError(400, 'invalid_request_error', message, code, param);
export const notFound = () => new WhopError(404, 'not_found', 'Resource not found');
