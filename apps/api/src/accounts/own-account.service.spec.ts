import type { AccountDeletionPlanType } from '@clearframe/contracts/accounts';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HOUR } from '../../test/support/fake-clock.js';
import { bootModule, PASSWORD, type ModuleTest } from '../../test/support/module-test.js';
import { AccountOrganizations } from './account-organizations.port.js';
import { AccountsModule } from './accounts.module.js';
import { OneTimeTokensRepository } from './one-time-tokens.repository.js';
import { OperatorStatus } from './operator-status.port.js';
import { OwnAccountService, type Caller } from './own-account.service.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionsService } from './sessions.service.js';
import type { UserEntity } from './user.entity.js';

/** Answers from a list the test controls (the app binds organizations here). */
class ListedOperators extends OperatorStatus {
  readonly ids = new Set<string>();
  isOperator(userId: string): Promise<boolean> {
    return Promise.resolve(this.ids.has(userId));
  }
}

const EMPTY_PLAN: AccountDeletionPlanType = {
  deletedOrganizations: [],
  blockingOrganizations: [],
  leftOrganizations: [],
};

/** The organizations port with a plan per person, set by the test. */
class PlannedOrganizations extends AccountOrganizations {
  readonly plans = new Map<string, AccountDeletionPlanType>();
  deletionPlan(userId: string): Promise<AccountDeletionPlanType> {
    return Promise.resolve(this.plans.get(userId) ?? EMPTY_PLAN);
  }
  releaseMember(userId: string): Promise<AccountDeletionPlanType> {
    return Promise.resolve(this.plans.get(userId) ?? EMPTY_PLAN);
  }
}

/** An organization as a deletion plan lists it. */
const org = (n: number, name: string, otherMembers = 0) => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  name,
  kind: 'creator' as const,
  otherMembers,
});

const operators = new ListedOperators();
const organizations = new PlannedOrganizations();
const WEB_ORIGIN = 'https://app.clearframe.test';
const FIREFOX_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0';

