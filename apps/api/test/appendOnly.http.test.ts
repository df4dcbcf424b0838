import { randomBytes, randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { Client } from 'pg';
import { paymentSchema } from '@credits/shared';
import { TEST_CARDS } from '@credits/whop-sim';
import { openPostgresStore } from '../src/store/postgres/open';
import { testDatabases, type TestDatabase } from './support/databases';
import { startHarness } from './support/harness';
import { eventually } from './support/wait';

/**
 * The ledger and the audit log are append-only for everyone, the tables' owner included (UPDATE,
 * DELETE and TRUNCATE refused by triggers), and the service runs as a role that may only add to
 * them: the GRANTs of docs/deployment.md, applied here, let it do all its work and nothing more.
 */
const postgres = testDatabases.find((d) => d.name === 'postgres');

/** The GRANTs docs/deployment.md shows, for `role`. */
const APP_ROLE_GRANTS = (role: string) => [
  `grant usage on schema public, drizzle to ${role}`,
  `grant select on drizzle.__drizzle_migrations to ${role}`,
  `grant select, insert, update, delete on payments, credit_accounts, credit_holds, webhook_events, leases, watermarks, idempotency_records, request_minutes, money_movements, unreadable_whop_objects to ${role}`,
  `grant select, insert on ledger_entries, audit_log, ledger_checks to ${role}`,
  `grant usage, select on all sequences in schema public to ${role}`,
];

async function asOwner<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe.each(testDatabases.filter((d) => d.name !== 'mongodb'))('append-only ledger and audit log on $name', (database) => {
  it('refuses to change or empty the ledger and the audit log, the tables’ owner included', async () => {
    const store = await database.open();
    try {
      // The store's own connection: the role that owns the tables (PGlite has no other).
      const { db } = store as unknown as { db: { execute(query: SQL): Promise<unknown> } };
      for (const statement of ['truncate audit_log', 'truncate ledger_entries', 'delete from ledger_entries', 'update ledger_entries set credits = 0', 'delete from audit_log']) {
        await expect(db.execute(sql.raw(statement)).catch((err: Error & { cause?: Error }) => Promise.reject(err.cause ?? err))).rejects.toThrow(/append-only/);
      }
    } finally {
      await store.close();
    }
  });
});

(postgres ? describe : describe.skip)('the service as a role that may only add to the ledger and the audit log, on postgres', () => {
  it('does all its work (purchases, refunds, operators’ actions, the sweep) and cannot rewrite history', async () => {
    const role = `credits_app_${randomBytes(4).toString('hex')}`;
    let ownerUrl = '';
    const restricted: TestDatabase = {
      name: 'postgres (restricted)',
      async open() {
        // The owner migrates (and the database is dropped on close, as the harness's always are); the service connects as the role.
        const owned = await postgres!.open();
        ownerUrl = postgres!.urlOf!(owned);
        await asOwner(ownerUrl, async (client) => {
          await client.query(`create role ${role} login`);
          for (const grant of APP_ROLE_GRANTS(role)) await client.query(grant);
        });
        const url = new URL(ownerUrl);
        url.username = role;
        const store = await openPostgresStore(url.toString(), { poolSize: 10, migrationUrl: ownerUrl });
        const close = store.close.bind(store);
        store.close = async () => {
          await close();
          await asOwner(ownerUrl, (client) => client.query(`drop owned by ${role}`));
          await owned.close();
          const admin = new Client({ connectionString: process.env.TEST_DATABASE_URL });
          await admin.connect();
          await admin.query(`drop role if exists ${role}`);
          await admin.end();
        };
        return store;
      },
    };
    const h = await startHarness(restricted);
    try {
      const buyer = `buyer-${randomUUID().slice(0, 8)}`;
      const order = paymentSchema.parse((await h.api.post('/api/payment/create').set(h.auth(buyer)).send({ packageId: 'standard' }).expect(201)).body.payment);
      await h.sim.pay(order.whopCheckoutId!, TEST_CARDS.success);
      await eventually(async () => (await h.api.get('/api/credits').set(h.auth(buyer))).body.balance === 1_000, 5_000, 'the grant');
      await h.api.post('/api/credits/spend').set(h.auth(buyer)).set('Idempotency-Key', 'spend').send({ credits: 100, reason: 'a generation' }).expect(200);
      await h.api.post(`/api/admin/users/${buyer}/adjustments`).set(h.operator()).set('Idempotency-Key', 'adj').send({ credits: 5, reason: 'goodwill' }).expect(201);
      await h.api.post(`/api/admin/orders/${order.id}/resolve`).set(h.operator()).set('Idempotency-Key', 'refund').send({ action: 'refund', note: 'asked' }).expect(200);
      await eventually(async () => (await h.api.get(`/api/payment/${order.id}`).set(h.auth(buyer))).body.payment.status === 'refunded', 5_000, 'the refund');
      const report = await h.components.sweeper.runOnce();
      expect(report.ledgerDifferences).toEqual([]);
      expect((await h.api.get('/api/credits').set(h.auth(buyer)).expect(200)).body.balance).toBe(-95);

      // The role itself: no rewriting, no emptying, no dropping the guard.
      const url = new URL(ownerUrl);
      url.username = role;
      const client = new Client({ connectionString: url.toString() });
      await client.connect();
      try {
        for (const statement of [
          'truncate audit_log',
          'truncate ledger_entries',
          'delete from ledger_entries',
          'update ledger_entries set credits = 0',
          'delete from audit_log',
          'drop trigger audit_log_no_change on audit_log',
          'alter table ledger_entries disable trigger all',
        ]) {
          await expect(client.query(statement)).rejects.toThrow(/permission denied|must be owner|append-only/);
        }
      } finally {
        await client.end();
      }
    } finally {
      await h.close();
    }
  });
});
