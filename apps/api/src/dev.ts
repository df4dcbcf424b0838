import { startSimulator } from '@credits/whop-sim';
import { configOrExit, exitOnStartFailure, startServer } from './startServer';

/**
 * The development entry (`npm start`): with no Whop API configured, an offline Whop simulator runs in
 * this process and signs webhooks with the secret the API verifies. Production runs server.ts,
 * which never loads the simulator.
 */
async function main(): Promise<void> {
  const config = configOrExit();
  if (!config.whop.simulator) {
    await startServer(config);
    return;
  }
  const simulator = await startSimulator({
    port: config.whop.simulator.port,
    webhookSecret: config.whop.webhookSecret,
    webhookUrl: `http://127.0.0.1:${config.port}/api/payment/webhook/whop`,
    apiKey: config.whop.apiKey,
    accountId: config.whop.companyId,
    webhookVersion: config.whop.simulator.webhookVersion ?? undefined,
    stateFile: config.whop.simulator.stateFile,
  });
  await startServer(config, {
    whopApiBaseUrl: simulator.apiBaseUrl,
    bannerLines: [`  Whop simulator  ${simulator.url}  (API ${simulator.apiBaseUrl}, dashboard ${simulator.url}/_sim)`],
    alsoClose: [() => simulator.close()],
  });
}

main().catch(exitOnStartFailure);
