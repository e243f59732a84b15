import type { RoleType } from '@clearframe/contracts/accounts';
import type { TestApp } from '../support/test-app.js';
import { nextInstant, randomSecret, sha256Hex, uniqueSuffix } from './ids.js';
import type { TestUser } from './user.factory.js';

const INVITATION_TTL_MS = 7 * 24 * 3_600_000;

export interface TestInvitation {
  id: string;
  orgId: string;
  email: string;
  role: RoleType;
  /** The link token (what the mailed link carries); the database holds only its SHA-256. */
  token: string;
}

/** Inserts a pending invitation into `orgId` from `inviter`, valid for the app's 7 days. */
export async function createInvitation(
  t: TestApp,
  orgId: string,
  inviter: Pick<TestUser, 'id'>,
  options: Partial<{ email: string; role: RoleType }> = {},
): Promise<TestInvitation> {
  const email = options.email ?? `invitee-${uniqueSuffix()}@example.com`;
  const role = options.role ?? 'member';
  const token = randomSecret('cfi_');
  const now = nextInstant(t);
  const [row] = await t.sql<{ id: string }>(
    `INSERT INTO invitations (org_id, email, role, token_hash, invited_by, expires_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      orgId,
      email,
      role,
      sha256Hex(token),
      inviter.id,
      new Date(now.getTime() + INVITATION_TTL_MS),
      now,
    ],
  );
  t.recordSecret('invitation token', token);
  return { id: row!.id, orgId, email, role, token };
}
