import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { AuthResult, Me } from '@clearframe/contracts/accounts';
import { Problem } from '@clearframe/contracts/problem';
import { PasswordHasher } from '../src/accounts/password-hasher.js';
import { createUser, mailedLink, unverify } from './factories/account.factory.js';
import { DAY, HOUR } from './support/fake-clock.js';
import { startTestApp, tokenFromLink, type TestApp } from './support/test-app.js';

describe('accounts and sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const userCount = async () => Number((await t.sql('SELECT count(*)::int AS n FROM users'))[0].n);

  describe('sign-up', () => {
    it('creates an unconfirmed account with a normalised email and mails a link that confirms it and signs in', async () => {
      const res = await t.request('POST', '/v1/auth/sign-up', {
        body: {
          email: '  Ines.Moreau@Example.COM ',
          password: 'a long enough passphrase',
          name: 'Inès Moreau',
        },
      });
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ status: 'verification_sent' });
      expect(res.headers.get('set-cookie')).toBeNull();
      const [row] = await t.sql(
        'SELECT id, password_hash, email_verified_at FROM users WHERE email = $1',
        ['ines.moreau@example.com'],
      );
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      expect(row.email_verified_at).toBeNull();
      expect(await t.sql('SELECT 1 FROM sessions WHERE user_id = $1', [row.id])).toHaveLength(0);

      const link = await mailedLink(t, 'ines.moreau@example.com', 'verify-email');
      expect(link).toMatch(/^http:\/\/localhost:3999\/verify-email\?token=/);
      const verified = await t.request('POST', '/v1/auth/verify-email', {
        body: { token: tokenFromLink(link) },
      });
      expect(verified.status).toBe(200);
      const body = AuthResult.parse(verified.body);
      expect(body.user).toMatchObject({
        id: row.id,
        email: 'ines.moreau@example.com',
        name: 'Inès Moreau',
        emailVerified: true,
        isOperator: false,
      });
      expect(body.session.token).toMatch(/^cfs_/);
      expect(verified.headers.get('set-cookie')).toMatch(/cf_session=cfs_[^;]+;.*HttpOnly/i);
      const sessions = await t.sql('SELECT token_hash FROM sessions WHERE user_id = $1', [row.id]);
      expect(sessions).toHaveLength(1);
      expect(sessions[0].token_hash).not.toContain(body.session.token);
      expect((await t.request('GET', '/v1/auth/me', { token: body.session.token })).status).toBe(
        200,
      );
    });

    it.each([
      [
        'not an email',
        { email: 'not-an-email', password: 'a long enough passphrase', name: 'X' },
        'email',
      ],
      [
        'a short password',
        { email: 'short@example.com', password: 'short', name: 'X' },
        'password',
      ],
      [
        'a repetitive password',
        { email: 'rep@example.com', password: 'aaaaaaaaaaaaaaaa', name: 'X' },
        'password',
      ],
      [
        'a wrong type',
        { email: 'type@example.com', password: 12345678901234, name: 'X' },
        'password',
      ],
      [
        'a missing field',
        { email: 'missing@example.com', password: 'a long enough passphrase' },
        'name',
      ],
      [
        'an unknown field',
        {
          email: 'unknown@example.com',
          password: 'a long enough passphrase',
          name: 'X',
          role: 'operator',
        },
        'role',
      ],
    ])('rejects %s with a field error and creates nothing', async (_label, body, field) => {
      const before = await userCount();
      const res = await t.request('POST', '/v1/auth/sign-up', { body });
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = Problem.parse(res.body);
      expect(problem.code).toBe('validation_failed');
      expect(problem.errors?.map((e) => e.path)).toContain(field);
      expect(await userCount()).toBe(before);
    });

    it('rejects malformed JSON, non-JSON bodies and oversized bodies', async () => {
      const before = await userCount();
      const malformed = await t.request('POST', '/v1/auth/sign-up', {
        rawBody: '{"email": ',
        headers: { 'content-type': 'application/json' },
      });
      expect(malformed.status).toBe(400);
      expect(malformed.body.code).toBe('malformed_request');
      const form = await t.request('POST', '/v1/auth/sign-up', {
        rawBody: 'email=a@b.c',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(form.status).toBe(415);
      expect(form.body.code).toBe('unsupported_media_type');
      const huge = await t.request('POST', '/v1/auth/sign-up', {
        body: {
          email: 'big@example.com',
          password: 'a long enough passphrase',
          name: 'x'.repeat(200_000),
        },
      });
      expect(huge.status).toBe(413);
      expect(huge.body.code).toBe('payload_too_large');
      expect(await userCount()).toBe(before);
    });
  });

  describe('sign-in', () => {
    it('signs in with the right password and returns a fresh session', async () => {
      const user = await createUser(t);
      const res = await t.request('POST', '/v1/auth/sign-in', {
        body: { email: user.email, password: user.password },
      });
      expect(res.status).toBe(200);
      expect(AuthResult.parse(res.body).session.token).not.toBe(user.token);
    });

    it('answers a wrong password and an unknown email identically, after the same argon2 work', async () => {
      const user = await createUser(t);
      const hasher = t.app.get(PasswordHasher);
      const verify = jest.spyOn(hasher, 'verify');
      try {
        const wrong = await t.request('POST', '/v1/auth/sign-in', {
          body: { email: user.email, password: 'not the password' },
        });
        const wrongCalls = verify.mock.calls.length;
        const unknown = await t.request('POST', '/v1/auth/sign-in', {
          body: { email: 'nobody-here@example.com', password: 'not the password' },
        });
        const unknownCalls = verify.mock.calls.length - wrongCalls;
        expect(wrong.status).toBe(401);
        expect(unknown.status).toBe(401);
        const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
        expect(strip(unknown.body)).toEqual(strip(wrong.body));
        expect(wrong.body.code).toBe('invalid_credentials');
        expect(wrongCalls).toBe(1);
        expect(unknownCalls).toBe(1);
      } finally {
        verify.mockRestore();
      }
    });
  });

  describe('client address limits', () => {
    it('counts unauthenticated attempts per client address, read from X-Forwarded-For set by the local web server', async () => {
      const limited = await startTestApp({ env: { AUTH_RATE_LIMIT_IP_MAX: '2' } });
      try {
        const signUp = (i: number, ip: string) =>
          limited.request('POST', '/v1/auth/sign-up', {
            body: { email: `ip-${i}@example.com`, password: 'a long enough passphrase', name: 'X' },
            headers: { 'x-forwarded-for': ip },
          });
        expect((await signUp(1, '203.0.113.7')).status).toBe(202);
        expect((await signUp(2, '203.0.113.7')).status).toBe(202);
        const third = await signUp(3, '203.0.113.7');
        expect(third.status).toBe(429);
        expect(third.body.code).toBe('rate_limited');
        expect((await signUp(4, '198.51.100.9')).status).toBe(202);
        expect(
          await limited.sql('SELECT 1 FROM users WHERE email = $1', ['ip-3@example.com']),
        ).toHaveLength(0);
      } finally {
        await limited.close();
      }
    });
  });

  describe('sessions', () => {
    it('reads the signed-in user by bearer token or cookie', async () => {
      const user = await createUser(t);
      const bearer = await t.request('GET', '/v1/auth/me', { token: user.token });
      expect(bearer.status).toBe(200);
      expect(Me.parse(bearer.body).user.email).toBe(user.email);
      const cookie = await t.request('GET', '/v1/auth/me', {
        headers: { cookie: `cf_session=${user.token}` },
      });
      expect(cookie.status).toBe(200);
    });

    it('refuses anonymous and garbage credentials', async () => {
      expect((await t.request('GET', '/v1/auth/me')).body.code).toBe('unauthenticated');
      expect((await t.request('GET', '/v1/auth/me', { token: 'cfs_forged' })).status).toBe(401);
      expect(
        (await t.request('GET', '/v1/auth/me', { headers: { authorization: 'Basic abc' } })).status,
      ).toBe(401);
      // Public routes treat any of these as anonymous rather than failing.
      expect(
        (await t.request('GET', '/health/live', { headers: { authorization: 'Basic abc' } }))
          .status,
      ).toBe(200);
      expect(
        (
          await t.request('POST', '/v1/auth/password-reset', {
            token: 'cfs_forged',
            body: { email: 'x@example.com' },
          })
        ).status,
      ).toBe(202);
    });

    it('ends the session on sign-out', async () => {
      const user = await createUser(t);
      expect((await t.request('POST', '/v1/auth/sign-out', { token: user.token })).status).toBe(
        204,
      );
      const after = await t.request('GET', '/v1/auth/me', { token: user.token });
      expect(after.status).toBe(401);
      expect(after.body.code).toBe('session_expired');
    });

    it('ends every session on sign-out-everywhere', async () => {
      const user = await createUser(t);
      const second = (
        await t.request('POST', '/v1/auth/sign-in', {
          body: { email: user.email, password: user.password },
        })
      ).body.session.token;
      expect(
        (await t.request('POST', '/v1/auth/sign-out-everywhere', { token: second })).status,
      ).toBe(204);
      expect((await t.request('GET', '/v1/auth/me', { token: user.token })).status).toBe(401);
      expect((await t.request('GET', '/v1/auth/me', { token: second })).status).toBe(401);
    });

    it('rotates a session: the new token works and the old one stops', async () => {
      const user = await createUser(t);
      const me = Me.parse((await t.request('GET', '/v1/auth/me', { token: user.token })).body);
      expect(new Date(me.session!.rotateAfter).getTime()).toBeLessThan(
        new Date(me.session!.expiresAt).getTime(),
      );
      const refreshed = await t.request('POST', '/v1/auth/session/refresh', { token: user.token });
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.token).not.toBe(user.token);
      expect((await t.request('GET', '/v1/auth/me', { token: refreshed.body.token })).status).toBe(
        200,
      );
      expect((await t.request('GET', '/v1/auth/me', { token: user.token })).body.code).toBe(
        'session_expired',
      );
      expect(
        (await t.request('POST', '/v1/auth/session/refresh', { token: user.token })).status,
      ).toBe(401);
    });

    it('expires sessions after the idle period and at the absolute lifetime', async () => {
      const idle = await createUser(t);
      t.clock.advance(8 * DAY);
      expect((await t.request('GET', '/v1/auth/me', { token: idle.token })).body.code).toBe(
        'session_expired',
      );

      const active = await createUser(t);
      for (let day = 0; day < 31; day += 5) {
        const res = await t.request('GET', '/v1/auth/me', { token: active.token });
        expect(res.status).toBe(day < 30 ? 200 : 401);
        t.clock.advance(5 * DAY);
      }
    });
  });

  describe('email verification', () => {
    it('verifies with the mailed single-use link', async () => {
      const email = `single-use-${Date.now()}@example.com`;
      await t.request('POST', '/v1/auth/sign-up', {
        body: { email, password: 'a long enough passphrase', name: 'Once' },
      });
      const token = tokenFromLink(await mailedLink(t, email, 'verify-email'));
      const first = await t.request('POST', '/v1/auth/verify-email', { body: { token } });
      expect(first.status).toBe(200);
      expect(
        Me.parse((await t.request('GET', '/v1/auth/me', { token: first.body.session.token })).body)
          .user.emailVerified,
      ).toBe(true);
      const sessionsBefore = await t.sql('SELECT id FROM sessions');
      const again = await t.request('POST', '/v1/auth/verify-email', { body: { token } });
      expect(again.status).toBe(400);
      expect(again.body.code).toBe('token_invalid');
      expect(await t.sql('SELECT id FROM sessions')).toEqual(sessionsBefore);
    });

    it('resends a link, and an expired link fails', async () => {
      const user = await createUser(t);
      await unverify(t, user);
      expect(
        (await t.request('POST', '/v1/auth/verify-email/resend', { token: user.token })).status,
      ).toBe(202);
      const mails = (await t.outbox()).filter(
        (m) => m.to === user.email && m.tag === 'verify-email',
      );
      expect(mails).toHaveLength(2);
      t.clock.advance(49 * HOUR);
      const res = await t.request('POST', '/v1/auth/verify-email', {
        body: { token: tokenFromLink(mails[1]!.links![0]!) },
      });
      expect(res.body.code).toBe('token_invalid');
    });
  });

  describe('password reset', () => {
    it('answers the same for unknown emails and sends nothing', async () => {
      const before = (await t.outbox()).length;
      const res = await t.request('POST', '/v1/auth/password-reset', {
        body: { email: 'ghost@example.com' },
      });
      expect(res.status).toBe(202);
      expect((await t.outbox()).length).toBe(before);
    });

    it('resets with the mailed link, ends every session, and the link works once', async () => {
      const user = await createUser(t);
      expect(
        (await t.request('POST', '/v1/auth/password-reset', { body: { email: user.email } }))
          .status,
      ).toBe(202);
      const mail = (await t.outbox()).find(
        (m) => m.to === user.email && m.tag === 'password-reset',
      )!;
      expect(mail.links![0]).toMatch(/^http:\/\/localhost:3999\/reset-password\?token=/);
      const token = tokenFromLink(mail.links![0]!);

      const weak = await t.request('POST', '/v1/auth/password-reset/confirm', {
        body: { token, password: 'short' },
      });
      expect(weak.status).toBe(422);

      const ok = await t.request('POST', '/v1/auth/password-reset/confirm', {
        body: { token, password: 'a brand new passphrase' },
      });
      expect(ok.status).toBe(204);
      expect((await t.request('GET', '/v1/auth/me', { token: user.token })).status).toBe(401);
      expect(
        (
          await t.request('POST', '/v1/auth/sign-in', {
            body: { email: user.email, password: user.password },
          })
        ).status,
      ).toBe(401);
      expect(
        (
          await t.request('POST', '/v1/auth/sign-in', {
            body: { email: user.email, password: 'a brand new passphrase' },
          })
        ).status,
      ).toBe(200);

      const reused = await t.request('POST', '/v1/auth/password-reset/confirm', {
        body: { token, password: 'yet another passphrase' },
      });
      expect(reused.body.code).toBe('token_invalid');
    });

    it('refuses an expired reset link', async () => {
      const user = await createUser(t);
      await t.request('POST', '/v1/auth/password-reset', { body: { email: user.email } });
      const mail = (await t.outbox()).find(
        (m) => m.to === user.email && m.tag === 'password-reset',
      )!;
      t.clock.advance(2 * HOUR);
      const res = await t.request('POST', '/v1/auth/password-reset/confirm', {
        body: { token: tokenFromLink(mail.links![0]!), password: 'a brand new passphrase' },
      });
      expect(res.body.code).toBe('token_invalid');
      expect(
        (
          await t.request('POST', '/v1/auth/sign-in', {
            body: { email: user.email, password: user.password },
          })
        ).status,
      ).toBe(200);
    });
  });
});
