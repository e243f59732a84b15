import { AccountOrganizations } from '../accounts/account-organizations.port.js';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RoleType } from '@clearframe/contracts/accounts';
import { bootModule, type ModuleTest } from '../../test/support/module-test.js';
import type { OrgContext } from '../access/principal.js';
import { OperatorStatus } from '../accounts/operator-status.port.js';
import type { UserEntity } from '../accounts/user.entity.js';
import { OrganizationsModule } from './organizations.module.js';
import { OrganizationsRepository } from './organizations.repository.js';
import { OrganizationsService } from './organizations.service.js';

const MISSING_ID = '00000000-0000-4000-8000-000000000000';

describe('OrganizationsService', () => {
  let t: ModuleTest;
  let orgs: OrganizationsService;

  beforeAll(async () => {
    t = await bootModule({
      imports: [OrganizationsModule],
      global: {
        imports: [OrganizationsModule],
        providers: [
          { provide: OperatorStatus, useExisting: OrganizationsService },
          { provide: AccountOrganizations, useExisting: OrganizationsService },
        ],
      },
    });
    orgs = t.get(OrganizationsService);
  });
  afterAll(() => t?.close());

  const ctxOf = async (orgId: string, role: RoleType): Promise<OrgContext> => ({
    org: (await orgs.findById(orgId))!,
    role,
  });
  const roles = async (orgId: string) =>
    t.sql<{ user_id: string; role: string }>(
      'SELECT user_id, role FROM memberships WHERE org_id = $1 ORDER BY user_id',
      [orgId],
    );

  /** An org with an owner and a member, and a second org with its own people. */
  async function twoOrgs() {
    const owner = await t.insertUser();
    const member = await t.insertUser();
    const org = await t.insertOrg({ kind: 'creator', ownerId: owner.id });
    await t.insertMember(org.id, member.id, 'member');
    const otherOwner = await t.insertUser();
    const other = await t.insertOrg({ kind: 'lab', ownerId: otherOwner.id });
    await t.insertMember(other.id, member.id, 'owner');
    return { owner, member, org, otherOwner, other };
  }

  it('creates an organization with its creator as owner, a slug from the name, and an audit row', async () => {
    const owner = await t.insertUser();
    const created = await orgs.create({ name: 'Ünïcode   Films!', kind: 'creator' }, owner.id);
    expect(created).toMatchObject({
      name: 'Ünïcode   Films!',
      slug: 'unicode-films',
      role: 'owner',
    });
    expect(await roles(created.id)).toEqual([{ user_id: owner.id, role: 'owner' }]);
    const twin = await orgs.create({ name: 'Unicode Films', kind: 'lab' }, owner.id);
    expect(twin.slug).toMatch(/^unicode-films-[0-9a-f]{6}$/);
    expect((await orgs.create({ name: '!!!', kind: 'lab' }, owner.id)).slug).toBe('org');
    expect((await orgs.create({ name: '--Leading dashes', kind: 'lab' }, owner.id)).slug).toBe(
      'leading-dashes',
    );
    const long = await orgs.create(
      { name: 'A very long organization name that goes on and on', kind: 'lab' },
      owner.id,
    );
    expect(long.slug).toBe('a-very-long-organization-name-that-goes-');
    const audit = (await t.auditRows()).filter((r) => r.org_id === created.id);
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'org.created',
        actor_user_id: owner.id,
        target_type: 'organization',
        target_id: created.id,
        data: { kind: 'creator' },
      }),
    ]);
  });

  it("lists a person's organizations with their role there, and nobody else's", async () => {
    const { member, org, other, otherOwner } = await twoOrgs();
    const mine = await orgs.listMine(member.id);
    expect(new Set(mine.map((o) => `${o.id}:${o.role}`))).toEqual(
      new Set([`${org.id}:member`, `${other.id}:owner`]),
    );
    expect((await orgs.listMine(otherOwner.id)).map((o) => o.id)).toEqual([other.id]);
  });

  it('lists the members of one organization only, with their names', async () => {
    const { owner, member, org } = await twoOrgs();
    const members = await orgs.listMembers(await ctxOf(org.id, 'owner'));
    expect(new Set(members.map((m) => `${m.userId}:${m.role}:${m.email}:${m.name}`))).toEqual(
      new Set([
        `${owner.id}:owner:${owner.email}:${owner.name}`,
        `${member.id}:member:${member.email}:${member.name}`,
      ]),
    );
  });

  it('lists members in the order they joined, not by id nor as the table stores them', async () => {
    const [high, middle, low] = (
      await Promise.all([t.insertUser(), t.insertUser(), t.insertUser()])
    ).sort((a, b) => (a.id < b.id ? 1 : -1)) as [UserEntity, UserEntity, UserEntity];
    const org = await t.insertOrg({ kind: 'lab', ownerId: low.id });
    await t.insertMember(org.id, middle.id, 'member');
    // Stored last, highest id, but joined first (a membership carried over from before).
    const joinedEarlier = new Date(t.clock.now().getTime() - 86_400_000);
    await t.sql(
      `INSERT INTO memberships (org_id, user_id, role, created_at) VALUES ($1, $2, 'member', $3)`,
      [org.id, high.id, joinedEarlier],
    );
    const members = await orgs.listMembers(await ctxOf(org.id, 'owner'));
    expect(members.map((m) => m.userId)).toEqual([high.id, low.id, middle.id]);
  });

  it('locks members only inside a unit of work', async () => {
    await expect(t.get(OrganizationsRepository).lockMembers(MISSING_ID)).rejects.toThrow(
      /unit of work/,
    );
  });

  it('renames one organization and records the old and new names', async () => {
    const { org, other, owner } = await twoOrgs();
    const renamed = await orgs.rename(await ctxOf(org.id, 'owner'), 'New name', {
      userId: owner.id,
    });
    expect(renamed).toMatchObject({ id: org.id, name: 'New name', role: 'owner' });
    expect((await orgs.findById(org.id))!.name).toBe('New name');
    expect((await orgs.findById(other.id))!.name).toBe(other.name);
    expect((await t.auditRows()).filter((r) => r.org_id === org.id)).toEqual([
      expect.objectContaining({
        action: 'org.renamed',
        actor_user_id: owner.id,
        data: { from: org.name, to: 'New name' },
      }),
    ]);
  });

  describe('roles and the last owner', () => {
    it('refuses to demote the last owner and changes nothing', async () => {
      const { owner, member, org } = await twoOrgs();
      const before = await roles(org.id);
      // A member's role is no owner's: the guard does not apply.
      await expect(
        orgs.changeRole(await ctxOf(org.id, 'owner'), member.id, 'member', { userId: owner.id }),
      ).resolves.toMatchObject({ role: 'member' });
      await expect(
        orgs.changeRole(await ctxOf(org.id, 'owner'), owner.id, 'member', { userId: owner.id }),
      ).rejects.toMatchObject({ code: 'last_owner' });
      expect(await roles(org.id)).toEqual(before);
      expect(
        (await t.auditRows()).filter((r) => r.org_id === org.id).map((r) => r.target_id),
      ).toEqual([member.id]);
    });

    it('lets an owner be demoted while another owner remains, and records the change', async () => {
      const { owner, member, org } = await twoOrgs();
      const ctx = await ctxOf(org.id, 'owner');
      const promoted = await orgs.changeRole(ctx, member.id, 'owner', { userId: owner.id });
      expect(promoted).toMatchObject({ userId: member.id, role: 'owner', email: member.email });
      await orgs.changeRole(ctx, owner.id, 'member', { userId: owner.id });
      expect(new Set((await roles(org.id)).map((r) => `${r.user_id}:${r.role}`))).toEqual(
        new Set([`${owner.id}:member`, `${member.id}:owner`]),
      );
      expect(
        (await t.auditRows())
          .filter((r) => r.org_id === org.id)
          .map((r) => [r.action, r.target_type, r.target_id, r.data]),
      ).toEqual([
        ['org.member_role_changed', 'user', member.id, { from: 'member', to: 'owner' }],
        ['org.member_role_changed', 'user', owner.id, { from: 'owner', to: 'member' }],
      ]);
      // Keeping an owner an owner is no demotion, even for the last one.
      await expect(
        orgs.changeRole(ctx, member.id, 'owner', { userId: member.id }),
      ).resolves.toMatchObject({ role: 'owner' });
    });

    it('counts the owners, not the members: one owner among several members stays owner', async () => {
      const { owner, member, org } = await twoOrgs();
      const third = await t.insertUser();
      await t.insertMember(org.id, third.id, 'member');
      const ctx = await ctxOf(org.id, 'owner');
      await expect(
        orgs.changeRole(ctx, owner.id, 'member', { userId: owner.id }),
      ).rejects.toMatchObject({ code: 'last_owner' });
      await expect(orgs.removeMember(ctx, owner.id, owner.id)).rejects.toMatchObject({
        code: 'last_owner',
      });
      // Two owners and a member: either owner may step down or leave.
      await orgs.changeRole(ctx, member.id, 'owner', { userId: owner.id });
      await orgs.changeRole(ctx, owner.id, 'member', { userId: owner.id });
      await orgs.changeRole(ctx, owner.id, 'owner', { userId: member.id });
      await orgs.removeMember(ctx, owner.id, owner.id);
      expect(new Set((await roles(org.id)).map((r) => `${r.user_id}:${r.role}`))).toEqual(
        new Set([`${member.id}:owner`, `${third.id}:member`]),
      );
    });

    it('does not change the role of someone who is not in the organization', async () => {
      const { org, otherOwner, other } = await twoOrgs();
      await expect(
        orgs.changeRole(await ctxOf(org.id, 'owner'), otherOwner.id, 'member', {}),
      ).rejects.toMatchObject({ code: 'not_found' });
      expect(await roles(other.id)).toContainEqual({ user_id: otherOwner.id, role: 'owner' });
    });
  });

  describe('removing members', () => {
    it('a member may leave but not remove others; an owner removes anyone but the last owner', async () => {
      const { owner, member, org } = await twoOrgs();
      const third = await t.insertUser();
      await t.insertMember(org.id, third.id, 'member');
      const asMember = await ctxOf(org.id, 'member');
      const before = await roles(org.id);

      await expect(orgs.removeMember(asMember, third.id, member.id)).rejects.toMatchObject({
        code: 'forbidden',
      });
      await expect(orgs.removeMember(asMember, owner.id, member.id)).rejects.toMatchObject({
        code: 'forbidden',
      });
      expect(await roles(org.id)).toEqual(before);

      await orgs.removeMember(asMember, member.id, member.id);
      const asOwner = await ctxOf(org.id, 'owner');
      await expect(orgs.removeMember(asOwner, owner.id, owner.id)).rejects.toMatchObject({
        code: 'last_owner',
      });
      await orgs.removeMember(asOwner, third.id, owner.id);
      expect(await roles(org.id)).toEqual([{ user_id: owner.id, role: 'owner' }]);
      expect(
        (await t.auditRows())
          .filter((r) => r.org_id === org.id)
          .map((r) => [r.action, r.actor_user_id, r.target_type, r.target_id]),
      ).toEqual([
        ['org.member_removed', member.id, 'user', member.id],
        ['org.member_removed', owner.id, 'user', third.id],
      ]);
    });

    it('an owner may leave when another owner stays', async () => {
      const { owner, member, org } = await twoOrgs();
      await t.sql(`UPDATE memberships SET role = 'owner' WHERE org_id = $1 AND user_id = $2`, [
        org.id,
        member.id,
      ]);
      await orgs.removeMember(await ctxOf(org.id, 'owner'), owner.id, owner.id);
      expect(await roles(org.id)).toEqual([{ user_id: member.id, role: 'owner' }]);
    });

    it('answers not found for someone of another organization and leaves them there', async () => {
      const { org, other, otherOwner, owner } = await twoOrgs();
      await expect(
        orgs.removeMember(await ctxOf(org.id, 'owner'), otherOwner.id, owner.id),
      ).rejects.toMatchObject({ code: 'not_found' });
      expect(await roles(other.id)).toContainEqual({ user_id: otherOwner.id, role: 'owner' });
    });
  });

  describe('what deleting an account does to its organizations', () => {
    /**
     * The leaver is alone in `solo`, the only owner of `owned` (which has a member), a member of
     * `joined`, and one of two owners of `shared`; `bystander` is an org the leaver is not in.
     */
    async function leaverWithOrgs() {
      const leaver = await t.insertUser();
      const colleague = await t.insertUser();
      const solo = await t.insertOrg({ kind: 'creator', ownerId: leaver.id, name: 'Solo' });
      const owned = await t.insertOrg({ kind: 'lab', ownerId: leaver.id, name: 'Owned' });
      await t.insertMember(owned.id, colleague.id, 'member');
      const joined = await t.insertOrg({ kind: 'lab', ownerId: colleague.id, name: 'Joined' });
      await t.insertMember(joined.id, leaver.id, 'member');
      const shared = await t.insertOrg({ kind: 'creator', ownerId: colleague.id, name: 'Shared' });
      await t.insertMember(shared.id, leaver.id, 'owner');
      const bystander = await t.insertOrg({ kind: 'lab', ownerId: colleague.id, name: 'Other' });
      return { leaver, colleague, solo, owned, joined, shared, bystander };
    }
    const entry = (org: { id: string; name: string; kind: string }, otherMembers: number) => ({
      id: org.id,
      name: org.name,
      kind: org.kind,
      otherMembers,
    });
    const sorted = <T extends { id: string }>(list: T[]) =>
      [...list].sort((a, b) => (a.id < b.id ? -1 : 1));

    it('deletes the orgs the person is alone in, is blocked by those it alone owns, and leaves the rest', async () => {
      const { leaver, solo, owned, joined, shared } = await leaverWithOrgs();
      const plan = await orgs.deletionPlan(leaver.id);
      expect(plan.deletedOrganizations).toEqual([entry(solo, 0)]);
      expect(plan.blockingOrganizations).toEqual([entry(owned, 1)]);
      expect(sorted(plan.leftOrganizations)).toEqual(sorted([entry(joined, 1), entry(shared, 1)]));
    });

    it('changes nothing while an org is blocking', async () => {
      const { leaver, solo, owned } = await leaverWithOrgs();
      const before = await t.sql(
        'SELECT org_id, user_id, role FROM memberships ORDER BY org_id, user_id',
      );
      const auditBefore = (await t.auditRows()).length;
      const plan = await orgs.releaseMember(leaver.id);
      expect(plan.blockingOrganizations.map((o) => o.id)).toEqual([owned.id]);
      expect(await orgs.findById(solo.id)).not.toBeNull();
      expect(
        await t.sql('SELECT org_id, user_id, role FROM memberships ORDER BY org_id, user_id'),
      ).toEqual(before);
      expect(await t.auditRows()).toHaveLength(auditBefore);
    });

    it('once nothing blocks, deletes the solo org, leaves the others, and records each', async () => {
      const { leaver, colleague, solo, owned, joined, shared, bystander } = await leaverWithOrgs();
      await t.sql(`UPDATE memberships SET role = 'owner' WHERE org_id = $1 AND user_id = $2`, [
        owned.id,
        colleague.id,
      ]);
      const plan = await orgs.releaseMember(leaver.id);
      expect(plan.blockingOrganizations).toEqual([]);
      expect(plan.deletedOrganizations).toEqual([entry(solo, 0)]);
      expect(await orgs.findById(solo.id)).toBeNull();
      for (const org of [owned, joined, shared, bystander]) {
        expect(await orgs.findById(org.id)).not.toBeNull();
        expect(await roles(org.id)).toEqual([{ user_id: colleague.id, role: 'owner' }]);
      }
      const rows = (await t.auditRows()).filter((r) => r.actor_user_id === leaver.id);
      expect(rows.find((r) => r.org_id === solo.id)).toMatchObject({
        action: 'org.deleted',
        target_type: 'organization',
        target_id: solo.id,
        data: { name: 'Solo', kind: 'creator', reason: 'last_member_deleted_account' },
      });
      expect(
        new Set(
          rows
            .filter((r) => r.action === 'org.member_removed')
            .map((r) => `${r.org_id}:${r.target_type}:${r.target_id}:${JSON.stringify(r.data)}`),
        ),
      ).toEqual(
        new Set(
          [owned, joined, shared].map(
            (o) => `${o.id}:user:${leaver.id}:${JSON.stringify({ reason: 'account_deleted' })}`,
          ),
        ),
      );
      expect(rows).toHaveLength(4);
    });
  });

  it('answers membership, membership by email and operator status per organization', async () => {
    const { member, org, other, otherOwner } = await twoOrgs();
    expect(await orgs.findMembership(org.id, member.id)).toMatchObject({
      org: { id: org.id },
      role: 'member',
    });
    expect(await orgs.findMembership(org.id, otherOwner.id)).toBeNull();
    expect(await orgs.isMemberByEmail(other.id, otherOwner.email)).toBe(true);
    expect(await orgs.isMemberByEmail(org.id, otherOwner.email)).toBe(false);
    expect(await orgs.isMemberByEmail(org.id, 'nobody@example.com')).toBe(false);

    expect(await orgs.isOperator(member.id)).toBe(false);
    const operator: UserEntity = await t.insertUser();
    const platform = await orgs.create({ name: 'Platform', kind: 'operator' }, operator.id);
    expect(await orgs.isOperator(operator.id)).toBe(true);
    expect((await orgs.findOperatorOrg())!.id).toBe(platform.id);
    await orgs.addMemberDirectly(platform.id, member.id, 'member');
    expect(await orgs.isOperator(member.id)).toBe(true);
    expect((await t.auditRows()).filter((r) => r.org_id === platform.id).at(-1)).toMatchObject({
      action: 'org.member_added',
      actor_user_id: null,
      target_type: 'user',
      target_id: member.id,
      data: { role: 'member' },
    });
  });

  it('pages through every organization oldest first', async () => {
    const all = (
      await t.sql<{ id: string }>('SELECT id FROM organizations ORDER BY created_at, id')
    ).map((r) => r.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await orgs.listAll({ limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((o) => o.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all);
    expect(all.length).toBeGreaterThan(4);
  });
});
