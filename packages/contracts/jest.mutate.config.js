import { fileURLToPath } from 'node:url';
import { createJestConfig } from '@clearframe/config/jest';
import { withCoveringTestFilesOnly } from '@clearframe/config/jest-mutation';

const base = createJestConfig();

// StrykerJS only (stryker.config.json); `npm test` uses jest.config.js. The same suites, but
// - each mutant run loads only the test files holding the tests that cover it;
// - fast-check's `assert` runs at most 100 cases and does not shrink (test/mutation/fast-check.js).
// Why: docs/TESTING.md, "Contracts: mutation testing".
export default withCoveringTestFilesOnly(
  createJestConfig({
    roots: ['<rootDir>/src', '<rootDir>/test'],
    moduleNameMapper: {
      ...base.moduleNameMapper,
      '^fast-check$': '<rootDir>/test/mutation/fast-check.js',
      '^fast-check/unmapped$': fileURLToPath(import.meta.resolve('fast-check')),
    },
  }),
  { indexDir: fileURLToPath(new URL('./.stryker-test-index', import.meta.url)) },
);
