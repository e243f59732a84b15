import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  AccountDeletionPlan,
  AccountSessionList,
  type AuthResultType,
  User,
} from '@clearframe/contracts/accounts';
import { Problem } from '@clearframe/contracts/problem';
import { hashToken } from '../src/common/tokens.js';
import {
  addMember,
  createApiKey,
  createOrg,
  createUser,
  type TestUser,
} from './factories/index.js';
import { DAY, HOUR } from './support/fake-clock.js';
import { startTestApp, tokenFromLink, type TestApp } from './support/test-app.js';

const FIREFOX_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

describe('the signed-in person’s own account', () => {
  let t: TestApp;
  let address = 0;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const newAddress = () => `198.51.100.${++address}`;

  /** A second device: signs in with its own user agent and address. */
  async function signInAgain(user: TestUser, userAgent: string, ip = newAddress()) {
    const res = await t.request<AuthResultType>('POST', '/v1/auth/sign-in', {
      body: { email: user.email, password: user.password },
      headers: { 'user-agent': userAgent, 'x-forwarded-for': ip },
    });
    expect(res.status).toBe(200);
    const token = res.body.session.token;
    return { token, id: await sessionIdOfToken(token), ip };
  }

  // The clock stands still between requests, so sessions are told apart by their token's hash.
  const sessionIdOfToken = async (token: string) =>
    (await t.sql('SELECT id FROM sessions WHERE token_hash = $1', [hashToken(token)]))[0]
      .id as string;
  const sessionIdOf = (user: TestUser) => sessionIdOfToken(user.token);

  /** The rows a refused write must leave exactly as they were. */
  const snapshot = () =>
    Promise.all(
      [
        'SELECT * FROM users ORDER BY id',
        'SELECT * FROM sessions ORDER BY id',
        'SELECT * FROM one_time_tokens ORDER BY id',
        'SELECT * FROM organizations ORDER BY id',
        'SELECT * FROM memberships ORDER BY org_id, user_id',
        'SELECT * FROM invitations ORDER BY id',
        'SELECT * FROM api_keys ORDER BY id',
        'SELECT id, action FROM audit_log ORDER BY id',
      ].map((query) => t.sql(query)),
    );

  const endedReason = async (token: string) => {
    const res = await t.request('GET', '/v1/auth/me', { token });
    expect(res.status).toBe(401);
    return { code: Problem.parse(res.body).code, reason: res.body.reason as string | undefined };
  };

  describe('sessions', () => {
    it('lists the caller’s live sessions, newest activity first, marks the current one, and never another person’s', async () => {
      const ana = await createUser(t);
      const ben = await createUser(t);
      await signInAgain(ben, FIREFOX_MAC);
      t.clock.advance(2 * 60_000);
      const phone = await signInAgain(ana, SAFARI_IPHONE);
      t.clock.advance(2 * 60_000);
      const laptop = await signInAgain(ana, FIREFOX_MAC);
      const ended = await signInAgain(ana, FIREFOX_MAC);
      await t.request('POST', '/v1/auth/sign-out', { token: ended.token });
      // The phone is used again: its activity is now the newest. (Under a minute later, so the
      // laptop's own listing below does not count as newer activity.)
      t.clock.advance(30_000);
      expect((await t.request('GET', '/v1/auth/me', { token: phone.token })).status).toBe(200);

      const res = await t.request('GET', '/v1/auth/sessions', { token: laptop.token });
      expect(res.status).toBe(200);
      const { items } = AccountSessionList.parse(res.body);
      const first = await sessionIdOf(ana);
      expect(items.map((s) => s.id)).toEqual([phone.id, laptop.id, first]);
      expect(items.map((s) => s.current)).toEqual([false, true, false]);
      expect(items[0]).toMatchObject({ device: 'Safari 17 on iPhone', ip: phone.ip });
      expect(items[1]).toMatchObject({ device: 'Firefox 133 on macOS', ip: laptop.ip });

      const bens = AccountSessionList.parse(
        (await t.request('GET', '/v1/auth/sessions', { token: ben.token })).body,
      );
      const bensRows = await t.sql(
        'SELECT id FROM sessions WHERE user_id = $1 AND revoked_at IS NULL',
        [ben.id],
      );
      expect(new Set(bens.items.map((s) => s.id))).toEqual(new Set(bensRows.map((r) => r.id)));
      expect(bens.items.some((s) => items.some((a) => a.id === s.id))).toBe(false);
    });

    it('leaves idle and expired sessions out of the list and says "expired" to them', async () => {
      const user = await createUser(t);
      t.clock.advance(6 * DAY);
      const recent = await signInAgain(user, FIREFOX_MAC);
      t.clock.advance(DAY + HOUR);
      // The first session has been idle for over 7 days; the recent one for a day.
      const list = AccountSessionList.parse(
        (await t.request('GET', '/v1/auth/sessions', { token: recent.token })).body,
      );
      expect(list.items.map((s) => s.id)).toEqual([recent.id]);
      expect(await endedReason(user.token)).toEqual({ code: 'session_expired', reason: 'expired' });
    });

    it('signs out one other device, which is then told why; the caller stays signed in', async () => {
      const user = await createUser(t);
      const other = await signInAgain(user, SAFARI_IPHONE);
      const res = await t.request('DELETE', `/v1/auth/sessions/${other.id}`, {
        token: user.token,
      });
      expect(res.status).toBe(204);
      expect(await endedReason(other.token)).toEqual({
        code: 'session_expired',
        reason: 'signed_out',
      });
      expect((await t.request('GET', '/v1/auth/me', { token: user.token })).status).toBe(200);
      const [row] = await t.sql('SELECT revoked_reason FROM sessions WHERE id = $1', [other.id]);
      expect(row.revoked_reason).toBe('signed_out_remotely');
      const audit = await t.sql(
        `SELECT actor_user_id FROM audit_log WHERE action = 'user.session_ended' AND target_id = $1`,
        [other.id],
      );
      expect(audit).toEqual([{ actor_user_id: user.id }]);
      // Already ended: there is no such live session any more.
      expect(
        (await t.request('DELETE', `/v1/auth/sessions/${other.id}`, { token: user.token })).status,
      ).toBe(404);
    });

    it('answers 404 for another person’s session, which keeps working, and changes nothing', async () => {
      const user = await createUser(t);
      const victim = await createUser(t);
      const victimSession = await sessionIdOf(victim);
      const before = await snapshot();
      const res = await t.request('DELETE', `/v1/auth/sessions/${victimSession}`, {
        token: user.token,
      });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('not_found');
      expect(await snapshot()).toEqual(before);
      expect((await t.request('GET', '/v1/auth/me', { token: victim.token })).status).toBe(200);
      expect(
        (await t.request('DELETE', '/v1/auth/sessions/not-a-uuid', { token: user.token })).status,
      ).toBe(404);
    });

    it('signing out the current session from the list works like signing out', async () => {
      const user = await createUser(t);
      const current = await sessionIdOf(user);
      const res = await t.request('DELETE', `/v1/auth/sessions/${current}`, { token: user.token });
      expect(res.status).toBe(204);
      expect(res.headers.get('set-cookie')).toMatch(/cf_session=;/);
      expect(await endedReason(user.token)).toEqual({
        code: 'session_expired',
        reason: 'signed_out',
      });
    });

    it('tells the other devices they were signed out everywhere, or that the password was reset', async () => {
      const user = await createUser(t);
      const other = await signInAgain(user, SAFARI_IPHONE);
      await t.request('POST', '/v1/auth/sign-out-everywhere', { token: user.token });
      expect(await endedReason(other.token)).toEqual({
        code: 'session_expired',
        reason: 'signed_out_everywhere',
      });

      const again = await signInAgain(user, FIREFOX_MAC);
      await t.request('POST', '/v1/auth/password-reset', { body: { email: user.email } });
      const mail = (await t.outbox()).filter((m) => m.to === user.email).at(-1)!;
      await t.request('POST', '/v1/auth/password-reset/confirm', {
        body: { token: tokenFromLink(mail.links![0]!), password: 'a brand new passphrase' },
      });
      expect(await endedReason(again.token)).toEqual({
        code: 'session_expired',
        reason: 'password_changed',
      });
    });
  });

  describe('changing the password', () => {
    const change = (token: string, body: object, ip = '192.0.2.200') =>
      t.request('POST', '/v1/auth/password', {
        token,
        body,
        headers: { 'x-forwarded-for': ip },
      });

    it('needs the current password, keeps this session, ends the others, audits and mails the owner', async () => {
      const user = await createUser(t);
      const other = await signInAgain(user, SAFARI_IPHONE);
      const resetLink = await t.request('POST', '/v1/auth/password-reset', {
        body: { email: user.email },
      });
      expect(resetLink.status).toBe(202);
      const pendingReset = (await t.outbox()).filter((m) => m.to === user.email).at(-1)!;
      const res = await change(user.token, {
        currentPassword: user.password,
        newPassword: 'an entirely new passphrase',
      });
      expect(res.status).toBe(204);

      expect((await t.request('GET', '/v1/auth/me', { token: user.token })).status).toBe(200);
      expect(await endedReason(other.token)).toEqual({
        code: 'session_expired',
        reason: 'password_changed',
      });
      const signIn = (password: string) =>
        t.request('POST', '/v1/auth/sign-in', {
          body: { email: user.email, password },
          headers: { 'x-forwarded-for': newAddress() },
        });
      expect((await signIn(user.password)).status).toBe(401);
      expect((await signIn('an entirely new passphrase')).status).toBe(200);
      // A reset link mailed before the change no longer works.
      const reset = await t.request('POST', '/v1/auth/password-reset/confirm', {
        body: {
          token: tokenFromLink(pendingReset.links![0]!),
          password: 'sneaky other passphrase',
        },
      });
      expect(reset.body.code).toBe('token_invalid');

      const audit = await t.sql(
        `SELECT actor_user_id, data FROM audit_log WHERE action = 'user.password_changed' AND target_id = $1`,
        [user.id],
      );
      expect(audit).toEqual([{ actor_user_id: user.id, data: { sessionsEnded: 1 } }]);
      const mail = (await t.outbox()).filter(
        (m) => m.to === user.email && m.tag === 'password-changed',
      );
      expect(mail).toHaveLength(1);
      expect(mail[0]!.text).not.toContain('an entirely new passphrase');
    });

    it('refuses a wrong current password or a weak new one, changing nothing', async () => {
      const user = await createUser(t);
      const other = await signInAgain(user, SAFARI_IPHONE);
      const before = await snapshot();
      const wrong = await change(
        user.token,
        { currentPassword: 'not my password at all', newPassword: 'an entirely new passphrase' },
        newAddress(),
      );
      expect(wrong.status).toBe(422);
      expect(wrong.body.code).toBe('wrong_password');
      expect(wrong.body.errors).toEqual([
        expect.objectContaining({ path: 'currentPassword', code: 'wrong_password' }),
      ]);
      const weak = await change(user.token, {
        currentPassword: user.password,
        newPassword: 'short',
      });
      expect(weak.status).toBe(422);
      expect(weak.body.code).toBe('validation_failed');
      expect(weak.body.errors.map((e: { path: string }) => e.path)).toEqual(['newPassword']);
      const after = await snapshot();
      // Only the sign-in throttle counted the wrong guess (rate_limit_buckets is not snapshotted).
      expect(after).toEqual(before);
      expect((await t.request('GET', '/v1/auth/me', { token: other.token })).status).toBe(200);
      expect(
        (await t.outbox()).filter((m) => m.to === user.email && m.tag === 'password-changed'),
      ).toHaveLength(0);
    });

    it('counts wrong current passwords against the sign-in throttle, so it cannot be used to guess', async () => {
      const user = await createUser(t);
      const guesser = newAddress();
      for (let i = 0; i < 5; i++) {
        const res = await change(
          user.token,
          { currentPassword: `guess number ${i}`, newPassword: 'an entirely new passphrase' },
          guesser,
        );
        expect(res.status).toBe(422);
      }
      // The right password from the guessing address now waits, as a sign-in from it does.
      const right = await change(
        user.token,
        { currentPassword: user.password, newPassword: 'an entirely new passphrase' },
        guesser,
      );
      expect(right.status).toBe(429);
      expect(right.body.code).toBe('rate_limited');
      const signIn = await t.request('POST', '/v1/auth/sign-in', {
        body: { email: user.email, password: user.password },
        headers: { 'x-forwarded-for': guesser },
      });
      expect(signIn.status).toBe(429);
      // The owner elsewhere is not held up.
      expect(
        (
          await change(
            user.token,
            { currentPassword: user.password, newPassword: 'an entirely new passphrase' },
            newAddress(),
          )
        ).status,
      ).toBe(204);
    });
  });

  describe('changing the name', () => {
    it('renames the caller only, and audits it', async () => {
      const user = await createUser(t, { name: 'Old Name' });
      const bystander = await createUser(t, { name: 'Bystander' });
      const res = await t.request('PATCH', '/v1/auth/me', {
        token: user.token,
        body: { name: '  Renée Dupont ' },
      });
      expect(res.status).toBe(200);
      expect(User.parse(res.body)).toMatchObject({ id: user.id, name: 'Renée Dupont' });
      const names = await t.sql('SELECT id, name FROM users WHERE id = ANY($1) ORDER BY name', [
        [user.id, bystander.id],
      ]);
      expect(names).toEqual([
        { id: bystander.id, name: 'Bystander' },
        { id: user.id, name: 'Renée Dupont' },
      ]);
      const me = await t.request('GET', '/v1/auth/me', { token: user.token });
      expect(me.body.user.name).toBe('Renée Dupont');
      const audit = await t.sql(
        `SELECT actor_user_id FROM audit_log WHERE action = 'user.renamed' AND target_id = $1`,
        [user.id],
      );
      expect(audit).toEqual([{ actor_user_id: user.id }]);
    });

    it.each([
      ['an empty name', { name: '   ' }, 'name'],
      ['a name that is too long', { name: 'x'.repeat(121) }, 'name'],
      ['an unknown field', { name: 'Fine', email: 'x@example.com' }, 'email'],
      ['a NUL character', { name: 'Bad\u0000Name' }, 'name'],
      ['a right-to-left override', { name: 'evil\u202Egnp.exe' }, 'name'],
    ])('refuses %s with the path, changing nothing', async (_label, body, path) => {
      const user = await createUser(t);
      const before = await snapshot();
      const res = await t.request('PATCH', '/v1/auth/me', { token: user.token, body });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('deleting the account', () => {
    const remove = (token: string, password: string) =>
      t.request('DELETE', '/v1/auth/me', {
        token,
        body: { password },
        headers: { 'x-forwarded-for': '192.0.2.201' },
      });

    it('deletes the person and the organizations only they were in, leaves the others, in one go', async () => {
      const leaving = await createUser(t);
      const partner = await createUser(t);
      const solo = await createOrg(t, leaving, 'lab', 'Solo Lab');
      const soloKey = await createApiKey(t, solo.id, leaving, 'solo key');
      await t.request('POST', `/v1/orgs/${solo.id}/invitations`, {
        token: leaving.token,
        body: { email: 'someone@example.com' },
      });
      // A lab the person co-owns: it stays, with the key and the invitation they made.
      const shared = await createOrg(t, partner, 'lab', 'Shared Lab');
      await addMember(t, shared.id, leaving, 'owner');
      const sharedKey = await createApiKey(t, shared.id, leaving, 'shared key');
      await t.request('POST', `/v1/orgs/${shared.id}/invitations`, {
        token: leaving.token,
        body: { email: 'newcomer@example.com' },
      });
      const joined = await createOrg(t, partner, 'creator', 'Partner Studio');
      await addMember(t, joined.id, leaving, 'member');
      const oldAudit = await t.sql('SELECT id FROM audit_log WHERE actor_user_id = $1', [
        leaving.id,
      ]);

      const plan = AccountDeletionPlan.parse(
        (await t.request('GET', '/v1/auth/me/deletion', { token: leaving.token })).body,
      );
      expect(plan.deletedOrganizations.map((o) => o.id)).toEqual([solo.id]);
      expect(plan.blockingOrganizations).toEqual([]);
      expect(new Set(plan.leftOrganizations.map((o) => o.id))).toEqual(
        new Set([shared.id, joined.id]),
      );

      const res = await remove(leaving.token, leaving.password);
      expect(res.status).toBe(204);
      expect(res.headers.get('set-cookie')).toMatch(/cf_session=;/);

      expect(await t.sql('SELECT id FROM users WHERE id = $1', [leaving.id])).toEqual([]);
      expect(await t.sql('SELECT id FROM sessions WHERE user_id = $1', [leaving.id])).toEqual([]);
      expect((await t.request('GET', '/v1/auth/me', { token: leaving.token })).status).toBe(401);
      const signIn = await t.request('POST', '/v1/auth/sign-in', {
        body: { email: leaving.email, password: leaving.password },
      });
      expect(signIn.body.code).toBe('invalid_credentials');

      // The solo lab is gone with its invitation and key; the key no longer works.
      expect(await t.sql('SELECT id FROM organizations WHERE id = $1', [solo.id])).toEqual([]);
      expect(await t.sql('SELECT id FROM invitations WHERE org_id = $1', [solo.id])).toEqual([]);
      expect((await t.request('GET', '/v1/auth/whoami', { token: soloKey.secret })).status).toBe(
        401,
      );
      // The shared lab keeps its key (still working) and invitation, credited to a former member.
      expect((await t.request('GET', '/v1/auth/whoami', { token: sharedKey.secret })).status).toBe(
        200,
      );
      const keys = await t.request('GET', `/v1/orgs/${shared.id}/api-keys`, {
        token: partner.token,
      });
      expect(keys.body.items ?? keys.body).toEqual([
        expect.objectContaining({ id: sharedKey.id, createdBy: 'A former member' }),
      ]);
      const invitations = await t.request('GET', `/v1/orgs/${shared.id}/invitations`, {
        token: partner.token,
      });
      const pending = (invitations.body.items ?? invitations.body).filter(
        (i: { status: string }) => i.status === 'pending',
      );
      expect(pending).toEqual([
        expect.objectContaining({ email: 'newcomer@example.com', invitedBy: 'A former member' }),
      ]);
      const members = await t.sql(
        'SELECT org_id, user_id FROM memberships WHERE org_id = ANY($1) ORDER BY org_id',
        [[shared.id, joined.id]],
      );
      expect(new Set(members.map((m) => `${m.org_id}:${m.user_id}`))).toEqual(
        new Set([`${shared.id}:${partner.id}`, `${joined.id}:${partner.id}`]),
      );
      expect((await t.request('GET', '/v1/auth/me', { token: partner.token })).status).toBe(200);

      // History stays: earlier rows keep the actor id, and the deletion is recorded.
      expect(
        await t.sql('SELECT id FROM audit_log WHERE id = ANY($1)', [oldAudit.map((r) => r.id)]),
      ).toHaveLength(oldAudit.length);
      const rows = await t.sql(
        `SELECT action, org_id, target_id, data FROM audit_log
         WHERE actor_user_id = $1 AND action IN ('user.deleted', 'org.deleted', 'org.member_removed')
         ORDER BY id`,
        [leaving.id],
      );
      expect(rows).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ action: 'org.deleted', org_id: solo.id }),
          expect.objectContaining({ action: 'org.member_removed', org_id: shared.id }),
          expect.objectContaining({ action: 'org.member_removed', org_id: joined.id }),
          expect.objectContaining({
            action: 'user.deleted',
            target_id: leaving.id,
            data: expect.objectContaining({ deletedOrganizations: [solo.id] }),
          }),
        ]),
      );
      expect(rows).toHaveLength(4);
      expect(
        (await t.outbox()).filter((m) => m.to === leaving.email && m.tag === 'account-deleted'),
      ).toHaveLength(1);
    });

    it('refuses while the person is the only owner of an organization with other members, naming it, and changes nothing', async () => {
      const owner = await createUser(t);
      const member = await createUser(t);
      const blocking = await createOrg(t, owner, 'creator', 'Needs An Owner');
      await addMember(t, blocking.id, member, 'member');
      const alone = await createOrg(t, owner, 'creator', 'Just Me');

      const plan = AccountDeletionPlan.parse(
        (await t.request('GET', '/v1/auth/me/deletion', { token: owner.token })).body,
      );
      expect(plan.blockingOrganizations).toEqual([
        { id: blocking.id, name: 'Needs An Owner', kind: 'creator', otherMembers: 1 },
      ]);
      expect(plan.deletedOrganizations.map((o) => o.id)).toEqual([alone.id]);

      const before = await snapshot();
      const res = await remove(owner.token, owner.password);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('sole_owner_of_organizations');
      expect(res.body.detail).toContain('Needs An Owner');
      expect(res.body.errors).toEqual([
        expect.objectContaining({ path: `organizations.${blocking.id}`, code: 'sole_owner' }),
      ]);
      expect(await snapshot()).toEqual(before);

      // Handing over ownership unblocks it.
      await t.request('PATCH', `/v1/orgs/${blocking.id}/members/${member.id}`, {
        token: owner.token,
        body: { role: 'owner' },
      });
      expect((await remove(owner.token, owner.password)).status).toBe(204);
      expect(await t.sql('SELECT id FROM organizations WHERE id = $1', [blocking.id])).toHaveLength(
        1,
      );
    });

    it('refuses a wrong password, changing nothing', async () => {
      const user = await createUser(t);
      await createOrg(t, user, 'creator');
      const before = await snapshot();
      const res = await remove(user.token, 'definitely not it');
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('wrong_password');
      expect(res.body.errors).toEqual([expect.objectContaining({ path: 'password' })]);
      expect(await snapshot()).toEqual(before);
      const missing = await t.request('DELETE', '/v1/auth/me', { token: user.token, body: {} });
      expect(missing.status).toBe(422);
      expect(missing.body.errors.map((e: { path: string }) => e.path)).toEqual(['password']);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('inviting someone again', () => {
    it('re-sends the one open invitation with a new link, and leaves other people’s links working', async () => {
      const owner = await createUser(t);
      const org = await createOrg(t, owner, 'creator');
      const otherOrg = await createOrg(t, owner, 'creator');
      const invite = (orgId: string, email: string, role = 'member') =>
        t.request('POST', `/v1/orgs/${orgId}/invitations`, {
          token: owner.token,
          body: { email, role },
        });
      const first = await invite(org.id, 'invitee@example.com');
      const second = await invite(otherOrg.id, 'second@example.com');
      const elsewhere = await invite(otherOrg.id, 'invitee@example.com');
      t.clock.advance(60_000);
      const again = await invite(org.id, 'invitee@example.com', 'owner');
      expect(again.status).toBe(201);
      expect(again.body.invitation.id).toBe(first.body.invitation.id);
      expect(again.body.invitation.role).toBe('owner');

      const rows = await t.sql(
        `SELECT id FROM invitations WHERE org_id = $1 AND email = 'invitee@example.com'`,
        [org.id],
      );
      expect(rows).toEqual([{ id: first.body.invitation.id }]);
      const listed = await t.request('GET', `/v1/orgs/${org.id}/invitations`, {
        token: owner.token,
      });
      expect((listed.body.items ?? listed.body).map((i: { status: string }) => i.status)).toEqual([
        'pending',
      ]);
      expect(
        await t.sql(`SELECT action FROM audit_log WHERE target_id = $1 ORDER BY id`, [
          first.body.invitation.id,
        ]),
      ).toEqual([{ action: 'org.invitation_created' }, { action: 'org.invitation_reissued' }]);

      const preview = (link: string) =>
        t.request('GET', `/v1/invitations/${encodeURIComponent(tokenFromLink(link))}`);
      expect((await preview(first.body.acceptUrl)).status).toBe(404);
      expect((await preview(again.body.acceptUrl)).body.role).toBe('owner');
      // Inviting someone else, or the same email to another org, left those links alone.
      expect((await preview(second.body.acceptUrl)).body.status).toBe('pending');
      expect((await preview(elsewhere.body.acceptUrl)).body.status).toBe('pending');
    });
  });
});
