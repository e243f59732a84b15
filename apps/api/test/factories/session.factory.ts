import type { TestApp } from '../support/test-app.js';
import { nextInstant, randomSecret, sha256Hex } from './ids.js';

export interface TestSession {
  id: string;
  /** The bearer token; the database holds only its SHA-256. */
  token: string;
}

/** Inserts a live session for `userId` and returns its token, as sign-in would. */
export async function createSession(
  t: TestApp,
  userId: string,
  meta: { ip?: string; userAgent?: string } = {},
): Promise<TestSession> {
  const now = nextInstant(t);
  const token = randomSecret('cfs_');
  const { sessionTtlMs, sessionRotateMs } = t.config.auth;
  const [row] = await t.sql<{ id: string }>(
    `INSERT INTO sessions (user_id, token_hash, created_at, last_seen_at, expires_at, rotate_after, user_agent, ip)
     VALUES ($1, $2, $3, $3, $4, $5, $6, $7) RETURNING id`,
    [
      userId,
      sha256Hex(token),
      now,
      new Date(now.getTime() + sessionTtlMs),
      new Date(now.getTime() + sessionRotateMs),
      meta.userAgent ?? null,
      meta.ip ?? null,
    ],
  );
  t.recordSecret('session token', token);
  return { id: row!.id, token };
}
