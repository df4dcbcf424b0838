import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const API = path.resolve(__dirname, '../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** SIGTERM (or `signal`: SIGINT is Ctrl-C) and wait: a clean shutdown. */
  stop(signal?: 'SIGTERM' | 'SIGINT'): Promise<void>;
  /** SIGKILL: the process dies wherever it is. */
  kill(): Promise<void>;
  /** What it printed so far. */
  output(): string;
}

/**
 * A server entry in a child process, on `port`; resolves once /healthz answers. By default the
 * development entry (`npm start`'s: the simulator only when no Whop API is configured), from source.
 */
export async function startServerProcess(port: number, env: Record<string, string>, options: { script?: string; nodeArgs?: string[] } = {}): Promise<ServerProcess> {
  const script = options.script ?? path.join(API, 'src/dev.ts');
  // tsx as a loader in this very process (not its CLI, which would fork a grandchild that signals miss).
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  // The simulator's memory is the process's own unless the caller shares one (a restart).
  const simState = env.WHOP_SIM_STATE_FILE ? null : path.join(tmpdir(), `credits-sim-${randomUUID()}.json`);
  const child = spawn(process.execPath, [...loader, ...(options.nodeArgs ?? []), script], {
    cwd: API,
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', ...(simState ? { WHOP_SIM_STATE_FILE: simState } : {}), ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      if (simState) rmSync(simState, { force: true });
      resolve();
    }),
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited:\n${output}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`the server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { url, child, stop: (signal = 'SIGTERM') => end(signal), kill: () => end('SIGKILL'), output: () => output };
}
