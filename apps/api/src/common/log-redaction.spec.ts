import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { QueryFailedError } from 'typeorm';
import { scrubLogLine, scrubText, scrubValue, serializeLogError } from './log-redaction.js';
import { createPino } from './logger.js';

// Shaped like the real values (argon2id PHC string, sha256 hex, base64url tokens), written out
// by hand so the expectations do not depend on the code under test.
const ARGON2 =
  '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0Hd9Q3B2mUqkGvq6yYyGJZr2Yl1e0oJ8kCwH3bH1xJY';
const SHA256 = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const SESSION = 'cfs_3q2-7wEvUb0yXcP4aBcD9eFgHiJkLmNoPqRsTuVwXyZ';
const API_KEY = 'cf_live_AbCd1234_Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5';
const LINK_TOKEN = 'q83vEjRWeJq8g4Sh7Qkz1LzGgtXcS0JQm2Yb6KDx1uQ';

function usersInsertFailure(): QueryFailedError {
  const driverError = Object.assign(
    new Error('new row for relation "users" violates check constraint "users_name_check"'),
    {
      code: '23514',
      severity: 'ERROR',
      routine: 'ExecConstraints',
      table: 'users',
      constraint: 'users_name_check',
      detail: `Failing row contains (8d1c…, ines@example.com, Inès, ${ARGON2}, null).`,
      where: 'SQL statement',
    },
  );
  return new QueryFailedError(
    'INSERT INTO "users"("email", "name", "password_hash") VALUES ($1, $2, $3)',
    ['ines@example.com', 'Inès', ARGON2, SHA256],
    driverError,
  );
}

describe('serializeLogError', () => {
  it('keeps which statement and constraint failed, and drops parameters and driver internals', () => {
    const out = serializeLogError(usersInsertFailure()) as Record<string, unknown>;
    expect(out).toMatchObject({
      type: 'QueryFailedError',
      code: '23514',
      table: 'users',
      constraint: 'users_name_check',
      query: 'INSERT INTO "users"("email", "name", "password_hash") VALUES ($1, $2, $3)',
    });
    expect(Object.keys(out).sort()).toEqual(
      ['code', 'constraint', 'message', 'query', 'stack', 'table', 'type'].sort(),
    );
    const json = JSON.stringify(out);
    expect(json).not.toContain('argon2');
    expect(json).not.toContain(SHA256);
    expect(json).not.toContain('ines@example.com');
  });

  it('leaves ordinary errors as pino serializes them, minus row details', () => {
    const err = Object.assign(new Error('bucket gone'), { bucket: 'b', detail: 'row (secret)' });
    expect(serializeLogError(err)).toMatchObject({
      type: 'Error',
      message: 'bucket gone',
      bucket: 'b',
    });
    expect(serializeLogError(err)).not.toHaveProperty('detail');
    expect(serializeLogError('not an error')).toBe('not an error');
  });
});

describe('scrubText', () => {
  it.each([
    ['an argon2id hash', `hash ${ARGON2} end`, 'hash [redacted-hash] end'],
    ['a session token', `cookie cf_session=${SESSION};`, 'cookie cf_session=cfs_[redacted];'],
    ['an API key, keeping its public id', `key ${API_KEY}`, 'key cf_live_AbCd1234_[redacted]'],
    [
      'a reset link token',
      `http://localhost:3000/reset-password?token=${LINK_TOKEN}&x=1`,
      'http://localhost:3000/reset-password?token=[redacted]&x=1',
    ],
    [
      'an invitation link',
      `http://localhost:3000/invitations/cfi_${LINK_TOKEN}`,
      'http://localhost:3000/invitations/cfi_[redacted]',
    ],
    ['a bearer header', `Authorization: Bearer ${SESSION}`, 'Authorization: Bearer [redacted]'],
    [
      'a hash next to a credential word',
      `Key (token_hash)=(${SHA256}) already exists`,
      'Key (token_hash)=([redacted]) already exists',
    ],
    [
      'URL credentials',
      'postgres://app:hunter2hunter2@db.internal:5432/cf',
      'postgres://app:[redacted]@db.internal:5432/cf',
    ],
    ['an email', 'sent to Ines.Moreau+x@example.com today', 'sent to I***@example.com today'],
  ])('replaces %s', (_label, input, expected) => {
    expect(scrubText(input)).toBe(expected);
  });

  it('keeps hashes that are not credentials (a clip checksum) and ordinary text', () => {
    expect(scrubText(`sha256 ${SHA256}`)).toBe(`sha256 ${SHA256}`);
    expect(scrubText('GET /v1/orgs?limit=2 200')).toBe('GET /v1/orgs?limit=2 200');
  });
});

describe('scrubValue and scrubLogLine', () => {
  it('drops values under credential keys at any depth', () => {
    expect(
      scrubValue({
        user: { email: 'a@example.com', passwordHash: ARGON2, emailVerified: true },
        parameters: ['x'],
        list: [{ tokenHash: SHA256, name: 'k' }],
        level: 30,
      }),
    ).toEqual({
      user: { email: 'a***@example.com', passwordHash: '[redacted]', emailVerified: true },
      parameters: '[redacted]',
      list: [{ tokenHash: '[redacted]', name: 'k' }],
      level: 30,
    });
  });

  it('keeps a JSON line a JSON line, and scrubs a non-JSON line as text', () => {
    const line = `${JSON.stringify({ msg: `link ?token=${LINK_TOKEN}`, n: 1 })}\n`;
    expect(scrubLogLine(line)).toBe('{"msg":"link ?token=[redacted]","n":1}\n');
    expect(scrubLogLine(`[pretty] ${SESSION}\n`)).toBe('[pretty] cfs_[redacted]\n');
  });
});

describe('createPino', () => {
  it('writes no secret for a failed query, a mailed link or a logged entity', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cf-log-')), 'app.log');
    const logger = createPino('trace', file);
    logger.error({ err: usersInsertFailure(), requestId: 'r1' }, 'Unhandled error');
    logger.info(
      { to: 'ines@example.com', links: [`http://x/verify-email?token=${LINK_TOKEN}`] },
      'Mail written to the local outbox',
    );
    logger.debug({ user: { id: 'u1', passwordHash: ARGON2 }, apiKey: API_KEY }, 'debugging');
    const written = fs.readFileSync(file, 'utf8');
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    const lines = written.trim().split('\n');
    expect(lines).toHaveLength(3);
    for (const secret of [ARGON2, SHA256, LINK_TOKEN, API_KEY, 'ines@example.com']) {
      expect(written).not.toContain(secret);
    }
    expect(JSON.parse(lines[0]!).err).toMatchObject({
      constraint: 'users_name_check',
      code: '23514',
    });
    expect(JSON.parse(lines[1]!).to).toBe('i***@example.com');
  });
});
