import { AccountOrganizations } from './account-organizations.port.js';
import { NoOrganizations } from '../../test/support/no-organizations.js';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HOUR } from '../../test/support/fake-clock.js';
import { bootModule, type ModuleTest } from '../../test/support/module-test.js';
import type { UserEntity } from './user.entity.js';
import { AccountsModule } from './accounts.module.js';
import { OperatorStatus } from './operator-status.port.js';
import { SessionsService } from './sessions.service.js';

// Lifetimes chosen apart from the defaults, so the rules are read from configuration.
const TTL = 48 * HOUR;
const IDLE = 10 * HOUR;
const ROTATE = 2 * HOUR;

class NoOperators extends OperatorStatus {
  isOperator(): Promise<boolean> {
    return Promise.resolve(false);
  }
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('SessionsService', () => {
  let t: ModuleTest;
  let sessions: SessionsService;
  let alice: UserEntity;
  let bob: UserEntity;

  beforeAll(async () => {
    t = await bootModule({
      imports: [AccountsModule],
      global: {
        providers: [
          { provide: OperatorStatus, useClass: NoOperators },
          { provide: AccountOrganizations, useClass: NoOrganizations },
        ],
      },
      env: { SESSION_TTL_HOURS: '48', SESSION_IDLE_HOURS: '10', SESSION_ROTATE_HOURS: '2' },
    });
    sessions = t.get(SessionsService);
    alice = await t.insertUser();
    bob = await t.insertUser();
  });
  afterAll(() => t?.close());

  const row = async (id: string) =>
    (
      await t.sql<{
        token_hash: string;
        last_seen_at: Date;
        revoked_at: Date | null;
        revoked_reason: string | null;
      }>('SELECT * FROM sessions WHERE id = $1', [id])
    )[0]!;

  it('stores only the SHA-256 of the token, with expiry and rotation from the configuration', async () => {
    const now = t.clock.now();
    const { token, session } = await sessions.issue(alice.id, {
      userAgent: 'x'.repeat(600),
      ip: '203.0.113.9',
    });
    expect(token).toMatch(/^cfs_[A-Za-z0-9_-]{43}$/);
    const [stored] = await t.sql('SELECT * FROM sessions WHERE id = $1', [session.id]);
    expect(stored).toMatchObject({
      user_id: alice.id,
      token_hash: sha256(token),
      expires_at: new Date(now.getTime() + TTL),
      rotate_after: new Date(now.getTime() + ROTATE),
      created_at: now,
      last_seen_at: now,
      revoked_at: null,
      user_agent: 'x'.repeat(512),
      ip: '203.0.113.9',
    });
    expect(JSON.stringify(stored)).not.toContain(token);

    const bare = await sessions.issue(alice.id, {});
    expect(
      await t.sql('SELECT user_agent, ip FROM sessions WHERE id = $1', [bare.session.id]),
    ).toEqual([{ user_agent: null, ip: null }]);
  });

  it('resolves a live token to its session and user; unknown tokens are unauthenticated', async () => {
    const { token, session } = await sessions.issue(bob.id, {});
    const resolved = await sessions.authenticate(token);
    expect(resolved.session.id).toBe(session.id);
    expect(resolved.user.id).toBe(bob.id);
    await expect(sessions.authenticate(`${token}x`)).rejects.toMatchObject({
      code: 'unauthenticated',
    });
  });

  it('ends a session at its absolute expiry even while it is in use', async () => {
    const { token } = await sessions.issue(alice.id, {});
    // Used every 8 hours (40 hours in all), so idleness never ends it.
    for (let i = 0; i < 5; i += 1) {
      t.clock.advance(8 * HOUR);
      await sessions.authenticate(token);
    }
    t.clock.advance(TTL - 40 * HOUR - 1); // 1 ms before the expiry
    await expect(sessions.authenticate(token)).resolves.toBeDefined();
    t.clock.advance(1);
    await expect(sessions.authenticate(token)).rejects.toMatchObject({ code: 'session_expired' });
  });

  it('ends a session left idle for the idle period, measured from its last use', async () => {
    const a = await sessions.issue(alice.id, {});
    const b = await sessions.issue(alice.id, {});
    t.clock.advance(IDLE - 1);
    await expect(sessions.authenticate(a.token)).resolves.toBeDefined();
    t.clock.advance(1);
    await expect(sessions.authenticate(b.token)).rejects.toMatchObject({
      code: 'session_expired',
    });
    // `a` was used 1 ms before its idle end, so its idle period starts again there.
    t.clock.advance(IDLE - 2);
    await expect(sessions.authenticate(a.token)).resolves.toBeDefined();
  });

  it('records the last use at most once a minute, on the session used only', async () => {
    const idle = await sessions.issue(bob.id, {});
    const { token, session } = await sessions.issue(bob.id, {});
    const issuedAt = t.clock.now();
    t.clock.advance(60_000);
    expect((await sessions.authenticate(token)).session.lastSeenAt).toEqual(issuedAt);
    expect((await row(session.id)).last_seen_at).toEqual(issuedAt);
    t.clock.advance(1);
    const touchedAt = t.clock.now();
    expect((await sessions.authenticate(token)).session.lastSeenAt).toEqual(touchedAt);
    expect((await row(session.id)).last_seen_at).toEqual(touchedAt);
    expect((await row(idle.session.id)).last_seen_at).toEqual(issuedAt);
  });

  it('refuses a revoked session, and revoking twice keeps the first reason', async () => {
    const { token, session } = await sessions.issue(bob.id, {});
    const revokedAt = t.clock.now();
    await sessions.revoke(session.id, 'sign_out');
    t.clock.advance(1_000);
    await sessions.revoke(session.id, 'password_reset');
    expect(await row(session.id)).toMatchObject({
      revoked_at: revokedAt,
      revoked_reason: 'sign_out',
    });
    await expect(sessions.authenticate(token)).rejects.toMatchObject({ code: 'session_expired' });
  });

  it('rotation revokes the old token and issues a working new one, once', async () => {
    const old = await sessions.issue(alice.id, {});
    t.clock.advance(ROTATE);
    const fresh = await sessions.rotate(old.session, { ip: '198.51.100.1' });
    expect(fresh.token).not.toBe(old.token);
    expect(fresh.session.userId).toBe(alice.id);
    expect((await row(old.session.id)).revoked_reason).toBe('rotated');
    await expect(sessions.authenticate(old.token)).rejects.toMatchObject({
      code: 'session_expired',
    });
    expect((await sessions.authenticate(fresh.token)).session.id).toBe(fresh.session.id);

    const countSessions = async () =>
      (await t.sql<{ count: number }>('SELECT count(*)::int AS count FROM sessions'))[0]!.count;
    const before = await countSessions();
    await expect(sessions.rotate(old.session, {})).rejects.toMatchObject({
      code: 'session_expired',
    });
    expect(await countSessions()).toBe(before);
  });

  it("revokes all of one user's live sessions and nobody else's", async () => {
    const carol = await t.insertUser();
    const dave = await t.insertUser();
    const c1 = await sessions.issue(carol.id, {});
    const c2 = await sessions.issue(carol.id, {});
    const c3 = await sessions.issue(carol.id, {});
    await sessions.revoke(c3.session.id, 'sign_out');
    const d1 = await sessions.issue(dave.id, {});

    expect(await sessions.revokeAllForUser(carol.id, 'password_reset')).toBe(2);
    for (const s of [c1, c2]) {
      expect((await row(s.session.id)).revoked_reason).toBe('password_reset');
    }
    expect((await row(c3.session.id)).revoked_reason).toBe('sign_out');
    expect((await row(d1.session.id)).revoked_at).toBeNull();
    await expect(sessions.authenticate(d1.token)).resolves.toBeDefined();
  });
});
