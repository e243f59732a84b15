import { Injectable } from '@nestjs/common';
import type { OrgBillingType, OrgKindType, RoleType } from '@clearframe/contracts/accounts';
import type { KeysetPosition } from '../common/http/keyset-cursor.js';
import { selectRows } from '../database/sql.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { MembershipEntity } from './membership.entity.js';
import { OrganizationEntity } from './organization.entity.js';

export interface MembershipView {
  org: OrganizationEntity;
  role: RoleType;
}

/**
 * Organizations and memberships. Every read of an organization's inside (members, roles) takes the
 * org id, and the access guard only lets a caller reach an org id it belongs to.
 */
@Injectable()
export class OrganizationsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async createWithOwner(input: {
    name: string;
    slug: string;
    kind: OrgKindType;
    ownerId: string;
    now: Date;
  }): Promise<OrganizationEntity> {
    const manager = this.uow.manager();
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

  async slugExists(slug: string): Promise<boolean> {
    return (await this.uow.manager().countBy(OrganizationEntity, { slug })) > 0;
  }

  /** The caller's membership in an org, or null: the basis of every org-scoped access decision. */
  async findMembership(orgId: string, userId: string): Promise<MembershipView | null> {
    const manager = this.uow.manager();
    const membership = await manager.findOneBy(MembershipEntity, { orgId, userId });
    if (!membership) return null;
    const org = await manager.findOneBy(OrganizationEntity, { id: orgId });
    return org ? { org, role: membership.role } : null;
  }

  findById(orgId: string): Promise<OrganizationEntity | null> {
    return this.uow.manager().findOneBy(OrganizationEntity, { id: orgId });
  }

  /** The organization, locked until the transaction ends (a change that is audited with it). */
  lockById(orgId: string): Promise<OrganizationEntity | null> {
    return this.uow
      .manager()
      .findOne(OrganizationEntity, { where: { id: orgId }, lock: { mode: 'pessimistic_write' } });
  }

  async setBilling(
    orgId: string,
    billing: OrgBillingType,
    billingEmail: string | null,
  ): Promise<void> {
    await this.uow.manager().update(OrganizationEntity, { id: orgId }, { billing, billingEmail });
  }

  findOneOfKind(kind: OrgKindType): Promise<OrganizationEntity | null> {
    return this.uow.manager().findOneBy(OrganizationEntity, { kind });
  }

  async isMemberOfKind(userId: string, kind: OrgKindType): Promise<boolean> {
    const rows = await selectRows<unknown>(
      this.uow.manager(),
      `SELECT 1 FROM memberships m JOIN organizations o ON o.id = m.org_id
       WHERE m.user_id = $1 AND o.kind = $2 LIMIT 1`,
      [userId, kind],
    );
    return rows.length > 0;
  }

  async listForUser(userId: string): Promise<MembershipView[]> {
    const rows = await selectRows<OrganizationEntity & { role: RoleType }>(
      this.uow.manager(),
      `SELECT o.id, o.name, o.slug, o.kind, o.created_at, m.role
       FROM memberships m JOIN organizations o ON o.id = m.org_id
       WHERE m.user_id = $1 ORDER BY o.name, o.id`,
      [userId],
    );
    return rows.map(({ role, ...org }) => ({
      org: Object.assign(new OrganizationEntity(), org),
      role,
    }));
  }

  async rename(orgId: string, name: string): Promise<void> {
    await this.uow.manager().update(OrganizationEntity, { id: orgId }, { name });
  }

  /** The org's memberships in joining order (oldest first). */
  listMemberships(orgId: string, userId?: string): Promise<MembershipEntity[]> {
    return this.uow.manager().find(MembershipEntity, {
      where: userId ? { orgId, userId } : { orgId },
      order: { createdAt: 'ASC', userId: 'ASC' },
    });
  }

  /**
   * Locks the org's memberships for the rest of the transaction, so two owners demoting or
   * removing each other at once cannot leave the org without an owner.
   */
  async lockMembers(orgId: string): Promise<{ userId: string; role: RoleType }[]> {
    if (!this.uow.inTransaction()) throw new Error('lockMembers needs a unit of work');
    return selectRows<{ userId: string; role: RoleType }>(
      this.uow.manager(),
      `SELECT user_id, role FROM memberships WHERE org_id = $1 ORDER BY user_id FOR UPDATE`,
      [orgId],
    );
  }

  async addMember(orgId: string, userId: string, role: RoleType, now: Date): Promise<void> {
    await this.uow.manager().insert(MembershipEntity, { orgId, userId, role, createdAt: now });
  }

  async setRole(orgId: string, userId: string, role: RoleType): Promise<void> {
    await this.uow.manager().update(MembershipEntity, { orgId, userId }, { role });
  }

  async removeMember(orgId: string, userId: string): Promise<void> {
    await this.uow.manager().delete(MembershipEntity, { orgId, userId });
  }

  /** Deletes the organization; its memberships, invitations and API keys go with it (CASCADE). */
  async delete(orgId: string): Promise<void> {
    await this.uow.manager().delete(OrganizationEntity, { id: orgId });
  }

  /** Operators see every organization; keyset-paginated by (created_at, id). */
  async listAll(limit: number, after?: KeysetPosition): Promise<OrganizationEntity[]> {
    const qb = this.uow
      .manager()
      .createQueryBuilder(OrganizationEntity, 'o')
      .orderBy('o.created_at', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .limit(limit);
    if (after) qb.where('(o.created_at, o.id) > (:createdAt, :id)', after);
    return qb.getMany();
  }
}
