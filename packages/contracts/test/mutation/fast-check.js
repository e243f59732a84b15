// Mutation runs only (jest.mutate.config.js maps `fast-check` here). The property tests ask for
// up to 1,500 generated cases; under Stryker each covering mutant reruns them, and a property a
// mutant breaks is then shrunk to a minimal counterexample nobody reads. Here `fc.assert` runs
// at most MUTATION_NUM_RUNS cases and stops at the first failure. `npm test` is unaffected.
import fc from 'fast-check/unmapped';

export const MUTATION_NUM_RUNS = 100;

function assert(property, params = {}) {
  return fc.assert(property, {
    ...params,
    numRuns: Math.min(params.numRuns ?? MUTATION_NUM_RUNS, MUTATION_NUM_RUNS),
    endOnFailure: true,
  });
}

export * from 'fast-check/unmapped';
export { assert };
export default { ...fc, assert };
