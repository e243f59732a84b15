// One seeded demo stack for the browser specs that read the demo seed (jest globalSetup and
// globalTeardown). Seeding takes about a minute on a fresh stack; four specs each waiting for
// their own cost CI four minutes. When two or more of those specs are selected, globalSetup
// starts one stack and names it in E2E_SEEDED_STACK; `seededStack()` (seeded-stack.helper.ts)
// then returns it, and otherwise starts a stack of the spec's own. The specs on it run one after
// another (maxWorkers: 1) and each reads the seed as it finds it, so their order does not matter.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStack } from '../scripts/stack.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The selected specs that call `seededStack()`, by jest's own path patterns. */
function seededSpecs(globalConfig) {
  const patterns = globalConfig.testPathPatterns?.patterns ?? [];
  return readdirSync(here)
    .filter((name) => name.endsWith('.browser.spec.ts'))
    .map((name) => path.join(here, name))
    .filter((file) => patterns.length === 0 || patterns.some((p) => new RegExp(p).test(file)))
    .filter((file) => readFileSync(file, 'utf8').includes('seededStack('));
}

export async function setup(globalConfig) {
  if (process.env.E2E_SEEDED_STACK || seededSpecs(globalConfig).length < 2) return;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'clearframe-e2e-seeded-'));
  const stack = await startStack({ dataDir, seed: true, quiet: true });
  globalThis.__clearframeSeededStack = { stack, dataDir };
  process.env.E2E_SEEDED_STACK = JSON.stringify({ apiUrl: stack.apiUrl, webUrl: stack.webUrl });
}

export async function teardown() {
  const shared = globalThis.__clearframeSeededStack;
  if (!shared) return;
  await shared.stack.stop();
  rmSync(shared.dataDir, { recursive: true, force: true });
  delete process.env.E2E_SEEDED_STACK;
}
