import { randomUUID } from 'node:crypto';
import { ConfigError, loadConfig, signToken } from '@credits/api';

/**
 * `npm run seed:demo` (development only): a few hundred realistic orders made through the running
 * product (`npm start`) and its Whop simulator, as buyers and Whop would make them — paid, declined,
 * given up, left to expire, refunded in full or in part, disputed (won, lost, still open), one held
 * for review, and some credits spent — so the operator console has something real to show.
 *
 * It reads the same settings as the server, so it finds it (PORT, WHOP_SIM_PORT) and signs buyers'
 * tokens as it does; it refuses to run unless those settings are development ones.
 * Usage: npm run seed:demo [-- --orders 300]
 */

const TEST_CARDS = { success: '4242424242424242', decline: '4000000000000002' };
const BUYERS = 40;
const WORKERS = 8;

function fail(message: string): never {
  console.error(`seed:demo: ${message}`);
  process.exit(1);
}

/** A small seeded generator (mulberry32), so a run can be repeated. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Until when the seed is already waiting out a rate limit (said once, not once per worker). */
let waitingUntil = 0;

/** A JSON request; a 429 waits as long as Retry-After says and asks again (the product's limits hold for the seed too). */
async function call<T>(url: string, init: { method?: string; token?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<T> {
  for (;;) {
    const response = await fetch(url, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    }).catch((err: Error) => fail(`${url} could not be reached (${err.message}). Start the product first: npm start`));
    if (response.status === 429) {
      const wait = Number(response.headers.get('Retry-After') ?? 60);
      if (Date.now() > waitingUntil) console.log(`  rate limited; waiting ${wait} s as the API asks`);
      waitingUntil = Date.now() + wait * 1000;
      await sleep(wait * 1000);
      continue;
    }
    const text = await response.text();
    if (!response.ok) fail(`${init.method ?? 'GET'} ${url} answered ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }
}

interface Order {
  id: string;
  packageId: string;
  amountCents: number;
  whopCheckoutId: string | null;
}
interface SimPayment {
  id: string;
}

async function main(): Promise<void> {
  const ordersArg = process.argv.indexOf('--orders');
  const total = ordersArg > 0 ? Number(process.argv[ordersArg + 1]) : 300;
  if (!Number.isInteger(total) || total < 1 || total > 5_000) fail('--orders takes a whole number from 1 to 5000');

  let config;
  try {
    config = loadConfig();
  } catch (err) {
    fail(err instanceof ConfigError ? err.message : String(err));
  }
  if (config.env === 'production' || !config.enableDevSignIn) fail(`demo data is for development only; these settings are ${config.env} (${config.modeReason}).`);
  if (!config.whop.simulator) fail(`demo data is made on the Whop simulator, and WHOP_API_BASE_URL points at ${config.whop.apiBaseUrl}.`);
  const api = `http://127.0.0.1:${config.port}`;
  const sim = `http://127.0.0.1:${config.whop.simulator.port}`;
  const whopKey = config.whop.apiKey;
  const dev = await call<{ devSignIn: boolean }>(`${api}/api/dev`);
  if (!dev.devSignIn) fail(`the server at ${api} is not running in development.`);
  // The packs on sale (the seed's, or CREDITS_CATALOG's), cheaper ones bought more often: 45, 40, 15, then 10 in a hundred.
  const { packages } = await call<{ packages: Array<{ id: string; priceCents: number }> }>(`${api}/api/payment/packages`);
  const packWeights = [...packages].sort((a, b) => a.priceCents - b.priceCents).map((p, i): [string, number] => [p.id, [45, 40, 15][i] ?? 10]);

  const run = randomUUID().slice(0, 8);
  const rand = random(Number.parseInt(run, 16));
  const pick = <T>(weighted: Array<[T, number]>): T => {
    let r = rand() * weighted.reduce((sum, [, w]) => sum + w, 0);
    for (const [value, weight] of weighted) if ((r -= weight) < 0) return value;
    return weighted[weighted.length - 1]![0];
  };
  // Outside production JWT_SECRET always has a value (the development one when unset).
  const secret = config.jwtSecret!;
  const buyers = Array.from({ length: BUYERS }, (_, i) => {
    const userId = `demo-buyer-${String(i + 1).padStart(2, '0')}`;
    return { userId, token: signToken(userId, secret, 3_600) };
  });
  const tally: Record<string, number> = {};
  const count = (what: string) => void (tally[what] = (tally[what] ?? 0) + 1);

  const pay = (order: Order, card: string, chaos?: Record<string, unknown>) =>
    call<{ payment: SimPayment }>(`${sim}/_sim/checkout_configurations/${order.whopCheckoutId}/pay`, { body: { card, ...(chaos ? { chaos } : {}) } });

  async function one(index: number): Promise<void> {
    const buyer = buyers[index % BUYERS]!;
    const packageId = pick(packWeights);
    const { payment: order } = await call<{ payment: Order }>(`${api}/api/payment/create`, {
      token: buyer.token,
      headers: { 'Idempotency-Key': `seed-${run}-${index}` },
      body: { packageId },
    });
    if (!order.whopCheckoutId) return count('no checkout');
    // One order is charged a different amount than its pack: it waits in review for an operator.
    if (index === 7) {
      await pay(order, TEST_CARDS.success, { amountCents: order.amountCents + 500 });
      return count('held for review');
    }
    const outcome = pick([
      ['paid', 64],
      ['declined', 10],
      ['cancelled', 8],
      ['abandoned', 18],
    ] as const);
    if (outcome === 'abandoned') return count('left open (expires)');
    if (outcome === 'cancelled') {
      await call(`${api}/api/payment/${order.id}/cancel`, { token: buyer.token, method: 'POST' });
      return count('cancelled by the buyer');
    }
    if (outcome === 'declined') {
      await pay(order, TEST_CARDS.decline);
      // Some buyers try another card on the same checkout.
      if (rand() < 0.3) {
        await pay(order, TEST_CARDS.success);
        return count('declined, then paid');
      }
      return count('declined');
    }
    const { payment } = await pay(order, TEST_CARDS.success);
    const after = pick([
      ['kept', 86],
      ['refunded', 5],
      ['partly refunded', 3],
      ['disputed', 6],
    ] as const);
    if (after === 'refunded' || after === 'partly refunded') {
      const body = after === 'refunded' ? {} : { partial_amount: order.amountCents / 200 };
      await call(`${sim}/api/v1/payments/${payment.id}/refund`, { token: whopKey, body });
      return count(`paid, ${after}`);
    }
    if (after === 'disputed') {
      const dispute = await call<{ id: string }>(`${sim}/_sim/payments/${payment.id}/disputes`, { body: { kind: 'chargeback' } });
      const end = pick([
        ['lost', 2],
        ['won', 1],
        ['needs_response', 1],
      ] as const);
      if (end !== 'needs_response') await call(`${sim}/_sim/disputes/${dispute.id}/status`, { body: { status: end } });
      return count(`paid, dispute ${end === 'needs_response' ? 'open' : end}`);
    }
    // Credits get used.
    if (rand() < 0.4) {
      await call(`${api}/api/credits/spend`, {
        token: buyer.token,
        headers: { 'Idempotency-Key': `seed-${run}-${index}-spend` },
        body: { credits: Math.ceil(rand() * 100), reason: 'Generated an image' },
      });
    }
    count('paid');
  }

  console.log(`Seeding ${total} orders through ${api} and the Whop simulator at ${sim}…`);
  let next = 0;
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      while (next < total) await one(next++);
    }),
  );
  console.log('Done:');
  for (const [what, n] of Object.entries(tally).sort((x, y) => y[1] - x[1])) console.log(`  ${String(n).padStart(5)}  ${what}`);
  console.log(`Sign in as operator at ${config.appUrl}/signin to see them in the console (${config.appUrl}/admin).`);
}

void main();
