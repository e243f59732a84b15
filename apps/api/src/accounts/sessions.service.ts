import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { Clock } from '../common/clock.js';
import { hashToken, randomToken } from '../common/tokens.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { AccountsErrors } from './accounts.errors.js';
import type { SessionEntity, SessionRevokedReason } from './session.entity.js';
import { SessionsRepository } from './sessions.repository.js';
import type { UserEntity } from './user.entity.js';
import { UsersRepository } from './users.repository.js';

export const SESSION_TOKEN_PREFIX = 'cfs_';
/** Writing last_seen_at on every request would make each read a write; once a minute is enough. */
const TOUCH_INTERVAL_MS = 60_000;

export interface IssuedSession {
  token: string;
  session: SessionEntity;
}

export interface SessionMeta {
  userAgent?: string | undefined;
  ip?: string | undefined;
}

/**
 * Sessions are random bearer tokens; the database holds only their SHA-256. A session ends at its
 * absolute expiry, after an idle period, or when revoked; clients rotate it after `rotateAfter`.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly sessions: SessionsRepository,
    private readonly users: UsersRepository,
  ) {}

  async issue(userId: string, meta: SessionMeta): Promise<IssuedSession> {
    const now = this.clock.now();
    const token = randomToken(SESSION_TOKEN_PREFIX);
    const session = await this.sessions.create({
      userId,
      tokenHash: hashToken(token),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.config.auth.sessionTtlMs),
      rotateAfter: new Date(now.getTime() + this.config.auth.sessionRotateMs),
      revokedAt: null,
      revokedReason: null,
      userAgent: meta.userAgent?.slice(0, 512) ?? null,
      ip: meta.ip ?? null,
    });
    return { token, session };
  }

  /** Resolves a bearer token to its live session and user, or throws `session_expired`/`unauthenticated`. */
  async authenticate(token: string): Promise<{ session: SessionEntity; user: UserEntity }> {
    const session = await this.sessions.findByTokenHash(hashToken(token));
    if (!session) throw AccountsErrors.unknownSession();
    const now = this.clock.now();
    if (
      session.revokedAt ||
      session.expiresAt <= now ||
      session.lastSeenAt.getTime() + this.config.auth.sessionIdleMs <= now.getTime()
    ) {
      throw AccountsErrors.sessionEnded();
    }
    const user = await this.users.findById(session.userId);
    if (!user) throw AccountsErrors.unknownSession();
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
      session.lastSeenAt = now;
      await this.sessions.touch(session.id, now);
    }
    return { session, user };
  }

  /**
   * Replaces a session with a fresh token and revokes the old one in one transaction, so a stolen
   * old token stops working as soon as the owner's client rotates.
   */
  async rotate(session: SessionEntity, meta: SessionMeta): Promise<IssuedSession> {
    return this.uow.run(async () => {
      if (!(await this.sessions.revoke(session.id, 'rotated', this.clock.now())))
        throw AccountsErrors.sessionEnded();
      return this.issue(session.userId, meta);
    });
  }

  async revoke(sessionId: string, reason: SessionRevokedReason): Promise<void> {
    await this.sessions.revoke(sessionId, reason, this.clock.now());
  }

  revokeAllForUser(userId: string, reason: SessionRevokedReason): Promise<number> {
    return this.sessions.revokeAllForUser(userId, reason, this.clock.now());
  }
}
