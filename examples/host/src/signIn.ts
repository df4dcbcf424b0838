import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK } from 'jose';

/**
 * The host's own sign-in, as an identity provider would run it: an RS256 key pair, the public half
 * published as a JWKS (what the credits API verifies tokens with), tokens naming the user in `sub`.
 */
export interface SignIn {
  jwks: { keys: JWK[] };
  issue(userId: string): Promise<string>;
  /** The user a token of ours names, or null. */
  verify(token: string): Promise<string | null>;
}

const KEY_ID = 'host-2026-12';

export async function createSignIn(issuer: string, audience: string): Promise<SignIn> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: KEY_ID, alg: 'RS256', use: 'sig' };
  return {
    jwks: { keys: [jwk] },
    issue: (userId) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'RS256', kid: KEY_ID })
        .setSubject(userId)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(privateKey),
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, publicKey, { issuer, audience, algorithms: ['RS256'] });
        return payload.sub ?? null;
      } catch {
        return null;
      }
    },
  };
}
