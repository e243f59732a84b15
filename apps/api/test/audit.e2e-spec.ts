import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import {
  addMember,
  createApiKey,
  createInvitation,
  createOrg,
  createUser,
  type TestUser,
} from './factories/index.js';
import { startTestApp, tokenFromLink, type TestApp } from './support/test-app.js';

interface AuditRow {
  at: string;
  actor_user_id: string | null;
  actor_api_key_id: string | null;
  org_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  data: Record<string, unknown>;
}

/**
 * Every audited action writes exactly one row naming who did what to which object in which
 * organization, at the app clock's time; a refused action writes none.
 */
describe('audit log', () => {
  let t: TestApp;
  let lastId = 0;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  /** The rows written since the previous call. */
  async function newRows(): Promise<AuditRow[]> {
    const rows = await t.sql<AuditRow & { id: string }>(
      `SELECT id, at, actor_user_id, actor_api_key_id, org_id, action, target_type, target_id, data
       FROM audit_log WHERE id > $1 ORDER BY id`,
      [lastId],
    );
    if (rows.length) lastId = Number(rows.at(-1)!.id);
    return rows.map(({ id: _id, ...row }) => ({ ...row, at: new Date(row.at).toISOString() }));
  }

  /** Moves the clock so the row's time is this action's own; returns that time. */
  function tick(): string {
    t.clock.advance(60_000);
    return t.clock.now().toISOString();
  }

  const entry = (row: Partial<AuditRow> & Pick<AuditRow, 'at' | 'action'>): AuditRow => ({
    actor_user_id: null,
    actor_api_key_id: null,
    org_id: null,
    target_type: null,
    target_id: null,
    data: {},
    ...row,
  });

  const sessionIdOf = async (token: string) =>
    (
      await t.sql('SELECT id FROM sessions WHERE token_hash = $1', [
        createHash('sha256').update(token).digest('hex'),
      ])
    )[0].id as string;

  beforeAll(async () => {
    await newRows();
  });

  describe('accounts', () => {
    it('sign-up, email verification, sign-in and password reset', async () => {
      let at = tick();
      const signUp = await t.request('POST', '/v1/auth/sign-up', {
        body: { email: 'audited@example.com', password: 'a long enough passphrase', name: 'A' },
      });
      expect(signUp.status).toBe(202);
      const userId = (
        await t.sql<{ id: string }>('SELECT id FROM users WHERE email = $1', [
          'audited@example.com',
        ])
      )[0]!.id;
      expect(await newRows()).toEqual([
        entry({
          at,
          action: 'user.signed_up',
          actor_user_id: userId,
          target_type: 'user',
          target_id: userId,
        }),
      ]);

      at = tick();
      const verifyMail = (await t.outbox()).find(
        (m) => m.to === 'audited@example.com' && m.tag === 'verify-email',
      )!;
      await t.request('POST', '/v1/auth/verify-email', {
        body: { token: tokenFromLink(verifyMail.links![0]!) },
      });
      expect(await newRows()).toEqual([
        entry({
          at,
          action: 'user.email_verified',
          actor_user_id: userId,
          target_type: 'user',
          target_id: userId,
        }),
      ]);

      at = tick();
      const signIn = await t.request('POST', '/v1/auth/sign-in', {
        body: { email: 'audited@example.com', password: 'a long enough passphrase' },
      });
      expect(await newRows()).toEqual([
        entry({
          at,
          action: 'user.signed_in',
          actor_user_id: userId,
          target_type: 'session',
          target_id: await sessionIdOf(signIn.body.session.token),
        }),
      ]);

      await t.request('POST', '/v1/auth/password-reset', {
        body: { email: 'audited@example.com' },
      });
      const resetMail = (await t.outbox()).find(
        (m) => m.to === 'audited@example.com' && m.tag === 'password-reset',
      )!;
      at = tick();
      await t.request('POST', '/v1/auth/password-reset/confirm', {
        body: { token: tokenFromLink(resetMail.links![0]!), password: 'another long passphrase' },
      });
      expect(await newRows()).toEqual([
        entry({
          at,
          action: 'user.password_reset',
          actor_user_id: userId,
          target_type: 'user',
          target_id: userId,
        }),
      ]);
    });

    it('writes nothing for a refused sign-in, nor for a sign-up with a taken email', async () => {
      const user = await createUser(t);
      await t.request('POST', '/v1/auth/sign-in', {
        body: { email: user.email, password: 'not the password' },
      });
      await t.request('POST', '/v1/auth/sign-up', {
        body: { email: user.email, password: 'a long enough passphrase', name: 'Again' },
      });
      expect(await newRows()).toEqual([]);
    });
  });

  describe('organizations, invitations and keys', () => {
    let owner: TestUser;
    let member: TestUser;
    beforeAll(async () => {
      owner = await createUser(t);
      member = await createUser(t);
    });

    it('creating and renaming an organization', async () => {
      let at = tick();
      const created = await t.request('POST', '/v1/orgs', {
        token: owner.token,
        body: { name: 'Audited Lab', kind: 'lab' },
      });
      const orgId = created.body.id as string;
      expect(await newRows()).toEqual([
        entry({
          at,
          action: 'org.created',
          actor_user_id: owner.id,
          org_id: orgId,
          target_type: 'organization',
          target_id: orgId,
          data: { kind: 'lab' },
        }),
      ]);

      at = tick();
      await t.request('PATCH', `/v1/orgs/${orgId}`, {
        token: owner.token,
        body: { name: 'Renamed Lab' },
      });
      expect(await newRows()).toEqual([
        entry({
          at,
          action: 'org.renamed',
          actor_user_id: owner.id,
          org_id: orgId,
          data: { from: 'Audited Lab', to: 'Renamed Lab' },
        }),
      ]);
    });

    it('changing a role and removing a member', async () => {
      const org = await createOrg(t, owner, 'creator');
      await addMember(t, org.id, member);
      await newRows();
      let at = tick();
      await t.request('PATCH', `/v1/orgs/${org.id}/members/${member.id}`, {
        token: owner.token,
        body: { role: 'owner' },
      });
      expect(await newRows()).toEqual([
        entry({
          at,
          action: 'org.member_role_changed',
          actor_user_id: owner.id,
          org_id: org.id,
          target_type: 'user',
          target_id: member.id,
          data: { from: 'member', to: 'owner' },
        }),
      ]);
      at = tick();
      await t.request('DELETE', `/v1/orgs/${org.id}/members/${owner.id}`, {
        token: member.token,
      });
      expect(await newRows()).toEqual([
        entry({
          at,
          action: 'org.member_removed',
          actor_user_id: member.id,
          org_id: org.id,
          target_type: 'user',
          target_id: owner.id,
        }),
      ]);
    });

    it('creating, accepting and revoking invitations', async () => {
      const org = await createOrg(t, owner, 'creator');
      const invitee = await createUser(t);
      await newRows();
      let at = tick();
      const invite = await t.request('POST', `/v1/orgs/${org.id}/invitations`, {
        token: owner.token,
        body: { email: invitee.email, role: 'owner' },
      });
      const invitationId = invite.body.invitation.id as string;
      const rows = await newRows();
      expect(rows).toEqual([
        entry({
          at,
          action: 'org.invitation_created',
          actor_user_id: owner.id,
          org_id: org.id,
          target_type: 'invitation',
          target_id: invitationId,
          data: { email: invitee.email, role: 'owner' },
        }),
      ]);
      expect(JSON.stringify(rows)).not.toContain(tokenFromLink(invite.body.acceptUrl));

      at = tick();
      await t.request('POST', '/v1/invitations/accept', {
        token: invitee.token,
        body: { token: tokenFromLink(invite.body.acceptUrl) },
      });
      expect(await newRows()).toEqual([
        entry({
          at,
          action: 'org.invitation_accepted',
          actor_user_id: invitee.id,
          org_id: org.id,
          target_type: 'invitation',
          target_id: invitationId,
        }),
      ]);

      const pending = await createInvitation(t, org.id, owner);
      at = tick();
      await t.request('DELETE', `/v1/orgs/${org.id}/invitations/${pending.id}`, {
        token: owner.token,
      });
      expect(await newRows()).toEqual([
        entry({
          at,
          action: 'org.invitation_revoked',
          actor_user_id: owner.id,
          org_id: org.id,
          target_type: 'invitation',
          target_id: pending.id,
        }),
      ]);
    });

    it('creating and revoking an API key', async () => {
      const lab = await createOrg(t, owner, 'lab');
      await newRows();
      let at = tick();
      const created = await t.request('POST', `/v1/orgs/${lab.id}/api-keys`, {
        token: owner.token,
        body: { name: 'Cluster', scopes: ['orders:read', 'catalog:read'] },
      });
      const { apiKey, secret } = created.body as {
        apiKey: { id: string; prefix: string };
        secret: string;
      };
      const rows = await newRows();
      expect(rows).toEqual([
        entry({
          at,
          action: 'api_key.created',
          actor_user_id: owner.id,
          org_id: lab.id,
          target_type: 'api_key',
          target_id: apiKey.id,
          data: { name: 'Cluster', prefix: apiKey.prefix, scopes: ['catalog:read', 'orders:read'] },
        }),
      ]);
      expect(JSON.stringify(rows)).not.toContain(secret);

      at = tick();
      await t.request('DELETE', `/v1/orgs/${lab.id}/api-keys/${apiKey.id}`, {
        token: owner.token,
      });
      expect(await newRows()).toEqual([
        entry({
          at,
          action: 'api_key.revoked',
          actor_user_id: owner.id,
          org_id: lab.id,
          target_type: 'api_key',
          target_id: apiKey.id,
        }),
      ]);
    });

    it('writes nothing for refused changes', async () => {
      const org = await createOrg(t, owner, 'lab');
      const other = await createOrg(t, member, 'lab');
      await addMember(t, org.id, member);
      const otherKey = await createApiKey(t, other.id, member);
      await newRows();
      const attempts = [
        // a member may not rename, an owner may not invite an existing member,
        await t.request('PATCH', `/v1/orgs/${org.id}`, {
          token: member.token,
          body: { name: 'Nope' },
        }),
        await t.request('POST', `/v1/orgs/${org.id}/invitations`, {
          token: owner.token,
          body: { email: member.email },
        }),
        // the last owner may not leave, and no org reaches another org's key.
        await t.request('DELETE', `/v1/orgs/${org.id}/members/${owner.id}`, {
          token: owner.token,
        }),
        await t.request('DELETE', `/v1/orgs/${org.id}/api-keys/${otherKey.id}`, {
          token: owner.token,
        }),
        await t.request('POST', `/v1/orgs/${org.id}/api-keys`, {
          token: owner.token,
          body: { name: '' },
        }),
      ];
      expect(attempts.map((res) => res.status)).toEqual([403, 409, 409, 404, 422]);
      expect(await newRows()).toEqual([]);
    });
  });
});
