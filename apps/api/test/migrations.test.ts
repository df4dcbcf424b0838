import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import fc from 'fast-check';
import mongoose from 'mongoose';
import { Client } from 'pg';
import { figures, type OrderTerms } from '../src/domain/figures';
import { DISPUTE_STATUSES, emptyHistory, emptyPaymentHistory, responseDue, type OrderHistory } from '../src/domain/history';
import { openMongoStore } from '../src/store/mongo/open';
import { mongoUri } from './support/databases';

const MIGRATIONS = path.resolve(__dirname, '../src/store/postgres/migrations');

/** A folder holding the migrations before `tag` only: the schema a deployment had then. */
function migrationsBefore(tag: string): { folder: string; remove(): void } {
  const folder = mkdtempSync(path.join(tmpdir(), 'credits-migrations-'));
  cpSync(MIGRATIONS, folder, { recursive: true });
  const journalFile = path.join(folder, 'meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: Array<{ tag: string }> };
  const at = journal.entries.findIndex((e) => e.tag === tag);
  expect(at).toBeGreaterThan(0);
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  return { folder, remove: () => rmSync(folder, { recursive: true, force: true }) };
}

/** Orders as a deployment may hold them: payments paid or not, with or without tax on top, in the order's currency or another. */
const orderArb = fc.record({
  currency: fc.constantFrom('usd', 'eur'),
  amountCents: fc.constantFrom(100, 1_000, 10_000),
  payments: fc.array(
    fc.record({
      paid: fc.boolean(),
      chargedCents: fc.option(fc.integer({ min: 1, max: 20_000 })),
      tax: fc.option(fc.integer({ min: 0, max: 3_000 })),
      currency: fc.constantFrom(null, 'usd', 'eur', 'jpy'),
      usdTotalCents: fc.option(fc.integer({ min: 1, max: 30_000 })),
    }),
    { maxLength: 3 },
  ),
});

/** A new, empty database: migrated from a folder, queried, and gone when closed. */
interface Blank {
  migrate(folder: string): Promise<void>;
  query<T>(text: string, values?: unknown[]): Promise<{ rows: T[] }>;
  close(): Promise<void>;
}

const engines: Array<[string, () => Promise<Blank>]> = [
  [
    'pglite',
    async () => {
      const db = new PGlite();
      return { migrate: (folder) => migratePglite(drizzlePglite(db), { migrationsFolder: folder }), query: (text, values) => db.query(text, values), close: () => db.close() };
    },
  ],
];
const adminUrl = process.env.TEST_DATABASE_URL;
if (adminUrl) {
  engines.push([
    'postgres',
    async () => {
      const name = `credits_migrations_${randomBytes(6).toString('hex')}`;
      const admin = new Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`create database ${name}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const db = new Client({ connectionString: url.toString() });
      await db.connect();
      return {
        migrate: (folder) => migratePg(drizzlePg(db), { migrationsFolder: folder }),
        query: async (text, values) => ({ rows: (await db.query(text, values)).rows }),
        async close() {
          await db.end();
          await admin.query(`drop database if exists ${name} with (force)`);
          await admin.end();
        },
      };
    },
  ]);
}

/** An order as a deployment stored it before a migration. */
interface Stored {
  id: string;
  terms: OrderTerms;
  chargedCents: number;
  history: OrderHistory;
}

/**
 * Stores `orders` in a new database at the schema before migration `tag`, runs every migration, and
 * answers what `column` (an SQL expression over the orders' table) holds for each of them then.
 */
async function afterUpgrade<T>(blank: () => Promise<Blank>, tag: string, orders: Stored[], column: string): Promise<Map<string, T>> {
  const before = migrationsBefore(tag);
  const db = await blank();
  try {
    await db.migrate(before.folder);
    for (const o of orders) {
      await db.query(
        `insert into payments (id, user_id, package_id, credits, amount_cents, currency, status, charged_cents, history, created_at, updated_at)
         values ($1, 'user', 'standard', $2, $3, $4, 'pending', $5, $6::jsonb, now(), now())`,
        [o.id, o.terms.credits, o.terms.amountCents, o.terms.currency, o.chargedCents, JSON.stringify(o.history)],
      );
    }
    await db.migrate(MIGRATIONS);
    const { rows } = await db.query<{ id: string; value: T }>(`select id, ${column} as value from payments`);
    return new Map(rows.map((r) => [r.id, r.value]));
  } finally {
    await db.close();
    before.remove();
  }
}

describe.each(engines)('migrations over data written before them, on %s', (_name, blank) => {
  it('0014 counts the tax Whop added on top of the orders already there as the domain counts it', async () => {
    const orders = fc.sample(orderArb, { numRuns: 300, seed: 14 }).map((o, i) => {
      const history: OrderHistory = {
        ...emptyHistory(),
        payments: o.payments.map((p, n) => ({
          ...emptyPaymentHistory(`pay_${i}_${n}`),
          paid: p.paid,
          chargedCents: p.chargedCents,
          totalCents: p.chargedCents === null || p.tax === null ? null : p.chargedCents + p.tax,
          currency: p.currency,
          usdTotalCents: p.usdTotalCents,
        })),
      };
      const terms: OrderTerms = { credits: 1_000, amountCents: o.amountCents, currency: o.currency };
      const expected = figures(terms, history);
      return { id: `order-${i}`, terms, history, chargedCents: expected.chargedCents, expected: expected.taxCents };
    });
    expect(orders.filter((o) => o.expected > 0).length).toBeGreaterThan(50);
    const stored = await afterUpgrade<number>(blank, '0014_order_tax', orders, 'tax_cents');
    expect(orders.map((o) => [o.id, stored.get(o.id)])).toEqual(orders.map((o) => [o.id, o.expected]));
  });

  it('0015 keeps when Whop wants the evidence for the disputes already there, as the domain reads it', async () => {
    const dispute = fc.record({
      status: fc.constantFrom(...DISPUTE_STATUSES),
      needsResponseBy: fc.option(fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString())),
    });
    const orders = fc.sample(fc.array(fc.array(dispute, { maxLength: 3 }), { maxLength: 3 }), { numRuns: 200, seed: 15 }).map((payments, i) => {
      const history: OrderHistory = {
        ...emptyHistory(),
        payments: payments.map((disputes, n) => ({
          ...emptyPaymentHistory(`pay_${i}_${n}`),
          paid: true,
          disputes: disputes.map((d, k) => ({ id: `dp_${i}_${n}_${k}`, cents: null, currency: null, paymentSaysLost: false, ...d })),
        })),
      };
      return { id: `order-${i}`, terms: { credits: 1_000, amountCents: 1_000, currency: 'usd' }, chargedCents: 0, history, expected: responseDue(history) };
    });
    expect(orders.filter((o) => o.expected !== null).length).toBeGreaterThan(30);
    const stored = await afterUpgrade<string | null>(blank, '0015_dispute_deadline', orders, `to_char(respond_by at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
    expect(orders.map((o) => [o.id, stored.get(o.id)])).toEqual(orders.map((o) => [o.id, o.expected]));
  });
});

if (!mongoUri)
  console.log('skipped: no MongoDB reachable (set TEST_MONGODB_URI to a replica set to run the backfill of orders stored before the tax and the dispute deadline were kept)');
(mongoUri ? describe : describe.skip)('orders stored on MongoDB before the tax and the dispute deadline were kept', () => {
  it('get both from their history when the store opens, as PostgreSQL migrations 0014 and 0015 do', async () => {
    const url = new URL(mongoUri!);
    url.pathname = `/credits_backfill_${randomBytes(6).toString('hex')}`;
    const connection = await mongoose.createConnection(url.toString()).asPromise();
    try {
      const due = '2026-12-13T17:00:00.000Z';
      const history: OrderHistory = {
        ...emptyHistory(),
        payments: [
          {
            ...emptyPaymentHistory('pay_old'),
            paid: true,
            chargedCents: 1_000,
            totalCents: 1_100,
            disputes: [{ id: 'dp_old', status: 'needs_response', cents: null, currency: null, paymentSaysLost: false, needsResponseBy: due }],
          },
        ],
      };
      const at = new Date('2026-12-01T00:00:00.000Z');
      // As an earlier release wrote it: no taxCents, no respondBy.
      await connection.collection<{ _id: string } & Record<string, unknown>>('payments').insertOne({
        _id: 'order-old',
        userId: 'user-old',
        packageId: 'standard',
        credits: 1_000,
        amountCents: 1_000,
        currency: 'usd',
        status: 'disputed',
        chargedCents: 1_100,
        refundedCents: 0,
        clawedCredits: 0,
        heldCredits: 1_000,
        secondPayments: [],
        history,
        version: 3,
        createdAt: at,
        updatedAt: at,
      });
      const store = await openMongoStore(url.toString());
      try {
        expect(await store.orders.find({ id: 'order-old' })).toMatchObject({ taxCents: 100, respondBy: new Date(due), version: 3 });
      } finally {
        await store.close();
      }
    } finally {
      await connection.dropDatabase();
      await connection.close();
    }
  });
});
