import { Client } from 'pg';
import request from 'supertest';
import { startSimulator, type RunningSimulator } from '@credits/whop-sim';
import { signToken } from '../src/auth/jwt';
import type { Store } from '../src/store/ports';
import { paymentEvent, signed } from './support/builders';
import { testDatabases } from './support/databases';
import { COMPANY_ID, JWT_SECRET, WEBHOOK_SECRET } from './support/harness';
import { freePort, startServerProcess, type ServerProcess } from './support/serverProcess';
import { eventually } from './support/wait';

/**
 * The API process is killed (SIGKILL) while a webhook's transaction is in flight; a new process
 * receives Whop's redelivery and credits once. Needs a database another process can reach.
 */
const postgres = testDatabases.find((d) => d.name === 'postgres');
const describeWithServer = postgres ? describe : describe.skip;
if (!postgres) console.log('skipped: the process-kill test needs TEST_DATABASE_URL (PostgreSQL)');

describeWithServer('a process killed between receiving and committing', () => {
  let store: Store;
  let sim: RunningSimulator;
  let env: Record<string, string>;
  let port: number;
  let server: ServerProcess | null = null;

  beforeAll(async () => {
    store = await postgres!.open();
    sim = await startSimulator({ port: 0, webhookSecret: WEBHOOK_SECRET, apiKey: 'crash_key', retryScheduleMs: [] });
    port = await freePort();
    env = {
      DATABASE_URL: postgres!.urlOf!(store),
      JWT_SECRET,
      WHOP_API_KEY: 'crash_key',
      WHOP_WEBHOOK_SECRET: WEBHOOK_SECRET,
      WHOP_COMPANY_ID: COMPANY_ID,
      WHOP_API_BASE_URL: sim.apiBaseUrl,
      SWEEP_INTERVAL_SECONDS: '0',
    };
  });
  afterAll(async () => {
    await server?.stop();
    await sim.close();
    await store.close();
  });

  it('leaves nothing half-written, and the redelivery credits once', async () => {
    server = await startServerProcess(port, env);
    const token = signToken('kim', JWT_SECRET, 600);
    const created = await request(server.url).post('/api/payment/create').set('Authorization', `Bearer ${token}`).send({ packageId: 'standard' }).expect(201);
    const order = created.body.payment;
    const event = paymentEvent(order);
    const { body, headers } = signed(event);

    // Hold the order's row so the API's completion blocks inside its transaction.
    const blocker = new Client({ connectionString: env.DATABASE_URL });
    await blocker.connect();
    await blocker.query('begin');
    await blocker.query('select id from payments where id = $1 for update', [order.id]);
    const inFlight = request(server.url)
      .post('/api/payment/webhook/whop')
      .set(headers)
      .send(body)
      .then(
        (r) => r.status,
        () => 'connection lost',
      );
    await eventually(
      async () => {
        const waiting = await blocker.query("select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'");
        return waiting.rows[0].n > 0;
      },
      10_000,
      'the API waiting on the row lock',
    );

    await server.kill();
    expect(await inFlight).toBe('connection lost');
    await blocker.query('rollback');
    await blocker.end();

    expect(await store.orders.find({ id: order.id })).toMatchObject({ status: 'pending', whopPaymentId: null });
    expect(await store.ledger.balance('kim')).toBe(0);
    // The event was recorded in the transaction that died with the process: nothing of it remains.
    expect(await store.inbox.find(event.id)).toBeNull();

    server = await startServerProcess(port, env);
    const redelivered = await request(server.url).post('/api/payment/webhook/whop').set(signed(event).headers).send(body).expect(200);
    expect(redelivered.body.outcome).toBe('completed');
    const again = await request(server.url).post('/api/payment/webhook/whop').set(signed(event).headers).send(body).expect(200);
    expect(again.body.outcome).toBe('duplicate');
    expect(await store.ledger.balance('kim')).toBe(1_000);
    const ledger = await store.ledger.page('kim', { limit: 10 });
    expect(ledger.items.map((e) => e.key)).toEqual([`grant:${event.data.id}`]);
  }, 120_000);
});
