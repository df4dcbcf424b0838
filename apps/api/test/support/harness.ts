import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { CreditPackage } from '@credits/shared';
import { startSimulator, type RunningSimulator } from '@credits/whop-sim';
import type { AppSettings } from '../../src/app';
import { signToken } from '../../src/auth/jwt';
import { Clock } from '../../src/Clock';
import { compose } from '../../src/compose';
import type { Logger } from '../../src/logger';
import { silentLogger } from './logger';
import type { SweeperSettings } from '../../src/services/Sweeper';
import type { Store } from '../../src/store/ports';
import { createWhopClient } from '../../src/whop/client';
import type { TestDatabase } from './databases';
import { expectBalanceMatchesLedger } from './ledger';

export const JWT_SECRET = 'test-jwt-secret-that-is-long-enough-for-hs256';
export const WEBHOOK_SECRET = 'ws_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
export const COMPANY_ID = 'biz_TestCompany01';
export const APP_URL = 'http://app.test';
export const SERVICE_API_KEY = 'service-key-for-tests-0123456789abcdef';
export const CRON_SECRET = 'cron-secret-for-tests-0123456789abcdef';
/** An operator by ADMIN_USER_IDS (the other way is a token with role "admin"). */
export const OPERATOR_BY_LIST = 'ops-by-list';

/** Settings as the tests want them unless a test says otherwise: limits high enough not to interfere. */
export function testSettings(overrides: Partial<AppSettings> = {}): AppSettings {
  return {
    jwtSecret: JWT_SECRET,
    serviceApiKey: SERVICE_API_KEY,
    cronSecret: CRON_SECRET,
    enableTestEndpoints: true,
    enableDevSignIn: true,
    corsOrigins: [],
    rateLimits: { perUser: 10_000, rechecksPerUser: 10_000, perIp: 100_000 },
    metricsToken: null,
    adminUserIds: [OPERATOR_BY_LIST],
    operatorTokenMaxAgeSeconds: 12 * 3_600,
    appUrl: APP_URL,
    ...overrides,
  };
}

export const TEST_SWEEPER: SweeperSettings = { expireAfterMs: 24 * 3_600_000, batchSize: 1_000 };

export interface Harness {
  /** supertest against the API, listening on a real port so the simulator can deliver webhooks to it. */
  api: ReturnType<typeof request>;
  apiUrl: string;
  sim: RunningSimulator;
  store: Store;
  components: ReturnType<typeof compose>;
  /** The product's time, movable as in development (PUT /api/dev/clock does the same over HTTP). */
  clock: Clock;
  token(userId: string): string;
  auth(userId: string): { Authorization: string };
  /** An operator's token (role "admin"). */
  operator(userId?: string): { Authorization: string };
  close(): Promise<void>;
}

export interface HarnessOptions {
  settings?: Partial<AppSettings>;
  /** Refund second payments through the simulator (default true, as in production). */
  refundSecondPayments?: boolean;
  sweeper?: Partial<SweeperSettings>;
  logger?: Logger;
  /** Where the API reaches Whop: the simulator by default; given the simulator, a door in front of it. */
  whopApiBaseUrl?: string | ((sim: RunningSimulator) => string);
  whopTimeoutMs?: number;
  apiVersion?: string;
  /** The simulator's delivery retry delays; none by default. */
  retryScheduleMs?: number[];
  /** The version the simulator's webhook endpoint is pinned to (events take its shape); the API's by default. */
  webhookVersion?: string;
  checkoutWaitMs?: number;
  /** The packs on sale (the seed's by default). */
  packages?: readonly CreditPackage[];
  /** Tell the host app when credits move: the store writes events, and they are delivered here. */
  events?: { url: string; secret: string; retryScheduleMs?: number[] };
}

/** The real API (real store, real HTTP, real signatures) wired to a simulator on a free port. */
export async function startHarness(database: TestDatabase, options: HarnessOptions = {}): Promise<Harness> {
  const store = await database.open({ announces: Boolean(options.events) });
  const apiVersion = options.apiVersion ?? '2026-07-20';
  const sim = await startSimulator({
    port: 0,
    webhookSecret: WEBHOOK_SECRET,
    apiKey: 'test_api_key',
    accountId: COMPANY_ID,
    retryScheduleMs: options.retryScheduleMs ?? [],
    webhookVersion: options.webhookVersion ?? apiVersion,
  });
  const whop = createWhopClient(
    {
      apiKey: 'test_api_key',
      companyId: COMPANY_ID,
      apiBaseUrl: typeof options.whopApiBaseUrl === 'function' ? options.whopApiBaseUrl(sim) : (options.whopApiBaseUrl ?? sim.apiBaseUrl),
      apiVersion,
      timeoutMs: options.whopTimeoutMs ?? 5_000,
    },
    () => Promise.resolve(),
  );
  const clock = new Clock();
  const components = compose({
    store,
    whop,
    now: clock.now,
    logger: options.logger ?? silentLogger,
    appUrl: APP_URL,
    webhookSecret: WEBHOOK_SECRET,
    settings: { ...testSettings(options.settings), devClock: clock },
    sweeper: { ...TEST_SWEEPER, ...options.sweeper },
    refundSecondPayments: options.refundSecondPayments,
    checkoutWaitMs: options.checkoutWaitMs,
    packages: options.packages,
    events: options.events,
  });
  const { app } = components;
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sim.setWebhookUrl(`${apiUrl}/api/payment/webhook/whop`);
  const token = (userId: string) => signToken(userId, JWT_SECRET, 3600);
  return {
    api: request(apiUrl),
    apiUrl,
    sim,
    store,
    components,
    clock,
    token,
    auth: (userId) => ({ Authorization: `Bearer ${token(userId)}` }),
    operator: (userId = 'ops') => ({ Authorization: `Bearer ${signToken(userId, JWT_SECRET, 3600, 'admin')}` }),
    async close() {
      await sim.close();
      await components.events?.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}

/**
 * Registers a harness for the enclosing describe: started before its tests, closed after, and after
 * each test every user made with `user()` is checked (balance equals ledger) once deliveries settle.
 */
export function useHarness(database: TestDatabase, options: HarnessOptions = {}): { h: Harness; user(prefix?: string): string } {
  let current: Harness | undefined;
  const users = new Set<string>();
  beforeAll(async () => {
    current = await startHarness(database, options);
  });
  afterAll(() => current?.close());
  afterEach(async () => {
    await current!.sim.deliverer.idle();
    await current!.components.followUp.idle();
    await expectBalanceMatchesLedger(current!.store, users);
    users.clear();
  });
  const h = new Proxy({} as Harness, { get: (_target, key) => Reflect.get(current!, key) });
  return {
    h,
    user(prefix = 'user') {
      const id = `${prefix}-${randomUUID().slice(0, 8)}`;
      users.add(id);
      return id;
    },
  };
}
