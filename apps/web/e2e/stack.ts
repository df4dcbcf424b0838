import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { freePort, startServerProcess } from '../../api/test/support/serverProcess';

export { CHROMIUM, hasChromium, launchBrowser, watchConsole } from './browser';

const REPO = path.resolve(__dirname, '../../..');

/** Builds the web app the way `npm start` serves it (into apps/web/dist unless told otherwise), with `env` added to the environment. */
export function buildWeb(outDir?: string, env: Record<string, string> = {}): void {
  const vite = path.join(path.dirname(require.resolve('vite/package.json', { paths: [path.join(REPO, 'apps/web')] })), 'bin/vite.js');
  execFileSync(process.execPath, [vite, 'build', '--logLevel', 'error', ...(outDir ? ['--outDir', outDir, '--emptyOutDir'] : [])], {
    cwd: path.join(REPO, 'apps/web'),
    // Whatever NODE_ENV says (jest sets test): a build is a production build (vite.config.ts).
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
}

export interface Stack {
  appUrl: string;
  simUrl: string;
  /** Stops the server as Ctrl-C does and starts it again on the same ports and data, as `npm start` again would. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The real server (`npm start`'s entry point): API, built web app, PGlite and the simulator, on free
 * ports, with its data (the database and the simulator's state) in a folder of its own. One demo
 * user signs in and buys many times a minute here, so the limits are raised unless `env` says otherwise.
 */
export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  const [port, simPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(path.join(tmpdir(), 'credits-e2e-'));
  const appUrl = `http://127.0.0.1:${port}`;
  const settings = {
    WHOP_SIM_PORT: String(simPort),
    APP_URL: appUrl,
    PGLITE_DATA_DIR: path.join(dataDir, 'pglite'),
    WHOP_SIM_STATE_FILE: path.join(dataDir, 'whop-sim.json'),
    RATE_LIMIT_CREATE: '1000',
    RATE_LIMIT_IP: '10000',
    ...env,
  };
  let server = await startServerProcess(port, settings);
  return {
    appUrl,
    simUrl: `http://127.0.0.1:${simPort}`,
    async restart() {
      await server.stop('SIGINT');
      server = await startServerProcess(port, settings);
    },
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** axe-core's rules on the page as it stands; the violations, each with the elements it found. */
export async function axeViolations(page: Page): Promise<Array<{ id: string; help: string; targets: string[] }>> {
  const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(`${source}\n;undefined`);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: string[] }> }> }> } }
    ).axe;
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    return violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

/** How far the page is wider than the window (0 when nothing scrolls sideways). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** A GET whose body is counted as it crossed the wire (compressed, if the server compressed it). */
export function getOverTheWire(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; bytes: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: body.length, body });
      });
      res.on('error', reject);
    }).on('error', reject);
  });
}
