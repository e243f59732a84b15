import { generateKeyPairSync } from 'node:crypto';
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
  const app = new App({ context });
  const stacks = buildClearframe(app, readSettings(app.node), imagesFromRepository(REPO_ROOT));
  return {
    stacks,
    templates: {
      network: Template.fromStack(stacks.network),
      data: Template.fromStack(stacks.data),
      app: Template.fromStack(stacks.app),
    },
  };
}
