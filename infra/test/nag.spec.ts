import { describe, expect, it } from '@jest/globals';
import { synthesise } from './support/clearframe.js';
import { productionContext } from './support/context.js';
import { nagFindings } from './support/nag.js';

// Synthesis itself already fails on an unacknowledged error (the AwsSolutions pack is a
// validation plugin of the app); these tests say which stacks were checked, under which context.
describe.each([
  ['the default context (npm run infra:synth)', {}],
  ['a production context', productionContext()],
])('cdk-nag AwsSolutions under %s', (_name, context) => {
  const { stacks } = synthesise(context);

  it.each(['network', 'data', 'app'] as const)(
    'finds no unacknowledged error or warning in the %s stack',
    (name) => {
      expect(nagFindings(stacks[name], 'error')).toEqual([]);
      expect(nagFindings(stacks[name], 'warning')).toEqual([]);
    },
  );
});
