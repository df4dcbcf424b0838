/**
 * The package's entry point: what tools beside the API (the bench, `npm run seed:demo`, the client's generator) use of it.
 * The API itself starts from dev.ts, server.ts or serverless.ts.
 */
export { signToken } from './auth/jwt';
export { ConfigError, loadConfig } from './config/env';
export { openApiDocument } from './http/openapi';
export { createCredits, type Credits, type CreditsOptions } from './createCredits';
export type { Store } from './store/ports';
