import type { TestApp } from '../support/test-app.js';
import { nextInstant, uniqueSuffix } from './ids.js';
import { TEST_PASSWORD, testPasswordHash } from './password-hash.js';
import { createSession } from './session.factory.js';

export interface TestUser {
  id: string;
  email: string;
  name: string;
  password: string;
  /** A live session token of this user. */
  token: string;
  sessionId: string;
}

/**
 * Inserts a user with the shared test password hash and one live session, without the cost of a
 * sign-up over HTTP (argon2 hashing, mail). The email is verified unless `verified: false`.
 * Tests of sign-up itself go through `POST /v1/auth/sign-up` instead.
 */
export async function createUser(
  t: TestApp,
  overrides: Partial<{ email: string; name: string; verified: boolean }> = {},
): Promise<TestUser> {
  const suffix = uniqueSuffix();
  const email = overrides.email ?? `person-${suffix}@example.com`;
  const name = overrides.name ?? `Person ${suffix}`;
  const now = nextInstant(t);
  const [row] = await t.sql<{ id: string }>(
    `INSERT INTO users (email, name, password_hash, email_verified_at, password_changed_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`,
    [email, name, await testPasswordHash(), overrides.verified === false ? null : now, now],
  );
  // The log scan after the run looks for this password in every log line, as for one sent.
  t.recordSecret('password', TEST_PASSWORD);
  const session = await createSession(t, row!.id);
  return {
    id: row!.id,
    email,
    name,
    password: TEST_PASSWORD,
    token: session.token,
    sessionId: session.id,
  };
}
