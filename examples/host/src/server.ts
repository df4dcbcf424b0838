import { randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';
import express from 'express';
import { createCredits, loadConfig, type Store } from '@credits/api';
import { startSimulator } from '@credits/whop-sim';
import { eventsReceiver } from './events';
import { generate, NotEnoughCredits } from './generate';
import { createSignIn } from './signIn';

export interface HostOptions {
  /** Where the product keeps its data: PGlite in this folder, or a store already opened (with `announces`; the tests give a copy of a migrated database). */
  data: { dir: string } | { store: Store };
  /** 0: any free port. */
  port?: number;
}

export interface Host {
  url: string;
  /** The Whop simulator the purchases go through. */
  simUrl: string;
  close(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '../../..');

/** The page's script and styles, bundled once at start (a real host builds its app with its own bundler). */
async function bundleWebApp(): Promise<Map<string, { type: string; body: Uint8Array }>> {
  const result = await build({
    entryPoints: [path.join(__dirname, 'web/main.tsx')],
    outdir: '/assets',
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    jsx: 'automatic',
    target: 'es2022',
    define: { 'process.env.NODE_ENV': '"production"' },
    // The workspace's @credits/react from its sources: the same code its build ships to hosts.
    alias: { '@credits/react': path.join(ROOT, 'packages/react/src') },
    logLevel: 'warning',
  });
  return new Map(result.outputFiles.map((f) => [`/assets/${path.basename(f.path)}`, { type: f.path.endsWith('.css') ? 'text/css' : 'text/javascript', body: f.contents }]));
}

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>InkGenius</title>
    <link rel="stylesheet" href="/assets/main.css" />
  </head>
  <body>
    <div id="root"></div>
    <script type="module" src="/assets/main.js"></script>
  </body>
</html>`;

/**
 * InkGenius, the seed's AI writing app, as a host of the product: its own sign-in (RS256 tokens,
 * published as a JWKS), the credits API mounted in its Express app, @credits/react in its page, a
 * backend that holds credits for each generation, and a receiver for credit events. Whop is the
 * simulator.
 */
export async function startHost({ data, port = 0 }: HostOptions): Promise<Host> {
  const host = express();
  const server: Server = await new Promise((resolve) => {
    const s = host.listen(port, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const signIn = await createSignIn(url, 'credits');
  const secrets = { whop: `ws_${randomBytes(32).toString('hex')}`, events: `whsec_${randomBytes(32).toString('base64')}`, service: randomBytes(32).toString('hex') };
  const sim = await startSimulator({ port: 0, webhookSecret: secrets.whop, webhookUrl: `${url}/api/payment/webhook/whop`, apiKey: 'apik_example', accountId: 'biz_Example' });
  const credits = await createCredits({
    store: 'store' in data ? data.store : undefined,
    serveWebApp: false,
    whopApiBaseUrl: sim.apiBaseUrl,
    config: loadConfig({
      NODE_ENV: 'development',
      APP_URL: url,
      AUTH_JWKS_URL: `${url}/.well-known/jwks.json`,
      AUTH_ISSUER: url,
      AUTH_AUDIENCE: 'credits',
      SERVICE_API_KEY: secrets.service,
      EVENTS_WEBHOOK_URL: `${url}/host/credits-events`,
      EVENTS_WEBHOOK_SECRET: secrets.events,
      PGLITE_DATA_DIR: 'dir' in data ? path.join(data.dir, 'pglite') : undefined,
      WHOP_API_BASE_URL: sim.apiBaseUrl,
      WHOP_API_KEY: 'apik_example',
      WHOP_WEBHOOK_SECRET: secrets.whop,
      WHOP_COMPANY_ID: 'biz_Example',
      LOG_LEVEL: 'warn',
    }),
  });
  const events = eventsReceiver(secrets.events);
  const assets = await bundleWebApp();

  /** The signed-in user of a request to the host's own routes, from its token. */
  const userOf = async (req: express.Request) => signIn.verify((req.get('authorization') ?? '').replace(/^Bearer /, ''));

  host.get('/.well-known/jwks.json', (_req, res) => void res.json(signIn.jwks));
  // A demonstration sign-in: any name. A real host checks a password or a provider first.
  host.post('/host/signin', express.json(), async (req, res) => {
    const name = typeof req.body?.name === 'string' ? req.body.name.trim() : '';
    if (!/^[a-z0-9_-]{1,32}$/i.test(name)) return void res.status(400).json({ error: 'A name of letters, digits, - or _.' });
    res.json({ token: await signIn.issue(name) });
  });
  host.post('/host/generate', express.json(), async (req, res) => {
    const userId = await userOf(req);
    if (!userId) return void res.sendStatus(401);
    const prompt = typeof req.body?.prompt === 'string' ? req.body.prompt.slice(0, 200) : '';
    try {
      res.json(await generate({ url, serviceKey: secrets.service }, userId, randomUUID(), prompt));
    } catch (err) {
      if (err instanceof NotEnoughCredits) res.status(409).json({ error: 'Not enough credits for a generation.' });
      else res.status(502).json({ error: 'The generation failed; its credits were released.' });
    }
  });
  host.use(events.router);
  host.get('/host/events', async (req, res) => {
    const userId = await userOf(req);
    if (!userId) return void res.sendStatus(401);
    res.json({ events: events.forUser(userId) });
  });
  host.use(credits.app);
  host.get('/assets/{*file}', (req, res) => {
    const asset = assets.get(req.path);
    if (!asset) return void res.sendStatus(404);
    res.type(asset.type).send(Buffer.from(asset.body));
  });
  host.get('/{*page}', (_req, res) => void res.type('html').send(PAGE));

  return {
    url,
    simUrl: sim.url,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await credits.close();
      await sim.close();
    },
  };
}
