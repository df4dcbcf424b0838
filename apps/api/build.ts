import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

/**
 * Compiles the API to JavaScript (dist/): no TypeScript compiler at run time. Our workspace packages
 * are bundled in; npm dependencies stay external and load from node_modules. The metafile records
 * what each entry contains (a test reads it: the production server holds no simulator code).
 */
const root = __dirname;
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const external = Object.keys(pkg.dependencies).filter((name) => !name.startsWith('@credits/'));
/** `--outdir <dir>` builds elsewhere (the tests do). */
const flag = process.argv.indexOf('--outdir');
const outdir = flag > 0 ? path.resolve(process.argv[flag + 1]!) : path.join(root, 'dist');

async function main(): Promise<void> {
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    entryPoints: ['server', 'dev', 'migrate'].map((name) => path.join(root, 'src', `${name}.ts`)),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outdir,
    external,
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
  });
  cpSync(path.join(root, 'src/store/postgres/migrations'), path.join(outdir, 'migrations'), { recursive: true });
  writeFileSync(path.join(outdir, 'meta.json'), JSON.stringify(result.metafile));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
