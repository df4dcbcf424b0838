import { Client } from 'pg';
import { paymentSchema } from '@credits/shared';
import { paymentEvent, signed } from './support/builders';
import { testDatabases } from './support/databases';
import { startHarness, type Harness } from './support/harness';

/**
 * A webhook is one transaction: recording the event, reading the order, the grant and marking the
 * event handled commit together. Counted by PostgreSQL itself (pg_stat_database.xact_commit).
 */
const postgres = testDatabases.find((d) => d.name === 'postgres');
const describeOnPostgres = postgres ? describe : describe.skip;
if (!postgres) console.log('skipped: counting commits needs TEST_DATABASE_URL (PostgreSQL)');

describeOnPostgres('transactions per webhook on postgres', () => {
  const N = 20;
  const originalQuery = Client.prototype.query;

  /** Commits in `database` so far. A backend reports its counts when it exits, so read after closing the pools. */
  async function commits(url: string): Promise<number> {
    const database = new URL(url).pathname.slice(1);
    const admin = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    try {
      await admin.query('select pg_stat_clear_snapshot()');
      const { rows } = await admin.query<{ n: string }>('select xact_commit as n from pg_stat_database where datname = $1', [database]);
      return Number(rows[0]!.n);
    } finally {
      await admin.end();
    }
  }

  /** Runs `work` on a harness whose database connections are all closed afterwards, and returns the commits it caused. */
  async function counted(url: string, work: (h: Harness) => Promise<void>): Promise<number> {
    const before = await commits(url);
    const h = await startHarness({ name: 'postgres', open: () => postgres!.reopen!(url) });
    await work(h);
    await h.close();
    // A backend's counts reach the statistics at its exit; wait until both reads agree they have.
    let after = await commits(url);
    for (let i = 0; i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const again = await commits(url);
      if (again === after && i >= 5) break;
      after = again;
    }
    return after - before;
  }

  it('commits once per webhook that completes an order', async () => {
    const base = await postgres!.open();
    const url = postgres!.urlOf!(base);
    try {
      const orders: Array<ReturnType<typeof paymentSchema.parse>> = [];
      await counted(url, async (h) => {
        for (let i = 0; i < N; i++) {
          const res = await h.api
            .post('/api/payment/create')
            .set(h.auth(`commits-${i}`))
            .send({ packageId: 'standard' })
            .expect(201);
          orders.push(paymentSchema.parse(res.body.payment));
        }
      });
      const idle = await counted(url, async () => undefined);
      // Every statement a pooled connection sends, while the webhooks are handled.
      const sent: string[] = [];
      const webhooks = await counted(url, async (h) => {
        const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
          const query = args[0] as string | { text: string };
          sent.push(typeof query === 'string' ? query : query.text);
          return originalQuery.apply(this, args as never) as never;
        });
        try {
          for (const order of orders) {
            const { body, headers } = signed(paymentEvent(order));
            expect((await h.api.post('/api/payment/webhook/whop').set(headers).send(body).expect(200)).body.outcome).toBe('completed');
          }
        } finally {
          spy.mockRestore();
        }
      });
      expect({ perWebhook: (webhooks - idle) / N }).toEqual({ perWebhook: 1 });
      // Four round trips each: begin, the order locked with the duplicate check in the same read, the decision, commit.
      expect(sent.length).toBe(4 * N);
      expect(sent.slice(0, 4).map((text) => text.trim().split(/\s+/)[0]!.toLowerCase())).toEqual(['begin', 'select', 'with', 'commit']);
      expect(sent[1]).toContain('webhook_events');
    } finally {
      await base.close();
    }
  }, 60_000);
});
