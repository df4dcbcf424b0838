import { randomUUID } from 'node:crypto';
import { balanceResponseSchema, holdResponseSchema } from '@credits/shared';
import { ledgerKey } from '../src/domain/ledgerKeys';
import { requestHashOf } from '../src/services/idempotent';
import { testDatabases } from './support/databases';
import { useHarness } from './support/harness';

/** Holds over HTTP: set aside, captured or released once, expired by the sweep, never overdrawn. */
const SERVICE_KEY = 'service-key-of-the-host-backend-0123456789';

describe.each(testDatabases)('holds on $name', (database) => {
  const { h, user } = useHarness(database, { settings: { serviceApiKey: SERVICE_KEY } });

  /** A user with `credits` granted by an operator's adjustment. */
  async function funded(credits: number): Promise<string> {
    const id = user('hold');
    await h.api
      .post(`/api/admin/users/${encodeURIComponent(id)}/adjustments`)
      .set(h.operator())
      .set('Idempotency-Key', randomUUID())
      .send({ credits, reason: 'seed' })
      .expect(201);
    return id;
  }
  const hold = (userId: string, body: object, key = randomUUID()) => h.api.post('/api/credits/holds').set(h.auth(userId)).set('Idempotency-Key', key).send(body);
  const credits = async (userId: string) => balanceResponseSchema.parse((await h.api.get('/api/credits').set(h.auth(userId)).expect(200)).body);

  it('holds, then captures part: the capture is spent, the rest is freed, and the ledger shows one spend', async () => {
    const alice = await funded(1_000);
    const created = await hold(alice, { credits: 300, reason: 'generation g1' }).expect(201);
    const body = holdResponseSchema.parse(created.body);
    expect(created.headers.location).toBe(`/api/credits/holds/${body.hold.id}`);
    expect(body).toMatchObject({ hold: { credits: 300, status: 'active', capturedCredits: 0, userId: alice }, balance: 1_000, held: 300, available: 700 });
    expect(await credits(alice)).toEqual({ balance: 1_000, held: 300, available: 700 });

    const captured = await h.api.post(`/api/credits/holds/${body.hold.id}/capture`).set(h.auth(alice)).send({ credits: 120 }).expect(200);
    expect(holdResponseSchema.parse(captured.body)).toMatchObject({ hold: { status: 'captured', capturedCredits: 120 }, balance: 880, held: 0, available: 880 });
    const ledger = (await h.api.get('/api/credits/ledger').set(h.auth(alice)).expect(200)).body.entries as Array<{ kind: string; credits: number; memo: string }>;
    expect(ledger[0]).toMatchObject({ kind: 'spend', credits: -120, memo: 'generation g1' });

    // The same capture again answers as the first; another amount, or a release, is refused.
    const again = await h.api.post(`/api/credits/holds/${body.hold.id}/capture`).set(h.auth(alice)).send({ credits: 120 }).expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect((await h.api.post(`/api/credits/holds/${body.hold.id}/capture`).set(h.auth(alice)).send({ credits: 100 }).expect(409)).body.code).toBe('hold_ended');
    expect((await h.api.post(`/api/credits/holds/${body.hold.id}/release`).set(h.auth(alice)).expect(409)).body.code).toBe('hold_ended');
    expect(await credits(alice)).toEqual({ balance: 880, held: 0, available: 880 });
  });

  it('releases: nothing is spent; holds and spends beyond what is available are 409 and change nothing', async () => {
    const bob = await funded(500);
    const first = holdResponseSchema.parse((await hold(bob, { credits: 400, reason: 'long job' }).expect(201)).body);
    expect((await hold(bob, { credits: 101, reason: 'second job' }).expect(409)).body.code).toBe('insufficient_credits');
    const spend = await h.api.post('/api/credits/spend').set(h.auth(bob)).set('Idempotency-Key', randomUUID()).send({ credits: 101, reason: 'x' }).expect(409);
    expect(spend.body.detail).toContain('400 held');
    await h.api.post('/api/credits/spend').set(h.auth(bob)).set('Idempotency-Key', randomUUID()).send({ credits: 100, reason: 'x' }).expect(200);
    const released = await h.api.post(`/api/credits/holds/${first.hold.id}/release`).set(h.auth(bob)).expect(200);
    expect(holdResponseSchema.parse(released.body)).toMatchObject({ hold: { status: 'released', capturedCredits: 0 }, balance: 400, held: 0, available: 400 });
    await h.api.post(`/api/credits/holds/${first.hold.id}/release`).set(h.auth(bob)).expect(200);
  });

  it('replays a refused spend stored before holds existed (its answer kept only the balance)', async () => {
    const gus = user('hold');
    const key = randomUUID();
    await h.store.transact(async (uow) => {
      await uow.idempotency.claim(ledgerKey('spend', gus), key, requestHashOf([gus, 5, 'old']));
      await uow.idempotency.complete(ledgerKey('spend', gus), key, { outcome: 'insufficient', credits: 5, balance: 3 });
    });
    const res = await h.api.post('/api/credits/spend').set(h.auth(gus)).set('Idempotency-Key', key).send({ credits: 5, reason: 'old' }).expect(409);
    expect(res.body).toMatchObject({ code: 'insufficient_credits', detail: 'The available credits, 3, do not cover 5.' });
  });

  it('is once per Idempotency-Key: the same request replays, another body is 422', async () => {
    const carol = await funded(300);
    const key = randomUUID();
    const a = holdResponseSchema.parse((await hold(carol, { credits: 100, reason: 'r' }, key).expect(201)).body);
    const b = await hold(carol, { credits: 100, reason: 'r' }, key).expect(201);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(holdResponseSchema.parse(b.body).hold.id).toBe(a.hold.id);
    expect((await hold(carol, { credits: 101, reason: 'r' }, key).expect(422)).body.code).toBe('idempotency_key_reused');
    expect(await credits(carol)).toMatchObject({ held: 100 });
  });

  it('expires a hold past its time: the sweep frees it, and a capture after its time spends nothing', async () => {
    const dan = await funded(200);
    const short = holdResponseSchema.parse((await hold(dan, { credits: 150, reason: 'r', expiresInSeconds: 1 }).expect(201)).body);
    const late = holdResponseSchema.parse((await hold(dan, { credits: 50, reason: 'r', expiresInSeconds: 1 }).expect(201)).body);
    await new Promise((r) => setTimeout(r, 1_100));
    const res = await h.api.post(`/api/credits/holds/${late.hold.id}/capture`).set(h.auth(dan)).send({ credits: 50 }).expect(409);
    expect(res.body).toMatchObject({ code: 'hold_ended', detail: expect.stringContaining('expired') });
    const report = await h.components.sweeper.runOnce();
    expect(report.holdsExpired).toBe(1);
    expect(await credits(dan)).toEqual({ balance: 200, held: 0, available: 200 });
    expect((await h.store.holds.find(short.hold.id))?.status).toBe('expired');
  });

  it('lets the host’s backend hold and capture for a user with the service key; another user’s hold is 404', async () => {
    const erin = await funded(100);
    const service = { Authorization: `Bearer ${SERVICE_KEY}` };
    const created = await h.api.post('/api/credits/holds').set(service).set('Idempotency-Key', randomUUID()).send({ userId: erin, credits: 60, reason: 'api job' }).expect(201);
    const { hold: held } = holdResponseSchema.parse(created.body);
    await h.api
      .post(`/api/credits/holds/${held.id}/capture`)
      .set(h.auth(user('other')))
      .send({ credits: 10 })
      .expect(404);
    await h.api.post(`/api/credits/holds/${randomUUID()}/release`).set(h.auth(erin)).expect(404);
    await h.api.post('/api/credits/holds/not-a-hold/release').set(h.auth(erin)).expect(404);
    await h.api.post(`/api/credits/holds/${held.id}/capture`).set(service).send({ credits: 61 }).expect(422);
    await h.api.post(`/api/credits/holds/${held.id}/capture`).set(service).send({ credits: 60 }).expect(200);
    expect(await credits(erin)).toEqual({ balance: 40, held: 0, available: 40 });
    await hold(erin, { credits: 1, reason: 'r', price: 0 }).expect(400);
    await h.api.post('/api/credits/holds').set(h.auth(erin)).send({ credits: 1, reason: 'r' }).expect(400);
  });

  it('never overdraws under 50 concurrent holds, captures and spends', async () => {
    const fay = await funded(1_000);
    const held = await Promise.all(Array.from({ length: 10 }, () => hold(fay, { credits: 50, reason: 'batch' })));
    const holds = held.filter((r) => r.status === 201).map((r) => holdResponseSchema.parse(r.body).hold.id);
    expect(holds).toHaveLength(10);
    const ops = [
      ...holds.map((id, i) =>
        h.api
          .post(`/api/credits/holds/${id}/${i % 2 ? 'release' : 'capture'}`)
          .set(h.auth(fay))
          .send(i % 2 ? undefined : { credits: 50 }),
      ),
      ...Array.from({ length: 20 }, () => hold(fay, { credits: 100, reason: 'more' })),
      ...Array.from({ length: 20 }, () => h.api.post('/api/credits/spend').set(h.auth(fay)).set('Idempotency-Key', randomUUID()).send({ credits: 100, reason: 'spend' })),
    ];
    const answers = await Promise.all(ops);
    for (const a of answers) expect([200, 201, 409]).toContain(a.status);
    const after = await credits(fay);
    expect(after.available).toBeGreaterThanOrEqual(0);
    expect(after.balance - after.held).toBe(after.available);
    // Captured 5 × 50, released 5 × 50: 750 left to take, 100 at a time by holds and spends, the earlier ones
    // against what was available before the releases (500): between 5 and 7 taken, and never more than there was.
    const holdsTaken = answers.slice(10, 30).filter((a) => a.status === 201).length;
    const spendsTaken = answers.slice(30).filter((a) => a.status === 200).length;
    expect(holdsTaken + spendsTaken).toBeGreaterThanOrEqual(5);
    expect(holdsTaken + spendsTaken).toBeLessThanOrEqual(7);
    expect(after).toEqual({ balance: 750 - 100 * spendsTaken, held: 100 * holdsTaken, available: 750 - 100 * (holdsTaken + spendsTaken) });
  });
});
