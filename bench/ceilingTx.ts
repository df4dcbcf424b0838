import { randomUUID } from 'node:crypto';
import express from 'express';
import { PGlite } from '@electric-sql/pglite';
import { Pool } from 'pg';

/**
 * The ceiling for a write: a bare Express app whose endpoint runs one two-statement transaction
 * (insert a unique row, raise a balance) on the same database the product uses.
 */
interface Db {
  tx(run: (query: (sql: string, params: unknown[]) => Promise<unknown>) => Promise<void>): Promise<void>;
  exec(sql: string): Promise<unknown>;
}

async function open(): Promise<Db> {
  if (process.env.DATABASE_URL) {
    const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
    return {
      exec: (sql) => pool.query(sql),
      async tx(run) {
        const client = await pool.connect();
        try {
          await client.query('begin');
          await run((sql, params) => client.query(sql, params));
          await client.query('commit');
        } catch (err) {
          await client.query('rollback');
          throw err;
        } finally {
          client.release();
        }
      },
    };
  }
  const pg = new PGlite(process.env.PGLITE_DATA_DIR);
  return { exec: (sql) => pg.exec(sql), tx: (run) => pg.transaction(async (t) => run((sql, params) => t.query(sql, params))) };
}

async function main() {
  const db = await open();
  await db.exec('drop table if exists bench_rows; drop table if exists bench_balances');
  await db.exec('create table bench_rows (id text primary key, created_at timestamptz not null default now())');
  await db.exec('create table bench_balances (id int primary key, balance bigint not null default 0)');
  await db.exec('insert into bench_balances (id) select generate_series(1, 10000)');
  const app = express();
  app.post('/tx', async (_req, res) => {
    await db.tx(async (query) => {
      await query('insert into bench_rows (id) values ($1)', [randomUUID()]);
      await query('update bench_balances set balance = balance + 1 where id = $1', [1 + Math.floor(Math.random() * 10_000)]);
    });
    res.json({ ok: true });
  });
  app.listen(Number(process.env.PORT), '127.0.0.1');
}

void main();
