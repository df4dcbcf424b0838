import type { RequestHandler } from 'express';
import type { Logger } from '../logger';
import type { Metrics } from '../Metrics';

/** One log line and one metric observation per request, labelled by the route pattern (never the raw path, which holds ids). */
export function accessLog(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = req.route ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      metrics.httpRequest(req.method, route, res.statusCode, seconds);
      logger.info({ method: req.method, route, status: res.statusCode, durationMs: Math.round(seconds * 1000) }, 'request');
    });
    next();
  };
}
