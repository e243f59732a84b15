import { fileURLToPath } from 'node:url';
import { createJestConfig } from '@clearframe/config/jest';

const base = createJestConfig();

// StrykerJS only (stryker.config.json); `npm test` uses jest.config.js. The same suites, with
// - a sequencer that loads only the test files holding the tests that cover the mutant under
//   test (test/mutation/covering-files.sequencer.js, fed by test/mutation/record-test-files.js);
// - fast-check's `assert` capped at 100 cases without shrinking (test/mutation/fast-check.js).
// Why: docs/TESTING.md, "Contracts: mutation testing".
export default createJestConfig({
  roots: ['<rootDir>/src', '<rootDir>/test'],
  setupFilesAfterEnv: ['<rootDir>/test/mutation/record-test-files.js'],
  testSequencer: '<rootDir>/test/mutation/covering-files.sequencer.js',
  moduleNameMapper: {
    ...base.moduleNameMapper,
    '^fast-check$': '<rootDir>/test/mutation/fast-check.js',
    '^fast-check/unmapped$': fileURLToPath(import.meta.resolve('fast-check')),
  },
});
