import { createHmac, generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { UnauthorizedError } from '../src/errors';
import { verifyToken } from '../src/auth/jwt';

const SECRET = 'test-jwt-secret-that-is-long-enough-for-hs256';
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('JWT verification', () => {
  it.each([
    ['sub', { sub: 'alice' }, 'alice'],
    ['userId', { userId: 'bob' }, 'bob'],
    ['a numeric id', { id: 42 }, '42'],
  ])('takes the user from %s', (_what, claims, expected) => {
    expect(verifyToken(jwt.sign(claims, SECRET, { algorithm: 'HS256' }), SECRET)).toEqual({ id: expected, role: null });
  });

  it('reads role "admin" and nothing else as an operator’s', () => {
    expect(verifyToken(jwt.sign({ sub: 'ann', role: 'admin' }, SECRET, { algorithm: 'HS256' }), SECRET)).toEqual({ id: 'ann', role: 'admin' });
    for (const role of ['Admin', 'operator', ['admin'], true]) expect(verifyToken(jwt.sign({ sub: 'bo', role }, SECRET, { algorithm: 'HS256' }), SECRET).role).toBeNull();
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
    rejects(jwt.sign({ sub: 'alice' }, SECRET, { notBefore: 600 }));
  });

  it('refuses a token signed with another secret, and one that names no user', () => {
    rejects(jwt.sign({ sub: 'alice' }, 'another-secret-entirely-0123456789abcdef'));
    rejects(jwt.sign({ role: 'admin' }, SECRET));
    rejects(jwt.sign({ sub: '   ' }, SECRET));
  });
});
