import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';

const REPO = path.resolve(__dirname, '../../..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

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
  const tsx = path.join(path.dirname(require.resolve('tsx/package.json', { paths: [path.join(REPO, 'apps/api')] })), 'dist/cli.mjs');
  const child: ChildProcess = spawn(process.execPath, [tsx, path.join(REPO, 'apps/api/src/server.ts')], {
    env: { ...process.env, NODE_ENV: 'development', PORT: String(port), WHOP_SIM_PORT: String(simPort), APP_URL: appUrl, PGLITE_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited:\n${output}`);
    try {
      if ((await fetch(`${appUrl}/healthz`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`the server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    appUrl,
    simUrl: `http://127.0.0.1:${simPort}`,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
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
