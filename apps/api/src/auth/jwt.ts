import { createHash, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { RequestHandler, Request } from 'express';
import jwt from 'jsonwebtoken';
import { hasControlCharacters } from '@credits/shared';
import { ForbiddenError, UnauthorizedError } from '../errors';

export interface AuthUser {
  id: string;
  /** `admin` when the token's `role` claim says so (ADMIN_USER_IDS is the other way to be an operator). */
  role: 'admin' | null;
  /** The token's `iat`, in seconds; null when it has none (such a token never acts as an operator). */
  issuedAt: number | null;
}

/** Who the operators are: a token with `role: "admin"` or a user listed, either only with a token issued at most `maxAgeSeconds` ago. */
export interface Operators {
  userIds: ReadonlySet<string>;
  maxAgeSeconds: number;
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: AuthUser;
    /** Set when the host app's backend called with the service key instead of a user's token. */
    service?: boolean;
  }
}

/** How a bearer token is checked (auth/tokens.ts): the shared secret, the host's published keys, or either. */
export interface TokenVerifier {
  verify(token: string): Promise<AuthUser>;
  /** The host app's own sign-in, when the API is mounted in it (createCredits): used instead of Bearer tokens. */
  authenticate?: HostAuthenticate;
}

/** Who a request is from, by the host app's own sign-in; null: nobody (401). `operator`: may use the console. */
export type HostAuthenticate = (req: Request) => Promise<{ userId: string; operator?: boolean } | null> | { userId: string; operator?: boolean } | null;

const ALGORITHM = 'HS256' as const;
const MAX_USER_ID_LENGTH = 128;

/**
 * The user id from the first of `names` a token carries, exactly as written: one with white space
 * at either end (any Unicode white space: `alice\u3000` is not `alice`) or control characters
 * names no one, rather than being trimmed into someone else.
 */
function userIdFrom(claims: Record<string, unknown>, names: readonly string[]): string | null {
  for (const value of names.map((name) => claims[name])) {
    if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
    if (typeof value === 'string' && value !== '') {
      return value.length <= MAX_USER_ID_LENGTH && !hasControlCharacters(value) && !/^\s|\s$/u.test(value) ? value : null;
    }
  }
  return null;
}

/**
 * The secret as a key object, made once: given a string, jsonwebtoken tries to read it as a public
 * key and then builds a secret key on every call, which was a sixth of the API's CPU under load.
 */
const keys = new Map<string, KeyObject>();
function keyOf(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(Buffer.from(secret, 'utf8'))));
  return key;
}

export function verifyToken(token: string, secret: string): AuthUser {
  let claims: string | jwt.JwtPayload;
  try {
    // The algorithm is pinned: `alg: none` and RS/HS confusion are refused by jsonwebtoken itself.
    claims = jwt.verify(token, keyOf(secret), { algorithms: [ALGORITHM] });
  } catch (err) {
    const expired = err instanceof jwt.TokenExpiredError;
    throw new UnauthorizedError(expired ? 'The token has expired.' : 'The token is not valid.', expired ? 'token_expired' : 'invalid_token');
  }
  if (typeof claims !== 'object') throw new UnauthorizedError('The token is not valid.', 'invalid_token');
  // A token without an expiry would be good forever.
  if (typeof claims.exp !== 'number') throw new UnauthorizedError('The token has no expiry (exp).', 'invalid_token');
  // The claims an app may already issue: `sub`, else `userId`, else `id`; `role` exactly "admin" for an operator.
  return userFromClaims(claims, ['sub', 'userId', 'id'], claims.role === 'admin');
}

/** The user a verified token names: the first of `userClaims` it carries. */
export function userFromClaims(claims: Record<string, unknown>, userClaims: readonly string[], admin: boolean): AuthUser {
  const id = userIdFrom(claims, userClaims);
  if (!id)
    throw new UnauthorizedError(
      `The token names no usable user (${userClaims.join(', ')}: at most 128 characters, no control characters, no white space at either end).`,
      'invalid_token',
    );
  return { id, role: admin ? 'admin' : null, issuedAt: typeof claims.iat === 'number' ? claims.iat : null };
}

