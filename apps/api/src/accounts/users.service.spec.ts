import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NoOrganizations } from '../../test/support/no-organizations.js';
import { bootModule, PASSWORD_HASH, type ModuleTest } from '../../test/support/module-test.js';
import { AccountOrganizations } from './account-organizations.port.js';
import { AccountsModule } from './accounts.module.js';
import { OperatorStatus } from './operator-status.port.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

class NoOperators extends OperatorStatus {
  isOperator(): Promise<boolean> {
    return Promise.resolve(false);
  }
}

const MISSING_ID = '00000000-0000-4000-8000-000000000000';

describe('UsersService', () => {
  let t: ModuleTest;
  let users: UsersService;

  beforeAll(async () => {
    t = await bootModule({
      imports: [AccountsModule],
      global: {
        providers: [
          { provide: OperatorStatus, useClass: NoOperators },
          { provide: AccountOrganizations, useClass: NoOrganizations },
        ],
      },
    });
    users = t.get(UsersService);
  });
  afterAll(() => t?.close());

  // First in the file: the database is fresh, so nobody has an account yet.
  it('knows whether anyone has an account yet', async () => {
    await expect(users.anyExist()).resolves.toBe(false);
    await t.insertUser();
    await expect(users.anyExist()).resolves.toBe(true);
  });

  it('creates a verified user with the given hash, confirmed and password-set at that time', async () => {
    const now = t.clock.now();
    const created = await users.createVerified({
      email: 'operator@example.com',
      name: 'Operator One',
      passwordHash: PASSWORD_HASH,
      now,
    });
    const [row] = await t.sql('SELECT * FROM users WHERE id = $1', [created.id]);
    expect(row).toMatchObject({
      email: 'operator@example.com',
      name: 'Operator One',
      password_hash: PASSWORD_HASH,
      email_verified_at: now,
      password_changed_at: now,
      created_at: now,
    });
    await expect(users.findByEmail('operator@example.com')).resolves.toMatchObject({
      id: created.id,
    });
    await expect(users.findById(created.id)).resolves.toMatchObject({ email: created.email });
    await expect(users.findByEmail('nobody@example.com')).resolves.toBeNull();
    await expect(users.findById(MISSING_ID)).resolves.toBeNull();
  });

  it('summarises the named people once each, leaving out nulls and ids without a user', async () => {
    const ana = await t.insertUser({ email: 'ana@example.com', name: 'Ana' });
    const bo = await t.insertUser({ email: 'bo@example.com', name: 'Bo' });
    const summaries = await users.summaries([ana.id, null, bo.id, ana.id, MISSING_ID]);
    expect(summaries).toEqual(
      new Map([
        [ana.id, { id: ana.id, email: 'ana@example.com', name: 'Ana' }],
        [bo.id, { id: bo.id, email: 'bo@example.com', name: 'Bo' }],
      ]),
    );
    await expect(users.summaries([])).resolves.toEqual(new Map());
    await expect(users.summaries([null])).resolves.toEqual(new Map());
  });

  it('marks an email verified once: a later link does not move the time', async () => {
    const user = await t.insertUser({ verified: false });
    const other = await t.insertUser({ verified: false });
    const first = t.clock.now();
    await users.markEmailVerified(user.id, first);
    t.clock.advance(60_000);
    await users.markEmailVerified(user.id, t.clock.now());
    const rows = await t.sql<{ id: string; email_verified_at: Date | null }>(
      'SELECT id, email_verified_at FROM users WHERE id = ANY($1)',
      [[user.id, other.id]],
    );
    expect(new Map(rows.map((r) => [r.id, r.email_verified_at]))).toEqual(
      new Map([
        [user.id, first],
        [other.id, null],
      ]),
    );
  });

  it('deletes a user once, saying whether there was one, and only that user', async () => {
    const gone = await t.insertUser();
    const stays = await t.insertUser();
    const repository = t.get(UsersRepository);
    await expect(repository.delete(gone.id)).resolves.toBe(true);
    await expect(repository.delete(gone.id)).resolves.toBe(false);
    await expect(users.findById(gone.id)).resolves.toBeNull();
    await expect(users.findById(stays.id)).resolves.toMatchObject({ id: stays.id });
  });
});
