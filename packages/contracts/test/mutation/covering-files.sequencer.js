// Mutation runs only (jest.mutate.config.js). Stryker's jest runner runs every mutant with
// `--findRelatedTests <mutated file>` and a test name pattern listing the tests that cover the
// mutant. Jest still loads every related test file to find out which tests the pattern selects;
// for a module every file imports (text.ts, problem.ts, money) that is all 24 files and ~1.3 s of
// CPU per mutant, against ~0.1 s for the one file that holds the covering tests. This sequencer
// drops the files that hold none of them, using the index record-test-files.js wrote during
// Stryker's initial run. It never drops a file it knows nothing about, and it runs everything
// when there is no pattern, no index, or the pattern matches no recorded test.
import TestSequencer from '@jest/test-sequencer';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TEST_INDEX_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '.test-index');

function readIndex() {
  if (!existsSync(TEST_INDEX_DIR)) return undefined;
  const byPath = new Map();
  for (const entry of readdirSync(TEST_INDEX_DIR)) {
    if (!entry.endsWith('.json')) continue;
    try {
      const { testPath, names } = JSON.parse(
        readFileSync(path.join(TEST_INDEX_DIR, entry), 'utf8'),
      );
      byPath.set(testPath, names);
    } catch {
      // A file being written by the other worker: treat its tests as unknown (kept).
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
    if (!this.testNamePattern) return sorted;
    const index = readIndex();
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