export function signToken(userId: string, secret: string, expiresInSeconds: number, role: 'admin' | null = null): string {
  return jwt.sign(role ? { role } : {}, keyOf(secret), { algorithm: ALGORITHM, subject: userId, expiresIn: expiresInSeconds });
}

/** Someone who would be an operator (a token with `role: "admin"`, or a user listed in ADMIN_USER_IDS), whatever the token's age. */
function claimsOperator(user: AuthUser, operators: Operators): boolean {
  return user.role === 'admin' || operators.userIds.has(user.id);
}

/** An operator's token is short-lived: issued (`iat`) at most `maxAgeSeconds` ago. */
function freshEnough(user: AuthUser, operators: Operators, nowMs: number): boolean {
  return user.issuedAt !== null && nowMs / 1000 - user.issuedAt <= operators.maxAgeSeconds;
}

/** Operators: a token with `role: "admin"`, or a user listed in ADMIN_USER_IDS, with a token issued at most OPERATOR_TOKEN_MAX_AGE ago. */
export function isOperator(user: AuthUser, operators: Operators, nowMs = Date.now()): boolean {
  return claimsOperator(user, operators) && freshEnough(user, operators, nowMs);
}

/** Lets operators through; an operator's token too old (or without `iat`) is 401, everyone else 403. Runs after requireUser. */
export function requireOperator(operators: Operators): RequestHandler {
  return (req, _res, next) => {
    const user = currentUser(req);
    if (isOperator(user, operators)) return next();
    if (claimsOperator(user, operators)) {
      return next(new UnauthorizedError(`An operator's token must have been issued (iat) within ${operators.maxAgeSeconds} s; sign in again.`, 'operator_token_expired'));
    }
    next(new ForbiddenError('This is for operators: a token with role "admin", or a user listed in ADMIN_USER_IDS.'));
  };
}

function bearer(req: Request): string | null {
  const header = req.get('authorization');
  return (header ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined) ?? null;
}

export function requireUser(tokens: TokenVerifier): RequestHandler {
  return (req, res, next) => {
    // What is answered to a signed-in caller is theirs alone: no cache (browser, proxy or CDN) keeps it.
    res.set('Cache-Control', 'no-store');
    if (tokens.authenticate) {
      const { authenticate } = tokens;
      return void Promise.resolve()
        .then(() => authenticate(req))
        .then((host) => {
          if (!host) throw new UnauthorizedError('Sign in first.');
          // The same rules as a token's user id (a bad one is 401, never a crash).
          const id = userFromClaims({ sub: host.userId }, ['sub'], host.operator === true).id;
          // The host's session is as fresh as the request: an operator is one for as long as the host says.
          req.user = { id, role: host.operator ? 'admin' : null, issuedAt: Math.floor(Date.now() / 1000) };
        })
        .then(() => next(), next);
    }
    const token = bearer(req);
    if (!token) return next(new UnauthorizedError());
    tokens.verify(token).then((user) => {
      req.user = user;
      next();
    }, next);
  };
}

/** Compares digests, so neither length nor content leaks through timing. */
function sameSecret(a: string, b: string): boolean {
  const digest = (v: string) => createHash('sha256').update(v).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** A user's JWT, or — when `serviceKey` is configured — the host app's backend with that key. */
export function requireUserOrService(tokens: TokenVerifier, serviceKey: string | null): RequestHandler {
  const user = requireUser(tokens);
  return (req, res, next) => {
    const token = bearer(req);
    if (token && serviceKey && sameSecret(token, serviceKey)) {
      res.set('Cache-Control', 'no-store');
      req.service = true;
      return next();
    }
    user(req, res, next);
  };
}

/** A shared secret in the Authorization header (cron jobs, metrics scrapers). */
export function requireSecret(expected: string | null, what: string): RequestHandler {
  return (req, res, next) => {
    res.set('Cache-Control', 'no-store');
    const token = bearer(req);
    if (!expected || !token || !sameSecret(token, expected)) return next(new UnauthorizedError(`${what} needs its secret as a Bearer token.`));
    next();
  };
}

/** The authenticated caller; requireUser must run before the handler. */
export function currentUser(req: Request): AuthUser {
  if (!req.user) throw new UnauthorizedError();
  return req.user;
}
