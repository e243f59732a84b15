import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  Invitation,
  InvitationPreview,
  Member,
  Me,
  MyOrganization,
  type MyOrganizationType,
} from '@clearframe/contracts/accounts';
import {
  addMember,
  createInvitation,
  createOrg,
  createSession,
  createUser,
  type TestInvitation,
  type TestUser,
} from './factories/index.js';
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
    const create = async (kind: string) => {
      const res = await t.request('POST', '/v1/orgs', {
        token: owner.token,
        body: { name: 'Northern Lights Studio', kind },
      });
      expect(res.status).toBe(201);
      return MyOrganization.parse(res.body);
    };
    const studio = await create('creator');
    const lab = await create('lab');
    expect(studio).toMatchObject({
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
    await addMember(t, org.id, member);
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
      const invitee = await createUser(t, { verified: false });
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
      expect(listed.body.items).toEqual([
        expect.objectContaining({ id: res.body.invitation.id, status: 'accepted' }),
      ]);
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
      const fresh = await createSession(t, third.id);
      const expired = await t.request('POST', '/v1/invitations/accept', {
        token: fresh.token,
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

    it('inviting a second person leaves the first person’s link working', async () => {
      const owner = await createUser(t);
      const org = await createOrg(t, owner, 'creator');
      const first = await createUser(t);
      const second = await createUser(t);
      const invite = (email: string) =>
        t.request('POST', `/v1/orgs/${org.id}/invitations`, {
          token: owner.token,
          body: { email },
        });
      const firstLink = tokenFromLink((await invite(first.email)).body.acceptUrl);
      const secondLink = tokenFromLink((await invite(second.email)).body.acceptUrl);
      for (const [user, token] of [
        [second, secondLink],
        [first, firstLink],
      ] as const) {
        const accepted = await t.request('POST', '/v1/invitations/accept', {
          token: user.token,
          body: { token },
        });
        expect(accepted.status).toBe(200);
      }
      const members = await t.request('GET', `/v1/orgs/${org.id}/members`, { token: owner.token });
      expect(new Set(members.body.items.map((m: { userId: string }) => m.userId))).toEqual(
        new Set([owner.id, first.id, second.id]),
      );
    });

    it('refuses to invite an existing member, and lets only owners invite', async () => {
      const owner = await createUser(t);
      const member = await createUser(t);
      const org = await createOrg(t, owner, 'creator');
      await addMember(t, org.id, member);
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

  /**
   * Two organizations share one database, and one person belongs to both: each list holds exactly
   * its own organization's rows (compared as sets), in the order the API promises. The factories
   * advance the clock between creations, so every row has its own time.
   */
  describe('lists', () => {
    let ownerA: TestUser;
    let ownerB: TestUser;
    let both: TestUser;
    let onlyA: TestUser;
    let onlyB: TestUser;
    let orgA: MyOrganizationType;
    let orgB: MyOrganizationType;
    let orgC: MyOrganizationType;
    let invitationsA: TestInvitation[];
    let invitationsB: TestInvitation[];

    beforeAll(async () => {
      ownerA = await createUser(t);
      ownerB = await createUser(t);
      both = await createUser(t);
      onlyA = await createUser(t);
      onlyB = await createUser(t);
      // Created in the reverse of their names' order, so name order and time order differ.
      orgA = await createOrg(t, ownerA, 'lab', 'Zephyr Lab');
      orgB = await createOrg(t, ownerB, 'creator', 'Meadow Studio');
      orgC = await createOrg(t, ownerB, 'creator', 'Aurora Studio');
      await addMember(t, orgA.id, onlyA);
      await addMember(t, orgB.id, both);
      await addMember(t, orgA.id, both, 'owner');
      await addMember(t, orgB.id, onlyB);
      await addMember(t, orgC.id, both);
      invitationsA = [];
      invitationsB = [];
      // Both organizations invite the same address too: a filter on email alone would mix them.
      for (const email of ['shared@example.com', 'a1@example.com', 'a2@example.com']) {
        invitationsA.push(await createInvitation(t, orgA.id, ownerA, { email }));
      }
      for (const email of ['shared@example.com', 'b1@example.com']) {
        invitationsB.push(await createInvitation(t, orgB.id, ownerB, { email }));
      }
    });

    const ids = (res: { body: { items: { id?: string; userId?: string }[] } }) =>
      res.body.items.map((item) => item.id ?? item.userId);

    it('members: each organization lists its own members, earliest joined first', async () => {
      const a = await t.request('GET', `/v1/orgs/${orgA.id}/members`, { token: onlyA.token });
      const b = await t.request('GET', `/v1/orgs/${orgB.id}/members`, { token: both.token });
      a.body.items.forEach((m: unknown) => Member.parse(m));
      expect(new Set(ids(a))).toEqual(new Set([ownerA.id, onlyA.id, both.id]));
      expect(new Set(ids(b))).toEqual(new Set([ownerB.id, both.id, onlyB.id]));
      expect(ids(a)).toEqual([ownerA.id, onlyA.id, both.id]);
      expect(ids(b)).toEqual([ownerB.id, both.id, onlyB.id]);
      expect(a.body.items.find((m: { userId: string }) => m.userId === both.id).role).toBe('owner');
      expect(b.body.items.find((m: { userId: string }) => m.userId === both.id).role).toBe(
        'member',
      );
    });

    it('invitations: each organization lists its own invitations, newest first', async () => {
      const a = await t.request('GET', `/v1/orgs/${orgA.id}/invitations`, { token: both.token });
      const b = await t.request('GET', `/v1/orgs/${orgB.id}/invitations`, {
        token: ownerB.token,
      });
      a.body.items.forEach((i: unknown) => Invitation.parse(i));
      expect(new Set(ids(a))).toEqual(new Set(invitationsA.map((i) => i.id)));
      expect(new Set(ids(b))).toEqual(new Set(invitationsB.map((i) => i.id)));
      expect(ids(a)).toEqual(invitationsA.map((i) => i.id).reverse());
      expect(ids(b)).toEqual(invitationsB.map((i) => i.id).reverse());
      expect(a.body.items.every((i: { orgId: string }) => i.orgId === orgA.id)).toBe(true);
    });

    it('my organizations: each person lists exactly the organizations they belong to, by name', async () => {
      const mine = async (user: TestUser) =>
        (await t.request('GET', '/v1/orgs', { token: user.token })).body.items.map((o: unknown) =>
          MyOrganization.parse(o),
        );
      const bothOrgs = await mine(both);
      expect(new Set(bothOrgs.map((o: { id: string }) => o.id))).toEqual(
        new Set([orgA.id, orgB.id, orgC.id]),
      );
      expect(bothOrgs.map((o: { name: string }) => o.name)).toEqual([
        'Aurora Studio',
        'Meadow Studio',
        'Zephyr Lab',
      ]);
      expect(
        Object.fromEntries(bothOrgs.map((o: { id: string; role: string }) => [o.id, o.role])),
      ).toEqual({ [orgA.id]: 'owner', [orgB.id]: 'member', [orgC.id]: 'member' });
      expect((await mine(onlyA)).map((o: { id: string }) => o.id)).toEqual([orgA.id]);
      expect((await mine(ownerB)).map((o: { id: string }) => o.id)).toEqual([orgC.id, orgB.id]);
      const me = Me.parse((await t.request('GET', '/v1/auth/me', { token: both.token })).body);
      expect(me.organizations.map((o) => o.id)).toEqual(bothOrgs.map((o: { id: string }) => o.id));
    });
  });

  describe('roles and removal', () => {
    it('keeps at least one owner, lets owners promote, demote and remove, and members leave', async () => {
      const owner = await createUser(t);
      const second = await createUser(t);
      const member = await createUser(t);
      const org = await createOrg(t, owner, 'creator');
      await addMember(t, org.id, second);
      await addMember(t, org.id, member);

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
