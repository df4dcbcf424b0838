import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createCreditsClient, CreditsApiError, idempotencyKey, unwrap } from '../../../packages/client/src';
import { testDatabases } from './support/databases';
import { SERVICE_API_KEY, useHarness } from './support/harness';

/** `@credits/client` against the real API: typed calls, the token asked per request, problems thrown with their code. */
const database = testDatabases[0]!;

describe(`@credits/client against the API on ${database.name}`, () => {
  const { h, user } = useHarness(database);

  it('lists the packs, buys, and reads the credits, with the user’s token asked before each request', async () => {
    const alice = user('client');
    let asked = 0;
    const client = createCreditsClient({ baseUrl: `${h.apiUrl}/`, token: () => (asked++, h.token(alice)) });
    const { packages } = unwrap(await client.GET('/api/payment/packages'));
    expect(packages.map((p) => p.id)).toEqual(['basic', 'standard', 'premium']);
    const { payment } = unwrap(await client.POST('/api/payment/create', { body: { packageId: 'basic' }, params: { header: { 'Idempotency-Key': idempotencyKey() } } }));
    expect(payment).toMatchObject({ userId: alice, packageId: 'basic', status: 'pending' });
    expect(unwrap(await client.GET('/api/credits'))).toEqual({ balance: 0, held: 0, available: 0 });
    expect(asked).toBe(3);
  });

  it('runs docs/integration.md’s backend example: a spend with SERVICE_API_KEY, too few credits caught by their code', async () => {
    const [creditsUrl, serviceKey, userId] = [h.apiUrl, SERVICE_API_KEY, user('client')];
    const said: string[] = [];
    const showBalance = (balance: number) => said.push(`balance ${balance}`);
    const offerPurchase = () => said.push('offer the purchase');
    async function spendOnImage() {
      const credits = createCreditsClient({ baseUrl: creditsUrl, token: () => serviceKey });

      try {
        const spent = unwrap(
          await credits.POST('/api/credits/spend', {
            body: { userId, credits: 50, reason: 'image generation' },
            params: { header: { 'Idempotency-Key': idempotencyKey() } },
          }),
        );
        showBalance(spent.balance);
      } catch (err) {
        if (err instanceof CreditsApiError && err.code === 'insufficient_credits') offerPurchase();
        else throw err;
      }
    }
    await spendOnImage();
    await h.api.post(`/api/admin/users/${userId}/adjustments`).set(h.operator()).set('Idempotency-Key', randomUUID()).send({ credits: 80, reason: 'seed' }).expect(201);
    await spendOnImage();
    await spendOnImage();
    expect(said).toEqual(['offer the purchase', 'balance 30', 'offer the purchase']);
  });

  it('throws a CreditsApiError with the problem’s code, and replays a keyed write', async () => {
    const bob = user('client');
    const client = createCreditsClient({ baseUrl: h.apiUrl, token: () => h.token(bob) });
    const hold = await client.POST('/api/credits/holds', { body: { credits: 10, reason: 'job' }, params: { header: { 'Idempotency-Key': idempotencyKey() } } });
    const error = (() => {
      try {
        unwrap(hold);
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(CreditsApiError);
    expect(error).toMatchObject({ status: 409, code: 'insufficient_credits' });
    await h.api.post(`/api/admin/users/${bob}/adjustments`).set(h.operator()).set('Idempotency-Key', randomUUID()).send({ credits: 100, reason: 'seed' }).expect(201);
    const key = idempotencyKey();
    const spend = () => client.POST('/api/credits/spend', { body: { credits: 30, reason: 'generation' }, params: { header: { 'Idempotency-Key': key } } });
    const first = unwrap(await spend());
    const again = await spend();
    expect(unwrap(again)).toEqual(first);
    expect(again.response.headers.get('idempotent-replayed')).toBe('true');
    expect(unwrap(await client.GET('/api/credits'))).toEqual({ balance: 70, held: 0, available: 70 });
    await expect(async () => unwrap(await createCreditsClient({ baseUrl: h.apiUrl }).GET('/api/credits'))).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
  });
});

describe('@credits/client as a package', () => {
  const root = path.resolve(__dirname, '../../..');

  it('is generated from the API’s current OpenAPI document', () => {
    expect(() => execFileSync(process.execPath, ['--import', 'tsx', 'scripts/generateClient.ts', '--check'], { cwd: root, stdio: 'pipe' })).not.toThrow();
  }, 60_000);

  it('packs built code and type declarations', () => {
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '-w', '@credits/client'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
    ) as Array<{
      files: Array<{ path: string }>;
    }>;
    const files = packed!.files.map((f) => f.path).sort();
    expect(files).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.d.ts', 'dist/schema.d.ts', 'package.json']));
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);
  }, 60_000);
});
