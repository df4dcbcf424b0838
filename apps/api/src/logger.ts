/** A small structured logger (one JSON line per call) with the shape pino uses, so it can be swapped in. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
type LogFn = (fields: Record<string, unknown>, message: string) => void;
export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export function createLogger(level: LogLevel, write: (line: string) => void = (l) => process.stdout.write(l + '\n')): Logger {
  const at = (lvl: Exclude<LogLevel, 'silent'>): LogFn =>
    ORDER[lvl] < ORDER[level] ? () => undefined : (fields, msg) => write(JSON.stringify({ level: lvl, time: new Date().toISOString(), msg, ...fields }));
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export const silentLogger: Logger = createLogger('silent');
