// Loaded by `withCoveringTestFilesOnly` (../jest-mutation.js) as jest's test sequencer.
//
// Stryker's jest runner runs each mutant with `--findRelatedTests <mutated file>` and a test name
// pattern listing the tests that cover the mutant. Jest still loads every related test file to
// learn which of its tests the pattern selects: for a module most files import, that is every
// file, each in a fresh ESM module graph. This sequencer drops the files that hold none of the
// covering tests, using the index record-test-files.js wrote during Stryker's initial run.
// It never drops a file it has no record of, and keeps every file when there is no pattern, no
// index, or the pattern matches no recorded test.
import TestSequencer from '@jest/test-sequencer';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

function readIndex(indexDir) {
  if (!indexDir || !existsSync(indexDir)) return undefined;
  const byPath = new Map();
  for (const entry of readdirSync(indexDir)) {
    if (!entry.endsWith('.json')) continue;
    try {
      const { testPath, names } = JSON.parse(readFileSync(path.join(indexDir, entry), 'utf8'));
      byPath.set(testPath, names);
    } catch {
      // Being written by the other worker: its file counts as unknown, so it is kept.
    }
  }
  return byPath;
}

export default class CoveringFilesSequencer extends TestSequencer {
  constructor(options) {
    super(options);
    this.testNamePattern = options?.globalConfig?.testNamePattern;
  }

  sort(tests) {
    const sorted = super.sort(tests);
    if (!this.testNamePattern || sorted.length === 0) return sorted;
    const index = readIndex(sorted[0].context.config.globals?.__MUTATION_TEST_INDEX__);
    if (!index) return sorted;
    // The same regular expression jest-circus builds from --testNamePattern.
    const pattern = new RegExp(this.testNamePattern, 'i');
    let matchedAny = false;
    const kept = sorted.filter((test) => {
      const names = index.get(test.path);
      if (!names) return true;
      const matches = names.some((name) => pattern.test(name));
      matchedAny ||= matches;
      return matches;
    });
    return matchedAny ? kept : sorted;
  }
}
