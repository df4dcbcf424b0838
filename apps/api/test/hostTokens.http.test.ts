import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { close, listen } from './support/listen';
import { testDatabases } from './support/databases';
import { useHarness } from './support/harness';

/**
 * Tokens of the host's own sign-in (Clerk, Auth0, Supabase…): signed with keys it publishes as a
 * JWKS, served here by a small server the test controls (it rotates keys and can go away).
 */
type Alg = 'RS256' | 'ES256' | 'EdDSA';
interface SigningKey {
  kid: string;
  alg: Alg;
  privateKey: CryptoKey;
  jwk: JWK;
}

async function signingKey(kid: string, alg: Alg): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** A JWKS endpoint publishing `keys`; `fetches` counts what was asked of it. */
class KeySet {
  keys: SigningKey[] = [];
  fetches = 0;
  up = true;
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((_req, res) => {
      this.fetches++;
      if (!this.up) {
        res.writeHead(503).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: this.keys.map((k) => k.jwk) }));
    });
    this.url = `${await listen(this.server)}/.well-known/jwks.json`;
  }

  close(): Promise<void> {
    return close(this.server);
  }
}

const ISSUER = 'https://sign-in.host.test';
const AUDIENCE = 'credits-api';

function token(key: SigningKey, claims: Record<string, unknown> = {}, options: { issuer?: string; audience?: string; expires?: string | null } = {}) {
  const jwt = new SignJWT({ ...claims })
    .setProtectedHeader({ alg: key.alg, kid: key.kid })
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt();
  if (options.expires !== null) jwt.setExpirationTime(options.expires ?? '1h');
  return jwt.sign(key.privateKey);
}

const keySet = new KeySet();
let rsa: SigningKey;
let ec: SigningKey;
let ed: SigningKey;

beforeAll(async () => {
  await keySet.start();
  [rsa, ec, ed] = await Promise.all([signingKey('rsa-1', 'RS256'), signingKey('ec-1', 'ES256'), signingKey('ed-1', 'EdDSA')]);
  keySet.keys = [rsa, ec, ed];
});
afterAll(() => keySet.close());

describe.each(testDatabases)('the host’s sign-in, through its JWKS, on $name', (database) => {
  const { h } = useHarness(database, {
    settings: {
      // Lazy: the key set's address is known once it listens.
      get jwks() {
        return { url: keySet.url, issuer: ISSUER, audience: AUDIENCE, userClaim: 'sub', roleClaim: 'https://host.test/roles', refetchAfterMs: 0 };
      },
      adminUserIds: [],
    },
  });
  const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });

  beforeEach(() => {
    keySet.keys = [rsa, ec, ed];
    keySet.up = true;
  });

  it.each(['RS256', 'ES256', 'EdDSA'] as const)('accepts a %s token and serves the user it names', async (alg) => {
    const key = { RS256: rsa, ES256: ec, EdDSA: ed }[alg];
    const res = await h.api
      .get('/api/me')
      .set(bearer(await token(key, { sub: `user_${alg}` })))
      .expect(200);
    expect(res.body).toEqual({ userId: `user_${alg}`, operator: false });
    await h.api
      .get('/api/credits')
      .set(bearer(await token(key, { sub: `user_${alg}` })))
      .expect(200, { balance: 0, held: 0, available: 0 });
  });

  it('buys with a host token: the order is the user’s, and HS256 tokens of JWT_SECRET still work beside it', async () => {
    const created = await h.api
      .post('/api/payment/create')
      .set(bearer(await token(rsa, { sub: 'host_buyer' })))
      .send({ packageId: 'basic' })
      .expect(201);
    expect(created.body.payment.userId).toBe('host_buyer');
    await h.api.get(`/api/payment/${created.body.payment.id}`).set(h.auth('host_buyer')).expect(200);
  });

  it('refuses a token signed by a key it does not publish, even under a published kid', async () => {
    const foreign = await signingKey('rsa-1', 'RS256');
    const res = await h.api
      .get('/api/me')
      .set(bearer(await token(foreign, { sub: 'mallory' })))
      .expect(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('invalid_token');
    const unknownKid = await signingKey('rsa-unknown', 'RS256');
    await h.api
      .get('/api/me')
      .set(bearer(await token(unknownKid, { sub: 'mallory' })))
      .expect(401);
  });

  it('refuses a wrong issuer, a wrong audience, no expiry, an expired token and no usable user', async () => {
    const refused = async (t: string, code = 'invalid_token') => expect((await h.api.get('/api/me').set(bearer(t)).expect(401)).body.code).toBe(code);
    await refused(await token(rsa, { sub: 'a' }, { issuer: 'https://other.test' }));
    await refused(await token(rsa, { sub: 'a' }, { audience: 'another-api' }));
    await refused(await token(rsa, { sub: 'a' }, { expires: null }));
    await refused(await token(rsa, { sub: 'a' }, { expires: '-1m' }), 'token_expired');
    await refused(await token(rsa, { sub: ' a' }));
    await refused(await token(rsa, {}));
  });

  it('never takes a published public key as an HMAC secret (HS256 goes to JWT_SECRET only)', async () => {
    const secret = new TextEncoder().encode(JSON.stringify(rsa.jwk));
    const forged = await new SignJWT({ sub: 'mallory' })
      .setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('1h')
      .sign(secret);
    await h.api.get('/api/me').set(bearer(forged)).expect(401);
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'mallory', iss: ISSUER, aud: AUDIENCE, exp: 9e9 })).toString('base64url')}.`;
    await h.api.get('/api/me').set(bearer(none)).expect(401);
  });

  it('picks up a key rotated in: an unknown kid fetches the key set again', async () => {
    await h.api
      .get('/api/me')
      .set(bearer(await token(rsa, { sub: 'before' })))
      .expect(200);
    const rotated = await signingKey('rsa-2', 'RS256');
    keySet.keys = [rotated];
    const before = keySet.fetches;
    await h.api
      .get('/api/me')
      .set(bearer(await token(rotated, { sub: 'after' })))
      .expect(200);
    expect(keySet.fetches).toBeGreaterThan(before);
  });

  it('makes operators by the role claim (a value or a list), within the operator token age', async () => {
    const admin = await token(rsa, { sub: 'ops_a', 'https://host.test/roles': ['viewer', 'admin'] });
    expect((await h.api.get('/api/me').set(bearer(admin)).expect(200)).body).toEqual({ userId: 'ops_a', operator: true });
    await h.api.get('/api/admin/stats').set(bearer(admin)).expect(200);
    const plain = await token(rsa, { sub: 'buyer_b', role: 'admin' });
    await h.api.get('/api/admin/stats').set(bearer(plain)).expect(403);
  });

  it('answers 503 (not 401) when the key set cannot be fetched, and recovers when it can', async () => {
    const rotated = await signingKey('rsa-3', 'RS256');
    keySet.up = false;
    const t = await token(rotated, { sub: 'waiting' });
    const res = await h.api.get('/api/me').set(bearer(t)).expect(503);
    expect(res.body.code).toBe('service_unavailable');
    keySet.up = true;
    keySet.keys = [rotated];
    await h.api.get('/api/me').set(bearer(t)).expect(200);
  });
});
