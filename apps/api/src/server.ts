import { configOrExit, exitOnStartFailure, startServer } from './startServer';

/** The production entry (`npm run start:production -w @credits/api`). It never loads the Whop simulator: that is dev.ts's job. */
const config = configOrExit();
if (config.env !== 'production') {
  exitOnStartFailure(
    new Error(
      `the production entry runs only in production, and this is ${config.env} (${config.modeReason}); development, with its dev sign-in and test endpoint, starts with \`npm start\``,
    ),
  );
} else if (config.whop.simulator) {
  exitOnStartFailure(new Error('no Whop API is configured (WHOP_API_BASE_URL); the embedded default with its Whop simulator starts with `npm start`'));
} else {
  startServer(config).catch(exitOnStartFailure);
}
