/**
 * The package's entry point: what tools beside the API (the bench, `npm run seed:demo`) use of it.
 * The API itself starts from dev.ts, server.ts or serverless.ts.
 */
export { signToken } from './auth/jwt';
export { ConfigError, loadConfig } from './config/env';
