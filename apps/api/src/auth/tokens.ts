import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { ServiceUnavailableError, UnauthorizedError } from '../errors';
import { userFromClaims, verifyToken, type TokenVerifier } from './jwt';

/** Tokens signed by the host's sign-in (Clerk, Auth0, Supabase, any OIDC provider) with keys it publishes as a JWKS. */
export interface JwksSettings {
  url: string;
  /** The `iss` every token must carry. */
  issuer: string;
  /** The `aud` every token must carry; null: not checked (Clerk's session tokens carry none). */
  audience: string | null;
  /** The claim that names the user. */
  userClaim: string;
  /** The claim that makes an operator when it is `admin`, or a list holding `admin`. */
  roleClaim: string;
  /** After the keys were fetched, how long before a token with an unknown `kid` may fetch them again. */
  refetchAfterMs?: number;
}

/** What the providers sign with; HS256 goes only to the shared secret, so a public key can never be used as an HMAC secret. */
const ASYMMETRIC = ['RS256', 'ES256', 'EdDSA'];

/** Faults of the token itself (401), as opposed to the keys being out of reach (503). */
const TOKEN_FAULTS = [
  errors.JWTClaimValidationFailed,
  errors.JWTInvalid,
  errors.JWSInvalid,
  errors.JWSSignatureVerificationFailed,
  errors.JWKSNoMatchingKey,
  errors.JWKSMultipleMatchingKeys,
  errors.JOSEAlgNotAllowed,
  errors.JOSENotSupported,
  errors.JWKInvalid,
];

export function jwksVerifier(settings: JwksSettings): TokenVerifier {
  // Fetched when first needed, kept ten minutes, and fetched again at once for a `kid` it does not hold (a key rotated in).
  const keys = createRemoteJWKSet(new URL(settings.url), { cacheMaxAge: 10 * 60_000, cooldownDuration: settings.refetchAfterMs ?? 30_000, timeoutDuration: 5_000 });
  return {
    async verify(token) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          algorithms: ASYMMETRIC,
          issuer: settings.issuer,
          audience: settings.audience ?? undefined,
          requiredClaims: ['exp'],
        }));
      } catch (err) {
        if (err instanceof errors.JWTExpired) throw new UnauthorizedError('The token has expired.', 'token_expired');
        if (TOKEN_FAULTS.some((fault) => err instanceof fault)) throw new UnauthorizedError('The token is not valid.', 'invalid_token');
        throw new ServiceUnavailableError('The sign-in keys (AUTH_JWKS_URL) could not be fetched. Try again shortly.');
      }
      const role = payload[settings.roleClaim];
      return userFromClaims(payload, [settings.userClaim], role === 'admin' || (Array.isArray(role) && role.includes('admin')));
    },
  };
}

/** HS256 tokens against JWT_SECRET, others against the JWKS: by the token's `alg`, each only where it is configured. */
export function tokenVerifier({ jwtSecret, jwks }: { jwtSecret: string | null; jwks: JwksSettings | null }): TokenVerifier {
  const published = jwks ? jwksVerifier(jwks) : null;
  return {
    verify(token) {
      let alg: unknown;
      try {
        alg = decodeProtectedHeader(token).alg;
      } catch {
        return Promise.reject(new UnauthorizedError('The token is not valid.', 'invalid_token'));
      }
      if (alg === 'HS256' && jwtSecret) return Promise.resolve().then(() => verifyToken(token, jwtSecret));
      if (alg !== 'HS256' && published) return published.verify(token);
      return Promise.reject(new UnauthorizedError('The token is not valid.', 'invalid_token'));
    },
  };
}
