import type { Config } from 'jest';

// Tests live in test/; ts-jest compiles each file on its own (isolatedModules
// in tsconfig.json) because type checking is `npm run typecheck`'s job, not
// every test run's.
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testPathIgnorePatterns: ['/node_modules/', '/test/support/'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  testTimeout: 120_000,
  maxWorkers: 2,
  // Go-backed suites print one line when they skip; keep the rest quiet.
  verbose: false,
};

export default config;
