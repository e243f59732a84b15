import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { SignUpAccepted } from '@clearframe/contracts/accounts';
import { PasswordHasher } from '../src/accounts/password-hasher.js';
import { createUser } from './factories/index.js';
import { mailedLink } from './support/mail.js';
import { startTestApp, type ApiResponse, type TestApp } from './support/test-app.js';

/**
 * Sign-up must not tell anyone whether an email already has an account (ADR 007): the same
 * status, body and headers, the same argon2 work, and a mail to the address in both cases.
 */
describe('sign-up without account enumeration', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  let sequence = 0;
  const freshEmail = () => `newcomer${++sequence}-${Date.now()}@example.com`;
  const signUp = (email: string, password = 'an attacker chosen passphrase', name = 'Someone') =>
    t.request('POST', '/v1/auth/sign-up', { body: { email, password, name } });

  /** Headers minus the values that differ on every response anyway. */
  const stableHeaders = (res: ApiResponse) =>
    Object.fromEntries(
      [...res.headers.entries()].filter(([name]) => !['date', 'x-request-id'].includes(name)),
    );

  const snapshot = async (userId: string) =>
    JSON.stringify([
      await t.sql('SELECT email, name, password_hash, email_verified_at FROM users WHERE id = $1', [
        userId,
      ]),
      await t.sql('SELECT id FROM sessions WHERE user_id = $1 ORDER BY id', [userId]),
      await t.sql('SELECT id FROM one_time_tokens WHERE user_id = $1 ORDER BY id', [userId]),
    ]);

  it('answers a taken email exactly like a new one, creates nothing, and mails the owner', async () => {
    const owner = await createUser(t, { name: 'Olga Owner' });
    const before = await snapshot(owner.id);
    const usersBefore = (await t.sql('SELECT id FROM users')).length;
    const mailsBefore = (await t.outbox()).length;

    const fresh = await signUp(freshEmail());
    const taken = await signUp(owner.email.toUpperCase());

    expect(fresh.status).toBe(202);
    expect(taken.status).toBe(fresh.status);
    expect(SignUpAccepted.parse(taken.body)).toEqual(SignUpAccepted.parse(fresh.body));
    expect(taken.text).toBe(fresh.text);
    expect(stableHeaders(taken)).toEqual(stableHeaders(fresh));
    expect(taken.headers.get('set-cookie')).toBeNull();

    // Only the new email got an account; the owner's account, sessions and links are untouched.
    expect((await t.sql('SELECT id FROM users')).length).toBe(usersBefore + 1);
    expect(await snapshot(owner.id)).toBe(before);
    const newMails = (await t.outbox()).slice(mailsBefore);
    expect(newMails.map((m) => m.tag).sort()).toEqual(['sign-up-attempted', 'verify-email']);
    const note = newMails.find((m) => m.tag === 'sign-up-attempted')!;
    expect(note.to).toBe(owner.email);
    expect(note.text).toContain('Olga Owner');
    expect(note.links).toEqual([
      'http://localhost:3999/sign-in',
      'http://localhost:3999/forgot-password',
    ]);
    // The password sent with the second sign-up opens nothing.
    const withIt = await t.request('POST', '/v1/auth/sign-in', {
      body: { email: owner.email, password: 'an attacker chosen passphrase' },
    });
    expect(withIt.status).toBe(401);
  });

  it('does the same argon2 work for a taken email as for a new one', async () => {
    const owner = await createUser(t);
    const hasher = t.app.get(PasswordHasher);
    const hash = jest.spyOn(hasher, 'hash');
    try {
      await signUp(freshEmail());
      const forNew = hash.mock.calls.length;
      await signUp(owner.email);
      expect(forNew).toBe(1);
      expect(hash.mock.calls.length - forNew).toBe(1);
    } finally {
      hash.mockRestore();
    }
  });

  it('signs a new account in only through the mailed link: its password answers like a wrong one until then', async () => {
    const email = freshEmail();
    expect((await signUp(email, 'my own good passphrase')).status).toBe(202);
    const [user] = await t.sql('SELECT id FROM users WHERE email = $1', [email]);
    const linksBefore = (await t.outbox()).filter((m) => m.to === email).length;

    const right = await t.request('POST', '/v1/auth/sign-in', {
      body: { email, password: 'my own good passphrase' },
    });
    const wrong = await t.request('POST', '/v1/auth/sign-in', {
      body: { email, password: 'not my passphrase at all' },
    });
    expect(right.status).toBe(401);
    const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    expect(strip(right.body)).toEqual(strip(wrong.body));
    expect(await t.sql('SELECT 1 FROM sessions WHERE user_id = $1', [user.id])).toHaveLength(0);
    // Whoever knew the password gets the link again, in the inbox only.
    const mails = (await t.outbox()).filter((m) => m.to === email);
    expect(mails.length).toBe(linksBefore + 1);
    expect(mails.at(-1)!.tag).toBe('verify-email');
  });

  it('never mails a confirmation link for an account someone else started: the owner is sent to reset', async () => {
    // Someone signs up with another person's address first, with a password they know.
    const email = freshEmail();
    await signUp(email, 'squatter passphrase 1');
    const [row] = await t.sql('SELECT id FROM users WHERE email = $1', [email]);
    const before = await snapshot(row.id);
    const verifyMailsBefore = (await t.outbox()).filter(
      (m) => m.to === email && m.tag === 'verify-email',
    ).length;

    const res = await signUp(email, 'the real owner passphrase', 'Real Owner');
    expect(res.status).toBe(202);
    expect(await snapshot(row.id)).toBe(before);
    const mails = (await t.outbox()).filter((m) => m.to === email);
    expect(mails.at(-1)!.tag).toBe('sign-up-attempted');
    expect(mails.filter((m) => m.tag === 'verify-email')).toHaveLength(verifyMailsBefore);
  });

  it('two sign-ups racing for one new email create one account and answer alike', async () => {
    const email = freshEmail();
    const [a, b] = await Promise.all([signUp(email, 'first racer passphrase'), signUp(email)]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(a.text).toBe(b.text);
    expect(await t.sql('SELECT id FROM users WHERE email = $1', [email])).toHaveLength(1);
    const tags = (await t.outbox()).filter((m) => m.to === email).map((m) => m.tag);
    expect(tags.sort()).toEqual(['sign-up-attempted', 'verify-email']);
    expect(await mailedLink(t, email, 'verify-email')).toMatch(/verify-email\?token=/);
  });
});
