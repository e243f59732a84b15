import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { OrgKindType, RoleType } from '@clearframe/contracts/accounts';
import { DataSource, type EntityManager } from 'typeorm';
import type { KeysetPosition } from '../common/http/keyset-cursor.js';
import { sqlRows } from '../database/sql.js';
import { MembershipEntity } from './membership.entity.js';
import { OrganizationEntity } from './organization.entity.js';

export interface MembershipView {
  org: OrganizationEntity;
  role: RoleType;
}

export interface MemberRow {
  userId: string;
  email: string;
  name: string;
  role: RoleType;
  joinedAt: Date;
}

/**
 * Organizations and memberships. Every read of an organization's inside (members, roles) takes the
 * org id, and the access guard only lets a caller reach an org id it belongs to.
 */
@Injectable()
export class OrganizationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async createWithOwner(
    input: { name: string; slug: string; kind: OrgKindType; ownerId: string; now: Date },
    manager: EntityManager,
  ): Promise<OrganizationEntity> {
    const org = await manager.save(
      OrganizationEntity,
      manager.create(OrganizationEntity, {
        name: input.name,
        slug: input.slug,
        kind: input.kind,
        createdAt: input.now,
      }),
    );
    await manager.insert(MembershipEntity, {
      orgId: org.id,
      userId: input.ownerId,
      role: 'owner',
      createdAt: input.now,
    });
    return org;
  }

  async slugExists(slug: string, manager: EntityManager = this.db.manager): Promise<boolean> {
    return (await manager.countBy(OrganizationEntity, { slug })) > 0;
  }

  /** The caller's membership in an org, or null: the basis of every org-scoped access decision. */
  async findMembership(
    orgId: string,
    userId: string,
    manager: EntityManager = this.db.manager,
  ): Promise<MembershipView | null> {
    const membership = await manager.findOneBy(MembershipEntity, { orgId, userId });
    if (!membership) return null;
    const org = await manager.findOneBy(OrganizationEntity, { id: orgId });
    return org ? { org, role: membership.role } : null;
  }

  async findById(
    orgId: string,
    manager: EntityManager = this.db.manager,
  ): Promise<OrganizationEntity | null> {
    return manager.findOneBy(OrganizationEntity, { id: orgId });
  }

  async listForUser(userId: string): Promise<MembershipView[]> {
    const rows = await sqlRows<{
      id: string;
      name: string;
      slug: string;
      kind: OrgKindType;
      created_at: Date;
      role: RoleType;
    }>(
      this.db,
      `SELECT o.id, o.name, o.slug, o.kind, o.created_at, m.role
       FROM memberships m JOIN organizations o ON o.id = m.org_id
       WHERE m.user_id = $1 ORDER BY o.name, o.id`,
      [userId],
    );
    return rows.map((row) => ({
      org: Object.assign(new OrganizationEntity(), {
        id: row.id,
        name: row.name,
        slug: row.slug,
        kind: row.kind,
        createdAt: new Date(row.created_at),
      }),
      role: row.role,
    }));
  }

  async rename(orgId: string, name: string): Promise<void> {
    await this.db.manager.update(OrganizationEntity, { id: orgId }, { name });
  }

  async listMembers(orgId: string): Promise<MemberRow[]> {
    return this.memberRows(this.db.manager, orgId);
  }

  async findMember(
    orgId: string,
    userId: string,
    manager: EntityManager = this.db.manager,
  ): Promise<MemberRow | null> {
    return (await this.memberRows(manager, orgId, userId))[0] ?? null;
  }

  async isMemberByEmail(
    orgId: string,
    email: string,
    manager: EntityManager = this.db.manager,
  ): Promise<boolean> {
    const rows = await sqlRows<unknown>(
      manager,
      `SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.org_id = $1 AND u.email = $2`,
      [orgId, email],
    );
    return rows.length > 0;
  }

  /**
   * Locks the org's memberships for the rest of the transaction, so two owners demoting or
   * removing each other at once cannot leave the org without an owner.
   */
  async lockMembers(
    orgId: string,
    manager: EntityManager,
  ): Promise<{ userId: string; role: RoleType }[]> {
    const rows = await sqlRows<{ user_id: string; role: RoleType }>(
      manager,
      `SELECT user_id, role FROM memberships WHERE org_id = $1 ORDER BY user_id FOR UPDATE`,
      [orgId],
    );
    return rows.map((row) => ({ userId: row.user_id, role: row.role }));
  }

  async addMember(
    orgId: string,
    userId: string,
    role: RoleType,
    now: Date,
    manager: EntityManager,
  ): Promise<void> {
    await manager.insert(MembershipEntity, { orgId, userId, role, createdAt: now });
  }

  async setRole(
    orgId: string,
    userId: string,
    role: RoleType,
    manager: EntityManager,
  ): Promise<void> {
    await manager.update(MembershipEntity, { orgId, userId }, { role });
  }

  async removeMember(orgId: string, userId: string, manager: EntityManager): Promise<void> {
    await manager.delete(MembershipEntity, { orgId, userId });
  }

  /** Operators see every organization; keyset-paginated by (created_at, id). */
  async listAll(limit: number, after?: KeysetPosition): Promise<OrganizationEntity[]> {
    const qb = this.db.manager
      .createQueryBuilder(OrganizationEntity, 'o')
      .orderBy('o.created_at', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .limit(limit);
    if (after) qb.where('(o.created_at, o.id) > (:createdAt, :id)', after);
    return qb.getMany();
  }

  private async memberRows(
    manager: EntityManager,
    orgId: string,
    userId?: string,
  ): Promise<MemberRow[]> {
    const rows = await sqlRows<{
      user_id: string;
      email: string;
      name: string;
      role: RoleType;
      created_at: Date;
    }>(
      manager,
      `SELECT m.user_id, u.email, u.name, m.role, m.created_at
       FROM memberships m JOIN users u ON u.id = m.user_id
       WHERE m.org_id = $1 ${userId ? 'AND m.user_id = $2' : ''}
       ORDER BY m.created_at, m.user_id`,
      userId ? [orgId, userId] : [orgId],
    );
    return rows.map((row) => ({
      userId: row.user_id,
      email: row.email,
      name: row.name,
      role: row.role,
      joinedAt: new Date(row.created_at),
    }));
  }
}
