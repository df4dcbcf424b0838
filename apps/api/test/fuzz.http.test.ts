import fc from 'fast-check';
import { openApiDocument } from '../src/http/openapi';
import { testDatabases } from './support/databases';
import { CRON_SECRET, SERVICE_API_KEY, useHarness } from './support/harness';

/**
 * Every route of the OpenAPI document, called with random and hostile path values, query strings,
 * headers and bodies: no answer is a 500, the server stays up, and no balance moves.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 800);

const routes = Object.entries(openApiDocument({ enableTestEndpoints: true, enableDevSignIn: true }).paths ?? {}).flatMap(([path, item]) =>
  Object.keys(item ?? {})
    .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
    .map((method) => ({ method: method as 'get' | 'post' | 'put' | 'patch' | 'delete', path })),
);

const hostile = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.uuid(),
  fc.constantFrom('..', '../../etc/passwd', '%00', '\u0000', "' or 1=1 --", '${jndi:x}', '<script>', 'null', '-1', '1e400', ' ', 'ch_x', 'pay_x', '0'.repeat(5_000)),
);
const jsonBody = fc.oneof(
  fc.jsonValue(),
  fc.record({ credits: fc.oneof(fc.integer(), fc.double(), fc.string()), reason: hostile, userId: hostile, packageId: hostile }, { requiredKeys: [] }),
  // Nearly valid bodies, to get past the schema to what lies behind it.
  fc.record({ credits: fc.integer({ min: 1, max: 100 }), reason: hostile }),
  fc.record({ packageId: fc.oneof(fc.constantFrom('basic', 'standard', 'premium'), hostile) }),
);

describe.each(testDatabases)('fuzzing every route on $name', (database) => {
  const { h, user } = useHarness(database);

  it(`answers ${RUNS} random and hostile requests without a 500 and moves no balance`, async () => {
    const victim = user('fuzz');
    // Mostly the victim's own valid token: the checks behind authentication are the ones worth reaching.
    const authorizations = fc.oneof(
      { arbitrary: fc.constant(`Bearer ${h.token(victim)}`), weight: 6 },
      { arbitrary: fc.constantFrom(`Bearer ${SERVICE_API_KEY}`, `Bearer ${CRON_SECRET}`, 'Bearer not-a-token', 'Basic abc', ''), weight: 2 },
    );
    // Cursors shaped like ours (base64url JSON of [time, id]) with hostile parts, and garbage.
    const cursor = fc.oneof(
      fc.tuple(fc.oneof(fc.integer(), fc.double(), fc.constant(8.64e15)), hostile).map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')),
      hostile,
    );
    const request = fc.record({
      route: fc.constantFrom(...routes),
      params: fc.array(hostile, { minLength: 3, maxLength: 3 }),
      query: fc.record({ cursor, limit: fc.oneof(hostile, fc.integer().map(String)), other: hostile }, { requiredKeys: [] }),
      authorization: authorizations,
      contentType: fc.oneof(
        { arbitrary: fc.constant('application/json'), weight: 4 },
        { arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', ''), weight: 1 },
      ),
      idempotencyKey: fc.option(fc.string({ maxLength: 300 }), { nil: undefined }),
      body: fc.oneof(
        jsonBody.map((b) => JSON.stringify(b)),
        fc.string({ unit: 'binary', maxLength: 2_000 }),
      ),
    });
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async ({ route, params, query, authorization, contentType, idempotencyKey, body }) => {
        let i = 0;
        const path = route.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(params[i++] ?? ''));
        let call = h.api[route.method](path).query(query).set('Authorization', authorization);
        if (idempotencyKey !== undefined && /^[\x20-\x7e]*$/.test(idempotencyKey)) call = call.set('Idempotency-Key', idempotencyKey);
        if (route.method !== 'get' && route.method !== 'delete') call = call.set('Content-Type', contentType).send(body);
        const res = await call;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect({ route: `${route.method} ${route.path}`, status: res.status, body: res.status >= 500 ? res.text : '' }).toMatchObject({ status: expect.any(Number) });
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
    await h.api.get('/healthz').expect(200);
    expect((await h.api.get('/api/credits').set(h.auth(victim)).expect(200)).body.balance).toBe(0);
    expect((await h.store.ledger.page(victim, { limit: 5 })).items).toEqual([]);
    // The run reached past the doors: some requests were authenticated and some were refused as bad input.
    expect([...statuses.keys()].some((s) => s === 400 || s === 422)).toBe(true);
    expect([...statuses.keys()].some((s) => s === 200 || s === 201 || s === 404 || s === 409)).toBe(true);
  }, 120_000);
});
