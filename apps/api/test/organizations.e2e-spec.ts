import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  Invitation,
  InvitationPreview,
  Member,
  Me,
  MyOrganization,
} from '@clearframe/contracts/accounts';
import { addMember, createOrg, createUser } from './factories/account.factory.js';
import { DAY } from './support/fake-clock.js';
import { startTestApp, tokenFromLink, type TestApp } from './support/test-app.js';

describe('organizations, members and invitations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('creates creator studios and labs with the caller as owner, listed in /me', async () => {
    const owner = await createUser(t);
    const studio = await createOrg(t, owner, 'creator', 'Northern Lights Studio');
    const lab = await createOrg(t, owner, 'lab', 'Northern Lights Studio');
    expect(MyOrganization.parse(studio)).toMatchObject({
      kind: 'creator',
      role: 'owner',
      slug: 'northern-lights-studio',
    });
    expect(lab.slug).toMatch(/^northern-lights-studio-[0-9a-f]{6}$/);
    const me = Me.parse((await t.request('GET', '/v1/auth/me', { token: owner.token })).body);
    expect(me.organizations.map((o) => o.id).sort()).toEqual([studio.id, lab.id].sort());
    const list = await t.request('GET', '/v1/orgs', { token: owner.token });
    expect(list.body.items).toHaveLength(2);
  });

  it('never lets sign-up users create an operator organization', async () => {
    const user = await createUser(t);
    const res = await t.request('POST', '/v1/orgs', {
      token: user.token,
      body: { name: 'Sneaky Ops', kind: 'operator' },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('kind');
    expect(await t.sql(`SELECT 1 FROM organizations WHERE name = 'Sneaky Ops'`)).toHaveLength(0);
  });

  it('renames for owners only', async () => {
    const owner = await createUser(t);
    const member = await createUser(t);
    const org = await createOrg(t, owner, 'creator');
    await addMember(t, owner, org.id, member);
    const denied = await t.request('PATCH', `/v1/orgs/${org.id}`, {
      token: member.token,
      body: { name: 'Hijacked' },
    });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('forbidden');
    const ok = await t.request('PATCH', `/v1/orgs/${org.id}`, {
      token: owner.token,
      body: { name: 'Renamed Studio' },
    });
    expect(ok.body.name).toBe('Renamed Studio');
    expect((await t.request('GET', `/v1/orgs/${org.id}`, { token: member.token })).body.name).toBe(
      'Renamed Studio',
    );
  });

  describe('invitations', () => {
    it('invites by email: the link is mailed and returned, previewed, then accepted by that person', async () => {
      const owner = await createUser(t, { name: 'Olu Owner' });
      const org = await createOrg(t, owner, 'lab', 'Vision Lab');
      const invitee = await createUser(t);
      const res = await t.request('POST', `/v1/orgs/${org.id}/invitations`, {
        token: owner.token,
        body: { email: invitee.email.toUpperCase() },
      });
      expect(res.status).toBe(201);
      expect(Invitation.parse(res.body.invitation)).toMatchObject({
        email: invitee.email,
        role: 'member',
        status: 'pending',
        invitedBy: 'Olu Owner',
      });
      const mail = (await t.outbox()).find(
        (m) => m.tag === 'invitation' && m.to === invitee.email,
      )!;
      expect(mail.links).toEqual([res.body.acceptUrl]);
      expect(mail.subject).toContain('Vision Lab');
      const token = tokenFromLink(res.body.acceptUrl);

      const preview = await t.request('GET', `/v1/invitations/${encodeURIComponent(token)}`);
      expect(InvitationPreview.parse(preview.body)).toMatchObject({
        orgName: 'Vision Lab',
        orgKind: 'lab',
        status: 'pending',
      });

      const accepted = await t.request('POST', '/v1/invitations/accept', {
        token: invitee.token,
        body: { token },
      });
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ id: org.id, role: 'member' });
      const members = (
        await t.request('GET', `/v1/orgs/${org.id}/members`, { token: invitee.token })
      ).body.items.map((m: unknown) => Member.parse(m));
      expect(members.map((m: { email: string }) => m.email).sort()).toEqual(
        [owner.email, invitee.email].sort(),
      );
      expect(
        Me.parse((await t.request('GET', '/v1/auth/me', { token: invitee.token })).body).user
          .emailVerified,
      ).toBe(true);

      const listed = await t.request('GET', `/v1/orgs/${org.id}/invitations`, {
        token: owner.token,
      });
      expect(listed.body.items[0].status).toBe('accepted');
    });

    it('refuses an invitation used twice, by the wrong email, revoked or expired — and changes nothing', async () => {
      const owner = await createUser(t);
      const org = await createOrg(t, owner, 'creator');
      const invitee = await createUser(t);
      const stranger = await createUser(t);
      const created = await t.request('POST', `/v1/orgs/${org.id}/invitations`, {
        token: owner.token,
        body: { email: invitee.email },
      });
      const token = tokenFromLink(created.body.acceptUrl);

      const wrong = await t.request('POST', '/v1/invitations/accept', {
        token: stranger.token,
        body: { token },
      });
      expect(wrong.status).toBe(403);
      expect(wrong.body.code).toBe('invitation_email_mismatch');
      expect(
        await t.sql('SELECT 1 FROM memberships WHERE user_id = $1', [stranger.id]),
      ).toHaveLength(0);

      expect(
        (
          await t.request('POST', '/v1/invitations/accept', {
            token: invitee.token,
            body: { token },
          })
        ).status,
      ).toBe(200);
      const twice = await t.request('POST', '/v1/invitations/accept', {
        token: invitee.token,
        body: { token },
      });
      expect(twice.status).toBe(410);
      expect(twice.body.code).toBe('invitation_used');

      const third = await createUser(t);
      const revokedInvite = await t.request('POST', `/v1/orgs/${org.id}/invitations`, {
        token: owner.token,
        body: { email: third.email },
      });
      expect(
        (
          await t.request(
            'DELETE',
            `/v1/orgs/${org.id}/invitations/${revokedInvite.body.invitation.id}`,
            { token: owner.token },
          )
        ).status,
      ).toBe(204);
      const revoked = await t.request('POST', '/v1/invitations/accept', {
        token: third.token,
        body: { token: tokenFromLink(revokedInvite.body.acceptUrl) },
      });
      expect(revoked.status).toBe(410);
      expect(revoked.body.code).toBe('invitation_expired');

      const late = await t.request('POST', `/v1/orgs/${org.id}/invitations`, {
        token: owner.token,
        body: { email: third.email },
      });
      t.clock.advance(8 * DAY);
      const fresh = await t.request('POST', '/v1/auth/sign-in', {
        body: { email: third.email, password: third.password },
      });
      const expired = await t.request('POST', '/v1/invitations/accept', {
        token: fresh.body.session.token,
        body: { token: tokenFromLink(late.body.acceptUrl) },
      });
      expect(expired.body.code).toBe('invitation_expired');
      expect(await t.sql('SELECT 1 FROM memberships WHERE user_id = $1', [third.id])).toHaveLength(
        0,
      );
    });

    it('a new invitation replaces the previous link for the same email', async () => {
      const owner = await createUser(t);
      const org = await createOrg(t, owner, 'creator');
      const invitee = await createUser(t);
      const first = await t.request('POST', `/v1/orgs/${org.id}/invitations`, {
        token: owner.token,
        body: { email: invitee.email },
      });
      const second = await t.request('POST', `/v1/orgs/${org.id}/invitations`, {
        token: owner.token,
        body: { email: invitee.email },
      });
      const old = await t.request('POST', '/v1/invitations/accept', {
        token: invitee.token,
        body: { token: tokenFromLink(first.body.acceptUrl) },
      });
      expect(old.body.code).toBe('not_found');
      expect(
        (
          await t.request('POST', '/v1/invitations/accept', {
            token: invitee.token,
            body: { token: tokenFromLink(second.body.acceptUrl) },
          })
        ).status,
      ).toBe(200);
    });

    it('refuses to invite an existing member, and lets only owners invite', async () => {
      const owner = await createUser(t);
      const member = await createUser(t);
      const org = await createOrg(t, owner, 'creator');
      await addMember(t, owner, org.id, member);
      const dup = await t.request('POST', `/v1/orgs/${org.id}/invitations`, {
        token: owner.token,
        body: { email: member.email },
      });
      expect(dup.status).toBe(409);
      expect(dup.body.code).toBe('already_member');
      const byMember = await t.request('POST', `/v1/orgs/${org.id}/invitations`, {
        token: member.token,
        body: { email: 'x@example.com' },
      });
      expect(byMember.status).toBe(403);
      expect(
        (await t.request('GET', `/v1/orgs/${org.id}/invitations`, { token: member.token })).status,
      ).toBe(403);
      const bad = await t.request('POST', `/v1/orgs/${org.id}/invitations`, {
        token: owner.token,
        body: { email: 'nope', role: 'admin' },
      });
      expect(bad.status).toBe(422);
      expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
        'email',
        'role',
      ]);
    });

    it('answers unknown invitation tokens with 404', async () => {
      expect((await t.request('GET', '/v1/invitations/cfi_nothing')).status).toBe(404);
    });
  });

  describe('roles and removal', () => {
    it('keeps at least one owner, lets owners promote, demote and remove, and members leave', async () => {
      const owner = await createUser(t);
      const second = await createUser(t);
      const member = await createUser(t);
      const org = await createOrg(t, owner, 'creator');
      await addMember(t, owner, org.id, second);
      await addMember(t, owner, org.id, member);

      const demoteLast = await t.request('PATCH', `/v1/orgs/${org.id}/members/${owner.id}`, {
        token: owner.token,
        body: { role: 'member' },
      });
      expect(demoteLast.status).toBe(409);
      expect(demoteLast.body.code).toBe('last_owner');
      const removeLast = await t.request('DELETE', `/v1/orgs/${org.id}/members/${owner.id}`, {
        token: owner.token,
      });
      expect(removeLast.body.code).toBe('last_owner');

      const byMember = await t.request('PATCH', `/v1/orgs/${org.id}/members/${second.id}`, {
        token: member.token,
        body: { role: 'owner' },
      });
      expect(byMember.status).toBe(403);
      const kick = await t.request('DELETE', `/v1/orgs/${org.id}/members/${second.id}`, {
        token: member.token,
      });
      expect(kick.status).toBe(403);

      const promoted = await t.request('PATCH', `/v1/orgs/${org.id}/members/${second.id}`, {
        token: owner.token,
        body: { role: 'owner' },
      });
      expect(promoted.body.role).toBe('owner');
      expect(
        (
          await t.request('PATCH', `/v1/orgs/${org.id}/members/${owner.id}`, {
            token: owner.token,
            body: { role: 'member' },
          })
        ).status,
      ).toBe(200);

      expect(
        (
          await t.request('DELETE', `/v1/orgs/${org.id}/members/${member.id}`, {
            token: member.token,
          })
        ).status,
      ).toBe(204);
      expect((await t.request('GET', `/v1/orgs/${org.id}`, { token: member.token })).status).toBe(
        404,
      );

      const unknown = await t.request(
        'PATCH',
        `/v1/orgs/${org.id}/members/00000000-0000-4000-8000-000000000000`,
        { token: second.token, body: { role: 'member' } },
      );
      expect(unknown.status).toBe(404);
    });
  });
});
