import { Injectable } from '@nestjs/common';
import { IsNull, MoreThan, Not } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work.js';
import { SessionEntity, type SessionRevokedReason } from './session.entity.js';

/** Session rows; the token itself is never stored, only its hash. */
@Injectable()
export class SessionsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async create(session: Omit<SessionEntity, 'id'>): Promise<SessionEntity> {
    const manager = this.uow.manager();
    return manager.save(SessionEntity, manager.create(SessionEntity, session));
  }

  findByTokenHash(tokenHash: string): Promise<SessionEntity | null> {
    return this.uow.manager().findOneBy(SessionEntity, { tokenHash });
  }

  /** The user's session with this id, or null (another user's id finds nothing). */
  findOwned(userId: string, sessionId: string): Promise<SessionEntity | null> {
    return this.uow.manager().findOneBy(SessionEntity, { id: sessionId, userId });
  }

  /** Sessions neither revoked, expired nor idle since `idleSince`; most recently active first. */
  listLive(userId: string, now: Date, idleSince: Date): Promise<SessionEntity[]> {
    return this.uow.manager().find(SessionEntity, {
      where: {
        userId,
        revokedAt: IsNull(),
        expiresAt: MoreThan(now),
        lastSeenAt: MoreThan(idleSince),
      },
      order: { lastSeenAt: 'DESC', createdAt: 'DESC', id: 'ASC' },
    });
  }

  async touch(sessionId: string, now: Date): Promise<void> {
    await this.uow.manager().update(SessionEntity, { id: sessionId }, { lastSeenAt: now });
  }

  /** Revokes a live session; false if it was already revoked (or does not exist). */
  async revoke(sessionId: string, reason: SessionRevokedReason, now: Date): Promise<boolean> {
    const result = await this.uow
      .manager()
      .update(
        SessionEntity,
        { id: sessionId, revokedAt: IsNull() },
        { revokedAt: now, revokedReason: reason },
      );
    return (result.affected ?? 0) > 0;
  }

  /** Revokes the user's live sessions, all of them or all but `exceptId`. */
  async revokeAllForUser(
    userId: string,
    reason: SessionRevokedReason,
    now: Date,
    exceptId?: string,
  ): Promise<number> {
    const result = await this.uow
      .manager()
      .update(
        SessionEntity,
        { userId, revokedAt: IsNull(), ...(exceptId ? { id: Not(exceptId) } : {}) },
        { revokedAt: now, revokedReason: reason },
      );
    return result.affected ?? 0;
  }
}
