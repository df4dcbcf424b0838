import type { RequestHandler, Request } from 'express';
import jwt from 'jsonwebtoken';
import { UnauthorizedError } from '../http/errors';

export interface AuthUser {
  id: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: AuthUser;
  }
}

const ALGORITHM = 'HS256' as const;
const MAX_USER_ID_LENGTH = 128;

/** The user id from the claims an app may already issue: `sub`, else `userId`, else `id`. */
function userIdFrom(claims: jwt.JwtPayload): string | null {
  for (const value of [claims.sub, claims.userId, claims.id]) {
    if ((typeof value === 'string' && value.trim() !== '') || (typeof value === 'number' && Number.isSafeInteger(value))) {
      const id = String(value).trim();
      return id.length <= MAX_USER_ID_LENGTH ? id : null;
    }
  }
  return null;
}

export function verifyToken(token: string, secret: string): AuthUser {
  let claims: string | jwt.JwtPayload;
  try {
    // The algorithm is pinned: `alg: none` and RS/HS confusion are refused by jsonwebtoken itself.
    claims = jwt.verify(token, secret, { algorithms: [ALGORITHM] });
  } catch (err) {
    const expired = err instanceof jwt.TokenExpiredError;
    throw new UnauthorizedError(expired ? 'The token has expired.' : 'The token is not valid.', expired ? 'token_expired' : 'invalid_token');
  }
  const id = typeof claims === 'object' ? userIdFrom(claims) : null;
  if (!id) throw new UnauthorizedError('The token names no user (sub, userId or id).', 'invalid_token');
  return { id };
}

export function signToken(userId: string, secret: string, expiresInSeconds: number): string {
  return jwt.sign({}, secret, { algorithm: ALGORITHM, subject: userId, expiresIn: expiresInSeconds });
}

export function requireUser(secret: string): RequestHandler {
  return (req, _res, next) => {
    const header = req.get('authorization');
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match?.[1]) return next(new UnauthorizedError());
    req.user = verifyToken(match[1], secret);
    next();
  };
}

/** The authenticated caller; requireUser must run before the handler. */
export function currentUser(req: Request): AuthUser {
  if (!req.user) throw new UnauthorizedError();
  return req.user;
}
