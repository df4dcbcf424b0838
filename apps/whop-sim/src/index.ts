import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSimulator, type Simulator, type SimulatorOptions } from './app';
import type { PayResult } from './engine';

export { createSimulator, type Simulator, type SimulatorOptions } from './app';
export { TEST_CARDS, type PayResult } from './engine';
export { signWebhook, signedHeaders } from './signing';
export { WHOP_LONG_RETRY_SCHEDULE_MS, WHOP_SHORT_RETRY_SCHEDULE_MS, type Delivery } from './delivery';
export type { Chaos } from './chaos';
export type { CheckoutConfig, SimPayment } from './model';

export interface RunningSimulator extends Simulator {
  url: string;
  /** Base URL of its Whop API, for WHOP_API_BASE_URL. */
  apiBaseUrl: string;
  /** Pays a checkout with a test card and waits for each event's first delivery attempt. */
  pay(checkoutId: string, card: string, chaos?: SimulatorOptions['chaos']): Promise<PayResult>;
  close(): Promise<void>;
}

/** Starts the simulator on `port` (0 for any free one) and points purchase URLs at itself. */
export async function startSimulator(options: SimulatorOptions & { port: number; host?: string }): Promise<RunningSimulator> {
  const sim = createSimulator(options);
  const host = options.host ?? '127.0.0.1';
  // Express 5 hands a failed listen (port taken) to the callback.
  const server: Server = await new Promise((resolve, reject) => {
    const s = sim.app.listen(options.port, host, (err?: Error) =>
      err ? reject(new Error(`the Whop simulator cannot listen on port ${options.port}: ${err.message}`)) : resolve(s),
    );
  });
  const { port } = server.address() as AddressInfo;
  const url = options.publicUrl ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  sim.setPublicUrl(url);
  return {
    ...sim,
    url,
    apiBaseUrl: `${url}/api/v1`,
    pay: (checkoutId, card, chaos) => sim.engine.pay(checkoutId, card, { chaos, waitForDelivery: true }),
    close: async () => {
      sim.deliverer.close();
      sim.engine.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
