// Jest 30 in native ESM mode (NestJS 12 is ESM-only), TypeScript through @swc/jest with
// legacy decorators + decorator metadata so Nest's DI and TypeORM entities work in tests.
// Run jest with NODE_OPTIONS=--experimental-vm-modules.

/** @param {import('jest').Config} overrides */
export function createJestConfig(overrides = {}) {
  return {
    testEnvironment: 'node',
    extensionsToTreatAsEsm: ['.ts', '.tsx'],
    moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
    transform: {
      '^.+\\.(t|j)sx?$': [
        '@swc/jest',
        {
          jsc: {
            parser: { syntax: 'typescript', decorators: true, tsx: true },
            transform: {
              legacyDecorator: true,
              decoratorMetadata: true,
              react: { runtime: 'automatic' },
            },
            target: 'es2022',
            keepClassNames: true,
          },
          module: { type: 'es6' },
          sourceMaps: 'inline',
        },
      ],
    },
    testPathIgnorePatterns: ['/node_modules/', '/dist/', '/build/'],
    // Turbo runs every workspace's suites at once on 2-core machines; a generous ceiling keeps
    // CPU-heavy tests (argon2, signature sweeps) from failing on load. Speed lives in benchmarks.
    testTimeout: 30_000,
    ...overrides,
  };
}
