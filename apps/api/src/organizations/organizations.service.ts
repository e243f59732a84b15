import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  CreateOrganizationType,
  MemberType,
  MyOrganizationType,
  RoleType,
} from '@clearframe/contracts/accounts';
import { DataSource } from 'typeorm';
import { AuditLog, type AuditActor } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/domain-error.js';
import type { OrgContext } from '../common/http/request.js';
import { toMemberDto, toMyOrganizationDto } from './organizations.mapper.js';
import { OrganizationsRepository } from './organizations.repository.js';

/** Organizations and their members. Callers pass the org context the access guard resolved. */
@Injectable()
export class OrganizationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly orgs: OrganizationsRepository,
    private readonly audit: AuditLog,
  ) {}

  async create(
    input: CreateOrganizationType | { name: string; kind: 'operator' },
    ownerId: string,
  ): Promise<MyOrganizationType> {
    const slug = await this.uniqueSlug(input.name);
    const org = await this.db.transaction(async (manager) => {
      const created = await this.orgs.createWithOwner(
        { name: input.name, slug, kind: input.kind, ownerId, now: this.clock.now() },
        manager,
      );
      await this.audit.record(
        {
          actor: { userId: ownerId },
          action: 'org.created',
          orgId: created.id,
          target: { type: 'organization', id: created.id },
          data: { kind: created.kind },
        },
        manager,
      );
      return created;
    });
    return toMyOrganizationDto(org, 'owner');
  }

  async listMine(userId: string): Promise<MyOrganizationType[]> {
    return (await this.orgs.listForUser(userId)).map(({ org, role }) =>
      toMyOrganizationDto(org, role),
    );
  }

  async rename(ctx: OrgContext, name: string, actor: AuditActor): Promise<MyOrganizationType> {
    await this.orgs.rename(ctx.org.id, name);
    await this.audit.record({
      actor,
      action: 'org.renamed',
      orgId: ctx.org.id,
      data: { from: ctx.org.name, to: name },
    });
    return toMyOrganizationDto({ ...ctx.org, name }, ctx.role);
  }

  async listMembers(ctx: OrgContext): Promise<MemberType[]> {
    return (await this.orgs.listMembers(ctx.org.id)).map(toMemberDto);
  }

  async changeRole(
    ctx: OrgContext,
    userId: string,
    role: RoleType,
    actor: AuditActor,
  ): Promise<MemberType> {
    return this.db.transaction(async (manager) => {
      const members = await this.orgs.lockMembers(ctx.org.id, manager);
      const target = members.find((member) => member.userId === userId);
      if (!target) throw notFound('Member');
      if (target.role === 'owner' && role !== 'owner' && countOwners(members) === 1) {
        throw lastOwner();
      }
      await this.orgs.setRole(ctx.org.id, userId, role, manager);
      await this.audit.record(
        {
          actor,
          action: 'org.member_role_changed',
          orgId: ctx.org.id,
          target: { type: 'user', id: userId },
          data: { from: target.role, to: role },
        },
        manager,
      );
      const updated = await this.orgs.findMember(ctx.org.id, userId, manager);
      return toMemberDto(updated!);
    });
  }

  /** Owners remove anyone; a member may remove only themself (leave). The last owner stays. */
  async removeMember(ctx: OrgContext, userId: string, actorUserId: string): Promise<void> {
    if (ctx.role !== 'owner' && userId !== actorUserId) {
      throw new DomainError('forbidden', 'Only an owner can remove other members.');
    }
    await this.db.transaction(async (manager) => {
      const members = await this.orgs.lockMembers(ctx.org.id, manager);
      const target = members.find((member) => member.userId === userId);
      if (!target) throw notFound('Member');
      if (target.role === 'owner' && countOwners(members) === 1) throw lastOwner();
      await this.orgs.removeMember(ctx.org.id, userId, manager);
      await this.audit.record(
        {
          actor: { userId: actorUserId },
          action: 'org.member_removed',
          orgId: ctx.org.id,
          target: { type: 'user', id: userId },
        },
        manager,
      );
    });
  }

  private async uniqueSlug(name: string): Promise<string> {
    const base =
      name
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 40) || 'org';
    if (!(await this.orgs.slugExists(base))) return base;
    for (;;) {
      const candidate = `${base}-${randomBytes(3).toString('hex')}`;
      if (!(await this.orgs.slugExists(candidate))) return candidate;
    }
  }
}

function countOwners(members: { role: RoleType }[]): number {
  return members.filter((member) => member.role === 'owner').length;
}

function lastOwner(): DomainError {
  return new DomainError(
    'last_owner',
    'An organization needs at least one owner. Make someone else an owner first.',
  );
}
