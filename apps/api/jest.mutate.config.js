import { fileURLToPath } from 'node:url';
import { createJestConfig } from '@clearframe/config/jest';
import { withCoveringTestFilesOnly } from '@clearframe/config/jest-mutation';

// Mutation testing (stryker.config.json) runs only the specs beside the code of the folders it
// mutates: each boots one module on its own fresh database in seconds. The HTTP e2e suites in
// test/ would make every mutant cost minutes on two cores. Each mutant run loads only the spec
// files holding the tests that cover it (without this, a mutant in a service every module
// imports loads every spec of these folders, each a fresh NestJS + TypeORM module graph).
export default withCoveringTestFilesOnly(
  createJestConfig({
    roots: ['<rootDir>/src'],
    testRegex: 'src/(access|accounts|organizations|api-keys|audit)/.*\\.spec\\.ts$',
    testTimeout: 60_000,
  }),
  { indexDir: fileURLToPath(new URL('./.stryker-test-index', import.meta.url)) },
);
