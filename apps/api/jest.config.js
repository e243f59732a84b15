import { createJestConfig } from '@clearframe/config/jest';

// Each e2e file boots its own app on its own database (a fresh PGlite, or a fresh database on
// DATABASE_URL's server), so files run in parallel; 2 workers match the 2-core machines.
export default createJestConfig({
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testRegex: '(\\.spec|\\.e2e-spec)\\.ts$',
  testTimeout: 60_000,
  maxWorkers: 2,
  // Before the run: the log directory and the PGlite template; after every file: no log line of
  // the run may contain a secret the run created.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/log-scan.global-teardown.ts',
});
