import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { Clock } from '../common/clock.js';
import { hashToken, randomToken } from '../common/tokens.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { AccountsErrors } from './accounts.errors.js';
import type { SessionEndReason } from '@clearframe/contracts/problem';
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
    if (session.revokedAt) throw AccountsErrors.sessionEnded(endReason(session.revokedReason));
    if (!this.isLive(session, now)) throw AccountsErrors.sessionEnded('expired');
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
        throw AccountsErrors.sessionEnded('expired');
      return this.issue(session.userId, meta);
    });
  }

  /** The user's sessions that still work (not revoked, expired or idle), most recently active first. */
  listLive(userId: string): Promise<SessionEntity[]> {
    const now = this.clock.now();
    return this.sessions.listLive(
      userId,
      now,
      new Date(now.getTime() - this.config.auth.sessionIdleMs),
    );
  }

  /**
   * Ends one live session of the user; false when the user has no such live session (another
   * user's id answers the same, so it tells nothing).
   */
  async revokeOwn(userId: string, sessionId: string, reason: SessionRevokedReason) {
    const session = await this.sessions.findOwned(userId, sessionId);
    if (!session || session.revokedAt || !this.isLive(session, this.clock.now())) return false;
    return this.sessions.revoke(session.id, reason, this.clock.now());
  }

  /** Ends every session of the user except `keepSessionId`; returns how many ended. */
  revokeOthers(userId: string, keepSessionId: string, reason: SessionRevokedReason) {
    return this.sessions.revokeAllForUser(userId, reason, this.clock.now(), keepSessionId);
  }

  private isLive(session: SessionEntity, now: Date): boolean {
    return (
      session.expiresAt > now &&
      session.lastSeenAt.getTime() + this.config.auth.sessionIdleMs > now.getTime()
    );
  }

  async revoke(sessionId: string, reason: SessionRevokedReason): Promise<void> {
    await this.sessions.revoke(sessionId, reason, this.clock.now());
  }

  revokeAllForUser(userId: string, reason: SessionRevokedReason): Promise<number> {
    return this.sessions.revokeAllForUser(userId, reason, this.clock.now());
  }
}

/**
 * What the signed-out device is told. A rotated token is the old half of a rotation: its client
 * holds the new one, so whoever presents the old one meets a plain expiry.
 */
const END_REASONS: Record<SessionRevokedReason, SessionEndReason> = {
  sign_out: 'signed_out',
  signed_out_remotely: 'signed_out',
  sign_out_everywhere: 'signed_out_everywhere',
  password_reset: 'password_changed',
  password_changed: 'password_changed',
  rotated: 'expired',
};

export function endReason(revoked: SessionRevokedReason | null): SessionEndReason {
  return (revoked && END_REASONS[revoked]) || 'expired';
}
