import { createJestConfig } from '@clearframe/config/jest';

// Browser tests start the real API and web servers and drive Chromium, so they get their own
// config (not part of `npm test`, which must pass with no servers and no browser).
export default createJestConfig({
  rootDir: '.',
  roots: ['<rootDir>'],
  testMatch: ['**/*.browser.spec.ts'],
  testTimeout: 180_000,
  // One stack and one browser at a time keeps the machine's load (and the timings) predictable.
  maxWorkers: 1,
  // The specs that read the demo seed share one seeded stack when several of them run.
  globalSetup: '<rootDir>/global-setup.mjs',
  globalTeardown: '<rootDir>/global-teardown.mjs',
});
