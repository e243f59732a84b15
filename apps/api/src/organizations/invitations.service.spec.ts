import { AccountOrganizations } from '../accounts/account-organizations.port.js';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DAY } from '../../test/support/fake-clock.js';
import { bootModule, type ModuleTest } from '../../test/support/module-test.js';
import { tokenFromLink } from '../../test/support/test-app.js';
import type { OrgContext } from '../access/principal.js';
import { OperatorStatus } from '../accounts/operator-status.port.js';
import type { UserEntity } from '../accounts/user.entity.js';
import { FORMER_MEMBER_NAME } from '../accounts/users.service.js';
import { InvitationsRepository } from './invitations.repository.js';
import { InvitationsService } from './invitations.service.js';
import { OrganizationsModule } from './organizations.module.js';
import { OrganizationsService } from './organizations.service.js';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('InvitationsService', () => {
  let t: ModuleTest;
  let invitations: InvitationsService;
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
    // Not exported by the module (its controller uses it); resolved from the module itself.
    invitations = t.app.get(InvitationsService, { strict: false });
    orgs = t.get(OrganizationsService);
  });
  afterAll(() => t?.close());

  async function orgWithOwner(kind: 'creator' | 'lab' = 'creator') {
    const owner = await t.insertUser();
    const org = await t.insertOrg({ kind, ownerId: owner.id });
    const ctx: OrgContext = { org: (await orgs.findById(org.id))!, role: 'owner' };
    return { owner, org, ctx };
  }
  const tokenOf = (acceptUrl: string) => tokenFromLink(acceptUrl);
  const membership = (orgId: string, userId: string) =>
    t.sql('SELECT role FROM memberships WHERE org_id = $1 AND user_id = $2', [orgId, userId]);

  it('stores only the hash of the link, expires it in 7 days, mails it and audits it', async () => {
    const { owner, org, ctx } = await orgWithOwner();
    const now = t.clock.now();
    const created = await invitations.invite(
      ctx,
      { email: 'ivy@example.com', role: 'member' },
      owner,
    );
    const token = tokenOf(created.acceptUrl);
    expect(token).toMatch(/^cfi_[A-Za-z0-9_-]{43}$/);
    expect(created.acceptUrl).toBe(`${t.config.server.webOrigin}/invitations/${token}`);
    expect(created.invitation).toMatchObject({
      email: 'ivy@example.com',
      role: 'member',
      status: 'pending',
      invitedBy: owner.name,
      expiresAt: new Date(now.getTime() + 7 * DAY).toISOString(),
    });
    const [stored] = await t.sql('SELECT * FROM invitations WHERE id = $1', [
      created.invitation.id,
    ]);
    expect(stored).toMatchObject({
      token_hash: sha256(token),
      org_id: org.id,
      invited_by: owner.id,
    });
    const mail = (await t.outbox()).filter((m) => m.to === 'ivy@example.com');
    expect(mail).toHaveLength(1);
    expect(mail[0]!.tag).toBe('invitation');
    expect(mail[0]!.links).toEqual([created.acceptUrl]);
    expect(mail[0]!.text).toContain(created.acceptUrl);
    expect(mail[0]!.text).toContain('as a member');
    expect(mail[0]!.text).toContain('7 days');
    expect((await t.auditRows()).filter((r) => r.org_id === org.id)).toEqual([
      expect.objectContaining({
        action: 'org.invitation_created',
        actor_user_id: owner.id,
        target_type: 'invitation',
        target_id: created.invitation.id,
        data: { email: 'ivy@example.com', role: 'member' },
      }),
    ]);
  });

  it("inviting a second person leaves the first person's link working", async () => {
    const { owner, org, ctx } = await orgWithOwner();
    const first = await t.insertUser();
    const second = await t.insertUser();
    const a = await invitations.invite(ctx, { email: first.email, role: 'member' }, owner);
    t.clock.advance(1_000);
    const b = await invitations.invite(ctx, { email: second.email, role: 'owner' }, owner);
    await expect(invitations.accept(tokenOf(a.acceptUrl), first)).resolves.toMatchObject({
      id: org.id,
      role: 'member',
    });
    await invitations.accept(tokenOf(b.acceptUrl), second);
    expect(await membership(org.id, first.id)).toEqual([{ role: 'member' }]);
    expect(await membership(org.id, second.id)).toEqual([{ role: 'owner' }]);
    const [mail] = (await t.outbox()).filter((m) => m.to === second.email);
    expect(mail!.subject).toBe(`${owner.name} invited you to ${org.name} on Clearframe`);
    expect(mail!.text).toContain(`join ${org.name} on Clearframe as an owner.`);
  });

  it('a link used twice at once adds one membership', async () => {
    const { owner, org, ctx } = await orgWithOwner();
    const invitee = await t.insertUser();
    const created = await invitations.invite(ctx, { email: invitee.email, role: 'member' }, owner);
    const token = tokenOf(created.acceptUrl);
    const results = await Promise.allSettled([
      invitations.accept(token, invitee),
      invitations.accept(token, invitee),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'invitation_used' });
    expect(await membership(org.id, invitee.id)).toEqual([{ role: 'member' }]);
  });

  it('inviting the same email again replaces its link, in this organization only', async () => {
    const { owner, ctx } = await orgWithOwner();
    const elsewhere = await orgWithOwner();
    const invitee = await t.insertUser();
    const there = await invitations.invite(
      elsewhere.ctx,
      { email: invitee.email, role: 'member' },
      elsewhere.owner,
    );
    const old = await invitations.invite(ctx, { email: invitee.email, role: 'member' }, owner);
    t.clock.advance(1_000);
    const fresh = await invitations.invite(ctx, { email: invitee.email, role: 'owner' }, owner);
    // Re-inviting re-issues the open invitation with a new token: the old link is simply unknown.
    await expect(invitations.accept(tokenOf(old.acceptUrl), invitee)).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(invitations.accept(tokenOf(fresh.acceptUrl), invitee)).resolves.toMatchObject({
      role: 'owner',
    });
    await expect(invitations.accept(tokenOf(there.acceptUrl), invitee)).resolves.toMatchObject({
      id: elsewhere.org.id,
    });
    expect(
      (await t.auditRows())
        .filter((r) => r.org_id === ctx.org.id && r.action.startsWith('org.invitation_'))
        .map((r) => [r.action, r.target_type, r.target_id, r.data]),
    ).toEqual([
      [
        'org.invitation_created',
        'invitation',
        old.invitation.id,
        { email: invitee.email, role: 'member' },
      ],
      [
        'org.invitation_reissued',
        'invitation',
        old.invitation.id,
        { email: invitee.email, role: 'owner' },
      ],
      ['org.invitation_accepted', 'invitation', old.invitation.id, {}],
    ]);
  });

  it('refuses to invite someone who is already a member', async () => {
    const { owner, org, ctx } = await orgWithOwner();
    const member = await t.insertUser();
    await t.insertMember(org.id, member.id, 'member');
    await expect(
      invitations.invite(ctx, { email: member.email, role: 'owner' }, owner),
    ).rejects.toMatchObject({ code: 'already_member' });
    expect(await t.sql('SELECT 1 FROM invitations WHERE org_id = $1', [org.id])).toEqual([]);
  });

  describe('accepting', () => {
    it('adds the member once, confirms their email and audits it; the link then is used', async () => {
      const { owner, org, ctx } = await orgWithOwner();
      const invitee = await t.insertUser({ verified: false });
      const created = await invitations.invite(
        ctx,
        { email: invitee.email, role: 'member' },
        owner,
      );
      const acceptedAt = t.clock.now();
      await invitations.accept(tokenOf(created.acceptUrl), invitee);
      expect(await membership(org.id, invitee.id)).toEqual([{ role: 'member' }]);
      expect(
        await t.sql('SELECT email_verified_at FROM users WHERE id = $1', [invitee.id]),
      ).toEqual([{ email_verified_at: acceptedAt }]);
      expect(
        await t.sql('SELECT accepted_at, accepted_by FROM invitations WHERE id = $1', [
          created.invitation.id,
        ]),
      ).toEqual([{ accepted_at: acceptedAt, accepted_by: invitee.id }]);
      expect((await t.auditRows()).filter((r) => r.org_id === org.id).at(-1)).toMatchObject({
        action: 'org.invitation_accepted',
        actor_user_id: invitee.id,
        target_type: 'invitation',
        target_id: created.invitation.id,
      });
      await expect(invitations.accept(tokenOf(created.acceptUrl), invitee)).rejects.toMatchObject({
        code: 'invitation_used',
      });
      await expect(invitations.preview(tokenOf(created.acceptUrl))).resolves.toMatchObject({
        status: 'accepted',
        orgName: org.name,
      });
    });

    it('only for the invited email, changing nothing otherwise', async () => {
      const { owner, org, ctx } = await orgWithOwner();
      const invitee = await t.insertUser();
      const intruder = await t.insertUser();
      const created = await invitations.invite(ctx, { email: invitee.email, role: 'owner' }, owner);
      await expect(invitations.accept(tokenOf(created.acceptUrl), intruder)).rejects.toMatchObject({
        code: 'invitation_email_mismatch',
      });
      expect(await membership(org.id, intruder.id)).toEqual([]);
      await expect(invitations.accept(tokenOf(created.acceptUrl), invitee)).resolves.toBeDefined();
    });

    it('for 7 days', async () => {
      const { owner, ctx } = await orgWithOwner();
      const early = await t.insertUser();
      const late = await t.insertUser();
      const a = await invitations.invite(ctx, { email: early.email, role: 'member' }, owner);
      const b = await invitations.invite(ctx, { email: late.email, role: 'member' }, owner);
      t.clock.advance(7 * DAY - 1);
      await expect(invitations.accept(tokenOf(a.acceptUrl), early)).resolves.toBeDefined();
      t.clock.advance(1);
      await expect(invitations.accept(tokenOf(b.acceptUrl), late)).rejects.toMatchObject({
        code: 'invitation_expired',
      });
      expect((await invitations.preview(tokenOf(b.acceptUrl))).status).toBe('expired');
    });

    it('not after revocation, and not for a current member or an unknown link', async () => {
      const { owner, org, ctx } = await orgWithOwner();
      const invitee = await t.insertUser();
      const created = await invitations.invite(
        ctx,
        { email: invitee.email, role: 'member' },
        owner,
      );
      await invitations.revoke(ctx, created.invitation.id, owner.id);
      await expect(invitations.accept(tokenOf(created.acceptUrl), invitee)).rejects.toMatchObject({
        code: 'invitation_expired',
      });
      expect(await membership(org.id, invitee.id)).toEqual([]);
      expect((await invitations.preview(tokenOf(created.acceptUrl))).status).toBe('revoked');

      const again = await invitations.invite(ctx, { email: invitee.email, role: 'member' }, owner);
      await t.insertMember(org.id, invitee.id, 'member');
      await expect(invitations.accept(tokenOf(again.acceptUrl), invitee)).rejects.toMatchObject({
        code: 'already_member',
      });
      await expect(invitations.accept('cfi_unknown', invitee)).rejects.toMatchObject({
        code: 'not_found',
      });
      await expect(invitations.preview('cfi_unknown')).rejects.toMatchObject({
        code: 'not_found',
      });
    });
  });

  it('a locked read of an invitation outside a unit of work is a programming error', () => {
    const repository = t.app.get(InvitationsRepository, { strict: false });
    expect(() => repository.findByToken('cfi_any', true)).toThrow(
      'A locked read needs a unit of work',
    );
  });

  describe('listing and revoking', () => {
    it("lists one organization's invitations, newest first, with their status", async () => {
      const one = await orgWithOwner();
      const two = await orgWithOwner('lab');
      const a = await invitations.invite(
        one.ctx,
        { email: 'a@example.com', role: 'member' },
        one.owner,
      );
      t.clock.advance(1_000);
      const b = await invitations.invite(
        one.ctx,
        { email: 'b@example.com', role: 'owner' },
        one.owner,
      );
      t.clock.advance(1_000);
      await invitations.invite(two.ctx, { email: 'c@example.com', role: 'member' }, two.owner);
      await invitations.revoke(one.ctx, a.invitation.id, one.owner.id);
      const listed = await invitations.list(one.ctx);
      expect(listed.map((i) => [i.id, i.status, i.invitedBy])).toEqual([
        [b.invitation.id, 'pending', one.owner.name],
        [a.invitation.id, 'revoked', one.owner.name],
      ]);
    });

    it("cannot revoke another organization's invitation, nor an accepted one", async () => {
      const one = await orgWithOwner();
      const two = await orgWithOwner();
      const invitee: UserEntity = await t.insertUser();
      const theirs = await invitations.invite(
        two.ctx,
        { email: invitee.email, role: 'member' },
        two.owner,
      );
      await expect(
        invitations.revoke(one.ctx, theirs.invitation.id, one.owner.id),
      ).rejects.toMatchObject({ code: 'not_found' });
      expect(
        await t.sql('SELECT revoked_at FROM invitations WHERE id = $1', [theirs.invitation.id]),
      ).toEqual([{ revoked_at: null }]);
      await invitations.accept(tokenOf(theirs.acceptUrl), invitee);
      await expect(
        invitations.revoke(two.ctx, theirs.invitation.id, two.owner.id),
      ).rejects.toMatchObject({ code: 'invitation_used' });
      expect(
        (await t.auditRows()).filter(
          (r) => r.action === 'org.invitation_revoked' && r.target_id === theirs.invitation.id,
        ),
      ).toEqual([]);
    });

    it('records who revoked which invitation', async () => {
      const { owner, org, ctx } = await orgWithOwner();
      const created = await invitations.invite(
        ctx,
        { email: 'r@example.com', role: 'member' },
        owner,
      );
      const at = t.clock.now();
      await invitations.revoke(ctx, created.invitation.id, owner.id);
      expect(
        await t.sql('SELECT revoked_at FROM invitations WHERE id = $1', [created.invitation.id]),
      ).toEqual([{ revoked_at: at }]);
      expect((await t.auditRows()).filter((r) => r.org_id === org.id).at(-1)).toMatchObject({
        action: 'org.invitation_revoked',
        actor_user_id: owner.id,
        target_type: 'invitation',
        target_id: created.invitation.id,
      });
    });

    it('names an inviter whose account is gone as a former member, in the list and the preview', async () => {
      const { org, ctx } = await orgWithOwner();
      const inviter = await t.insertUser();
      await t.insertMember(org.id, inviter.id, 'owner');
      const created = await invitations.invite(
        ctx,
        { email: 'orphan@example.com', role: 'member' },
        inviter,
      );
      await t.sql('DELETE FROM users WHERE id = $1', [inviter.id]);
      expect((await invitations.list(ctx)).map((i) => [i.id, i.invitedBy])).toEqual([
        [created.invitation.id, FORMER_MEMBER_NAME],
      ]);
      await expect(invitations.preview(tokenOf(created.acceptUrl))).resolves.toMatchObject({
        invitedBy: FORMER_MEMBER_NAME,
        orgName: org.name,
      });
    });
  });
});
