import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type {
  CreateOrganizationType,
  MemberType,
  MyOrganizationType,
  OrganizationType,
  RoleType,
} from '@clearframe/contracts/accounts';
import type { PageQueryType } from '@clearframe/contracts/common';
import { UsersService } from '../accounts/users.service.js';
import { AuditLog, type AuditActor } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { decodeCursor, toPage } from '../common/http/keyset-cursor.js';
import type { OrgContext } from '../access/principal.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import type { MembershipEntity } from './membership.entity.js';
import type { OrganizationEntity } from './organization.entity.js';
import { OrganizationsErrors } from './organizations.errors.js';
import {
  type MemberRow,
  toMemberDto,
  toMyOrganizationDto,
  toOrganizationDto,
} from './organizations.mapper.js';
import { type MembershipView, OrganizationsRepository } from './organizations.repository.js';

/**
 * Organizations and their members. Callers pass the org context the access guard resolved. Other
 * domains (access, API keys) read organizations through this service, never through its tables.
 */
@Injectable()
export class OrganizationsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly orgs: OrganizationsRepository,
    private readonly users: UsersService,
    private readonly audit: AuditLog,
  ) {}

  findById(orgId: string): Promise<OrganizationEntity | null> {
    return this.orgs.findById(orgId);
  }

  /** The caller's membership in an org, or null: the basis of every org-scoped access decision. */
  findMembership(orgId: string, userId: string): Promise<MembershipView | null> {
    return this.orgs.findMembership(orgId, userId);
  }

  /** Operators are the members of the operator organization. */
  isOperator(userId: string): Promise<boolean> {
    return this.orgs.isMemberOfKind(userId, 'operator');
  }

  async create(
    input: CreateOrganizationType | { name: string; kind: 'operator' },
    ownerId: string,
  ): Promise<MyOrganizationType> {
    const slug = await this.uniqueSlug(input.name);
    const org = await this.uow.run(async () => {
      const created = await this.orgs.createWithOwner({
        name: input.name,
        slug,
        kind: input.kind,
        ownerId,
        now: this.clock.now(),
      });
      await this.audit.record({
        actor: { userId: ownerId },
        action: 'org.created',
        orgId: created.id,
        target: { type: 'organization', id: created.id },
        data: { kind: created.kind },
      });
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
    await this.uow.run(async () => {
      await this.orgs.rename(ctx.org.id, name);
      await this.audit.record({
        actor,
        action: 'org.renamed',
        orgId: ctx.org.id,
        data: { from: ctx.org.name, to: name },
      });
    });
    return toMyOrganizationDto({ ...ctx.org, name }, ctx.role);
  }

  async listMembers(ctx: OrgContext): Promise<MemberType[]> {
    return (await this.withPeople(await this.orgs.listMemberships(ctx.org.id))).map(toMemberDto);
  }

  /** Whether the person with this (normalised) email belongs to the org. */
  async isMemberByEmail(orgId: string, email: string): Promise<boolean> {
    const user = await this.users.findByEmail(email);
    return user !== null && (await this.orgs.findMembership(orgId, user.id)) !== null;
  }

  /** Adds a member without an invitation (operator accounts made from the CLI and the seed). */
  async addMemberDirectly(orgId: string, userId: string, role: RoleType): Promise<void> {
    await this.uow.run(async () => {
      await this.orgs.addMember(orgId, userId, role, this.clock.now());
      await this.audit.record({
        actor: { userId: null },
        action: 'org.member_added',
        orgId,
        target: { type: 'user', id: userId },
        data: { role },
      });
    });
  }

  /** The operator organization, once the first operator made it. */
  findOperatorOrg(): Promise<OrganizationEntity | null> {
    return this.orgs.findOneOfKind('operator');
  }

  /** Every organization on the platform, for operators. */
  async listAll(
    query: PageQueryType,
  ): Promise<{ items: OrganizationType[]; nextCursor: string | null }> {
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    return toPage(await this.orgs.listAll(query.limit + 1, after), query.limit, toOrganizationDto);
  }

  private async withPeople(memberships: MembershipEntity[]): Promise<MemberRow[]> {
    const people = await this.users.summaries(memberships.map((m) => m.userId));
    return memberships.flatMap((m) => {
      const person = people.get(m.userId);
      return person
        ? [
            {
              userId: m.userId,
              email: person.email,
              name: person.name,
              role: m.role,
              joinedAt: m.createdAt,
            },
          ]
        : [];
    });
  }

  async changeRole(
    ctx: OrgContext,
    userId: string,
    role: RoleType,
    actor: AuditActor,
  ): Promise<MemberType> {
    return this.uow.run(async () => {
      const members = await this.orgs.lockMembers(ctx.org.id);
      const target = members.find((member) => member.userId === userId);
      if (!target) throw OrganizationsErrors.memberNotFound();
      if (target.role === 'owner' && role !== 'owner' && countOwners(members) === 1) {
        throw OrganizationsErrors.lastOwner();
      }
      await this.orgs.setRole(ctx.org.id, userId, role);
      await this.audit.record({
        actor,
        action: 'org.member_role_changed',
        orgId: ctx.org.id,
        target: { type: 'user', id: userId },
        data: { from: target.role, to: role },
      });
      const [updated] = await this.withPeople(await this.orgs.listMemberships(ctx.org.id, userId));
      return toMemberDto(updated!);
    });
  }

  /** Owners remove anyone; a member may remove only themself (leave). The last owner stays. */
  async removeMember(ctx: OrgContext, userId: string, actorUserId: string): Promise<void> {
    if (ctx.role !== 'owner' && userId !== actorUserId) {
      throw OrganizationsErrors.onlyOwnersRemoveOthers();
    }
    await this.uow.run(async () => {
      const members = await this.orgs.lockMembers(ctx.org.id);
      const target = members.find((member) => member.userId === userId);
      if (!target) throw OrganizationsErrors.memberNotFound();
      if (target.role === 'owner' && countOwners(members) === 1)
        throw OrganizationsErrors.lastOwner();
      await this.orgs.removeMember(ctx.org.id, userId);
      await this.audit.record({
        actor: { userId: actorUserId },
        action: 'org.member_removed',
        orgId: ctx.org.id,
        target: { type: 'user', id: userId },
      });
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
