import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_PACKAGES, hasControlCharacters, LOCAL_WHOP_ACCOUNT_ID, type CreditPackage } from '@credits/shared';
import type { JwksSettings } from '../auth/tokens';
import { CatalogError, readCatalog } from './catalog';

/**
 * The only reader of process.env. Everything else receives a Config.
 * With nothing set it describes the embedded default: PGlite, the in-process Whop simulator,
 * a development JWT secret, dev sign-in and the test endpoint.
 */

const DEV_JWT_SECRET = 'development-only-jwt-secret-do-not-use-in-production';
export const DEFAULT_WHOP_API_VERSION = '2026-07-20';
export const WHOP_PRODUCTION_API = 'https://api.whop.com/api/v1';

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(blankToUndefined, z.string().optional());
const bool = z.preprocess(
  blankToUndefined,
  z
    .enum(['true', 'false', '1', '0'])
    .transform((v) => v === 'true' || v === '1')
    .optional(),
);
const port = (fallback: number) => z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(65535).default(fallback));

const envSchema = z.object({
  // Any value is read, so that one this service has no mode for can be refused by name (modeOf).
  NODE_ENV: optionalString,
  PORT: port(3000),
  HOST: optionalString,
  APP_URL: z.preprocess(blankToUndefined, z.string().url().optional()),
  JWT_SECRET: optionalString,
  AUTH_JWKS_URL: z.preprocess(blankToUndefined, z.string().url().optional()),
  AUTH_ISSUER: optionalString,
  AUTH_AUDIENCE: optionalString,
  AUTH_USER_CLAIM: optionalString,
  AUTH_ROLE_CLAIM: optionalString,
  EVENTS_WEBHOOK_URL: z.preprocess(blankToUndefined, z.string().url().optional()),
  CREDITS_CATALOG: optionalString,
  EVENTS_WEBHOOK_SECRET: optionalString,
  DATABASE_URL: z.preprocess(blankToUndefined, z.string().url().optional()),
  DATABASE_MIGRATION_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
  ),
  MONGODB_URI: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// URI')
      .optional(),
  ),
  PGLITE_DATA_DIR: optionalString,
  WHOP_API_KEY: optionalString,
  WHOP_WEBHOOK_SECRET: optionalString,
  WHOP_COMPANY_ID: optionalString,
  WHOP_API_BASE_URL: z.preprocess(blankToUndefined, z.string().url().optional()),
  WHOP_API_VERSION: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}(-\d+)?$/, 'must look like 2026-07-20')
      .default(DEFAULT_WHOP_API_VERSION),
  ),
  WHOP_TIMEOUT_MS: z.preprocess(blankToUndefined, z.coerce.number().int().min(100).max(60_000).default(10_000)),
  WHOP_SIM_PORT: port(3100),
  WHOP_SIM_STATE_FILE: optionalString,
  WHOP_SIM_WEBHOOK_VERSION: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}(-\d+)?$/, 'must look like 2026-07-20')
      .optional(),
  ),
  WHOP_REFUND_SECOND_PAYMENTS: bool,
  ENABLE_TEST_ENDPOINTS: bool,
  SERVICE_API_KEY: optionalString,
  METRICS_TOKEN: optionalString,
  CRON_SECRET: optionalString,
  CORS_ORIGINS: optionalString,
  ADMIN_USER_IDS: optionalString,
  OPERATOR_TOKEN_MAX_AGE: z.preprocess(
    blankToUndefined,
    z.coerce
      .number()
      .int()
      .min(60)
      .max(7 * 86_400)
      .default(12 * 3_600),
  ),
  RATE_LIMIT_CREATE: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100_000).default(10)),
  RATE_LIMIT_RECHECK: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100_000).default(60)),
  RATE_LIMIT_IP: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(1_000_000).default(300)),
  REDIS_URL: z.preprocess(blankToUndefined, z.string().url().optional()),
  TRUST_PROXY: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(
        /^(\d{1,2}|((loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?)(\s*,\s*|$))+)$/,
        'must be a number of hops or a comma-separated list of addresses, CIDR ranges, loopback, linklocal or uniquelocal',
      )
      .optional(),
  ),
  VITE_BRAND_LOGO_URL: optionalString,
  SWEEP_INTERVAL_SECONDS: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(86_400).default(60)),
  ORDER_EXPIRY_HOURS: z.preprocess(
    blankToUndefined,
    z.coerce
      .number()
      .positive()
      .max(24 * 30)
      .default(24),
  ),
  LOG_LEVEL: z.preprocess(blankToUndefined, z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info')),
});

/** Every variable the API reads (the documents are tested against this list). */
export const CONFIG_VARIABLES = Object.keys(envSchema.shape).sort();

