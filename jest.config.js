/** @type {import('jest').Config} */
const swc = (syntax, extra = {}) => [
  '@swc/jest',
  { jsc: { parser: { syntax, ...extra }, target: 'es2022', transform: { react: { runtime: 'automatic' } } }, module: { type: 'commonjs' } },
];

// Dependencies that ship ES modules only are compiled to CommonJS for jest like our own code:
// every .mjs file, and packages whose ES modules end in .js (jose for @whop/sdk, until-async for msw, the @apidevtools OpenAPI validator).
const ESM_ONLY = ['jose', 'until-async', '@apidevtools/json-schema-ref-parser', '@apidevtools/swagger-parser'].join('|');

const common = {
  transform: {
    '^.+\\.tsx?$': swc('typescript', { tsx: true }),
    '\\.mjs$': swc('ecmascript'),
    [`/node_modules/(${ESM_ONLY})/.+\\.js$`]: swc('ecmascript'),
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY})/).+\\.c?js$`],
};

module.exports = {
  // A global option: per-project values are ignored.
  testTimeout: 30_000,
  // Two files at a time whatever the machine (jest's default is one fewer than the cores: one on a
  // 2-core machine): most of a file's time is spent waiting on a database, a browser or a child process.
  maxWorkers: 2,
  testSequencer: '<rootDir>/jest.sequencer.js',
  projects: [
    {
      ...common,
      displayName: 'api',
      testEnvironment: 'node',
      roots: ['<rootDir>/packages', '<rootDir>/apps/api', '<rootDir>/apps/whop-sim', '<rootDir>/eslint', '<rootDir>/examples'],
      testMatch: ['**/test/**/*.test.ts'],
    },
    {
      ...common,
      displayName: 'web',
      // jsdom with Node's own fetch, streams and TextEncoder, which MSW needs.
      testEnvironment: 'jest-fixed-jsdom',
      roots: ['<rootDir>/apps/web', '<rootDir>/packages/react'],
      testMatch: ['**/test/**/*.test.tsx'],
      setupFilesAfterEnv: ['<rootDir>/apps/web/test/setup.ts'],
      moduleNameMapper: {
        '\\.css$': '<rootDir>/apps/web/test/style.stub.ts',
        '^uplot$': '<rootDir>/apps/web/test/FakePlot.ts',
        '^(\\.\\./)+lib/env$|^\\./env$': '<rootDir>/apps/web/test/env.stub.ts',
        // The workspace's packages as their sources (their builds are for hosts).
        '^@credits/react$': '<rootDir>/packages/react/src/index.ts',
        '^@credits/client$': '<rootDir>/packages/client/src/index.ts',
      },
    },
    {
      ...common,
      displayName: 'browser',
      testEnvironment: 'node',
      roots: ['<rootDir>/apps/web', '<rootDir>/examples/host'],
      testMatch: ['**/e2e/**/*.e2e.ts', '<rootDir>/examples/host/test/**/*.e2e.ts'],
    },
  ],
};
