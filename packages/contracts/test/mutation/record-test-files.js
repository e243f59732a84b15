// Mutation runs only (jest.mutate.config.js): records which test file holds which test, by the
// full name Stryker filters on, so covering-files.sequencer.js can skip loading the files that
// hold none of the tests covering a mutant. Written once per test file, in Stryker's initial
// (unfiltered) run; the filtered mutant runs that follow see fewer tests and must not overwrite it.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEST_INDEX_DIR = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '.test-index',
);

const names = new Set();

beforeEach(() => {
  names.add(expect.getState().currentTestName);
});

afterAll(() => {
  const { testPath } = expect.getState();
  const file = path.join(
    TEST_INDEX_DIR,
    `${createHash('sha1').update(testPath).digest('hex')}.json`,
  );
  if (existsSync(file)) return;
  mkdirSync(TEST_INDEX_DIR, { recursive: true });
  writeFileSync(file, JSON.stringify({ testPath, names: [...names] }));
});
