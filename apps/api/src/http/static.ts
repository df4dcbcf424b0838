import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { NotFoundError } from '../errors';

/** The encodings the web build ships next to each file (apps/web/vite.config.ts), best first. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/**
 * Sends the precompressed copy of `file` the client accepts (brotli, then gzip), or the file itself,
 * with `Vary: Accept-Encoding` so caches keep them apart.
 */
function sendBest(req: Request, res: Response, next: NextFunction, file: string, cacheControl: string): void {
  res.vary('Accept-Encoding');
  res.set('Cache-Control', cacheControl);
  // Our order, not the client's: browsers list gzip first but brotli is smaller.
  const encoding = ENCODINGS.find((e) => req.acceptsEncodings(e.name) === e.name && isFile(file + e.suffix));
  // Dot-files are refused above (fileFor); send's own check would look at the whole path, parents included.
  const options = { cacheControl: false, dotfiles: 'allow' } as const;
  // The file was not sent (a failed If-Match, a range outside it): the problem that answers instead is
  // neither compressed nor to be cached like the file.
  const failed = (err?: Error) => {
    if (!err || res.headersSent) return;
    res.removeHeader('Content-Encoding');
    res.set('Cache-Control', 'no-store');
    next(err);
  };
  if (!encoding) return res.sendFile(file, options, failed);
  res.type(path.extname(file)).set('Content-Encoding', encoding.name);
  res.sendFile(file + encoding.suffix, options, failed);
}

/** A regular file at `file`; anything else (missing, a file used as a directory, a name too long for the file system) is not one. */
function isFile(file: string): boolean {
  try {
    return statSync(file, { throwIfNoEntry: false })?.isFile() === true;
  } catch {
    return false;
  }
}

/**
 * The file under `root` a request path names, or null: outside root, undecodable, with a NUL or a
 * dot-file segment, a precompressed copy or a source map by its own name, or not a regular file.
 */
function fileFor(root: string, requestPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || /\.(br|gz|map)$/i.test(decoded)) return null;
  const file = path.join(root, path.normalize(decoded));
  if (
    !file.startsWith(root + path.sep) ||
    file
      .slice(root.length + 1)
      .split(path.sep)
      .some((segment) => segment.startsWith('.'))
  )
    return null;
  return isFile(file) ? file : null;
}

/** Files of the build, compressed when the client accepts it. */
function files(root: string, cacheControl: string): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const file = fileFor(root, req.path);
    if (!file) return next();
    sendBest(req, res, next, file, cacheControl);
  };
}

/**
 * Serves the built web app: hashed assets cached for a year, everything else revalidated, each in
 * the compressed form the client accepts, and index.html for any other GET that is not an API path,
 * so client routes (/payment/result, /history) load the app. Source maps are never served.
 */
export function webApp(root: string): Router {
  const base = path.resolve(root);
  const index = path.join(base, 'index.html');
  const router = Router();
  router.use('/assets', files(path.join(base, 'assets'), 'public, max-age=31536000, immutable'), (req, _res, next) => {
    next(new NotFoundError(`No asset ${req.path}.`, 'asset_not_found'));
  });
  router.use(files(base, 'no-cache'));
  router.get(/^(?!\/api\/|\/api$|\/healthz$|\/readyz$|\/metrics$).*/, (req, res, next) => {
    if (!req.accepts('html')) return next();
    sendBest(req, res, next, index, 'no-cache');
  });
  return router;
}

export function hasWebBuild(root: string): boolean {
  return existsSync(path.join(root, 'index.html'));
}
