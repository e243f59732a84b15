import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RoleType } from '@clearframe/contracts/accounts';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { hashToken } from '../common/tokens.js';
import { sqlRows } from '../database/sql.js';
import { InvitationEntity } from './invitation.entity.js';

export interface InvitationRow extends InvitationEntity {
  inviterName: string;
}

@Injectable()
export class InvitationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(
    input: {
      orgId: string;
      email: string;
      role: RoleType;
      tokenHash: string;
      invitedBy: string;
      expiresAt: Date;
      now: Date;
    },
    manager: EntityManager,
  ): Promise<InvitationEntity> {
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
  async revokeOpenFor(
    orgId: string,
    email: string,
    now: Date,
    manager: EntityManager,
  ): Promise<void> {
    await manager.update(
      InvitationEntity,
      { orgId, email, acceptedAt: IsNull(), revokedAt: IsNull() },
      { revokedAt: now },
    );
  }

  async listForOrg(orgId: string): Promise<InvitationRow[]> {
    return this.rows(this.db.manager, 'i.org_id = $1', [orgId]);
  }

  async findInOrg(
    orgId: string,
    invitationId: string,
    manager: EntityManager = this.db.manager,
  ): Promise<InvitationRow | null> {
    return (
      (await this.rows(manager, 'i.org_id = $1 AND i.id = $2', [orgId, invitationId]))[0] ?? null
    );
  }

  async findByToken(
    token: string,
    manager: EntityManager = this.db.manager,
    lock = false,
  ): Promise<InvitationRow | null> {
    return (await this.rows(manager, 'i.token_hash = $1', [hashToken(token)], lock))[0] ?? null;
  }

  async revoke(
    orgId: string,
    invitationId: string,
    now: Date,
    manager: EntityManager = this.db.manager,
  ): Promise<void> {
    await manager.update(
      InvitationEntity,
      { orgId, id: invitationId, revokedAt: IsNull() },
      { revokedAt: now },
    );
  }

  async markAccepted(
    invitationId: string,
    userId: string,
    now: Date,
    manager: EntityManager,
  ): Promise<void> {
    await manager.update(
      InvitationEntity,
      { id: invitationId },
      { acceptedAt: now, acceptedBy: userId },
    );
  }

  private async rows(
    manager: EntityManager,
    where: string,
    params: unknown[],
    lock = false,
  ): Promise<InvitationRow[]> {
    const rows = await sqlRows<Record<string, unknown>>(
      manager,
      `SELECT i.*, u.name AS inviter_name FROM invitations i JOIN users u ON u.id = i.invited_by
       WHERE ${where} ORDER BY i.created_at DESC, i.id ${lock ? 'FOR UPDATE OF i' : ''}`,
      params,
    );
    return rows.map((row) =>
      Object.assign(new InvitationEntity(), {
        id: row.id as string,
        orgId: row.org_id as string,
        email: row.email as string,
        role: row.role as RoleType,
        tokenHash: row.token_hash as string,
        invitedBy: row.invited_by as string,
        expiresAt: new Date(row.expires_at as string),
        acceptedAt: row.accepted_at ? new Date(row.accepted_at as string) : null,
        acceptedBy: (row.accepted_by as string | null) ?? null,
        revokedAt: row.revoked_at ? new Date(row.revoked_at as string) : null,
        createdAt: new Date(row.created_at as string),
        inviterName: row.inviter_name as string,
      }),
    );
  }
}
