import type { TestApp } from '../support/test-app.js';
import { nextInstant, randomSecret, sha256Hex } from './ids.js';

export interface TestOneTimeToken {
  id: string;
  /** What the mailed link carries; the database holds only its SHA-256. */
  token: string;
}

/** Inserts an unused email-verification or password-reset token for `userId`. */
export async function createOneTimeToken(
  t: TestApp,
  userId: string,
  purpose: 'verify_email' | 'password_reset',
  ttlMs = 3_600_000,
): Promise<TestOneTimeToken> {
  // Shaped like the app's link tokens (LINK_TOKEN_PREFIX in one-time-tokens.repository.ts).
  const token = randomSecret('cfl_');
  const now = nextInstant(t);
  const [row] = await t.sql<{ id: string }>(
    `INSERT INTO one_time_tokens (user_id, purpose, token_hash, expires_at, created_at)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [userId, purpose, sha256Hex(token), new Date(now.getTime() + ttlMs), now],
  );
  t.recordSecret('link token', token);
  return { id: row!.id, token };
}
