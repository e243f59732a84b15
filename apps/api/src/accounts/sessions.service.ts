import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { hashToken, randomToken } from '../common/tokens.js';
import { SessionEntity, type SessionRevokedReason } from './session.entity.js';
import { UserEntity } from './user.entity.js';

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
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async issue(
    userId: string,
    meta: SessionMeta,
    manager: EntityManager = this.db.manager,
  ): Promise<IssuedSession> {
    const now = this.clock.now();
    const token = randomToken(SESSION_TOKEN_PREFIX);
    const session = manager.create(SessionEntity, {
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
    await manager.save(SessionEntity, session);
    return { token, session };
  }

  /** Resolves a bearer token to its live session and user, or throws `session_expired`/`unauthenticated`. */
  async authenticate(token: string): Promise<{ session: SessionEntity; user: UserEntity }> {
    const session = await this.db.manager.findOneBy(SessionEntity, { tokenHash: hashToken(token) });
    if (!session) throw new DomainError('unauthenticated', 'Sign in to continue.');
    const now = this.clock.now();
    if (
      session.revokedAt ||
      session.expiresAt <= now ||
      session.lastSeenAt.getTime() + this.config.auth.sessionIdleMs <= now.getTime()
    ) {
      throw new DomainError('session_expired', 'Your session has ended. Sign in again.');
    }
    const user = await this.db.manager.findOneBy(UserEntity, { id: session.userId });
    if (!user) throw new DomainError('unauthenticated', 'Sign in to continue.');
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
      session.lastSeenAt = now;
      await this.db.manager.update(SessionEntity, { id: session.id }, { lastSeenAt: now });
    }
    return { session, user };
  }

  /**
   * Replaces a session with a fresh token and revokes the old one in one transaction, so a stolen
   * old token stops working as soon as the owner's client rotates.
   */
  async rotate(session: SessionEntity, meta: SessionMeta): Promise<IssuedSession> {
    return this.db.transaction(async (manager) => {
      const now = this.clock.now();
      const result = await manager.update(
        SessionEntity,
        { id: session.id, revokedAt: IsNull() },
        { revokedAt: now, revokedReason: 'rotated' },
      );
      if (!result.affected)
        throw new DomainError('session_expired', 'Your session has ended. Sign in again.');
      return this.issue(session.userId, meta, manager);
    });
  }

  async revoke(sessionId: string, reason: SessionRevokedReason): Promise<void> {
    await this.db.manager.update(
      SessionEntity,
      { id: sessionId, revokedAt: IsNull() },
      { revokedAt: this.clock.now(), revokedReason: reason },
    );
  }

  async revokeAllForUser(
    userId: string,
    reason: SessionRevokedReason,
    manager: EntityManager = this.db.manager,
  ): Promise<number> {
    const result = await manager.update(
      SessionEntity,
      { userId, revokedAt: IsNull() },
      { revokedAt: this.clock.now(), revokedReason: reason },
    );
    return result.affected ?? 0;
  }
}
