import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { startSimulator, type RunningSimulator } from '@credits/whop-sim';
import { createApp } from '../../src/app';
import { signToken } from '../../src/auth/jwt';
import { silentLogger } from '../../src/logger';
import { PaymentService } from '../../src/services/PaymentService';
import type { Store } from '../../src/store/types';
import { createWhopClient } from '../../src/whop/client';
import { WebhookVerifier } from '../../src/whop/webhook';
import type { TestDatabase } from './databases';

export const JWT_SECRET = 'test-jwt-secret-that-is-long-enough-for-hs256';
export const WEBHOOK_SECRET = 'ws_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
export const COMPANY_ID = 'biz_TestCompany01';
export const APP_URL = 'http://app.test';

export interface Harness {
  /** supertest against the API, listening on a real port so the simulator can deliver webhooks to it. */
  api: ReturnType<typeof request>;
  apiUrl: string;
  sim: RunningSimulator;
  store: Store;
  token(userId: string): string;
  auth(userId: string): { Authorization: string };
  close(): Promise<void>;
}

export interface HarnessOptions {
  enableTestEndpoints?: boolean;
  enableDevSignIn?: boolean;
  whopApiBaseUrl?: string;
  whopTimeoutMs?: number;
  apiVersion?: string;
  /** The simulator's delivery retry delays; none by default. */
  retryScheduleMs?: number[];
}

/** The real API (real store, real HTTP, real signatures) wired to a simulator on a free port. */
export async function startHarness(database: TestDatabase, options: HarnessOptions = {}): Promise<Harness> {
  const store = await database.open();
  const sim = await startSimulator({ port: 0, webhookSecret: WEBHOOK_SECRET, apiKey: 'test_api_key', retryScheduleMs: options.retryScheduleMs ?? [] });
  const whop = createWhopClient(
    {
      apiKey: 'test_api_key',
      companyId: COMPANY_ID,
      apiBaseUrl: options.whopApiBaseUrl ?? sim.apiBaseUrl,
      apiVersion: options.apiVersion ?? '2026-07-20',
      timeoutMs: options.whopTimeoutMs ?? 5_000,
    },
    () => Promise.resolve(),
  );
  const service = new PaymentService({ store, whop, appUrl: APP_URL, logger: silentLogger });
  const app = createApp({
    service,
    store,
    verifier: WebhookVerifier.forWhopSecret(WEBHOOK_SECRET),
    jwtSecret: JWT_SECRET,
    enableTestEndpoints: options.enableTestEndpoints ?? true,
    enableDevSignIn: options.enableDevSignIn ?? true,
    logger: silentLogger,
  });
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
    token,
    auth: (userId) => ({ Authorization: `Bearer ${token(userId)}` }),
    async close() {
      await sim.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
