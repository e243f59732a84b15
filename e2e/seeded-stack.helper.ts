import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startStack } from '../scripts/stack.mjs';
import { callApi } from './accounts.helper.js';

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

/** The model the demo seed releases for the demo lab once last month's sales are in (its last step). */
export const DEMO_MODEL = 'Meridian 0.9';

/**
 * Waits until the demo seed has finished: the demo lab's model `DEMO_MODEL` has a published
 * disclosure. The seed runs in the background of a started stack, longer on a loaded machine, and
 * specs meanwhile add their own orders and models: wait for the seed's own model, by name.
 */
export async function waitForDemoSales(apiUrl: string, labId: string, timeoutMs = 8 * 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const page = await callApi<{
      models: { name: string; version: string; disclosures: unknown[] }[];
    }>(apiUrl, `/v1/labs/${labId}/models`);
    const seeded = page.models.some(
      (model) => `${model.name} ${model.version}` === DEMO_MODEL && model.disclosures.length > 0,
    );
    if (seeded) return;
    if (Date.now() > deadline)
      throw new Error(`the demo seed released no ${DEMO_MODEL} in ${timeoutMs / 60_000} minutes`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}