describe('OwnAccountService', () => {
  let t: ModuleTest;
  let own: OwnAccountService;
  let sessions: SessionsService;

  beforeAll(async () => {
    t = await bootModule({
      imports: [AccountsModule],
      global: {
        providers: [
          { provide: OperatorStatus, useValue: operators },
          { provide: AccountOrganizations, useValue: organizations },
        ],
      },
      env: { WEB_ORIGIN: `${WEB_ORIGIN}/` },
    });
    own = t.get(OwnAccountService);
    sessions = t.get(SessionsService);
  });
  afterAll(() => t?.close());

  /** A signed-in person: their user row and one session, issued a second after the last. */
  async function signedIn(user?: UserEntity, meta = {}): Promise<Caller> {
    const person = user ?? (await t.insertUser());
    const { session } = await sessions.issue(person.id, meta);
    t.clock.advance(1_000);
    return { user: person, session };
  }

  const sessionRow = async (id: string) =>
    (
      await t.sql<{ revoked_at: Date | null; revoked_reason: string | null }>(
        'SELECT revoked_at, revoked_reason FROM sessions WHERE id = $1',
        [id],
      )
    )[0];
  const auditOf = async (userId: string) =>
    (await t.auditRows()).filter((row) => row.actor_user_id === userId);
  const mailsTo = async (email: string) => (await t.outbox()).filter((m) => m.to === email);
  const passwordHash = async (userId: string) =>
    (
      await t.sql<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [
        userId,
      ])
    )[0]!.password_hash;

  describe('sessions', () => {
    it('lists the caller’s live sessions only, naming the device and marking the current one', async () => {
      const alice = await signedIn(undefined, { userAgent: FIREFOX_MAC, ip: '203.0.113.4' });
      const phone = await signedIn(alice.user, { userAgent: 'curl/8.5.0' });
      const ended = await signedIn(alice.user);
      await sessions.revoke(ended.session.id, 'sign_out');
      const bob = await signedIn();

      const listed = await own.listSessions(alice);
      expect(new Set(listed.map((s) => s.id))).toEqual(
        new Set([alice.session.id, phone.session.id]),
      );
      expect(listed.find((s) => s.id === alice.session.id)).toEqual({
        id: alice.session.id,
        device: 'Firefox 133 on macOS',
        ip: '203.0.113.4',
        createdAt: alice.session.createdAt.toISOString(),
        lastSeenAt: alice.session.lastSeenAt.toISOString(),
        current: true,
      });
      expect(listed.find((s) => s.id === phone.session.id)).toMatchObject({
        device: 'curl 8.5.0',
        ip: null,
        current: false,
      });
      expect((await own.listSessions(bob)).map((s) => s.id)).toEqual([bob.session.id]);
    });

    it('ends another of the caller’s devices as signed out remotely, and its own as a sign-out', async () => {
      const caller = await signedIn();
      const laptop = await signedIn(caller.user);

      await own.endSession(caller, laptop.session.id);
      expect(await sessionRow(laptop.session.id)).toMatchObject({
        revoked_reason: 'signed_out_remotely',
        revoked_at: t.clock.now(),
      });
      expect(await sessionRow(caller.session.id)).toMatchObject({ revoked_at: null });

      await own.endSession(caller, caller.session.id);
      expect(await sessionRow(caller.session.id)).toMatchObject({ revoked_reason: 'sign_out' });
      expect(await auditOf(caller.user.id)).toEqual([
        expect.objectContaining({
          action: 'user.session_ended',
          target_type: 'session',
          target_id: laptop.session.id,
        }),
        expect.objectContaining({
          action: 'user.session_ended',
          target_type: 'session',
          target_id: caller.session.id,
        }),
      ]);
    });

    it('answers not_found for another person’s session or an ended one, changing nothing', async () => {
      const caller = await signedIn();
      const other = await signedIn();
      const ended = await signedIn(caller.user);
      await sessions.revoke(ended.session.id, 'sign_out');

      for (const id of [other.session.id, ended.session.id]) {
        await expect(own.endSession(caller, id)).rejects.toMatchObject({
          code: 'not_found',
          message: 'That session was not found.',
        });
      }
      expect(await sessionRow(other.session.id)).toMatchObject({ revoked_at: null });
      expect(await sessionRow(ended.session.id)).toMatchObject({ revoked_reason: 'sign_out' });
      expect(await auditOf(caller.user.id)).toEqual([]);
    });
  });

  describe('password change', () => {
    it('keeps this session, ends the others and every reset link, and mails the owner', async () => {
      const caller = await signedIn(await t.insertUser({ name: 'Ana Lima' }));
      const tablet = await signedIn(caller.user);
      const phone = await signedIn(caller.user);
      const bob = await signedIn();
      const tokens = t.get(OneTimeTokensRepository);
      const reset = await tokens.issue(caller.user.id, 'password_reset', t.clock.now(), HOUR);
      const verify = await tokens.issue(caller.user.id, 'verify_email', t.clock.now(), HOUR);

      await own.changePassword(
        caller,
        { currentPassword: PASSWORD, newPassword: 'a new and longer passphrase' },
        {},
      );

      const hasher = t.get(PasswordHasher);
      const stored = await passwordHash(caller.user.id);
      await expect(hasher.verify(stored, 'a new and longer passphrase')).resolves.toBe(true);
      await expect(hasher.verify(stored, PASSWORD)).resolves.toBe(false);
      expect(await sessionRow(caller.session.id)).toMatchObject({ revoked_at: null });
      for (const ended of [tablet, phone]) {
        expect(await sessionRow(ended.session.id)).toMatchObject({
          revoked_reason: 'password_changed',
        });
      }
      expect(await sessionRow(bob.session.id)).toMatchObject({ revoked_at: null });
      await expect(tokens.consume(reset, 'password_reset', t.clock.now())).resolves.toBeNull();
      // Only reset links are spent: a pending email confirmation still works.
      await expect(tokens.consume(verify, 'verify_email', t.clock.now())).resolves.toBe(
        caller.user.id,
      );
      expect(await auditOf(caller.user.id)).toEqual([
        expect.objectContaining({
          action: 'user.password_changed',
          target_type: 'user',
          target_id: caller.user.id,
          data: { sessionsEnded: 2 },
        }),
      ]);
      expect(await mailsTo(caller.user.email)).toEqual([
        expect.objectContaining({
          tag: 'password-changed',
          subject: 'Your Clearframe password was changed',
          links: [`${WEB_ORIGIN}/forgot-password`],
          text: [
            'Hello Ana Lima,',
            '',
            'The password of your Clearframe account was just changed, and every other device signed in to it was signed out.',
            '',
            'If this was you, there is nothing to do. If it was not, reset your password now:',
            '',
            `${WEB_ORIGIN}/forgot-password`,
          ].join('\n'),
        }),
      ]);
    });

    it('refuses a wrong current password on the field, changing nothing', async () => {
      const caller = await signedIn();
      const other = await signedIn(caller.user);
      const before = await passwordHash(caller.user.id);

      await expect(
        own.changePassword(caller, { currentPassword: 'not it', newPassword: 'whatever else' }, {}),
      ).rejects.toMatchObject({
        code: 'wrong_password',
        message: 'The current password is not correct.',
        extras: {
          errors: [
            {
              path: 'currentPassword',
              message: 'That is not your current password.',
              code: 'wrong_password',
            },
          ],
        },
      });
      expect(await passwordHash(caller.user.id)).toBe(before);
      expect(await sessionRow(other.session.id)).toMatchObject({ revoked_at: null });
      expect(await auditOf(caller.user.id)).toEqual([]);
      expect(await mailsTo(caller.user.email)).toEqual([]);
    });

    it('throttles wrong current passwords like sign-ins, and a right one starts the count over', async () => {
      const caller = await signedIn();
      const meta = { ip: '198.51.100.23' };
      const wrong = { currentPassword: 'guess', newPassword: 'whatever else' };
      for (let i = 0; i < 4; i += 1) {
        await expect(own.changePassword(caller, wrong, meta)).rejects.toMatchObject({
          code: 'wrong_password',
        });
      }
      // The right password resets the (account, address) counter: four more misses are free.
      await own.changePassword(caller, { currentPassword: PASSWORD, newPassword: PASSWORD }, meta);
      for (let i = 0; i < 5; i += 1) {
        await expect(own.changePassword(caller, wrong, meta)).rejects.toMatchObject({
          code: 'wrong_password',
        });
      }
      // The fifth miss in a row makes the next attempt wait, even with the right password.
      await expect(
        own.changePassword(
          caller,
          { currentPassword: PASSWORD, newPassword: 'x'.repeat(12) },
          meta,
        ),
      ).rejects.toMatchObject({ code: 'rate_limited', extras: { retryAfterSeconds: 30 } });
      await expect(own.deleteAccount(caller, { password: PASSWORD }, meta)).rejects.toMatchObject({
        code: 'rate_limited',
      });
      await expect(
        own.changePassword(
          caller,
          { currentPassword: PASSWORD, newPassword: PASSWORD },
          {
            ip: '192.0.2.200',
          },
        ),
      ).resolves.toBeUndefined();
    });
  });

  describe('rename', () => {
    it('renames the caller only, records it, and answers the account as it is now', async () => {
      const caller = await signedIn(await t.insertUser({ name: 'Old Name' }));
      const bob = await signedIn(await t.insertUser({ name: 'Bob' }));
      operators.ids.add(caller.user.id);

      const answered = await own.rename(caller, 'New Name');

      expect(answered).toEqual({
        id: caller.user.id,
        email: caller.user.email,
        name: 'New Name',
        emailVerified: true,
        isOperator: true,
        createdAt: caller.user.createdAt.toISOString(),
      });
      const names = await t.sql<{ id: string; name: string }>(
        'SELECT id, name FROM users WHERE id = ANY($1)',
        [[caller.user.id, bob.user.id]],
      );
      expect(new Set(names.map((r) => `${r.id}:${r.name}`))).toEqual(
        new Set([`${caller.user.id}:New Name`, `${bob.user.id}:Bob`]),
      );
      expect(await auditOf(caller.user.id)).toEqual([
        expect.objectContaining({
          action: 'user.renamed',
          target_type: 'user',
          target_id: caller.user.id,
        }),
      ]);
      expect((await own.rename(bob, 'Robert')).isOperator).toBe(false);
    });
  });

  describe('account deletion', () => {
    it('shows the plan the organizations give for the caller', async () => {
      const caller = await signedIn();
      const plan: AccountDeletionPlanType = {
        deletedOrganizations: [org(1, 'Solo')],
        blockingOrganizations: [],
        leftOrganizations: [org(2, 'Shared', 4)],
      };
      organizations.plans.set(caller.user.id, plan);
      await expect(own.deletionPlan(caller)).resolves.toEqual(plan);
    });

    it('deletes the account with its sessions, records what went with it, and says goodbye', async () => {
      const caller = await signedIn(await t.insertUser({ name: 'Leaving Person' }));
      const other = await signedIn(caller.user);
      const bob = await signedIn();
      const deleted = org(10, 'Solo Films');
      const left = org(11, 'Shared Films', 2);
      organizations.plans.set(caller.user.id, {
        deletedOrganizations: [deleted],
        blockingOrganizations: [],
        leftOrganizations: [left],
      });

      await own.deleteAccount(caller, { password: PASSWORD }, {});

      expect(await t.sql('SELECT 1 FROM users WHERE id = $1', [caller.user.id])).toEqual([]);
      expect(
        await t.sql('SELECT 1 FROM sessions WHERE id = ANY($1)', [
          [caller.session.id, other.session.id],
        ]),
      ).toEqual([]);
      expect(await sessionRow(bob.session.id)).toMatchObject({ revoked_at: null });
      expect(await auditOf(caller.user.id)).toEqual([
        expect.objectContaining({
          action: 'user.deleted',
          target_type: 'user',
          target_id: caller.user.id,
          data: { deletedOrganizations: [deleted.id], leftOrganizations: [left.id] },
        }),
      ]);
      expect(await mailsTo(caller.user.email)).toEqual([
        expect.objectContaining({
          tag: 'account-deleted',
          subject: 'Your Clearframe account was deleted',
          text: [
            'Hello Leaving Person,',
            '',
            'Your Clearframe account and the organizations only you belonged to have been deleted, and every device was signed out.',
            'You can create a new account with this address at any time.',
          ].join('\n'),
        }),
      ]);
    });

    it('refuses while the caller is the only owner of organizations with other members, naming them', async () => {
      const caller = await signedIn();
      organizations.plans.set(caller.user.id, {
        deletedOrganizations: [],
        blockingOrganizations: [org(21, 'North Films', 1), org(22, 'South Films', 3)],
        leftOrganizations: [],
      });

      await expect(own.deleteAccount(caller, { password: PASSWORD }, {})).rejects.toMatchObject({
        code: 'sole_owner_of_organizations',
        message:
          'You are the only owner of North Films, South Films, which have other members. Make one of them an owner first.',
        extras: {
          errors: [
            {
              path: 'organizations.00000000-0000-4000-8000-000000000021',
              message: 'North Films has 1 other member and no other owner.',
              code: 'sole_owner',
            },
            {
              path: 'organizations.00000000-0000-4000-8000-000000000022',
              message: 'South Films has 3 other members and no other owner.',
              code: 'sole_owner',
            },
          ],
        },
      });
      organizations.plans.set(caller.user.id, {
        deletedOrganizations: [org(23, 'Solo Films')],
        blockingOrganizations: [org(21, 'North Films', 2)],
        leftOrganizations: [],
      });
      await expect(own.deleteAccount(caller, { password: PASSWORD }, {})).rejects.toMatchObject({
        message:
          'You are the only owner of North Films, which has other members. Make one of them an owner first.',
      });
      expect(await t.sql('SELECT 1 FROM users WHERE id = $1', [caller.user.id])).toHaveLength(1);
      expect(await sessionRow(caller.session.id)).toMatchObject({ revoked_at: null });
      expect(await auditOf(caller.user.id)).toEqual([]);
      expect(await mailsTo(caller.user.email)).toEqual([]);
    });

    it('refuses a wrong password on the password field, deleting nothing', async () => {
      const caller = await signedIn();
      await expect(
        own.deleteAccount(caller, { password: `${PASSWORD}.` }, {}),
      ).rejects.toMatchObject({
        code: 'wrong_password',
        extras: { errors: [expect.objectContaining({ path: 'password' })] },
      });
      expect(await t.sql('SELECT 1 FROM users WHERE id = $1', [caller.user.id])).toHaveLength(1);
      expect(await auditOf(caller.user.id)).toEqual([]);
      expect(await mailsTo(caller.user.email)).toEqual([]);
    });
  });
});
