// Loaded by `withCoveringTestFilesOnly` (../jest-mutation.js) as a setup file: records which
// test file holds which test, by the full name Stryker filters on, for covering-files.sequencer.js.
// Written once per test file, in Stryker's initial run (which runs every test); the filtered
// mutant runs that follow see fewer tests and must not overwrite it.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/* global __MUTATION_TEST_INDEX__, beforeEach, afterAll, expect */
const indexDir = __MUTATION_TEST_INDEX__;
const names = new Set();

beforeEach(() => {
  names.add(expect.getState().currentTestName);
});

afterAll(() => {
  const { testPath } = expect.getState();
  const file = path.join(indexDir, `${createHash('sha1').update(testPath).digest('hex')}.json`);
  if (existsSync(file)) return;
  mkdirSync(indexDir, { recursive: true });
  writeFileSync(file, JSON.stringify({ testPath, names: [...names] }));
});
