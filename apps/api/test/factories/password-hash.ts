import { hash } from '@node-rs/argon2';

/** The password every factory-made user has. */
export const TEST_PASSWORD = 'correct horse battery staple';

// The app's argon2id profile (OWASP minimum: 19 MiB, 2 passes, 1 lane); 2 is Algorithm.Argon2id.
const ARGON2ID = { algorithm: 2 as const, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

let cached: Promise<string> | undefined;

/**
 * One real argon2id hash of TEST_PASSWORD, computed once per test file (jest gives each file its
 * own module registry) and stored in every factory-made user row, so the app verifies it exactly
 * as it verifies a password set at sign-up, and ten users cost one hash instead of ten.
 */
export function testPasswordHash(): Promise<string> {
  cached ??= hash(TEST_PASSWORD, ARGON2ID);
  return cached;
}
