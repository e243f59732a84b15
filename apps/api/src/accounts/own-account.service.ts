import { Injectable } from '@nestjs/common';
import type {
  AccountDeletionPlanType,
  AccountSessionType,
  ChangePasswordType,
  DeleteAccountType,
  UserType,
} from '@clearframe/contracts/accounts';
import { AuditLog } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { Mailer } from '../mail/mailer.service.js';
import { AccountOrganizations } from './account-organizations.port.js';
import { AccountsErrors } from './accounts.errors.js';
import { toAccountSessionDto, toUserDto } from './accounts.mapper.js';
import { OneTimeTokensRepository } from './one-time-tokens.repository.js';
import { OperatorStatus } from './operator-status.port.js';
import { PasswordHasher } from './password-hasher.js';
import type { SessionEntity } from './session.entity.js';
import { SessionsService, type SessionMeta } from './sessions.service.js';
import { SignInThrottle } from './sign-in-throttle.service.js';
import type { UserEntity } from './user.entity.js';
import { UsersRepository } from './users.repository.js';

/** The signed-in person and the session they call with. */
export interface Caller {
  user: UserEntity;
  session: SessionEntity;
}

/**
 * What a signed-in person does to their own account: see and end their sessions, change their
 * password and name, delete the account. Acts only on the caller's own rows.
 */
@Injectable()
export class OwnAccountService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly users: UsersRepository,
    private readonly tokens: OneTimeTokensRepository,
    private readonly sessions: SessionsService,
    private readonly hasher: PasswordHasher,
    private readonly mailer: Mailer,
    private readonly audit: AuditLog,
    private readonly signInThrottle: SignInThrottle,
    private readonly operators: OperatorStatus,
    private readonly organizations: AccountOrganizations,
  ) {}

  async listSessions(caller: Caller): Promise<AccountSessionType[]> {
    return (await this.sessions.listLive(caller.user.id)).map((session) =>
      toAccountSessionDto(session, caller.session.id),
    );
  }

  /** Signs out one of the caller's devices; `not_found` for anything that is not theirs and live. */
  async endSession(caller: Caller, sessionId: string): Promise<void> {
    const isCurrent = sessionId === caller.session.id;
    await this.uow.run(async () => {
      const ended = await this.sessions.revokeOwn(
        caller.user.id,
        sessionId,
        isCurrent ? 'sign_out' : 'signed_out_remotely',
      );
      if (!ended) throw AccountsErrors.sessionNotFound();
      await this.audit.record({
        actor: { userId: caller.user.id },
        action: 'user.session_ended',
        target: { type: 'session', id: sessionId },
      });
    });
  }

  /**
   * Needs the current password (checked like a sign-in, so the form is no brute-force side door);
   * keeps this session and ends every other one, and any reset link still in a mailbox.
   */
  async changePassword(
    caller: Caller,
    input: ChangePasswordType,
    meta: SessionMeta,
  ): Promise<void> {
    await this.confirmPassword(caller.user, input.currentPassword, meta, 'currentPassword');
    const passwordHash = await this.hasher.hash(input.newPassword);
    await this.uow.run(async () => {
      const now = this.clock.now();
      await this.users.setPassword(caller.user.id, passwordHash, now);
      await this.tokens.invalidateAll(caller.user.id, 'password_reset', now);
      const ended = await this.sessions.revokeOthers(
        caller.user.id,
        caller.session.id,
        'password_changed',
      );
      await this.audit.record({
        actor: { userId: caller.user.id },
        action: 'user.password_changed',
        target: { type: 'user', id: caller.user.id },
        data: { sessionsEnded: ended },
      });
    });
    const reset = `${this.config.server.webOrigin}/forgot-password`;
    await this.mailer.send({
      to: caller.user.email,
      tag: 'password-changed',
      subject: 'Your Clearframe password was changed',
      links: [reset],
      text: [
        `Hello ${caller.user.name},`,
        '',
        'The password of your Clearframe account was just changed, and every other device signed in to it was signed out.',
        '',
        'If this was you, there is nothing to do. If it was not, reset your password now:',
        '',
        reset,
      ].join('\n'),
    });
  }

  async rename(caller: Caller, name: string): Promise<UserType> {
    await this.uow.run(async () => {
      await this.users.rename(caller.user.id, name);
      await this.audit.record({
        actor: { userId: caller.user.id },
        action: 'user.renamed',
        target: { type: 'user', id: caller.user.id },
      });
    });
    return toUserDto({ ...caller.user, name }, await this.operators.isOperator(caller.user.id));
  }

  deletionPlan(caller: Caller): Promise<AccountDeletionPlanType> {
    return this.organizations.deletionPlan(caller.user.id);
  }

  /**
   * Deletes the account in one unit of work: organizations the person is alone in go with it,
   * their sessions, links and memberships cascade. Refused, changing nothing, while they are the
   * only owner of an organization with other members. The audit row keeps the user id only.
   */
  async deleteAccount(caller: Caller, input: DeleteAccountType, meta: SessionMeta): Promise<void> {
    await this.confirmPassword(caller.user, input.password, meta, 'password');
    await this.uow.run(async () => {
      const plan = await this.organizations.releaseMember(caller.user.id);
      if (plan.blockingOrganizations.length > 0) {
        throw AccountsErrors.soleOwner(plan.blockingOrganizations);
      }
      await this.audit.record({
        actor: { userId: caller.user.id },
        action: 'user.deleted',
        target: { type: 'user', id: caller.user.id },
        data: {
          deletedOrganizations: plan.deletedOrganizations.map((org) => org.id),
          leftOrganizations: plan.leftOrganizations.map((org) => org.id),
        },
      });
      await this.users.delete(caller.user.id);
    });
    await this.mailer.send({
      to: caller.user.email,
      tag: 'account-deleted',
      subject: 'Your Clearframe account was deleted',
      text: [
        `Hello ${caller.user.name},`,
        '',
        'Your Clearframe account and the organizations only you belonged to have been deleted, and every device was signed out.',
        'You can create a new account with this address at any time.',
      ].join('\n'),
    });
  }

  private async confirmPassword(
    user: UserEntity,
    password: string,
    meta: SessionMeta,
    path: string,
  ): Promise<void> {
    await this.signInThrottle.assertAllowed(user.email, meta.ip);
    if (!(await this.hasher.verify(user.passwordHash, password))) {
      await this.signInThrottle.recordFailure(user.email, meta.ip);
      throw AccountsErrors.wrongPassword(path);
    }
    await this.signInThrottle.recordSuccess(user.email, meta.ip);
  }
}
