import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import commentCitations from './eslint/commentCitations.mjs';
import fileNames from './eslint/fileNames.mjs';

const local = { rules: { 'file-names': fileNames, 'comment-citations': commentCitations } };

/** Web features may use the shared data feature (orders: the buyer's orders); otherwise no feature imports another. */
const WEB_FEATURES = ['account', 'admin', 'auth', 'orders', 'purchase'];
const SHARED_FEATURES = ['orders'];
const featureZones = WEB_FEATURES.map((feature) => ({
  target: `./apps/web/src/features/${feature}`,
  from: './apps/web/src/features',
  except: [`./${feature}`, ...(SHARED_FEATURES.includes(feature) ? [] : SHARED_FEATURES.map((f) => `./${f}`))],
  message: 'A web feature imports only itself and the shared data feature (orders).',
}));

/**
 * The layers, held by lint. The API: domain/ is pure; the store adapters know nothing of services,
 * routes or HTTP; routes reach storage only through services and ports; services know nothing of
 * HTTP. The web app: lib, components and i18n serve every feature and import none; features do
 * not import the app shell.
 */
const API = './apps/api/src';
const WEB = './apps/web/src';
const layerZones = [
  { target: `${API}/domain`, from: API, except: ['./domain'], message: 'domain/ is pure: it imports only itself and @credits/shared.' },
  {
    target: `${API}/store`,
    from: [`${API}/services`, `${API}/routes`, `${API}/http`],
    message: 'The store knows nothing of services, routes or HTTP: they use it through store/ports.ts.',
  },
  {
    target: `${API}/routes`,
    from: [`${API}/store/postgres`, `${API}/store/mongo`, `${API}/models`],
    message: 'Routes reach storage only through services and the ports (store/ports.ts), never an adapter or a model.',
  },
  { target: `${API}/services`, from: `${API}/http`, message: 'Services know nothing of HTTP: routes translate between them.' },
  {
    target: [`${WEB}/lib`, `${WEB}/components`, `${WEB}/i18n`],
    from: `${WEB}/features`,
    message: 'lib, components and i18n serve every feature and import none.',
  },
  { target: `${WEB}/features`, from: `${WEB}/app`, message: 'Features do not import the app shell (app/): it imports them.' },
];

/** Packages the API's production code never imports: the simulator (development only, through dev.ts). */
const SIMULATOR = { name: '@credits/whop-sim', message: 'Production code never imports the simulator: the development entry (dev.ts) starts it.' };
const restrictedImports = (...paths) => ['error', { paths: [SIMULATOR, ...paths] }];
const DATABASE_DRIVERS = ['mongoose', 'mongodb', 'pg', 'drizzle-orm', '@electric-sql/pglite'].map((name) => ({
  name,
  message: 'Routes reach storage only through services and the ports (store/ports.ts).',
}));

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/dist-*/**', '.data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  importX.flatConfigs.typescript,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { local },
    settings: {
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['tsconfig.json', 'apps/web/tsconfig.json'],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Cycles among our own modules (the workspace's packages included); a package from npm cannot import back into them.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-duplicates': 'error',
      'import-x/no-restricted-paths': ['error', { zones: [...layerZones, ...featureZones] }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Configuration is read in one place: config/env.ts (the API) or lib/env.ts (the web app).' },
      ],
      'local/file-names': ['error', { pascalCaseFolders: ['models'] }],
      'local/comment-citations': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': ['error', { allow: ['log', 'error', 'warn'] }],
    },
  },
  {
    files: ['apps/api/src/**/*.ts'],
    ignores: ['apps/api/src/dev.ts'],
    rules: { 'no-restricted-imports': restrictedImports() },
  },
  {
    // Pure: no package but the shared one, and no Node built-in (relative imports are held by the zones above).
    files: ['apps/api/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!@credits/shared$|\\.{1,2}/)', message: 'domain/ is pure: it imports only itself and @credits/shared.' }] }],
    },
  },
  {
    files: ['apps/api/src/services/**/*.ts'],
    rules: { 'no-restricted-imports': restrictedImports({ name: 'express', message: 'Services know nothing of HTTP: routes translate between them.' }) },
  },
  {
    files: ['apps/api/src/routes/**/*.ts'],
    rules: { 'no-restricted-imports': restrictedImports(...DATABASE_DRIVERS) },
  },
  {
    // Tools beside the product, and the example host, use its packages' entry points, never their insides or the tests' support.
    files: ['bench/**/*.ts', 'scripts/**/*.ts', 'examples/*/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(\\.\\./)+(apps|packages)/', message: 'Import a workspace package by its name (@credits/api, @credits/whop-sim, @credits/shared).' }] },
      ],
    },
  },
  {
    // Packages run in the browser too: no Node built-ins.
    files: ['packages/*/src/**/*.{ts,tsx}'],
    rules: { 'import-x/no-nodejs-modules': 'error' },
  },
  {
    files: [
      'apps/web/src/**/*.{ts,tsx}',
      'apps/web/test/**/*.{ts,tsx}',
      'packages/react/src/**/*.{ts,tsx}',
      'packages/react/test/**/*.{ts,tsx}',
      'examples/*/src/web/**/*.{ts,tsx}',
    ],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // The places that read the environment: the API's configuration, the simulator's own entry,
    // and what runs the product from outside (tests, the bench, build tools).
    files: [
      'apps/api/src/config/env.ts',
      'apps/whop-sim/src/main.ts',
      'examples/*/src/main.ts',
      '**/test/**',
      '**/e2e/**',
      'bench/**',
      '*.config.{js,mjs,ts}',
      'apps/*/*.config.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['**/*.{js,cjs}'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
