import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { PasswordHasher } from '../src/accounts/password-hasher.js';
import { createOrg, createUser } from './factories/index.js';
import { startTestApp, tokenFromLink, type TestApp } from './support/test-app.js';

/**
 * Real failures that carry secrets, so the log scan after the run (log-scan.global-teardown.ts)
 * has something to find if redaction breaks; each test also reads this app's log directly.
 */
describe('secrets stay out of the logs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

  /** This app's log records, waiting briefly for the request line written after the response. */
  async function logLines(until: (line: Record<string, any>) => boolean) {
    expect(t.logFile).toBeDefined();
    for (let attempt = 0; attempt < 40; attempt++) {
      const text = await fs.readFile(t.logFile!, 'utf8');
      const lines = text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, any>);
      if (lines.some(until)) return { text, lines };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('expected log line not written');
  }

  it('logs a failed users insert without its argon2 hash or email', async () => {
    await t.sql(`ALTER TABLE users ADD CONSTRAINT forced_failure CHECK (name <> 'Forced Failure')`);
    const hasher = t.app.get(PasswordHasher);
    const hash = jest.spyOn(hasher, 'hash');
    try {
      const res = await t.request('POST', '/v1/auth/sign-up', {
        body: {
          email: 'forced.failure@example.com',
          password: 'a long enough passphrase',
          name: 'Forced Failure',
        },
      });
      expect(res.status).toBe(500);
      expect(res.body.code).toBe('internal_error');
      const passwordHash = await (hash.mock.results[0]!.value as Promise<string>);
      expect(passwordHash).toMatch(/^\$argon2id\$/);
      t.recordSecret('password hash of the failed insert', passwordHash);
      expect(res.text).not.toContain(passwordHash);

      const { text, lines } = await logLines((l) => l.err?.constraint === 'forced_failure');
      const failure = lines.find((l) => l.err?.constraint === 'forced_failure')!;
      expect(failure).toMatchObject({
        level: 50,
        msg: 'Unhandled error',
        requestId: res.body.requestId,
      });
      expect(failure.err).toMatchObject({
        type: 'QueryFailedError',
        code: '23514',
        table: 'users',
      });
      expect(failure.err.query).toContain('INSERT INTO "users"');
      expect(failure.err).not.toHaveProperty('parameters');
      expect(failure.err).not.toHaveProperty('detail');
      expect(text).not.toContain(passwordHash);
      expect(text).not.toContain(passwordHash.split('$').pop());
      expect(text).not.toContain('forced.failure@example.com');
    } finally {
      hash.mockRestore();
      await t.sql('ALTER TABLE users DROP CONSTRAINT forced_failure');
    }
  });

  it('logs a failed session lookup without the token hash it looked for', async () => {
    const user = await createUser(t);
    await t.sql('ALTER TABLE sessions RENAME COLUMN user_agent TO user_agent_gone');
    try {
      const res = await t.request('GET', '/v1/auth/me', { token: user.token });
      expect(res.status).toBe(500);
    } finally {
      await t.sql('ALTER TABLE sessions RENAME COLUMN user_agent_gone TO user_agent');
    }
    const tokenHash = sha256(user.token);
    expect(await t.sql('SELECT 1 FROM sessions WHERE token_hash = $1', [tokenHash])).toHaveLength(
      1,
    );
    const { text, lines } = await logLines(
      (l) => l.err?.type === 'QueryFailedError' && /sessions/.test(l.err.query),
    );
    expect(lines.some((l) => l.err?.code === '42703')).toBe(true); // undefined_column
    expect(text).not.toContain(tokenHash);
    expect(text).not.toContain(user.token);
  });

  it('scrubs tokens from request URLs and mailed links, and masks emails', async () => {
    const owner = await createUser(t);
    const invitee = await createUser(t);
    const org = await createOrg(t, owner, 'creator');
    const invite = await t.request('POST', `/v1/orgs/${org.id}/invitations`, {
      token: owner.token,
      body: { email: invitee.email },
    });
    const invitationToken = tokenFromLink(invite.body.acceptUrl);
    expect((await t.request('GET', `/v1/invitations/${invitationToken}`)).status).toBe(200);
    await t.request('GET', `/v1/auth/me?token=${owner.token}`);
    // Mail is a job: its log line appears when the job delivers it.
    await t.drainJobs();

    const { text, lines } = await logLines((l) => l.req?.url?.startsWith('/v1/auth/me?token='));
    expect(lines.some((l) => l.req?.url === '/v1/invitations/cfi_[redacted]')).toBe(true);
    expect(lines.some((l) => l.req?.url === '/v1/auth/me?token=[redacted]')).toBe(true);
    const mailLine = lines.find(
      (l) => l.msg === 'Mail written to the local outbox' && l.subject?.includes(org.name),
    )!;
    expect(mailLine.to).toBe(`${invitee.email[0]}***@example.com`);
    for (const secret of [
      invitationToken,
      invite.body.acceptUrl,
      owner.token,
      invitee.email,
      owner.email,
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});
