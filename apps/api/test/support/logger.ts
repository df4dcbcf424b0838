import { createLogger } from '../../src/logger';

/** A logger that writes nothing, for tests that do not look at logs. */
export const silentLogger = createLogger('silent');
