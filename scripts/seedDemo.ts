import { randomUUID } from 'node:crypto';
import { ConfigError, loadConfig, signToken } from '@credits/api';

/**
 * `npm run seed:demo` (development only): a few hundred realistic orders made through the running
 * product (`npm start`) and its Whop simulator, as buyers and Whop would make them — paid, declined,
 * given up, left to expire, refunded in full or in part, disputed (won, lost, still open), one held
 * for review, and some credits spent — with the purchase dialog's funnel steps (buyers who looked
 * and left included), spread over the past days through the server's development clock, so the
 * operator console has a month to show.
 *
 * It reads the same settings as the server, so it finds it (PORT, WHOP_SIM_PORT) and signs buyers'
 * tokens as it does; it refuses to run unless those settings are development ones.
 * Usage: npm run seed:demo [-- --orders 300 --days 30]
 */

const TEST_CARDS = { success: '4242424242424242', decline: '4000000000000002' };
/** Buyers at least (two orders each on average), a few of whom come back often and most of whom buy once or twice. */
const BUYERS = 150;
/** Orders per buyer at most: the API allows a buyer 10 a minute, and the seed makes a month of them in less. */
const MOST_ORDERS = 8;
const WORKERS = 8;

/** Why the seed stops: said once, after the server's clock is given back. */
class SeedFailure extends Error {}

