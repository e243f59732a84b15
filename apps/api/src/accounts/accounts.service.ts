import { Injectable, Logger } from '@nestjs/common';
import type {
  AuthResultType,
  ResetPasswordType,
  SignInType,
  SignUpType,
} from '@clearframe/contracts/accounts';
import { AuditLog } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { Mailer } from '../mail/mailer.service.js';
import { RateLimiter } from '../rate-limit/rate-limit.service.js';
import { AccountsErrors } from './accounts.errors.js';
import { toSessionTokenDto, toUserDto } from './accounts.mapper.js';
import { OperatorStatus } from './operator-status.port.js';
import { OneTimeTokensRepository } from './one-time-tokens.repository.js';
import { PasswordHasher } from './password-hasher.js';
import { type IssuedSession, SessionsService, type SessionMeta } from './sessions.service.js';
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
  ) {}

  async signUp(input: SignUpType, meta: SessionMeta): Promise<AuthResultType> {
    await this.limitClient(meta);
    if (await this.users.findByEmail(input.email)) throw AccountsErrors.emailTaken();
    const passwordHash = await this.hasher.hash(input.password);
    const now = this.clock.now();
    let user: UserEntity;
    let verifyToken: string;
    let issued: IssuedSession;
    try {
      ({ user, verifyToken, issued } = await this.uow.run(async () => {
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
        return {
          user: created,
          verifyToken: token,
          issued: await this.sessions.issue(created.id, meta),
        };
      }));
    } catch (error) {
      // Two sign-ups racing for one email: the unique index decides, the loser gets the same answer.
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw AccountsErrors.emailTaken();
      throw error;
    }
    // Mail leaves after the commit: a rolled-back sign-up must not have sent a link.
    await this.sendVerification(user, verifyToken);
    return { user: toUserDto(user, false), session: toSessionTokenDto(issued) };
  }

  async signIn(input: SignInType, meta: SessionMeta): Promise<AuthResultType> {
    const emailKey = `sign-in:email:${input.email}`;
    await this.limitClient(meta);
    await this.limit([emailKey]);
    const user = await this.users.findByEmail(input.email);
    const valid = user
      ? await this.hasher.verify(user.passwordHash, input.password)
      : await this.hasher.verifyAgainstDummy(input.password);
    if (!user || !valid) {
      throw AccountsErrors.invalidCredentials();
    }
    await this.rateLimiter.clear(emailKey);
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

  async verifyEmail(token: string): Promise<void> {
    await this.uow.run(async () => {
      const now = this.clock.now();
      const userId = await this.tokens.consume(token, 'verify_email', now);
      if (!userId) throw AccountsErrors.invalidToken();
      await this.users.markEmailVerified(userId, now);
      await this.audit.record({
        actor: { userId },
        action: 'user.email_verified',
        target: { type: 'user', id: userId },
      });
    });
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
        'Confirm that this is your email address by opening this link (valid for 48 hours):',
        '',
        link,
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
