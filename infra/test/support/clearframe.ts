import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildClearframe, imagesFromRepository, type Clearframe } from '../../lib/clearframe.js';
import { readSettings } from '../../lib/settings.js';

export const REPO_ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
);

/** A real RSA public key, as an operator would pass it for signed preview URLs. */
export function previewsPublicKey(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 })
    .publicKey.export({ type: 'spki', format: 'pem' })
    .toString();
}

export interface Synthesised {
  stacks: Clearframe;
  templates: { network: Template; data: Template; app: Template };
}

/**
 * The deployment as `cdk synth` builds it (same code path as bin/clearframe.ts, cdk-nag
 * included), with the given context. Synthesise once per test file and share the templates.
 */
export function synthesise(context: Record<string, string> = {}): Synthesised {
  // Assets are fingerprinted as in `cdk synth` but not copied into a cloud assembly per test.
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearframe-infra-test-'));
  try {
    const app = new App({
      outdir,
      context: { 'aws:cdk:disable-asset-staging': true, ...context },
    });
    const stacks = buildClearframe(app, readSettings(app.node), imagesFromRepository(REPO_ROOT));
    return {
      stacks,
      templates: {
        network: Template.fromStack(stacks.network),
        data: Template.fromStack(stacks.data),
        app: Template.fromStack(stacks.app),
      },
    };
  } finally {
    // The templates are in memory now; the cloud assembly on disk is not needed.
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
