import { createJestConfig } from '@clearframe/config/jest';

// Mutation testing (stryker.config.json) runs only the specs beside the code of the folders it
// mutates: each boots one module on its own fresh database in seconds. The HTTP e2e suites in
// test/ would make every mutant cost minutes on two cores.
export default createJestConfig({
  roots: ['<rootDir>/src'],
  testRegex: 'src/(access|accounts|organizations|api-keys|audit)/.*\\.spec\\.ts$',
  testTimeout: 60_000,
});
