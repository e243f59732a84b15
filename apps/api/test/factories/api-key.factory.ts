import { randomBytes } from 'node:crypto';
import {
  API_KEY_SCOPES_BY_KIND,
  type ApiKeyScopeType,
  type OrgKindType,
} from '@clearframe/contracts/accounts';
import type { TestApp } from '../support/test-app.js';
import { nextInstant, sha256Hex, uniqueSuffix } from './ids.js';
import type { TestUser } from './user.factory.js';

export interface TestApiKey {
  id: string;
  orgId: string;
  name: string;
  /** The public part shown in lists (`cf_live_` and 8 characters). */
  prefix: string;
  scopes: ApiKeyScopeType[];
  /** The whole key as a lab sends it; the database holds only its SHA-256. */
  secret: string;
}

/**
 * Inserts a live API key for the organization `orgId`, created by `creator`, holding `scopes`:
 * by default every scope the organization's kind may hold.
 */
export async function createApiKey(
  t: TestApp,
  orgId: string,
  creator: Pick<TestUser, 'id'>,
  name = `Key ${uniqueSuffix()}`,
  scopes?: ApiKeyScopeType[],
): Promise<TestApiKey> {
  if (!scopes) {
    const [org] = await t.sql<{ kind: OrgKindType }>(
      'SELECT kind FROM organizations WHERE id = $1',
      [orgId],
    );
    scopes = [...API_KEY_SCOPES_BY_KIND[org!.kind]];
  }
  // cf_live_<8 characters>_<secret>: 6 random bytes are exactly 8 base64url characters.
  const prefix = `cf_live_${randomBytes(6).toString('base64url')}`;
  const secret = `${prefix}_${randomBytes(32).toString('base64url')}`;
  const [row] = await t.sql<{ id: string }>(
    `INSERT INTO api_keys (org_id, name, prefix, scopes, secret_hash, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [orgId, name, prefix, scopes, sha256Hex(secret), creator.id, nextInstant(t)],
  );
  t.recordSecret('API key', secret);
  return { id: row!.id, orgId, name, prefix, scopes, secret };
}
