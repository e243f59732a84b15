import { randomBytes } from 'node:crypto';
import type { TestApp } from '../support/test-app.js';
import { nextInstant, sha256Hex, uniqueSuffix } from './ids.js';
import type { TestUser } from './user.factory.js';

export interface TestApiKey {
  id: string;
  orgId: string;
  name: string;
  /** The public part shown in lists (`cf_live_` and 8 characters). */
  prefix: string;
  /** The whole key as a lab sends it; the database holds only its SHA-256. */
  secret: string;
}

/** Inserts a live API key for the lab `orgId`, created by `creator`. */
export async function createApiKey(
  t: TestApp,
  orgId: string,
  creator: Pick<TestUser, 'id'>,
  name = `Key ${uniqueSuffix()}`,
): Promise<TestApiKey> {
  // cf_live_<8 characters>_<secret>: 6 random bytes are exactly 8 base64url characters.
  const prefix = `cf_live_${randomBytes(6).toString('base64url')}`;
  const secret = `${prefix}_${randomBytes(32).toString('base64url')}`;
  const [row] = await t.sql<{ id: string }>(
    `INSERT INTO api_keys (org_id, name, prefix, secret_hash, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [orgId, name, prefix, sha256Hex(secret), creator.id, nextInstant(t)],
  );
  t.recordSecret('API key', secret);
  return { id: row!.id, orgId, name, prefix, secret };
}
