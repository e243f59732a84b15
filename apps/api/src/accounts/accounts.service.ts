import { Injectable, Logger } from '@nestjs/common';
import type {
  AuthResultType,
  ResetPasswordType,
  SignInType,
  SignUpType,
} from '@clearframe/contracts/accounts';
import { AuditLog } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { Mailer } from '../mail/mailer.service.js';
import { RateLimiter } from '../rate-limit/rate-limit.service.js';
import { AccountsErrors } from './accounts.errors.js';
import { toSessionTokenDto, toUserDto } from './accounts.mapper.js';
import { OperatorStatus } from './operator-status.port.js';
import { OneTimeTokensRepository } from './one-time-tokens.repository.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionsService, type SessionMeta } from './sessions.service.js';
import { SignInThrottle } from './sign-in-throttle.service.js';
import type { UserEntity } from './user.entity.js';
import { UsersRepository } from './users.repository.js';

const VERIFY_EMAIL_TTL_MS = 48 * 3_600_000;
const PASSWORD_RESET_TTL_MS = 3_600_000;
const UNIQUE_VIOLATION = '23505';

/** Sign-up, sign-in, email verification and password reset. */
@Injectable()
export class AccountsService {
  private readonly logger = new Logger('Accounts');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly users: UsersRepository,
    private readonly tokens: OneTimeTokensRepository,
    private readonly sessions: SessionsService,
    private readonly hasher: PasswordHasher,
    private readonly mailer: Mailer,
    private readonly rateLimiter: RateLimiter,
    private readonly audit: AuditLog,
    private readonly operators: OperatorStatus,
    private readonly signInThrottle: SignInThrottle,
  ) {}

  /**
   * Answers the same whether or not the email has an account, after the same work (one argon2
   * hash, one mail): a new email gets an unverified account and a confirmation link, whose use
   * signs the person in; a taken one gets a note to its owner. See docs/decisions/007.
   */
  async signUp(input: SignUpType, meta: SessionMeta): Promise<void> {
    await this.limitClient(meta);
    await this.limit([`sign-up:email:${input.email}`]);
    const passwordHash = await this.hasher.hash(input.password);
    const existing = await this.users.findByEmail(input.email);
    if (existing) return this.sendSignUpAttempted(existing);
    const now = this.clock.now();
    let user: UserEntity;
    let verifyToken: string;
    try {
      ({ user, verifyToken } = await this.uow.run(async () => {
        const created = await this.users.create({
          email: input.email,
          name: input.name,
          passwordHash,
          now,
        });
        const token = await this.tokens.issue(created.id, 'verify_email', now, VERIFY_EMAIL_TTL_MS);
        await this.audit.record({
          actor: { userId: created.id },
          action: 'user.signed_up',
          target: { type: 'user', id: created.id },
        });
        return { user: created, verifyToken: token };
      }));
    } catch (error) {
      // Two sign-ups racing for one email: the unique index decides, the loser gets the same answer.
      const owner =
        (error as { code?: string }).code === UNIQUE_VIOLATION &&
        (await this.users.findByEmail(input.email));
      if (owner) return this.sendSignUpAttempted(owner);
      throw error;
    }
    // Mail leaves after the commit: a rolled-back sign-up must not have sent a link.
    await this.sendVerification(user, verifyToken);
  }

  async signIn(input: SignInType, meta: SessionMeta): Promise<AuthResultType> {
    await this.limitClient(meta);
    await this.signInThrottle.assertAllowed(input.email, meta.ip);
    const user = await this.users.findByEmail(input.email);
    const valid = user
      ? await this.hasher.verify(user.passwordHash, input.password)
      : await this.hasher.verifyAgainstDummy(input.password);
    // An unconfirmed account answers like a wrong password, or sign-up + sign-in would tell
    // whether an email was registered before (ADR 007); its owner gets the link again.
    if (!user || !valid || !user.emailVerifiedAt) {
      await this.signInThrottle.recordFailure(input.email, meta.ip);
      if (user && valid) await this.remindToVerify(user);
      throw AccountsErrors.invalidCredentials();
    }
    await this.signInThrottle.recordSuccess(input.email, meta.ip);
    const issued = await this.uow.run(async () => {
      const session = await this.sessions.issue(user.id, meta);
      await this.audit.record({
        actor: { userId: user.id },
        action: 'user.signed_in',
        target: { type: 'session', id: session.session.id },
      });
      return session;
    });
    return {
      user: toUserDto(user, await this.operators.isOperator(user.id)),
      session: toSessionTokenDto(issued),
    };
  }

  /** Confirms the address and signs its owner in: the mailed link proves control of it. */
  async verifyEmail(token: string, meta: SessionMeta): Promise<AuthResultType> {
    const { user, issued } = await this.uow.run(async () => {
      const now = this.clock.now();
      const userId = await this.tokens.consume(token, 'verify_email', now);
      if (!userId) throw AccountsErrors.invalidToken();
      await this.users.markEmailVerified(userId, now);
      await this.audit.record({
        actor: { userId },
        action: 'user.email_verified',
        target: { type: 'user', id: userId },
      });
      return {
        user: (await this.users.findById(userId))!,
        issued: await this.sessions.issue(userId, meta),
      };
    });
    return {
      user: toUserDto(user, await this.operators.isOperator(user.id)),
      session: toSessionTokenDto(issued),
    };
  }

  async resendVerification(user: UserEntity): Promise<void> {
    if (user.emailVerifiedAt) return;
    await this.limit([`verify-resend:user:${user.id}`]);
    const token = await this.tokens.issue(
      user.id,
      'verify_email',
      this.clock.now(),
      VERIFY_EMAIL_TTL_MS,
    );
    await this.sendVerification(user, token);
  }

  /** Always answers the same way, so the endpoint cannot be used to discover accounts. */
  async requestPasswordReset(email: string, meta: SessionMeta): Promise<void> {
    await this.limitClient(meta);
    await this.limit([`password-reset:email:${email}`]);
    const user = await this.users.findByEmail(email);
    if (!user) {
      this.logger.log({ email }, 'Password reset requested for an unknown email; nothing sent');
      return;
    }
    const token = await this.tokens.issue(
      user.id,
      'password_reset',
      this.clock.now(),
      PASSWORD_RESET_TTL_MS,
    );
    const link = `${this.config.server.webOrigin}/reset-password?token=${encodeURIComponent(token)}`;
    await this.mailer.send({
      to: user.email,
      tag: 'password-reset',
      subject: 'Reset your Clearframe password',
      links: [link],
      text: [
        `Hello ${user.name},`,
        '',
        'Someone (hopefully you) asked to reset the password of your Clearframe account.',
        `Open this link within an hour to choose a new password:`,
        '',
        link,
        '',
        'If you did not ask for this, ignore this message: your password stays as it is.',
      ].join('\n'),
    });
  }

  /** Sets a new password and ends every session of the user: whoever knew the old one is out. */
  async resetPassword(input: ResetPasswordType): Promise<void> {
    const passwordHash = await this.hasher.hash(input.password);
    await this.uow.run(async () => {
      const now = this.clock.now();
      const userId = await this.tokens.consume(input.token, 'password_reset', now);
      if (!userId) throw AccountsErrors.invalidToken();
      await this.users.setPassword(userId, passwordHash, now);
      // The reset link was mailed to the address, so following it proves control of it.
      await this.users.markEmailVerified(userId, now);
      await this.tokens.invalidateAll(userId, 'password_reset', now);
      await this.sessions.revokeAllForUser(userId, 'password_reset');
      await this.audit.record({
        actor: { userId },
        action: 'user.password_reset',
        target: { type: 'user', id: userId },
      });
    });
  }

  /** A sign-up for an email that has an account: tell its owner, create nothing. */
  private async sendSignUpAttempted(owner: UserEntity): Promise<void> {
    const signIn = `${this.config.server.webOrigin}/sign-in`;
    const reset = `${this.config.server.webOrigin}/forgot-password`;
    await this.mailer.send({
      to: owner.email,
      tag: 'sign-up-attempted',
      subject: 'Someone tried to create a Clearframe account with your email',
      links: [signIn, reset],
      text: [
        `Hello ${owner.name},`,
        '',
        'Someone (hopefully you) just tried to create a Clearframe account with this email address.',
        'You already have one, so nothing was created. To use it, sign in:',
        '',
        signIn,
        '',
        'or, if you do not remember your password, reset it:',
        '',
        reset,
        '',
        'If this was not you, ignore this message: your account is unchanged.',
      ].join('\n'),
    });
  }

  /** The right password for an unconfirmed account: mail the link again, at most as often as resend. */
  private async remindToVerify(user: UserEntity): Promise<void> {
    try {
      await this.resendVerification(user);
    } catch (error) {
      // Refusing here would tell the caller the password was right; the mail is a courtesy.
      if (!(error instanceof DomainError && error.code === 'rate_limited')) throw error;
    }
  }

  private async sendVerification(user: UserEntity, token: string): Promise<void> {
    const link = `${this.config.server.webOrigin}/verify-email?token=${encodeURIComponent(token)}`;
    await this.mailer.send({
      to: user.email,
      tag: 'verify-email',
      subject: 'Confirm your email for Clearframe',
      links: [link],
      text: [
        `Welcome to Clearframe, ${user.name}.`,
        '',
        'Confirm that this is your email address by opening this link (valid for 48 hours); it signs you in:',
        '',
        link,
        '',
        'If you did not create a Clearframe account, ignore this message and do not open the link.',
      ].join('\n'),
    });
  }

  private limit(keys: string[]): Promise<void> {
    const { max, windowSeconds } = this.config.auth.rateLimit;
    return this.rateLimiter.hit(keys, max, windowSeconds);
  }

  /**
   * One bucket per client address for all unauthenticated account actions. It is looser than the
   * per-email limit because people behind one NAT or office proxy share an address.
   */
  private limitClient(meta: SessionMeta): Promise<void> {
    const { ipMax, windowSeconds } = this.config.auth.rateLimit;
    return this.rateLimiter.hit([`auth:ip:${meta.ip ?? 'unknown'}`], ipMax, windowSeconds);
  }
}
