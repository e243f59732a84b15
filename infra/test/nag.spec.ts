import { describe, expect, it } from '@jest/globals';
import { previewsPublicKey, synthesise } from './support/clearframe.js';
import { nagFindings } from './support/nag.js';

describe('cdk-nag AwsSolutions', () => {
  const { stacks } = synthesise({ previewsPublicKeyPem: previewsPublicKey() });

  it.each(['network', 'data', 'app'] as const)(
    'finds no unsuppressed error in the %s stack',
    (name) => {
      const warnings = nagFindings(stacks[name], 'warning');
      if (warnings.length) console.log(warnings.join('\n'));
      expect(nagFindings(stacks[name], 'error')).toEqual([]);
    },
  );
});
