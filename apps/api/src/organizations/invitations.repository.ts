import { Injectable } from '@nestjs/common';
import type { RoleType } from '@clearframe/contracts/accounts';
import { IsNull } from 'typeorm';
import { hashToken } from '../common/tokens.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { InvitationEntity } from './invitation.entity.js';

@Injectable()
export class InvitationsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async create(input: {
    orgId: string;
    email: string;
    role: RoleType;
    tokenHash: string;
    invitedBy: string;
    expiresAt: Date;
    now: Date;
  }): Promise<InvitationEntity> {
    const manager = this.uow.manager();
    return manager.save(
      InvitationEntity,
      manager.create(InvitationEntity, {
        orgId: input.orgId,
        email: input.email,
        role: input.role,
        tokenHash: input.tokenHash,
        invitedBy: input.invitedBy,
        expiresAt: input.expiresAt,
        acceptedAt: null,
        acceptedBy: null,
        revokedAt: null,
        createdAt: input.now,
      }),
    );
  }

  /** Revokes the org's open invitations for an email (a new invitation replaces the old link). */
  async revokeOpenFor(orgId: string, email: string, now: Date): Promise<void> {
    await this.uow
      .manager()
      .update(
        InvitationEntity,
        { orgId, email, acceptedAt: IsNull(), revokedAt: IsNull() },
        { revokedAt: now },
      );
  }

  /** Newest first. */
  listForOrg(orgId: string): Promise<InvitationEntity[]> {
    return this.uow.manager().find(InvitationEntity, {
      where: { orgId },
      order: { createdAt: 'DESC', id: 'ASC' },
    });
  }

  findInOrg(orgId: string, invitationId: string): Promise<InvitationEntity | null> {
    return this.uow.manager().findOneBy(InvitationEntity, { orgId, id: invitationId });
  }

  /** With `lock`, the row stays locked until the unit of work ends (accepting it twice at once). */
  findByToken(token: string, lock = false): Promise<InvitationEntity | null> {
    if (lock && !this.uow.inTransaction()) throw new Error('A locked read needs a unit of work');
    const qb = this.uow
      .manager()
      .createQueryBuilder(InvitationEntity, 'i')
      .where('i.token_hash = :tokenHash', { tokenHash: hashToken(token) });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  async revoke(orgId: string, invitationId: string, now: Date): Promise<void> {
    await this.uow
      .manager()
      .update(
        InvitationEntity,
        { orgId, id: invitationId, revokedAt: IsNull() },
        { revokedAt: now },
      );
  }

  async markAccepted(invitationId: string, userId: string, now: Date): Promise<void> {
    await this.uow
      .manager()
      .update(InvitationEntity, { id: invitationId }, { acceptedAt: now, acceptedBy: userId });
  }
}
