import { createJestConfig } from '@clearframe/config/jest';

// Unit specs sit beside the code; test/*.system-spec.ts start the built API and run the built
// command as child processes, so `npm test` needs no server running beforehand.
export default createJestConfig({
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testRegex: '(\\.spec|\\.system-spec)\\.ts$',
  // The system spec starts the API and runs whole uploads as child processes.
  testTimeout: 180_000,
});