export interface Config {
  env: 'development' | 'production';
  /** Why this mode: said in the start banner. */
  modeReason: string;
  port: number;
  /** The interface to listen on: 127.0.0.1 outside production unless HOST says otherwise; every interface in production. */
  host: string | undefined;
  appUrl: string;
  /** HS256 tokens (and development sign-in); null in production when only the host's published keys sign tokens. */
  jwtSecret: string | null;
  /** The host's sign-in, verified through the keys it publishes (AUTH_JWKS_URL and the rest); null: none. */
  jwks: JwksSettings | null;
  /** The packs on sale: CREDITS_CATALOG's, else the seed's three. */
  packages: readonly CreditPackage[];
  /** Where the host app is told when credits move, and the Standard Webhooks secret it verifies with; null: not told. */
  events: { url: string; secret: string } | null;
  /** PostgreSQL's `migrationUrl`: the tables' owner, when the service runs as a role that may not change the schema. */
  database: { kind: 'postgres'; url: string; migrationUrl: string | null } | { kind: 'mongo'; uri: string } | { kind: 'pglite'; dataDir: string };
  whop: {
    apiKey: string;
    webhookSecret: string;
    companyId: string;
    apiBaseUrl: string;
    apiVersion: string;
    timeoutMs: number;
    /** Set when no WHOP_API_BASE_URL is configured outside production: run the simulator in-process. */
    simulator: { port: number; webhookVersion: string | null; stateFile: string } | null;
  };
  enableTestEndpoints: boolean;
  enableDevSignIn: boolean;
  serviceApiKey: string | null;
  cronSecret: string | null;
  metricsToken: string | null;
  corsOrigins: string[];
  /** Users who are operators whatever their token says (besides tokens with role "admin"). */
  adminUserIds: string[];
  /** Seconds after its `iat` an operator's token is honoured. */
  operatorTokenMaxAgeSeconds: number;
  /** Express's `trust proxy`: hops, or the addresses of the proxies in front (loopback only by default). */
  trustProxy: number | string;
  /** Origins images may come from besides this one: the brand logo's, when it is on another origin. */
  imageOrigins: string[];
  rateLimits: { perUser: number; rechecksPerUser: number; perIp: number; redisUrl: string | null };
  sweeper: { intervalMs: number; expireAfterMs: number; batchSize: number };
  /** Refund through Whop a second payment for an order already credited. */
  refundSecondPayments: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Settings that point at a real database or a real Whop: with any of them, the embedded default is over. */
const REAL_SETTINGS = ['DATABASE_URL', 'MONGODB_URI', 'WHOP_API_KEY', 'WHOP_WEBHOOK_SECRET', 'WHOP_COMPANY_ID', 'WHOP_API_BASE_URL'] as const;

/**
 * Only two modes exist. Development features (dev sign-in, the test endpoint, the simulator, the
 * development secret) need NODE_ENV=development, or the embedded default with nothing real
 * configured. Real settings without NODE_ENV mean production: failing open there would hand out
 * free credits. Any other NODE_ENV (test, staging…) with real settings is refused: it names no mode.
 */
function modeOf(e: z.infer<typeof envSchema>): { env: Config['env']; reason: string } {
  if (e.NODE_ENV === 'production' || e.NODE_ENV === 'development') return { env: e.NODE_ENV, reason: `NODE_ENV=${e.NODE_ENV}` };
  const real = REAL_SETTINGS.filter((name) => e[name]);
  if (e.NODE_ENV !== undefined) {
    if (real.length > 0)
      throw new ConfigError(
        `NODE_ENV=${e.NODE_ENV} names no mode of this service (only development and production exist), and ${real.join(', ')} ${real.length > 1 ? 'are' : 'is'} set: set NODE_ENV=production, or NODE_ENV=development to try development features against these settings`,
      );
    return { env: 'development', reason: `NODE_ENV=${e.NODE_ENV} and nothing configured: the embedded default` };
  }
  if (real.length > 0) return { env: 'production', reason: `${real.join(', ')} set and NODE_ENV unset` };
  return { env: 'development', reason: 'nothing configured: the embedded default' };
}

/** The brand logo's origin when it is on another one (the CSP must let the page show it). */
function logoOrigin(url: string | undefined): string[] {
  if (!url || !/^https?:\/\//i.test(url)) return [];
  try {
    return [new URL(url).origin];
  } catch {
    throw new ConfigError(`VITE_BRAND_LOGO_URL is not a URL: "${url}"`);
  }
}

/** The repository's root (where package-lock.json is), from the source tree or from the compiled dist/. */
function repoRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package-lock.json'))) return dir;
  }
  return process.cwd();
}