function fail(message: string): never {
  throw new SeedFailure(message);
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
/** Someone the seed acts as: signed in, and (through X-Forwarded-For, which the API believes from loopback) at an address of their own. */
interface Person {
  userId: string;
  token: string;
  ip: string;
}

async function call<T>(url: string, init: { method?: string; token?: string; as?: Person; headers?: Record<string, string>; body?: unknown } = {}): Promise<T> {
  for (;;) {
    const response = await fetch(url, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
        ...(init.as ? { Authorization: `Bearer ${init.as.token}`, 'X-Forwarded-For': init.as.ip } : {}),
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

/** A whole number given as `--name N`, within bounds, or its default. */
function numberArg(name: string, fallback: number, min: number, max: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at > 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < min || value > max) fail(`--${name} takes a whole number from ${min} to ${max}`);
  return value;
}

async function main(): Promise<void> {
  const total = numberArg('orders', 300, 1, 5_000);
  const days = numberArg('days', 30, 1, 365);

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
  // Buyers and visitors at documentation addresses (RFC 5737), each their own, as the API's limits per IP expect of people.
  const person = (userId: string, ip: string): Person => ({ userId, token: signToken(userId, secret, 3_600), ip });
  const buyers = Array.from({ length: Math.max(BUYERS, Math.ceil(total / 2)) }, (_, i) =>
    person(`demo-buyer-${String(i + 1).padStart(3, '0')}`, `198.51.${100 + Math.floor(i / 250)}.${(i % 250) + 1}`),
  );
  const ordersOf = new Map<Person, number>();
  /** The first buyers often, the rest seldom; none more than MOST_ORDERS times. */
  const nextBuyer = (): Person => {
    for (;;) {
      const buyer = buyers[Math.floor(buyers.length * rand() ** 1.3)]!;
      if ((ordersOf.get(buyer) ?? 0) < MOST_ORDERS) {
        ordersOf.set(buyer, (ordersOf.get(buyer) ?? 0) + 1);
        return buyer;
      }
    }
  };
  const tally: Record<string, number> = {};
  const count = (what: string) => void (tally[what] = (tally[what] ?? 0) + 1);

  const pay = (order: Order, card: string, chaos?: Record<string, unknown>) =>
    call<{ payment: SimPayment }>(`${sim}/_sim/checkout_configurations/${order.whopCheckoutId}/pay`, { body: { card, ...(chaos ? { chaos } : {}) } });

  const step = (as: Person, body: { step: string; packageId?: string }) => call(`${api}/api/events/funnel`, { as, body });

  /** Visitors who open the dialog and leave, some after choosing a pack: the funnel's drop-offs. */
  async function lookAround(index: number): Promise<void> {
    const visitor = person(`demo-visitor-${run}-${index}`, `203.0.113.${(index % 250) + 1}`);
    await step(visitor, { step: 'opened' });
    if (rand() < 0.4) await step(visitor, { step: 'pack_chosen', packageId: pick(packWeights) });
  }

  async function one(index: number): Promise<void> {
    const buyer = nextBuyer();
    const packageId = pick(packWeights);
    await step(buyer, { step: 'opened' });
    await step(buyer, { step: 'pack_chosen', packageId });
    const { payment: order } = await call<{ payment: Order }>(`${api}/api/payment/create`, {
      as: buyer,
      headers: { 'Idempotency-Key': `seed-${run}-${index}` },
      body: { packageId },
    });
    await step(buyer, { step: 'checkout_started', packageId });
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
      await call(`${api}/api/payment/${order.id}/cancel`, { as: buyer, method: 'POST' });
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
        as: buyer,
        headers: { 'Idempotency-Key': `seed-${run}-${index}-spend` },
        body: { credits: Math.ceil(rand() * 100), reason: 'Generated an image' },
      });
    }
    count('paid');
  }

  // Each order at a moment of the past days (more of them lately, most in the day's waking hours), made in time order: the
  // server's clock is set to each hour in turn, and what Whop tells of that hour's orders lands before it moves on.
  const hour = 3_600_000;
  const today = Math.floor(Date.now() / (24 * hour)) * 24 * hour;
  const moments = Array.from({ length: total }, (_, index) => {
    const day = Math.floor(days * Math.sqrt(rand()));
    const at = today - (days - 1 - day) * 24 * hour + Math.floor(6 + rand() * 17) * hour + Math.floor(rand() * 60) * 60_000;
    // Today's hours still to come are spread over the hours gone by.
    return { index, at: at < Date.now() ? at : today + Math.floor(rand() * (Date.now() - today)) };
  }).sort((a, b) => a.at - b.at);
  const slots = new Map<number, typeof moments>();
  for (const moment of moments) slots.set(Math.floor(moment.at / hour), [...(slots.get(Math.floor(moment.at / hour)) ?? []), moment]);

  const clock = (at: number | null) => call(`${api}/api/dev/clock`, { method: 'PUT', body: { at: at === null ? null : new Date(at).toISOString() } });
  const settled = async () => {
    for (;;) {
      const { deliveries } = await call<{ deliveries: Array<{ state: string }> }>(`${sim}/_sim/deliveries`);
      if (!deliveries.some((d) => d.state === 'pending' || d.state === 'retrying')) return;
      await sleep(50);
    }
  };
  // Stopped with Ctrl-C, the server's clock goes back to the real time first.
  process.once('SIGINT', () => void clock(null).finally(() => process.exit(130)));

  console.log(`Seeding ${total} orders over ${days} days through ${api} and the Whop simulator at ${sim}…`);
  try {
    for (const slot of slots.values()) {
      await clock(slot[0]!.at);
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(WORKERS, slot.length) }, async () => {
          while (next < slot.length) {
            const { index } = slot[next++]!;
            await one(index);
            for (let v = rand() < 0.5 ? 2 : 1; v > 0; v--) await lookAround(index * 2 + v);
          }
        }),
      );
      await settled();
    }
  } finally {
    await clock(null).catch(() => undefined);
  }
  console.log('Done:');
  for (const [what, n] of Object.entries(tally).sort((x, y) => y[1] - x[1])) console.log(`  ${String(n).padStart(5)}  ${what}`);
  console.log(`Sign in as operator at ${config.appUrl}/signin to see them in the console (${config.appUrl}/admin).`);
}

main().catch((err: unknown) => {
  console.error(`seed:demo: ${err instanceof SeedFailure ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
});
