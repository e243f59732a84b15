import { createJestConfig } from '@clearframe/config/jest';

export default createJestConfig({ roots: ['<rootDir>/app'] });
