import { createJestConfig } from '@clearframe/config/jest';

const base = createJestConfig();

export default createJestConfig({
  roots: ['<rootDir>/app'],
  moduleNameMapper: {
    ...base.moduleNameMapper,
    // Route tests import root.tsx, whose stylesheet arrives through Vite's `?url` suffix.
    '\\.css(\\?url)?$': '<rootDir>/test/asset-url.stub.ts',
  },
});
