import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startStack } from '../scripts/stack.mjs';

export interface SeededStack {
  apiUrl: string;
  webUrl: string;
  /** Stops the spec's own stack; the shared one is stopped by globalTeardown. */
  stop(): Promise<void>;
}

/**
 * A stack on the embedded defaults with the demo seed (which goes on in the background: wait for
 * what the spec needs). The one globalSetup started when several seeded specs run
 * (seeded-stack.mjs), or else a stack of this spec's own.
 */
export async function seededStack(name: string): Promise<SeededStack> {
  const shared = process.env.E2E_SEEDED_STACK;
  if (shared) {
    const { apiUrl, webUrl } = JSON.parse(shared) as { apiUrl: string; webUrl: string };
    return { apiUrl, webUrl, stop: async () => undefined };
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), `clearframe-e2e-${name}-`));
  const stack = await startStack({ dataDir, seed: true, quiet: true });
  return {
    apiUrl: stack.apiUrl,
    webUrl: stack.webUrl,
    stop: async () => {
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
