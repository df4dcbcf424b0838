import { randomBytes } from 'node:crypto';
import { LOCAL_WHOP_ACCOUNT_ID } from '@credits/shared';
import { startSimulator, WHOP_LONG_RETRY_SCHEDULE_MS, WHOP_SHORT_RETRY_SCHEDULE_MS } from './index';

/** `npm run sim`: the simulator alone, for integrators. Configured by environment variables only. */
function settings(env: NodeJS.ProcessEnv) {
  const port = Number(env.WHOP_SIM_PORT || 3100);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`WHOP_SIM_PORT must be a port number, not "${env.WHOP_SIM_PORT}"`);
  const schedule = env.WHOP_SIM_RETRY_SCHEDULE?.trim();
  const retryScheduleMs =
    !schedule || schedule === 'short'
      ? WHOP_SHORT_RETRY_SCHEDULE_MS
      : schedule === 'long'
        ? WHOP_LONG_RETRY_SCHEDULE_MS
        : schedule.split(',').map((s) => {
            const seconds = Number(s.trim());
            if (!Number.isFinite(seconds) || seconds < 0) throw new Error(`WHOP_SIM_RETRY_SCHEDULE must be short, long or comma-separated seconds, not "${schedule}"`);
            return seconds * 1000;
          });
  const webhookUrl = env.WHOP_SIM_WEBHOOK_URL?.trim() || null;
  if (webhookUrl && !URL.canParse(webhookUrl)) throw new Error(`WHOP_SIM_WEBHOOK_URL is not a URL: "${webhookUrl}"`);
  const webhookVersion = env.WHOP_SIM_WEBHOOK_VERSION?.trim() || undefined;
  return {
    port,
    webhookVersion,
    accountId: env.WHOP_COMPANY_ID?.trim() || undefined,
    webhookSecret: env.WHOP_WEBHOOK_SECRET?.trim() || `ws_${randomBytes(32).toString('hex')}`,
    generatedSecret: !env.WHOP_WEBHOOK_SECRET?.trim(),
    webhookUrl,
    apiKey: env.WHOP_API_KEY?.trim() || null,
    retryScheduleMs,
    stateFile: env.WHOP_SIM_STATE_FILE?.trim() || undefined,
  };
}

async function main() {
  const s = settings(process.env);
  const sim = await startSimulator(s);
  console.log(
    [
      `Whop simulator on ${sim.url}`,
      `  API base URL     ${sim.apiBaseUrl}   (WHOP_API_BASE_URL)`,
      `  dashboard        ${sim.url}/_sim`,
      `  webhooks to      ${s.webhookUrl ?? '(nowhere: set WHOP_SIM_WEBHOOK_URL)'}`,
      `  webhook version  ${s.webhookVersion ?? 'unpinned (legacy shape; set WHOP_SIM_WEBHOOK_VERSION to pin)'}`,
      `  account          ${s.accountId ?? LOCAL_WHOP_ACCOUNT_ID}   (WHOP_COMPANY_ID)`,
      `  webhook secret   ${s.generatedSecret ? `${s.webhookSecret} (generated; set WHOP_WEBHOOK_SECRET to choose)` : '(from WHOP_WEBHOOK_SECRET)'}`,
      `  API key          ${s.apiKey ? '(only WHOP_API_KEY)' : 'any non-empty Bearer key'}`,
      `  state            ${s.stateFile ?? 'in memory only (set WHOP_SIM_STATE_FILE to keep it across restarts)'}`,
    ].join('\n'),
  );
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(`Cannot start the simulator: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
