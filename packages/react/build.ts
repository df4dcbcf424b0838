import { execFileSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';

/**
 * The package as hosts install it: ES modules bundled from the sources (the workspace's shared
 * helpers inlined; React, React DOM and React Query left to the host), Chinese in a chunk of its
 * own, type declarations, and the stylesheet.
 */
const root = import.meta.dirname;
const dist = path.join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
await build({
  entryPoints: [path.join(root, 'src/index.ts')],
  outdir: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  jsx: 'automatic',
  external: ['react', 'react-dom', 'react/jsx-runtime', '@tanstack/react-query'],
  logLevel: 'warning',
});
copyFileSync(path.join(root, 'src/styles.css'), path.join(dist, 'styles.css'));
// The declarations name @credits/client's types, so that package is built first (its own dist/).
execFileSync('npm', ['run', 'build', '-w', '@credits/client'], { cwd: path.join(root, '../..'), stdio: 'ignore' });
execFileSync(process.execPath, [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
const leaks = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter(
  (f) => /\.(js|d\.ts)$/.test(f) && readFileSync(path.join(dist, f), 'utf8').includes('@credits/shared'),
);
if (leaks.length > 0) throw new Error(`the build names @credits/shared, which is not published: ${leaks.join(', ')}`);
