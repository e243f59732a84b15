import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
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

  async revokeAllForUser(userId: string, reason: SessionRevokedReason, now: Date): Promise<number> {
    const result = await this.uow
      .manager()
      .update(
        SessionEntity,
        { userId, revokedAt: IsNull() },
        { revokedAt: now, revokedReason: reason },
      );
    return result.affected ?? 0;
  }
}
