import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { AuthResult, Me } from '@clearframe/contracts/accounts';
import { Problem } from '@clearframe/contracts/problem';
import { PasswordHasher } from '../src/accounts/password-hasher.js';
import { createSession, createUser, TEST_PASSWORD } from './factories/index.js';
import { DAY, HOUR } from './support/fake-clock.js';
import { mailedLink } from './support/mail.js';
import { startTestApp, tokenFromLink, type ApiResponse, type TestApp } from './support/test-app.js';

/** The attributes of the `cf_session` cookie a response sets, names lower-cased. */
function sessionCookie(res: ApiResponse): { value: string; attributes: Record<string, string> } {
  const header = res.headers.getSetCookie().find((cookie) => cookie.startsWith('cf_session='));
  if (!header) throw new Error('no cf_session cookie was set');
  const [pair, ...parts] = header.split(';').map((part) => part.trim());
  const attributes: Record<string, string> = {};
  for (const part of parts) {
    const [name, ...value] = part.split('=');
    attributes[name!.toLowerCase()] = value.join('=');
  }
  return { value: pair!.slice('cf_session='.length), attributes };
}

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
      for (const type of ['application/json; charset=latin1', 'application/json; charset=bogus']) {
        const charset = await t.request('POST', '/v1/auth/sign-up', {
          rawBody: JSON.stringify({
            email: 'cs@example.com',
            password: 'long enough pass',
            name: 'C',
          }),
          headers: { 'content-type': type },
        });
        expect(charset.status).toBe(415);
        expect(charset.body.code).toBe('unsupported_media_type');
      }
      const encoded = await t.request('POST', '/v1/auth/sign-up', {
        rawBody: '{}',
        headers: { 'content-type': 'application/json', 'content-encoding': 'bogus' },
      });
      expect(encoded.status).toBe(415);
      expect(encoded.body.code).toBe('unsupported_media_type');
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

    // argon2 throws on a hash it cannot decode; a check that treated that as a match would let
    // anyone in whose stored hash is damaged (a bad migration, a truncated import).
    it.each([
      ['not a hash at all', 'not-a-hash'],
      ['an empty hash', ''],
      ['a truncated argon2id hash', '$argon2id$v=19$m=19456,t=2,p=1$garbage'],
      ['an argon2id hash without output', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$'],
    ])(
      'refuses the right password when the stored hash is %s (argon2 throws)',
      async (_label, corrupt) => {
        const user = await createUser(t);
        await t.sql('UPDATE users SET password_hash = $2 WHERE id = $1', [user.id, corrupt]);
        const res = await t.request('POST', '/v1/auth/sign-in', {
          body: { email: user.email, password: TEST_PASSWORD },
        });
        expect(res.status).toBe(401);
        expect(Problem.parse(res.body).code).toBe('invalid_credentials');
        expect(res.headers.getSetCookie()).toEqual([]);
        // Only the factory's session: sign-in issued none.
        expect(await t.sql('SELECT id FROM sessions WHERE user_id = $1', [user.id])).toEqual([
          { id: user.sessionId },
        ]);
      },
    );

    it('sets the API session cookie HttpOnly, SameSite=Lax, for the whole site, until the session ends', async () => {
      const user = await createUser(t);
      const res = await t.request('POST', '/v1/auth/sign-in', {
        body: { email: user.email, password: user.password },
      });
      const body = AuthResult.parse(res.body);
      const cookie = sessionCookie(res);
      expect(cookie.value).toBe(body.session.token);
      expect(cookie.attributes).toHaveProperty('httponly');
      // Lax (or Strict) keeps the cookie off cross-site subrequests and form posts; None would
      // send it with every request another site makes.
      expect(['lax', 'strict']).toContain(cookie.attributes.samesite?.toLowerCase());
      expect(cookie.attributes.path).toBe('/');
      expect(new Date(cookie.attributes.expires!).getTime()).toBe(
        Math.floor(new Date(body.session.expiresAt).getTime() / 1000) * 1000,
      );
      // Plain-HTTP development and tests: a Secure cookie would never be sent back.
      expect(cookie.attributes).not.toHaveProperty('secure');

      const signOut = await t.request('POST', '/v1/auth/sign-out', { token: body.session.token });
      const cleared = sessionCookie(signOut);
      expect(cleared.value).toBe('');
      expect(new Date(cleared.attributes.expires!).getTime()).toBeLessThan(Date.now());
      expect(cleared.attributes).toHaveProperty('httponly');
      expect(cleared.attributes.samesite?.toLowerCase()).toBe(
        cookie.attributes.samesite?.toLowerCase(),
      );
    });

    it('marks the session cookie Secure under the production configuration', async () => {
      // A production-mode app on this file's database and object storage: production refuses the
      // embedded services, so it is pointed at them as if they were remote ones.
      const s3 = t.runtime.s3;
      const production = await startTestApp({
        env: {
          NODE_ENV: 'production',
          DATABASE_URL: t.runtime.databaseUrl,
          S3_ENDPOINT: s3.endpoint!,
          S3_BUCKET: 'clearframe',
          S3_ACCESS_KEY_ID: s3.credentials!.accessKeyId,
          S3_SECRET_ACCESS_KEY: s3.credentials!.secretAccessKey,
          SMTP_URL: 'smtp://127.0.0.1:9',
          FFPROBE_PATH: '/usr/bin/ffprobe',
          FFMPEG_PATH: '/usr/bin/ffmpeg',
          CERT_SIGNING_KEY: generateKeyPairSync('ed25519')
            .privateKey.export({ format: 'pem', type: 'pkcs8' })
            .toString(),
        },
      });
      try {
        const user = await createUser(production);
        const res = await production.request('POST', '/v1/auth/sign-in', {
          body: { email: user.email, password: user.password },
        });
        expect(res.status).toBe(200);
        const cookie = sessionCookie(res);
        expect(cookie.attributes).toHaveProperty('secure');
        expect(cookie.attributes).toHaveProperty('httponly');
        expect(['lax', 'strict']).toContain(cookie.attributes.samesite?.toLowerCase());
      } finally {
        await production.close();
      }
    });
  });

  describe('with the real limits', () => {
    const PER_EMAIL = 3;
    const PER_ADDRESS = 4;
    let limited: TestApp;
    beforeAll(async () => {
      limited = await startTestApp({
        env: {
          AUTH_RATE_LIMIT_MAX: String(PER_EMAIL),
          AUTH_RATE_LIMIT_IP_MAX: String(PER_ADDRESS),
          AUTH_RATE_LIMIT_WINDOW_SECONDS: '600',
        },
      });
    });
    afterAll(async () => {
      await limited?.close();
    });

    it('counts unauthenticated attempts per client address, read from X-Forwarded-For set by the local web server', async () => {
      const signUp = (i: number, ip: string) =>
        limited.request('POST', '/v1/auth/sign-up', {
          body: { email: `ip-${i}@example.com`, password: 'a long enough passphrase', name: 'X' },
          headers: { 'x-forwarded-for': ip },
        });
      for (let i = 1; i <= PER_ADDRESS; i++) {
        expect((await signUp(i, '203.0.113.7')).status).toBe(202);
      }
      const over = await signUp(PER_ADDRESS + 1, '203.0.113.7');
      expect(over.status).toBe(429);
      expect(over.body.code).toBe('rate_limited');
      expect((await signUp(PER_ADDRESS + 2, '198.51.100.9')).status).toBe(202);
      expect(
        await limited.sql('SELECT 1 FROM users WHERE email = $1', [
          `ip-${PER_ADDRESS + 1}@example.com`,
        ]),
      ).toHaveLength(0);
    });

    it('limits password reset mail per email, even when every request comes from a new address', async () => {
      const user = await createUser(limited);
      const other = await createUser(limited);
      const resetMails = async (email: string) =>
        (await limited.outbox()).filter((m) => m.to === email && m.tag === 'password-reset').length;
      const request = (email: string, n: number) =>
        limited.request('POST', '/v1/auth/password-reset', {
          body: { email },
          headers: { 'x-forwarded-for': `192.0.2.${n}` },
        });
      const statuses: number[] = [];
      for (let n = 1; n <= PER_EMAIL + 1; n++) statuses.push((await request(user.email, n)).status);
      expect(statuses).toEqual([202, 202, 202, 429]);
      expect(await resetMails(user.email)).toBe(PER_EMAIL);
      expect(
        Number(
          (
            await limited.sql(
              `SELECT count(*)::int AS n FROM one_time_tokens WHERE user_id = $1 AND purpose = 'password_reset'`,
              [user.id],
            )
          )[0].n,
        ),
      ).toBe(PER_EMAIL);
      // The limit is the email's, not the address's: another account from the last address works.
      expect((await request(other.email, PER_EMAIL + 1)).status).toBe(202);
      expect(await resetMails(other.email)).toBe(1);
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
      const second = (await createSession(t, user.id)).token;
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
      const user = await createUser(t, { verified: false });
      expect(
        (await t.request('POST', '/v1/auth/verify-email/resend', { token: user.token })).status,
      ).toBe(202);
      const mails = (await t.outbox()).filter(
        (m) => m.to === user.email && m.tag === 'verify-email',
      );
      expect(mails).toHaveLength(1);
      t.clock.advance(49 * HOUR);
      const res = await t.request('POST', '/v1/auth/verify-email', {
        body: { token: tokenFromLink(mails[0]!.links![0]!) },
      });
      expect(res.body.code).toBe('token_invalid');
      const [row] = await t.sql('SELECT email_verified_at FROM users WHERE id = $1', [user.id]);
      expect(row.email_verified_at).toBeNull();
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
