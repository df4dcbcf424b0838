import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';
import { freePort, startServerProcess } from '../../api/test/support/serverProcess';

const REPO = path.resolve(__dirname, '../../..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/** Builds the web app the way `npm start` serves it (into apps/web/dist unless told otherwise). */
export function buildWeb(outDir?: string): void {
  const vite = path.join(path.dirname(require.resolve('vite/package.json', { paths: [path.join(REPO, 'apps/web')] })), 'bin/vite.js');
  execFileSync(process.execPath, [vite, 'build', '--logLevel', 'error', ...(outDir ? ['--outDir', outDir, '--emptyOutDir'] : [])], {
    cwd: path.join(REPO, 'apps/web'),
    // jest sets NODE_ENV=test, which would make Vite bundle React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: 'inherit',
  });
}

export interface Stack {
  appUrl: string;
  simUrl: string;
  stop(): Promise<void>;
}

/** The real server (`npm start`'s entry point): API, built web app, PGlite and the simulator, on free ports. */
export async function startStack(): Promise<Stack> {
  const [port, simPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(path.join(tmpdir(), 'credits-e2e-'));
  const appUrl = `http://127.0.0.1:${port}`;
  // One demo user signs in and buys several times a minute here; the limits are tested elsewhere.
  const server = await startServerProcess(port, { WHOP_SIM_PORT: String(simPort), APP_URL: appUrl, PGLITE_DATA_DIR: dataDir, RATE_LIMIT_CREATE: '1000', RATE_LIMIT_IP: '10000' });
  return {
    appUrl,
    simUrl: `http://127.0.0.1:${simPort}`,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Every console error and uncaught exception of a page, to assert there were none. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg: ConsoleMessage) => {
    if (msg.type() === 'error') errors.push(`${page.url()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`${page.url()}: ${err.message}`));
  return errors;
}
