/** @type {import('jest').Config} */
const swc = (syntax) => ['@swc/jest', { jsc: { parser: { syntax }, target: 'es2022' }, module: { type: 'commonjs' } }];

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.tsx?$': swc('typescript'),
    // jose (a dependency of @whop/sdk) ships ES modules only; compile it to CommonJS for jest.
    '/node_modules/jose/.+\\.js$': swc('ecmascript'),
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  roots: ['<rootDir>/packages', '<rootDir>/apps'],
  testMatch: ['**/test/**/*.test.ts'],
  testTimeout: 30_000,
};
