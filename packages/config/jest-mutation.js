// For StrykerJS's jest runner only (a package's jest.mutate.config.js), never for `npm test`.
import { fileURLToPath } from 'node:url';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));

/**
 * Makes each mutant run load only the test files that hold the tests covering it, instead of
 * every file related to the mutated module (see jest-mutation/covering-files.sequencer.js).
 * `indexDir` must be inside the project, so that it lies in each Stryker sandbox: pass
 * `fileURLToPath(new URL('./.stryker-test-index', import.meta.url))` from the config file.
 *
 * @param {import('jest').Config} config
 * @param {{ indexDir: string }} options
 * @returns {import('jest').Config}
 */
export function withCoveringTestFilesOnly(config, { indexDir }) {
  return {
    ...config,
    globals: { ...config.globals, __MUTATION_TEST_INDEX__: indexDir },
    setupFilesAfterEnv: [
      ...(config.setupFilesAfterEnv ?? []),
      here('./jest-mutation/record-test-files.js'),
    ],
    testSequencer: here('./jest-mutation/covering-files.sequencer.js'),
  };
}
