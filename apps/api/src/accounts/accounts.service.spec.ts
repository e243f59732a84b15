import { AccountOrganizations } from './account-organizations.port.js';
import { NoOrganizations } from '../../test/support/no-organizations.js';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HOUR } from '../../test/support/fake-clock.js';
import {
  bootModule,
  PASSWORD,
  PASSWORD_HASH,
  type ModuleTest,
} from '../../test/support/module-test.js';
import { tokenFromLink } from '../../test/support/test-app.js';
import { AccountsModule } from './accounts.module.js';
import { AccountsService } from './accounts.service.js';
import { OperatorStatus } from './operator-status.port.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionsService } from './sessions.service.js';
import { SignInThrottle } from './sign-in-throttle.service.js';

/** Answers from a list the test controls (the app binds organizations here). */
class ListedOperators extends OperatorStatus {
  readonly ids = new Set<string>();
  isOperator(userId: string): Promise<boolean> {
    return Promise.resolve(this.ids.has(userId));
  }
}

const operators = new ListedOperators();
const WINDOW_SECONDS = 900;

describe('AccountsService', () => {
  let t: ModuleTest;
  let accounts: AccountsService;

  beforeAll(async () => {
    t = await bootModule({
      imports: [AccountsModule],
      global: {
        providers: [
          { provide: OperatorStatus, useValue: operators },
          { provide: AccountOrganizations, useClass: NoOrganizations },
        ],
      },
      env: { AUTH_RATE_LIMIT_MAX: '3', AUTH_RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS) },
    });
    accounts = t.get(AccountsService);
  });
  afterAll(() => t?.close());

  const rejectsWith = (promise: Promise<unknown>, code: string) =>
    expect(promise).rejects.toMatchObject({ code });
  const mailsTo = async (email: string, tag: string) =>
    (await t.outbox()).filter((m) => m.to === email && m.tag === tag);

  describe('sign-in', () => {
    it('issues a session for the right password and records it in the audit log', async () => {
      const user = await t.insertUser();
      operators.ids.add(user.id);
      const result = await accounts.signIn({ email: user.email, password: PASSWORD }, {});
      expect(result.user).toMatchObject({ id: user.id, email: user.email, isOperator: true });
      const { session } = await t.get(SessionsService).authenticate(result.session.token);
      expect(session.userId).toBe(user.id);
      expect((await t.auditRows()).filter((r) => r.actor_user_id === user.id)).toEqual([
        expect.objectContaining({
          action: 'user.signed_in',
          target_type: 'session',
          target_id: session.id,
        }),
      ]);
    });

    it('refuses a wrong password, an unknown email, and a stored hash argon2 cannot read', async () => {
      const user = await t.insertUser();
      await rejectsWith(
        accounts.signIn({ email: user.email, password: `${PASSWORD}!` }, {}),
        'invalid_credentials',
      );
      await rejectsWith(
        accounts.signIn({ email: 'nobody@example.com', password: PASSWORD }, {}),
        'invalid_credentials',
      );
      // A corrupt hash makes argon2 throw: that must read as "wrong", never as "right".
      const corrupt = await t.insertUser();
      await t.sql(`UPDATE users SET password_hash = '$argon2id$v=19$broken' WHERE id = $1`, [
        corrupt.id,
      ]);
      await rejectsWith(
        accounts.signIn({ email: corrupt.email, password: PASSWORD }, {}),
        'invalid_credentials',
      );
      await expect(t.get(PasswordHasher).verify('not a hash', PASSWORD)).resolves.toBe(false);
      await expect(t.get(PasswordHasher).verify(PASSWORD_HASH, PASSWORD)).resolves.toBe(true);
      await expect(t.get(PasswordHasher).verifyAgainstDummy(PASSWORD)).resolves.toBe(false);
      expect(
        await t.sql('SELECT 1 FROM sessions WHERE user_id = ANY($1)', [[user.id, corrupt.id]]),
      ).toEqual([]);
    });

    it('answers an unconfirmed account like a wrong password and mails its link again', async () => {
      const user = await t.insertUser({ verified: false });
      await rejectsWith(
        accounts.signIn({ email: user.email, password: `${PASSWORD}?` }, {}),
        'invalid_credentials',
      );
      expect(await mailsTo(user.email, 'verify-email')).toEqual([]);
      await rejectsWith(
        accounts.signIn({ email: user.email, password: PASSWORD }, {}),
        'invalid_credentials',
      );
      expect(await mailsTo(user.email, 'verify-email')).toHaveLength(1);
      expect(await t.sql('SELECT 1 FROM sessions WHERE user_id = $1', [user.id])).toEqual([]);
    });

    it('makes a guesser wait, doubling from the fifth failure, without locking the owner out elsewhere', async () => {
      const user = await t.insertUser();
      const guesser = { ip: '203.0.113.50' };
      const wrong = { email: user.email, password: 'guess' };
      for (let i = 0; i < 4; i += 1) {
        await rejectsWith(accounts.signIn(wrong, guesser), 'invalid_credentials');
      }
      await rejectsWith(accounts.signIn(wrong, guesser), 'invalid_credentials');
      // Five failures: the pair waits 30 s, and the wait answers before the password is checked.
      await expect(
        accounts.signIn({ email: user.email, password: PASSWORD }, guesser),
      ).rejects.toMatchObject({ code: 'rate_limited', extras: { retryAfterSeconds: 30 } });
      // The owner, from another address, is not slowed down.
      await expect(
        accounts.signIn({ email: user.email, password: PASSWORD }, { ip: '198.51.100.7' }),
      ).resolves.toBeDefined();
      t.clock.advance(29_000);
      await expect(accounts.signIn(wrong, guesser)).rejects.toMatchObject({
        code: 'rate_limited',
        extras: { retryAfterSeconds: 1 },
      });
      t.clock.advance(1_000);
      await rejectsWith(accounts.signIn(wrong, guesser), 'invalid_credentials');
      await expect(accounts.signIn(wrong, guesser)).rejects.toMatchObject({
        code: 'rate_limited',
        extras: { retryAfterSeconds: 60 },
      });
    });

    it('a success from an address clears that address’s failures for the account', async () => {
      const user = await t.insertUser();
      const meta = { ip: '192.0.2.33' };
      const wrong = { email: user.email, password: 'nope' };
      for (let i = 0; i < 4; i += 1) {
        await rejectsWith(accounts.signIn(wrong, meta), 'invalid_credentials');
      }
      await accounts.signIn({ email: user.email, password: PASSWORD }, meta);
      // Four more failures are again free: the count started over.
      for (let i = 0; i < 4; i += 1) {
        await rejectsWith(accounts.signIn(wrong, meta), 'invalid_credentials');
      }
      await rejectsWith(accounts.signIn(wrong, meta), 'invalid_credentials');
      await rejectsWith(accounts.signIn(wrong, meta), 'rate_limited');
    });
  });

  describe('sign-up and email verification', () => {
    it('creates an unconfirmed account whose mailed link confirms it and signs in, once', async () => {
      const email = 'newcomer@example.com';
      await accounts.signUp({ email, name: 'Newcomer', password: PASSWORD }, {});
      const [user] = await t.sql<{ id: string; email_verified_at: Date | null }>(
        'SELECT id, email_verified_at FROM users WHERE email = $1',
        [email],
      );
      expect(user!.email_verified_at).toBeNull();
      expect((await t.auditRows()).filter((r) => r.actor_user_id === user!.id)).toEqual([
        expect.objectContaining({
          action: 'user.signed_up',
          target_type: 'user',
          target_id: user!.id,
        }),
      ]);
      const [mail] = await mailsTo(email, 'verify-email');
      const token = tokenFromLink(mail!.links![0]!);

      t.clock.advance(1_000);
      const verifiedAt = t.clock.now();
      const result = await accounts.verifyEmail(token, {});
      expect(result.user.id).toBe(user!.id);
      expect(result.user.emailVerified).toBe(true);
      expect(await t.sql('SELECT email_verified_at FROM users WHERE id = $1', [user!.id])).toEqual([
        { email_verified_at: verifiedAt },
      ]);
      await expect(
        t.get(SessionsService).authenticate(result.session.token),
      ).resolves.toBeDefined();
      expect(
        (await t.auditRows()).filter((r) => r.action === 'user.email_verified').at(-1),
      ).toMatchObject({ actor_user_id: user!.id, target_type: 'user', target_id: user!.id });
      await rejectsWith(accounts.verifyEmail(token, {}), 'token_invalid');
    });

    it('a taken email creates nothing and tells its owner', async () => {
      const owner = await t.insertUser();
      const [{ count: before }] = await t.sql('SELECT count(*)::int AS count FROM users');
      await accounts.signUp({ email: owner.email, name: 'Impostor', password: PASSWORD }, {});
      expect(await t.sql('SELECT count(*)::int AS count FROM users')).toEqual([{ count: before }]);
      expect(await mailsTo(owner.email, 'sign-up-attempted')).toHaveLength(1);
      expect(await mailsTo(owner.email, 'verify-email')).toEqual([]);
    });

    it('a confirmation link lasts 48 hours', async () => {
      const user = await t.insertUser({ verified: false });
      await accounts.resendVerification(user);
      await accounts.resendVerification(user);
      const [first, second] = await mailsTo(user.email, 'verify-email');
      t.clock.advance(48 * HOUR - 1);
      await expect(
        accounts.verifyEmail(tokenFromLink(first!.links![0]!), {}),
      ).resolves.toBeDefined();
      t.clock.advance(1);
      await rejectsWith(
        accounts.verifyEmail(tokenFromLink(second!.links![0]!), {}),
        'token_invalid',
      );
    });

    it('sends nothing to a confirmed account asking for a confirmation link', async () => {
      const user = await t.insertUser();
      await accounts.resendVerification(user);
      expect(await mailsTo(user.email, 'verify-email')).toEqual([]);
    });
  });

  describe('password reset', () => {
    it('sets the new password, confirms the email, ends every session and spends every reset link', async () => {
      const user = await t.insertUser({ verified: false });
      const other = await t.insertUser();
      const sessions = t.get(SessionsService);
      const mine = await sessions.issue(user.id, {});
      const theirs = await sessions.issue(other.id, {});
      await accounts.requestPasswordReset(user.email, {});
      await accounts.requestPasswordReset(user.email, {});
      const [first, second] = await mailsTo(user.email, 'password-reset');

      await accounts.resetPassword({
        token: tokenFromLink(first!.links![0]!),
        password: 'a brand new passphrase',
      });
      // The signed-out device is told why (a reset shows as a password change there).
      await expect(sessions.authenticate(mine.token)).rejects.toMatchObject({
        code: 'session_expired',
        extras: { reason: 'password_changed' },
      });
      expect(
        await t.sql('SELECT revoked_reason FROM sessions WHERE user_id = $1', [user.id]),
      ).toEqual([{ revoked_reason: 'password_reset' }]);
      await expect(sessions.authenticate(theirs.token)).resolves.toBeDefined();
      const [stored] = await t.sql<{ password_hash: string; email_verified_at: Date | null }>(
        'SELECT password_hash, email_verified_at FROM users WHERE id = $1',
        [user.id],
      );
      expect(stored!.email_verified_at).not.toBeNull();
      await expect(
        t.get(PasswordHasher).verify(stored!.password_hash, 'a brand new passphrase'),
      ).resolves.toBe(true);
      expect((await t.auditRows()).filter((r) => r.actor_user_id === user.id)).toEqual([
        expect.objectContaining({
          action: 'user.password_reset',
          target_type: 'user',
          target_id: user.id,
        }),
      ]);
      // The other link was mailed before the reset; it no longer works.
      await rejectsWith(
        accounts.resetPassword({
          token: tokenFromLink(second!.links![0]!),
          password: 'x'.repeat(12),
        }),
        'token_invalid',
      );
    });

    it('a reset link lasts one hour', async () => {
      const user = await t.insertUser();
      await accounts.requestPasswordReset(user.email, {});
      const [mail] = await mailsTo(user.email, 'password-reset');
      t.clock.advance(HOUR);
      await rejectsWith(
        accounts.resetPassword({
          token: tokenFromLink(mail!.links![0]!),
          password: 'x'.repeat(12),
        }),
        'token_invalid',
      );
      expect(await t.sql('SELECT password_hash FROM users WHERE id = $1', [user.id])).toEqual([
        { password_hash: PASSWORD_HASH },
      ]);
    });

    it('mails nothing for an unknown email', async () => {
      await accounts.requestPasswordReset('stranger@example.com', {});
      expect(await mailsTo('stranger@example.com', 'password-reset')).toEqual([]);
    });

    it('limits reset requests per email within the window, and per email only', async () => {
      const user = await t.insertUser();
      const neighbour = await t.insertUser();
      for (let i = 0; i < 3; i += 1) await accounts.requestPasswordReset(user.email, {});
      await rejectsWith(accounts.requestPasswordReset(user.email, {}), 'rate_limited');
      await expect(accounts.requestPasswordReset(neighbour.email, {})).resolves.toBeUndefined();
      expect(await mailsTo(user.email, 'password-reset')).toHaveLength(3);
      t.clock.advance(WINDOW_SECONDS * 1000);
      await expect(accounts.requestPasswordReset(user.email, {})).resolves.toBeUndefined();
    });
  });

  describe('mail it sends', () => {
    const origin = () => t.config.server.webOrigin;

    it('the confirmation mail greets the person and carries one verify link for them', async () => {
      const email = 'mail-reader@example.com';
      await accounts.signUp({ email, name: 'Mail Reader', password: PASSWORD }, {});
      const [mail] = await mailsTo(email, 'verify-email');
      expect(mail!.subject).toMatch(/confirm/i);
      expect(mail!.links).toHaveLength(1);
      const link = mail!.links![0]!;
      expect(link.startsWith(`${origin()}/verify-email?token=`)).toBe(true);
      expect(mail!.text).toContain(link);
      expect(mail!.text).toContain('Mail Reader');
      expect(mail!.text).toContain('48 hours');
    });

    it('the note to the owner of a taken email links sign-in and forgot-password, and no token', async () => {
      const owner = await t.insertUser({ name: 'Taken Owner' });
      await accounts.signUp({ email: owner.email, name: 'Someone', password: PASSWORD }, {});
      const [mail] = await mailsTo(owner.email, 'sign-up-attempted');
      expect(mail!.subject).toMatch(/account/i);
      expect(mail!.links).toEqual([`${origin()}/sign-in`, `${origin()}/forgot-password`]);
      for (const link of mail!.links!) expect(mail!.text).toContain(link);
      expect(mail!.text).toContain('Taken Owner');
      expect(mail!.text).not.toContain('token=');
    });

    it('the reset mail carries one reset link for the account', async () => {
      const user = await t.insertUser({ name: 'Forgetful' });
      await accounts.requestPasswordReset(user.email, {});
      const [mail] = await mailsTo(user.email, 'password-reset');
      expect(mail!.subject).toMatch(/reset/i);
      expect(mail!.links).toHaveLength(1);
      const link = mail!.links![0]!;
      expect(link.startsWith(`${origin()}/reset-password?token=`)).toBe(true);
      expect(mail!.text).toContain(link);
      expect(mail!.text).toContain('Forgetful');
    });
  });

  describe('limits', () => {
    it('limits sign-ups per email, and per email only', async () => {
      const owner = await t.insertUser();
      const sign = (email: string) => accounts.signUp({ email, name: 'X', password: PASSWORD }, {});
      for (let i = 0; i < 3; i += 1) await sign(owner.email);
      await rejectsWith(sign(owner.email), 'rate_limited');
      await expect(sign('limit-neighbour@example.com')).resolves.toBeUndefined();
    });

    it('limits confirmation links per account; a right password past the limit still answers like a wrong one', async () => {
      const user = await t.insertUser({ verified: false });
      const other = await t.insertUser({ verified: false });
      for (let i = 0; i < 3; i += 1) await accounts.resendVerification(user);
      await rejectsWith(accounts.resendVerification(user), 'rate_limited');
      await expect(accounts.resendVerification(other)).resolves.toBeUndefined();
      await rejectsWith(
        accounts.signIn({ email: user.email, password: PASSWORD }, { ip: '192.0.2.90' }),
        'invalid_credentials',
      );
      expect(await mailsTo(user.email, 'verify-email')).toHaveLength(3);
    });

    it('limits unauthenticated account actions per client address, each address on its own', async () => {
      const ip = '198.51.100.250';
      const ipMax = t.config.auth.rateLimit.ipMax;
      for (let i = 0; i < ipMax; i += 1) {
        await accounts.requestPasswordReset(`ip-limit-${i}@example.com`, { ip });
      }
      await rejectsWith(
        accounts.requestPasswordReset('ip-limit-last@example.com', { ip }),
        'rate_limited',
      );
      const user = await t.insertUser();
      await rejectsWith(
        accounts.signIn({ email: user.email, password: PASSWORD }, { ip }),
        'rate_limited',
      );
      await rejectsWith(
        accounts.signUp(
          { email: 'ip-limit-new@example.com', name: 'X', password: PASSWORD },
          { ip },
        ),
        'rate_limited',
      );
      await expect(
        accounts.requestPasswordReset('ip-limit-last@example.com', { ip: '198.51.100.251' }),
      ).resolves.toBeUndefined();
    });
  });

  describe('sign-ups racing for one email', () => {
    it('creates one account; the other sign-up answers the same and mails the owner', async () => {
      const email = 'racer@example.com';
      const input = { email, name: 'Racer', password: PASSWORD };
      await expect(
        Promise.all([accounts.signUp(input, {}), accounts.signUp(input, {})]),
      ).resolves.toEqual([undefined, undefined]);
      expect(
        await t.sql('SELECT count(*)::int AS count FROM users WHERE email = $1', [email]),
      ).toEqual([{ count: 1 }]);
      const mails = await t.outbox();
      expect(
        mails
          .filter((m) => m.to === email)
          .map((m) => m.tag)
          .sort(),
      ).toEqual(['sign-up-attempted', 'verify-email']);
    });
  });

  describe('sign-in throttle counters', () => {
    const throttle = () => t.app.get(SignInThrottle, { strict: false });
    const blocked = (email: string, ip: string) =>
      expect(throttle().assertAllowed(email, ip)).rejects.toMatchObject({ code: 'rate_limited' });
    const allowed = (email: string, ip: string) =>
      expect(throttle().assertAllowed(email, ip)).resolves.toBeUndefined();

    it('one address spraying many accounts waits after 50 failures, for every account', async () => {
      const ip = '203.0.113.200';
      for (let i = 0; i < 49; i += 1) await throttle().recordFailure(`spray${i}@example.com`, ip);
      await allowed('fresh@example.com', ip);
      await throttle().recordFailure('spray49@example.com', ip);
      await expect(throttle().assertAllowed('fresh@example.com', ip)).rejects.toMatchObject({
        code: 'rate_limited',
        extras: { retryAfterSeconds: 60 },
      });
      await allowed('fresh@example.com', '203.0.113.201');
      // A success clears only the (account, address) pair, not the address's count.
      await throttle().recordSuccess('spray49@example.com', ip);
      await blocked('fresh@example.com', ip);
    });

    it('one account guessed from many addresses waits after 100 failures, from every address', async () => {
      const email = 'targeted@example.com';
      for (let i = 0; i < 99; i += 1) await throttle().recordFailure(email, `198.18.0.${i + 1}`);
      await allowed(email, '198.18.1.1');
      await throttle().recordFailure(email, '198.18.0.100');
      await expect(throttle().assertAllowed(email, '198.18.1.1')).rejects.toMatchObject({
        code: 'rate_limited',
        extras: { retryAfterSeconds: 60 },
      });
      await allowed('someone-else@example.com', '198.18.1.1');
    });

    it('counts an IPv6 /64 as one client, and keeps no email in the counters', async () => {
      const email = 'six@example.com';
      for (let i = 1; i <= 5; i += 1) await throttle().recordFailure(email, `2001:db8:1:2::${i}`);
      await blocked(email, '2001:db8:1:2:ffff::9');
      await allowed(email, '2001:db8:1:3::1');
      const keys = await t.sql<{ key: string }>('SELECT key FROM rate_limit_buckets');
      const signIn = keys.filter((k) => k.key.startsWith('sign-in:'));
      expect(signIn.length).toBeGreaterThan(0);
      expect(signIn.filter((k) => k.key.includes('example.com'))).toEqual([]);
      expect(keys.map((k) => k.key)).toContain('sign-in:network:2001:db8:1:2::/64');
    });
  });
});
