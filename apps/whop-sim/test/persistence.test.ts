import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createSimulator, startSimulator, TEST_CARDS, type RunningSimulator } from '../src';

const SECRET = 'ws_simulator_test_secret_0123456789abcdef';
const KEY = 'Bearer sim_key';
const VERSION = '2026-07-20';

describe('the simulator with a state file', () => {
  let dir: string;
  let file: string;
  const running: RunningSimulator[] = [];
  const start = async (port = 0) => {
    const sim = await startSimulator({ port, webhookSecret: SECRET, apiKey: 'sim_key', retryScheduleMs: [], stateFile: file });
    running.push(sim);
    return sim;
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'whop-sim-state-'));
    file = path.join(dir, 'nested', 'whop-sim.json');
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((sim) => sim.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('knows after a restart every checkout, payment, refund and dispute it knew, and its checkout pages still take payments', async () => {
    const first = await start();
    const api = (sim: RunningSimulator) => request(sim.url);
    const checkout = (dollars: number, orderId: string) =>
      api(first)
        .post('/api/v1/checkout_configurations')
        .set('Authorization', KEY)
        .set('Api-Version-Date', VERSION)
        .send({ account_id: 'biz_Sim', plan: { plan_type: 'one_time', initial_price: dollars, currency: 'usd' }, metadata: { payment_id: orderId } })
        .expect(200);
    const created = await checkout(10, 'order-1');
    const unpaid = await checkout(1, 'order-2');
    const { payment } = await first.pay(created.body.id, TEST_CARDS.success);
    await api(first).post(`/api/v1/payments/${payment.id}/refund`).set('Authorization', KEY).send({ partial_amount: 2.5 }).expect(200);
    first.engine.openDispute(payment.id, { kind: 'chargeback', amountCents: 500 });
    const read = (sim: RunningSimulator) =>
      Promise.all([
        api(sim).get(`/api/v1/payments/${payment.id}`).set('Authorization', KEY).set('Api-Version-Date', VERSION).expect(200),
        api(sim).get('/api/v1/refunds').query({ payment_id: payment.id }).set('Authorization', KEY).set('Api-Version-Date', VERSION).expect(200),
        api(sim).get('/api/v1/disputes').query({ company_id: 'biz_Sim' }).set('Authorization', KEY).set('Api-Version-Date', VERSION).expect(200),
        api(sim).get(`/api/v1/checkout_configurations/${created.body.id}`).set('Authorization', KEY).set('Api-Version-Date', VERSION).expect(200),
      ]).then((answers) => answers.map((a) => a.body as unknown));
    const before = await read(first);
    const port = Number(new URL(first.url).port);
    await first.close();
    running.splice(0);

    const second = await start(port);
    expect(await read(second)).toEqual(before);
    expect(before[0]).toMatchObject({ id: payment.id, refunded_amount: 2.5 });
    expect(before[1]).toMatchObject({ data: [{ status: 'succeeded' }] });
    expect(before[2]).toMatchObject({ data: [{ status: 'needs_response' }] });
    // The checkout the buyer never paid still opens and takes a payment.
    const page = new URL(unpaid.body.purchase_url);
    expect((await api(second).get(`${page.pathname}${page.search}`).expect(200)).text).toContain('$1.00');
    const later = await second.pay(unpaid.body.id, TEST_CARDS.success);
    expect(later.payment).toMatchObject({ checkoutId: unpaid.body.id, status: 'paid' });
  });

  it('starts empty without a file, and refuses to start on one it cannot read, naming it', async () => {
    const sim = await start();
    expect(sim.engine.payments).toHaveLength(0);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '{"version":1,"plans":[');
    expect(() => createSimulator({ webhookSecret: SECRET, stateFile: file })).toThrow(`the simulator's state in ${file} cannot be read`);
    writeFileSync(file, JSON.stringify({ version: 2 }));
    expect(() => createSimulator({ webhookSecret: SECRET, stateFile: file })).toThrow('not a version 1 state');
  });
});
