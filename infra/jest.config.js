import { createJestConfig } from '@clearframe/config/jest';

// Each test file synthesises its stacks once (beforeAll) and asserts on the templates.
export default createJestConfig({ roots: ['<rootDir>/test'] });
