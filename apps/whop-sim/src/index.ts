import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createSimulator, type Simulator, type SimulatorOptions } from './app';

export { createSimulator, TEST_CARDS, type Simulator, type SimulatorOptions } from './app';
export { signWebhook, signedHeaders } from './signing';
export { WHOP_RETRY_SCHEDULE_MS, type Delivery } from './delivery';

export interface RunningSimulator extends Simulator {
  url: string;
  /** Base URL of its Whop API, for WHOP_API_BASE_URL. */
  apiBaseUrl: string;
  close(): Promise<void>;
}

/** Starts the simulator on `port` (0 for any free one) and points purchase URLs at itself. */
export async function startSimulator(options: SimulatorOptions & { port: number; host?: string }): Promise<RunningSimulator> {
  const sim = createSimulator(options);
  const host = options.host ?? '127.0.0.1';
  const server: Server = await new Promise((resolve, reject) => {
    const s = sim.app.listen(options.port, host, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = options.publicUrl ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  sim.setPublicUrl(url);
  return {
    ...sim,
    url,
    apiBaseUrl: `${url}/api/v1`,
    close: async () => {
      sim.deliverer.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
