import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The Dockerfile cannot be built on machines without a Docker daemon or base images, so what it
 * names is checked here instead: every path it copies exists, every npm script and workspace it
 * runs is one the repository has, it runs the production entry the API build writes, as a user
 * other than root, with a health check on a route the API serves.
 */
const ROOT = path.resolve(__dirname, '../../..');
const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const instructions = dockerfile
  .replace(/\\\n\s*/g, ' ')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'));
const rootScripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

describe('the Dockerfile', () => {
  it('builds in one stage and runs from another, as a user other than root', () => {
    expect(instructions.filter((i) => i.startsWith('FROM '))).toEqual([
      'FROM node:20-bookworm-slim AS manifests',
      'FROM node:20-bookworm-slim AS build',
      'FROM node:20-bookworm-slim AS run',
    ]);
    const run = instructions.slice(instructions.findIndex((i) => i.endsWith('AS run')));
    expect(run).toContain('USER node');
    expect(run.findIndex((i) => i === 'USER node')).toBeLessThan(run.findIndex((i) => i.startsWith('CMD ')));
  });

  it('copies only paths the repository has (or the build stage made)', () => {
    for (const copy of instructions.filter((i) => i.startsWith('COPY '))) {
      const parts = copy.split(/\s+/).slice(1);
      const from = parts[0]!.startsWith('--from=') ? parts[0]!.slice('--from='.length) : null;
      const sources = parts.slice(from ? 1 : 0, -1);
      for (const source of sources) {
        if (from === 'manifests') expect(source).toBe('/app');
        else if (from) expect({ from, source, known: ['/app/apps/api/dist', '/app/apps/web/dist'].includes(source) }).toEqual({ from: 'build', source, known: true });
        else expect({ source, exists: existsSync(path.join(ROOT, source)) }).toEqual({ source, exists: true });
      }
    }
  });

  it('gives each npm ci every workspace’s package.json first (the lockfile names them all), listed once', () => {
    const workspaces = ['apps', 'packages', 'examples'].flatMap((dir) =>
      readdirSync(path.join(ROOT, dir))
        .filter((name) => existsSync(path.join(ROOT, dir, name, 'package.json')))
        .map((name) => `${dir}/${name}/package.json`),
    );
    const stages = instructions
      .join('\n')
      .split(/^FROM /m)
      .slice(1)
      .map((stage) => stage.split('\n'));
    const manifests = stages.find((lines) => lines[0]!.endsWith('AS manifests'))!;
    const copied = manifests.flatMap((l) => (l.startsWith('COPY ') ? l.split(/\s+/).slice(1, -1) : []));
    expect(workspaces.filter((w) => !copied.includes(w))).toEqual([]);
    for (const lines of stages.filter((l) => l.some((i) => /npm ci\b/.test(i)))) {
      const install = lines.findIndex((l) => /npm ci\b/.test(l));
      expect({ stage: lines[0], manifests: lines.slice(0, install).includes('COPY --from=manifests /app ./') }).toEqual({ stage: lines[0], manifests: true });
    }
  });

  it('runs the npm scripts the tests run, and installs the API workspace', () => {
    const runs = instructions.filter((i) => i.startsWith('RUN '));
    for (const script of runs.flatMap((r) => [...r.matchAll(/npm run (\S+)/g)].map((m) => m[1]!))) expect(rootScripts).toHaveProperty(script);
    expect(rootScripts.build).toBeDefined();
    const workspace = /--workspace (\S+)/.exec(runs.join(' '))?.[1];
    expect(workspace).toBe('@credits/api');
    expect(existsSync(path.join(ROOT, 'apps/api/package.json'))).toBe(true);
  });

  it('starts the production entry the API build writes, and checks /healthz', () => {
    const cmd = instructions.find((i) => i.startsWith('CMD '))!;
    expect(cmd).toContain('apps/api/dist/server.js');
    expect(readFileSync(path.join(ROOT, 'apps/api/build.ts'), 'utf8')).toContain("['server', 'dev', 'migrate']");
    expect(readFileSync(path.join(ROOT, 'apps/api/src/createCredits.ts'), 'utf8')).toContain("'../../web/dist'");
    const health = instructions.find((i) => i.startsWith('HEALTHCHECK '))!;
    expect(health).toContain('/healthz');
    expect(readFileSync(path.join(ROOT, 'apps/api/src/routes/operations.ts'), 'utf8')).toContain("router.get('/healthz'");
  });

  it('keeps local installs, builds, data and secrets out of the build context', () => {
    const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['node_modules', '**/node_modules', '**/dist', '.data', '.env']) expect(ignored).toContain(entry);
  });
});
