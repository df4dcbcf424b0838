import { AsyncLocalStorage } from 'node:async_hooks';
import pino from 'pino';

/**
 * Structured logs (pino): one JSON line per call, every line carrying the id of the request it
 * belongs to. Secrets and card data are redacted wherever they would appear.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
type LogFn = (fields: Record<string, unknown>, message: string) => void;
export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

/** The request being served, so that lines logged deep in a service still carry its id. */
export const requestContext = new AsyncLocalStorage<{ requestId: string }>();

const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["webhook-signature"]',
  'req.headers["x-service-key"]',
  'headers.authorization',
  '*.token',
  '*.password',
  '*.card',
  '*.cardNumber',
];

export function createLogger(level: LogLevel, write?: (line: string) => void): pino.Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT, censor: '[redacted]' },
      mixin: () => {
        const ctx = requestContext.getStore();
        return ctx ? { requestId: ctx.requestId } : {};
      },
    },
    write ? { write: (line: string) => write(line.trimEnd()) } : pino.destination(1),
  );
}