/** The host's sign-in: AUTH_JWKS_URL with its issuer (an issuer or audience alone is a mistake; the claims keep their defaults unused). */
function jwksOf(e: z.infer<typeof envSchema>): JwksSettings | null {
  const given = (['AUTH_ISSUER', 'AUTH_AUDIENCE'] as const).filter((k) => e[k] !== undefined);
  if (!e.AUTH_JWKS_URL) {
    if (given.length > 0) throw new ConfigError(`${given.join(', ')} describe the tokens of AUTH_JWKS_URL: set AUTH_JWKS_URL too`);
    return null;
  }
  if (!e.AUTH_ISSUER) throw new ConfigError('AUTH_JWKS_URL needs AUTH_ISSUER: the iss every token must carry (your sign-in provider names it)');
  return {
    url: e.AUTH_JWKS_URL,
    issuer: e.AUTH_ISSUER,
    audience: e.AUTH_AUDIENCE ?? null,
    userClaim: e.AUTH_USER_CLAIM ?? 'sub',
    roleClaim: e.AUTH_ROLE_CLAIM ?? 'role',
  };
}

/** EVENTS_WEBHOOK_URL with its secret in Standard Webhooks' `whsec_` form (base64 of at least 24 bytes). */
function eventsOf(e: z.infer<typeof envSchema>, production: boolean): Config['events'] {
  const { EVENTS_WEBHOOK_URL: url, EVENTS_WEBHOOK_SECRET: secret } = e;
  if (!url && !secret) return null;
  if (!url || !secret) throw new ConfigError('EVENTS_WEBHOOK_URL and EVENTS_WEBHOOK_SECRET go together: where events are sent, and the secret they are signed with');
  if (!/^whsec_[A-Za-z0-9+/]+={0,2}$/.test(secret) || Buffer.from(secret.slice('whsec_'.length), 'base64').length < 24)
    throw new ConfigError('EVENTS_WEBHOOK_SECRET must be whsec_ followed by the base64 of at least 24 random bytes');
  if (production && !url.startsWith('https://')) throw new ConfigError('EVENTS_WEBHOOK_URL must be an https:// URL in production');
  return { url, secret };
}

