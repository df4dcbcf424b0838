import { ConfigError, loadConfig } from '../src/config/env';

const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: 'a-production-secret-of-at-least-32-characters',
  WHOP_API_KEY: 'apik_live',
  WHOP_WEBHOOK_SECRET: 'ws_0123456789abcdef0123456789abcdef',
  WHOP_COMPANY_ID: 'biz_Live',
  DATABASE_URL: 'postgres://db.example/credits',
  METRICS_TOKEN: 'metrics-token-of-at-least-32-characters',
};

describe('configuration', () => {
  it('describes the embedded default when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      appUrl: 'http://localhost:3000',
      database: { kind: 'pglite' },
      enableTestEndpoints: true,
      enableDevSignIn: true,
      whop: { apiVersion: '2026-07-20', simulator: { port: 3100 }, apiBaseUrl: 'http://127.0.0.1:3100/api/v1' },
    });
    expect(config.whop.webhookSecret).toMatch(/^ws_[0-9a-f]{64}$/);
    expect(config.whop.simulator?.stateFile).toMatch(/[/\\]\.data[/\\]whop-sim\.json$/);
  });

  it('honours variables that are set in development mode', () => {
    const config = loadConfig({
      NODE_ENV: 'development',
      PORT: '4000',
      JWT_SECRET: 'mine',
      WHOP_WEBHOOK_SECRET: 'ws_mine_0123456789abcdef',
      DATABASE_URL: 'postgres://localhost/x',
    });
    expect(config).toMatchObject({
      port: 4000,
      jwtSecret: 'mine',
      database: { kind: 'postgres', url: 'postgres://localhost/x', migrationUrl: null },
      whop: { webhookSecret: 'ws_mine_0123456789abcdef' },
    });
  });

  it('starts in production with everything set, test and dev routes off whatever is asked', () => {
    const config = loadConfig({ ...PRODUCTION, ENABLE_TEST_ENDPOINTS: 'true' });
    expect(config).toMatchObject({ enableTestEndpoints: false, enableDevSignIn: false, whop: { simulator: null, apiBaseUrl: 'https://api.whop.com/api/v1' } });
  });

  it.each(['WHOP_API_KEY', 'WHOP_WEBHOOK_SECRET', 'WHOP_COMPANY_ID', 'DATABASE_URL', 'METRICS_TOKEN'])('stops production without %s, naming it', (name) => {
    const env: Record<string, string> = { ...PRODUCTION };
    delete env[name];
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });

  it('chooses MongoDB with MONGODB_URI, and refuses both databases at once', () => {
    expect(loadConfig({ NODE_ENV: 'development', MONGODB_URI: 'mongodb+srv://user:pw@cluster0.example.mongodb.net/credits' }).database).toEqual({
      kind: 'mongo',
      uri: 'mongodb+srv://user:pw@cluster0.example.mongodb.net/credits',
    });
    const { DATABASE_URL: _pg, ...withoutPostgres } = PRODUCTION;
    expect(loadConfig({ ...withoutPostgres, MONGODB_URI: 'mongodb://db.example/credits?replicaSet=rs0' }).database.kind).toBe('mongo');
    expect(() => loadConfig({ NODE_ENV: 'development', DATABASE_URL: 'postgres://localhost/x', MONGODB_URI: 'mongodb://localhost/x' })).toThrow('not both');
    expect(() => loadConfig({ NODE_ENV: 'development', MONGODB_URI: 'postgres://localhost/x' })).toThrow('MONGODB_URI');
  });

  it('says which mode it runs in and why, and never fails open to development with real settings', () => {
    expect(loadConfig({})).toMatchObject({ env: 'development', modeReason: 'nothing configured: the embedded default', host: '127.0.0.1' });
    expect(loadConfig({ NODE_ENV: 'development', DATABASE_URL: 'postgres://localhost/x' })).toMatchObject({ env: 'development', enableDevSignIn: true });
    const { NODE_ENV: _env, ...real } = PRODUCTION;
    expect(loadConfig(real)).toMatchObject({ env: 'production', enableDevSignIn: false, enableTestEndpoints: false, host: undefined });
    expect(loadConfig(real).modeReason).toBe('DATABASE_URL, WHOP_API_KEY, WHOP_WEBHOOK_SECRET, WHOP_COMPANY_ID set and NODE_ENV unset');
    expect(() => loadConfig({ DATABASE_URL: 'postgres://localhost/x' })).toThrow(/production \(DATABASE_URL set and NODE_ENV unset/);
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('takes the host’s sign-in from AUTH_JWKS_URL with its issuer, instead of or beside JWT_SECRET', () => {
    const jwks = { AUTH_JWKS_URL: 'https://clerk.app.test/.well-known/jwks.json', AUTH_ISSUER: 'https://clerk.app.test' };
    const { JWT_SECRET: _secret, ...withoutSecret } = PRODUCTION;
    expect(loadConfig({ ...withoutSecret, ...jwks })).toMatchObject({
      jwtSecret: null,
      jwks: { url: jwks.AUTH_JWKS_URL, issuer: jwks.AUTH_ISSUER, audience: null, userClaim: 'sub', roleClaim: 'role' },
    });
    expect(loadConfig({ ...PRODUCTION, ...jwks, AUTH_AUDIENCE: 'credits', AUTH_USER_CLAIM: 'uid', AUTH_ROLE_CLAIM: 'roles' })).toMatchObject({
      jwtSecret: PRODUCTION.JWT_SECRET,
      jwks: { audience: 'credits', userClaim: 'uid', roleClaim: 'roles' },
    });
    expect(() => loadConfig(withoutSecret)).toThrow('JWT_SECRET or AUTH_JWKS_URL');
    expect(() => loadConfig({ ...PRODUCTION, AUTH_JWKS_URL: jwks.AUTH_JWKS_URL })).toThrow('AUTH_ISSUER');
    expect(() => loadConfig({ ...PRODUCTION, AUTH_ISSUER: 'https://clerk.app.test', AUTH_AUDIENCE: 'x' })).toThrow(
      'AUTH_ISSUER, AUTH_AUDIENCE describe the tokens of AUTH_JWKS_URL',
    );
    expect(() => loadConfig({ ...PRODUCTION, ...jwks, AUTH_JWKS_URL: 'http://clerk.app.test/jwks.json' })).toThrow('https://');
    expect(loadConfig({ ...jwks, AUTH_JWKS_URL: 'http://127.0.0.1:4000/jwks.json' }).jwks?.url).toBe('http://127.0.0.1:4000/jwks.json');
  });

  it('tells the host app of movements with EVENTS_WEBHOOK_URL and a whsec_ secret, both or neither', () => {
    const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    expect(loadConfig({ ...PRODUCTION, EVENTS_WEBHOOK_URL: 'https://app.test/credits-events', EVENTS_WEBHOOK_SECRET: secret }).events).toEqual({
      url: 'https://app.test/credits-events',
      secret,
    });
    expect(loadConfig(PRODUCTION).events).toBeNull();
    expect(() => loadConfig({ ...PRODUCTION, EVENTS_WEBHOOK_URL: 'https://app.test/e' })).toThrow('go together');
    expect(() => loadConfig({ ...PRODUCTION, EVENTS_WEBHOOK_URL: 'https://app.test/e', EVENTS_WEBHOOK_SECRET: 'whsec_c2hvcnQ=' })).toThrow('at least 24');
    expect(() => loadConfig({ ...PRODUCTION, EVENTS_WEBHOOK_URL: 'https://app.test/e', EVENTS_WEBHOOK_SECRET: 'plain-secret-of-some-length-0123456789' })).toThrow('whsec_');
    expect(() => loadConfig({ ...PRODUCTION, EVENTS_WEBHOOK_URL: 'http://app.test/e', EVENTS_WEBHOOK_SECRET: secret })).toThrow('https://');
  });

  it('refuses the development JWT secret, and production with reconciliation off', () => {
    expect(() => loadConfig({ ...PRODUCTION, JWT_SECRET: 'development-only-jwt-secret-do-not-use-in-production' })).toThrow('development secret');
    expect(() => loadConfig({ ...PRODUCTION, SWEEP_INTERVAL_SECONDS: '0' })).toThrow('CRON_SECRET');
    expect(loadConfig({ ...PRODUCTION, SWEEP_INTERVAL_SECONDS: '0', CRON_SECRET: 'cron-secret-of-at-least-32-characters-x' }).sweeper.intervalMs).toBe(0);
  });

  it('knows two modes: any other NODE_ENV is refused beside real settings, and is the embedded default without them', () => {
    for (const mode of ['test', 'staging']) {
      expect(() => loadConfig({ NODE_ENV: mode, DATABASE_URL: 'postgres://localhost/x' })).toThrow(new RegExp(`NODE_ENV=${mode} names no mode.*DATABASE_URL`));
      expect(loadConfig({ NODE_ENV: mode })).toMatchObject({ env: 'development', modeReason: `NODE_ENV=${mode} and nothing configured: the embedded default` });
    }
  });

  it('refuses malformed values with the variable named', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow('PORT');
    expect(() => loadConfig({ WHOP_API_VERSION: 'latest' })).toThrow('WHOP_API_VERSION');
    expect(() => loadConfig({ WHOP_WEBHOOK_SECRET: 'short' })).toThrow('WHOP_WEBHOOK_SECRET');
    expect(() => loadConfig({ ADMIN_USER_IDS: 'ann,bo\u0000b' })).toThrow('ADMIN_USER_IDS');
    expect(() => loadConfig({ ADMIN_USER_IDS: 'ann,alice\u3000' })).toThrow('ADMIN_USER_IDS');
    expect(() => loadConfig({ ADMIN_USER_IDS: '\u00a0ann' })).toThrow('ADMIN_USER_IDS');
    expect(() => loadConfig({ OPERATOR_TOKEN_MAX_AGE: '10' })).toThrow('OPERATOR_TOKEN_MAX_AGE');
    expect(() => loadConfig({ TRUST_PROXY: 'everyone' })).toThrow('TRUST_PROXY');
    expect(() => loadConfig({ VITE_BRAND_LOGO_URL: 'https://' })).toThrow('VITE_BRAND_LOGO_URL');
  });

  it('reads the operators from ADMIN_USER_IDS', () => {
    expect(loadConfig({}).adminUserIds).toEqual([]);
    expect(loadConfig({ ADMIN_USER_IDS: ' ann , bob,,\tcy' }).adminUserIds).toEqual(['ann', 'bob', 'cy']);
    expect([loadConfig({}).operatorTokenMaxAgeSeconds, loadConfig({ OPERATOR_TOKEN_MAX_AGE: '3600' }).operatorTokenMaxAgeSeconds]).toEqual([43_200, 3_600]);
  });

  it('trusts X-Forwarded-For from loopback only unless TRUST_PROXY says which hops or addresses', () => {
    expect(loadConfig({}).trustProxy).toBe('loopback');
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.2' }).trustProxy).toBe('10.0.0.0/8, 192.168.1.2');
    expect(loadConfig({ VITE_BRAND_LOGO_URL: 'https://cdn.example.com/logo.svg' }).imageOrigins).toEqual(['https://cdn.example.com']);
    expect(loadConfig({ VITE_BRAND_LOGO_URL: '/logo.svg' }).imageOrigins).toEqual([]);
  });
});
