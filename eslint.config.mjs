import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import commentCitations from './eslint/commentCitations.mjs';
import fileNames from './eslint/fileNames.mjs';

const local = { rules: { 'file-names': fileNames, 'comment-citations': commentCitations } };

/** Web features may use the shared data features (credits: the balance; orders: the catalog and orders); otherwise no feature imports another. */
const WEB_FEATURES = ['admin', 'auth', 'credits', 'history', 'orders', 'purchase'];
const SHARED_FEATURES = ['credits', 'orders'];
const featureZones = WEB_FEATURES.map((feature) => ({
  target: `./apps/web/src/features/${feature}`,
  from: './apps/web/src/features',
  except: [`./${feature}`, ...(SHARED_FEATURES.includes(feature) ? [] : SHARED_FEATURES.map((f) => `./${f}`))],
  message: 'A web feature imports only itself and the shared data features (credits, orders).',
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
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: ['tsconfig.json', 'apps/web/tsconfig.json'], noWarnOnMultipleProjects: true })],
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'import-x/no-cycle': 'error',
      'import-x/no-duplicates': 'error',
      'import-x/no-restricted-paths': ['error', { zones: featureZones }],
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
    files: ['apps/web/src/**/*.{ts,tsx}', 'apps/web/test/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // The places that read the environment: the API's configuration, the simulator's own entry,
    // and what runs the product from outside (tests, the bench, build tools).
    files: ['apps/api/src/config/env.ts', 'apps/whop-sim/src/main.ts', '**/test/**', '**/e2e/**', 'bench/**', '*.config.{js,mjs,ts}', 'apps/*/*.config.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['**/*.{js,cjs}'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
