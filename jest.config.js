/** One jest run for the whole workspace; workspace packages resolve to their TypeScript sources. */
const swcOptions = {
  jsc: { parser: { syntax: 'typescript' }, target: 'es2023' },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

module.exports = {
  testEnvironment: 'node',
  roots: [
    '<rootDir>/libs',
    '<rootDir>/services',
    '<rootDir>/tools',
    '<rootDir>/e2e',
    '<rootDir>/lint',
  ],
  testMatch: ['**/test/**/*.test.ts', '<rootDir>/e2e/**/*.test.ts'],
  transform: {
    '^.+\\.(t|j|mj)s$': ['@swc/jest', swcOptions],
  },
  // jose and kysely ship ES modules only; swc turns them into CommonJS for jest.
  transformIgnorePatterns: ['/node_modules/(?!(\\.pnpm/[^/]+/node_modules/)?(jose|kysely)/)'],
  moduleNameMapper: {
    '^@lexfin/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    // platform's subpath exports for domain code (errors, business dates): no fastify, jose, pino
    '^@lexfin/platform/(errors|business-dates)$': '<rootDir>/libs/platform/src/$1.ts',
  },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/jest/global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: process.env.JEST_MAX_WORKERS ?? 2,
};
