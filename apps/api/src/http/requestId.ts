import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { requestContext } from '../logger';

const VALID = /^[\w.:-]{1,128}$/;

/** Takes the caller's x-request-id (when sane) or makes one, echoes it, and scopes the request's logs to it. */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const given = req.get('x-request-id');
    const id = given && VALID.test(given) ? given : randomUUID();
    res.set('X-Request-Id', id);
    requestContext.run({ requestId: id }, next);
  };
}
