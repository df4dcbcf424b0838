import { randomBytes } from 'node:crypto';
import { startSimulator } from './index';

/** `npm run sim`: the simulator alone, for integrators. */
async function main() {
  const port = Number(process.env.WHOP_SIM_PORT ?? 3100);
  const webhookSecret = process.env.WHOP_WEBHOOK_SECRET || `ws_${randomBytes(32).toString('hex')}`;
  const sim = await startSimulator({
    port,
    webhookSecret,
    webhookUrl: process.env.WHOP_SIM_WEBHOOK_URL || null,
    apiKey: process.env.WHOP_API_KEY || null,
  });
  console.log(`Whop simulator on ${sim.url}`);
  console.log(`  API base URL     ${sim.apiBaseUrl}`);
  console.log(`  webhooks to      ${process.env.WHOP_SIM_WEBHOOK_URL || '(none: set WHOP_SIM_WEBHOOK_URL)'}`);
  if (!process.env.WHOP_WEBHOOK_SECRET) console.log(`  webhook secret   ${webhookSecret} (generated; set WHOP_WEBHOOK_SECRET to choose)`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
