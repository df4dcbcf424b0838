import { createHmac, generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { UnauthorizedError } from '../src/errors';
import { isOperator, verifyToken } from '../src/auth/jwt';

const SECRET = 'test-jwt-secret-that-is-long-enough-for-hs256';
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** A token as the host app signs it: HS256, an hour to live, issued now unless the claims say otherwise. */
const sign = (claims: object) => jwt.sign(claims, SECRET, { algorithm: 'HS256', expiresIn: 3_600 });
const now = Math.floor(Date.now() / 1000);

describe('JWT verification', () => {
  it.each([
    ['sub', { sub: 'alice' }, 'alice'],
    ['userId', { userId: 'bob' }, 'bob'],
    ['a numeric id', { id: 42 }, '42'],
  ])('takes the user from %s', (_what, claims, expected) => {
    expect(verifyToken(sign({ ...claims, iat: now }), SECRET)).toEqual({ id: expected, role: null, issuedAt: now });
  });

  it('reads role "admin" and nothing else as an operator’s', () => {
    expect(verifyToken(sign({ sub: 'ann', role: 'admin', iat: now }), SECRET)).toEqual({ id: 'ann', role: 'admin', issuedAt: now });
    for (const role of ['Admin', 'operator', ['admin'], true]) expect(verifyToken(sign({ sub: 'bo', role }), SECRET).role).toBeNull();
  });

  it('compares user ids exactly: white space at either end (any Unicode space) names no one, rather than someone else', () => {
    for (const sub of ['alice\u3000', ' alice', 'alice\u00a0', '\ufeffalice', 'alice\n', 'alice\u2028']) rejects(sign({ sub }));
    expect(verifyToken(sign({ sub: 'Alice' }), SECRET).id).toBe('Alice');
    expect(verifyToken(sign({ sub: 'al ice' }), SECRET).id).toBe('al ice');
  });

  it('refuses a token without an expiry, however it is signed', () => {
    rejects(jwt.sign({ sub: 'alice' }, SECRET, { algorithm: 'HS256' }));
    rejects(jwt.sign({ sub: 'alice', role: 'admin' }, SECRET, { algorithm: 'HS256' }));
  });

  it('honours an operator’s token only while it is young: at most the maximum age after its iat, and never without one', () => {
    const operators = { userIds: new Set(['listed']), maxAgeSeconds: 12 * 3_600 };
    const user = (claims: object) => verifyToken(sign(claims), SECRET);
    expect(isOperator(user({ sub: 'ann', role: 'admin' }), operators)).toBe(true);
    expect(isOperator(user({ sub: 'listed' }), operators)).toBe(true);
    // Issued 13 hours ago, still valid for a day: a buyer's token may live that long, an operator's may not.
    const old = (claims: object) => verifyToken(jwt.sign({ ...claims, iat: now - 13 * 3_600, exp: now + 86_400 }, SECRET, { algorithm: 'HS256' }), SECRET);
    expect(isOperator(old({ sub: 'ann', role: 'admin' }), operators)).toBe(false);
    expect(isOperator(old({ sub: 'listed' }), operators)).toBe(false);
    expect(isOperator({ id: 'ann', role: 'admin', issuedAt: null }, operators)).toBe(false);
    expect(isOperator(user({ sub: 'someone' }), operators)).toBe(false);
  });

  function rejects(token: string, code = 'invalid_token') {
    let error: unknown;
    try {
      verifyToken(token, SECRET);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect((error as UnauthorizedError).code).toBe(code);
  }

  it('refuses alg none', () => {
    rejects(`${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'alice' })}.`);
  });

  it('refuses an HS256 token signed with the public key of an RS256 pair (alg confusion)', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const header = b64({ alg: 'HS256', typ: 'JWT' });
    const payload = b64({ sub: 'alice' });
    const signature = createHmac('sha256', pem).update(`${header}.${payload}`).digest('base64url');
    rejects(`${header}.${payload}.${signature}`);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    rejects(jwt.sign({ sub: 'alice' }, privateKey, { algorithm: 'RS256' }));
  });

  it('refuses an expired token and a token not yet valid', () => {
    rejects(jwt.sign({ sub: 'alice', exp: Math.floor(Date.now() / 1000) - 10 }, SECRET), 'token_expired');
    rejects(jwt.sign({ sub: 'alice' }, SECRET, { notBefore: 600, expiresIn: 3_600 }));
  });

  it('refuses a token signed with another secret, and one that names no user', () => {
    rejects(jwt.sign({ sub: 'alice' }, 'another-secret-entirely-0123456789abcdef', { expiresIn: 3_600 }));
    rejects(sign({ role: 'admin' }));
    rejects(sign({ sub: '   ' }));
  });
});
