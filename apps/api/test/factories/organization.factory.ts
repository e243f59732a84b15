import type { MyOrganizationType, OrgKindType, RoleType } from '@clearframe/contracts/accounts';
import type { TestApp } from '../support/test-app.js';
import { nextInstant, uniqueSuffix } from './ids.js';
import type { TestUser } from './user.factory.js';

/**
 * Inserts an organization of any kind (operator included, which no HTTP route creates) with
 * `owner` as its owner. Tests of creating organizations go through `POST /v1/orgs` instead.
 */
export async function createOrg(
  t: TestApp,
  owner: Pick<TestUser, 'id'>,
  kind: OrgKindType,
  name?: string,
): Promise<MyOrganizationType> {
  const suffix = uniqueSuffix();
  const orgName =
    name ?? `${kind === 'lab' ? 'Lab' : kind === 'creator' ? 'Studio' : 'Ops'} ${suffix}`;
  const slug = `${
    orgName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'org'
  }-${suffix}`;
  const now = nextInstant(t);
  const [org] = await t.sql<{ id: string }>(
    `INSERT INTO organizations (name, slug, kind, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
    [orgName, slug, kind, now],
  );
  await t.sql(
    `INSERT INTO memberships (org_id, user_id, role, created_at) VALUES ($1, $2, 'owner', $3)`,
    [org!.id, owner.id, now],
  );
  return { id: org!.id, name: orgName, slug, kind, role: 'owner', createdAt: now.toISOString() };
}

/** Makes `user` a member (or owner) of `orgId` directly, without the invitation round trip. */
export async function addMember(
  t: TestApp,
  orgId: string,
  user: Pick<TestUser, 'id'>,
  role: RoleType = 'member',
): Promise<void> {
  await t.sql(
    `INSERT INTO memberships (org_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)`,
    [orgId, user.id, role, nextInstant(t)],
  );
}
