import { configOrExit, exitOnStartFailure, startServer } from './startServer';

/** The production entry (`npm run start:production -w @credits/api`). It never loads the Whop simulator: that is dev.ts's job. */
const config = configOrExit();
if (config.whop.simulator) {
  exitOnStartFailure(new Error('no Whop API is configured (WHOP_API_BASE_URL); the embedded default with its Whop simulator starts with `npm start`'));
}
startServer(config).catch(exitOnStartFailure);
