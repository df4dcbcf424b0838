import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** @credits/react as a host installs it: built code, declarations that stand alone, its own size budget. */
describe('@credits/react as a package', () => {
  const root = path.resolve(__dirname, '../../..');
  const dist = path.resolve(__dirname, '../dist');
  let files: string[] = [];

  beforeAll(() => {
    // npm pack builds the package first (prepack), as publishing does.
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '-w', '@credits/react'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
    ) as Array<{
      files: Array<{ path: string }>;
    }>;
    files = packed!.files.map((f) => f.path).sort();
  }, 120_000);

  it('packs built code, type declarations and the stylesheet, and no sources', () => {
    expect(files).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.d.ts', 'dist/PaymentResult.d.ts', 'dist/styles.css', 'package.json', 'README.md']));
    expect(files.some((f) => /^dist\/zhCN-[\w-]+\.js$/.test(f))).toBe(true);
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);
    expect(readFileSync(path.join(dist, 'styles.css'), 'utf8')).toContain(':where(.credits-ui)');
  });

  it('weighs at most 30 KB gzipped beyond React, with the React Query it needs, minified as a host would ship it', async () => {
    const result = await build({
      stdin: { contents: "export * from '@credits/react';", resolveDir: root, loader: 'ts' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      external: ['react', 'react-dom', 'react/jsx-runtime'],
      splitting: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.contents;
    const gzipped = gzipSync(code, { level: 9 }).length;
    console.log(`@credits/react with React Query: ${(code.length / 1024).toFixed(1)} KB minified, ${(gzipped / 1024).toFixed(1)} KB gzipped`);
    expect(gzipped).toBeLessThanOrEqual(30 * 1024);
    expect(new TextDecoder().decode(code)).not.toMatch(/ZodError|zod/i);
  });

  it('types a host’s code from its declarations alone (no workspace sources)', () => {
    const dir = path.join(root, 'node_modules/.cache/credits-react-host');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'host.tsx'),
      `import { CreditsProvider, CreditsDisplay, PaymentResult, useCredits, type Order } from '@credits/react';
export function Balance() {
  const credits = useCredits();
  const available: number | undefined = credits.data?.available;
  return <span>{available}</span>;
}
export const packName = (order: Order) => order.packNames['zh-CN'];
export const App = () => (
  <CreditsProvider baseUrl="https://credits.example" getToken={() => 'token'} locale="zh-CN">
    <CreditsDisplay onBuy={() => undefined} />
    <PaymentResult orderId="x" homeHref="/" buyHref="/?buy" />
  </CreditsProvider>
);
// @ts-expect-error a locale the components do not speak
export const French = () => <CreditsProvider baseUrl="" getToken={() => null} locale="fr">{null}</CreditsProvider>;
`,
    );
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'es2022',
          jsx: 'react-jsx',
          module: 'esnext',
          moduleResolution: 'bundler',
          lib: ['ES2023', 'DOM'],
          skipLibCheck: false,
          types: [],
        },
        files: ['host.tsx'],
      }),
    );
    const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
    expect(() => execFileSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8', stdio: 'pipe' })).not.toThrow();
  }, 60_000);
});