/** The packs of CREDITS_CATALOG (relative to the repository's root), else the seed's. */
function catalogOf(file: string | undefined): readonly CreditPackage[] {
  if (!file) return DEFAULT_PACKAGES;
  try {
    return readCatalog(path.resolve(repoRoot(), file));
  } catch (err) {
    if (err instanceof CatalogError) throw new ConfigError(`CREDITS_CATALOG is not a catalog this shop can sell from:\n${err.message}`);
    throw err;
  }
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  const { env, reason } = modeOf(e);
  const production = env === 'production';

  if (production) {
    const missing: string[] = (['WHOP_API_KEY', 'WHOP_WEBHOOK_SECRET', 'WHOP_COMPANY_ID', 'METRICS_TOKEN'] as const).filter((k) => !e[k]);
    if (!e.JWT_SECRET && !e.AUTH_JWKS_URL) missing.push('JWT_SECRET or AUTH_JWKS_URL');
    if (!e.DATABASE_URL && !e.MONGODB_URI) missing.push('DATABASE_URL or MONGODB_URI');
    const why = e.NODE_ENV ? 'NODE_ENV=production' : `production (${reason}; set NODE_ENV=development to try development features against these settings)`;
    if (missing.length > 0) throw new ConfigError(`${why} needs ${missing.join(', ')} (see .env.example)`);
    if (e.JWT_SECRET === DEV_JWT_SECRET)
      throw new ConfigError('JWT_SECRET is the development secret written in the source: anyone can mint tokens with it. Set a secret of your own.');
    if (e.JWT_SECRET !== undefined && e.JWT_SECRET.length < 32) throw new ConfigError('JWT_SECRET must be at least 32 characters in production');
    if (e.AUTH_JWKS_URL && !e.AUTH_JWKS_URL.startsWith('https://')) throw new ConfigError('AUTH_JWKS_URL must be an https:// URL in production');
    if (e.SWEEP_INTERVAL_SECONDS === 0 && !e.CRON_SECRET) {
      throw new ConfigError(
        'SWEEP_INTERVAL_SECONDS=0 turns the in-process sweep off, and without CRON_SECRET no scheduler can run it: nothing would recover lost webhooks or expire orders. Set CRON_SECRET (and call /api/internal/sweep), or an interval above 0.',
      );
    }
  }
  const jwks = jwksOf(e);
  if (e.DATABASE_URL && e.MONGODB_URI) throw new ConfigError('set DATABASE_URL (PostgreSQL) or MONGODB_URI (MongoDB), not both');
  if (e.DATABASE_MIGRATION_URL && !e.DATABASE_URL) throw new ConfigError('DATABASE_MIGRATION_URL migrates the PostgreSQL database of DATABASE_URL: set DATABASE_URL too');
  for (const name of ['SERVICE_API_KEY', 'CRON_SECRET', 'METRICS_TOKEN'] as const) {
    const value = e[name];
    if (value !== undefined && value.length < 32) throw new ConfigError(`${name} must be at least 32 characters`);
  }
  // Spaces and tabs around the commas are the list's; an id is compared exactly, so any other white space at its ends is refused.
  const adminUserIds = (e.ADMIN_USER_IDS ?? '')
    .split(',')
    .map((id) => id.replace(/^[ \t]+|[ \t]+$/g, ''))
    .filter(Boolean);
  const badAdmin = adminUserIds.find((id) => id.length > 128 || hasControlCharacters(id) || /^\s|\s$/u.test(id));
  if (badAdmin !== undefined)
    throw new ConfigError('ADMIN_USER_IDS must list user ids (at most 128 characters, no control characters, no white space at either end), comma-separated');
  const corsOrigins = (e.CORS_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  const badOrigin = corsOrigins.find((o) => !/^https?:\/\/[^/]+$/.test(o));
  if (badOrigin) throw new ConfigError(`CORS_ORIGINS must list origins like https://app.example.com, not "${badOrigin}"`);
  if (e.WHOP_WEBHOOK_SECRET !== undefined && e.WHOP_WEBHOOK_SECRET.trim().length < 16) {
    throw new ConfigError('WHOP_WEBHOOK_SECRET is too short: use the ws_… secret exactly as Whop shows it');
  }

  const useSimulator = !production && !e.WHOP_API_BASE_URL;
  const port = e.PORT;
  return {
    env,
    modeReason: reason,
    port,
    host: e.HOST ?? (production ? undefined : '127.0.0.1'),
    appUrl: (e.APP_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    jwtSecret: e.JWT_SECRET ?? (production ? null : DEV_JWT_SECRET),
    jwks,
    packages: catalogOf(e.CREDITS_CATALOG),
    events: eventsOf(e, production),
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, migrationUrl: e.DATABASE_MIGRATION_URL ?? null }
      : e.MONGODB_URI
        ? { kind: 'mongo', uri: e.MONGODB_URI }
        : { kind: 'pglite', dataDir: path.resolve(repoRoot(), e.PGLITE_DATA_DIR ?? '.data/pglite') },
    whop: {
      apiKey: e.WHOP_API_KEY ?? 'sim_local_development_key',
      webhookSecret: e.WHOP_WEBHOOK_SECRET ?? `ws_${randomBytes(32).toString('hex')}`,
      companyId: e.WHOP_COMPANY_ID ?? LOCAL_WHOP_ACCOUNT_ID,
      apiBaseUrl: e.WHOP_API_BASE_URL ?? (useSimulator ? `http://127.0.0.1:${e.WHOP_SIM_PORT}/api/v1` : WHOP_PRODUCTION_API),
      apiVersion: e.WHOP_API_VERSION,
      timeoutMs: e.WHOP_TIMEOUT_MS,
      simulator: useSimulator
        ? { port: e.WHOP_SIM_PORT, webhookVersion: e.WHOP_SIM_WEBHOOK_VERSION ?? null, stateFile: path.resolve(repoRoot(), e.WHOP_SIM_STATE_FILE ?? '.data/whop-sim.json') }
        : null,
    },
    enableTestEndpoints: !production && (e.ENABLE_TEST_ENDPOINTS ?? true),
    enableDevSignIn: !production,
    serviceApiKey: e.SERVICE_API_KEY ?? null,
    cronSecret: e.CRON_SECRET ?? null,
    metricsToken: e.METRICS_TOKEN ?? null,
    corsOrigins,
    adminUserIds,
    operatorTokenMaxAgeSeconds: e.OPERATOR_TOKEN_MAX_AGE,
    trustProxy: e.TRUST_PROXY === undefined ? 'loopback' : /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY,
    imageOrigins: logoOrigin(e.VITE_BRAND_LOGO_URL),
    rateLimits: { perUser: e.RATE_LIMIT_CREATE, rechecksPerUser: e.RATE_LIMIT_RECHECK, perIp: e.RATE_LIMIT_IP, redisUrl: e.REDIS_URL ?? null },
    sweeper: {
      intervalMs: e.SWEEP_INTERVAL_SECONDS * 1000,
      expireAfterMs: e.ORDER_EXPIRY_HOURS * 3_600_000,
      batchSize: 100,
    },
    refundSecondPayments: e.WHOP_REFUND_SECOND_PAYMENTS ?? true,
    logLevel: e.LOG_LEVEL,
  };
}
