import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, loadEnv, type Plugin } from 'vite';
import { isHexColour } from './src/lib/brand';

/** The host app's brand for index.html (the page title, favicon), checked before anything is built. */
function brand(env: Record<string, string>): Plugin {
  const colour = env.VITE_BRAND_COLOR;
  if (colour && !isHexColour(colour)) throw new Error(`VITE_BRAND_COLOR must be a colour like #4f46e5, not "${colour}".`);
  const name = env.VITE_BRAND_NAME || 'Credits';
  const icon = env.VITE_BRAND_LOGO_URL || '/favicon.svg';
  const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return {
    name: 'credits-brand',
    transformIndexHtml: (html) => html.replace('__BRAND_NAME__', escape(name)).replace('__BRAND_ICON__', escape(icon)),
  };
}

const COMPRESSIBLE = /\.(js|css|html|svg|json|txt)$/;

/**
 * Writes a .br and a .gz next to every compressible file of the build, for the server to send as
 * they are. Not on Vercel, which compresses what it serves itself.
 */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'credits-precompress',
    apply: (_config, { command }) => command === 'build' && !process.env.VERCEL,
    configResolved: (config) => void (outDir = path.resolve(config.root, config.build.outDir)),
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir).flatMap((name) => (statSync(path.join(dir, name)).isDirectory() ? walk(path.join(dir, name)) : [path.join(dir, name)]));
      for (const file of walk(outDir).filter((f) => COMPRESSIBLE.test(f))) {
        const content = readFileSync(file);
        if (content.length < 1024) continue;
        writeFileSync(`${file}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: content.length } }));
        writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
      }
    },
  };
}

// In development (`npm run dev -w @credits/web`) API calls go to the API on :3000. Production builds
// carry no source maps: what the server (or Vercel) serves from dist/ is public. A production build
// is the same whatever NODE_ENV says (NODE_ENV=development npm start, to try development features,
// must not ship React's development bundle).
export default defineConfig(({ command, mode }) => {
  // Read by Vite (and the React plugin's JSX transform) once this config is loaded.
  if (command === 'build' && mode === 'production') process.env.NODE_ENV = 'production';
  return {
    plugins: [react(), brand(loadEnv(mode, process.cwd(), 'VITE_')), precompress()],
    // The workspace's @credits/react as its sources: one implementation of the purchase, built with the app.
    resolve: {
      alias: [
        { find: /^@credits\/react$/, replacement: path.resolve(__dirname, '../../packages/react/src/index.ts') },
        { find: /^@credits\/react\/styles\.css$/, replacement: path.resolve(__dirname, '../../packages/react/src/styles.css') },
        // React Router publishes a production build (its development warnings left out) beside the development one its
        // exports name: a build takes it (0.5 KB less to download before the first screen).
        ...(command === 'build'
          ? [{ find: /^react-router$/, replacement: path.join(path.dirname(require.resolve('react-router/package.json')), 'dist/production/index.mjs') }]
          : []),
      ],
    },
    server: { proxy: { '/api': 'http://localhost:3000' } },
    build: { outDir: 'dist', sourcemap: false, target: 'es2022' },
  };
});
