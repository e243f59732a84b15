import { Body, Controller, Delete, Get, Param, Patch, Post } from '@nestjs/common';
import {
  CreateOrganization,
  type CreateOrganizationType,
  Member,
  MyOrganization,
  Organization,
  UpdateMember,
  type UpdateMemberType,
  UpdateOrganization,
  type UpdateOrganizationType,
} from '@clearframe/contracts/accounts';
import { PageQuery, type PageQueryType, pageOf } from '@clearframe/contracts/common';
import { z } from 'zod';
import { DomainError } from '../common/domain-error.js';
import { CurrentOrg, CurrentUser, Operator, OrgMember, OrgOwner, SignedIn } from '../common/access/access.decorator.js';
import { Endpoint } from '../common/http/endpoint.decorator.js';
import type { OrgContext, Principal } from '../common/http/request.js';
import { UuidParam } from '../common/http/uuid-param.pipe.js';
import { Query } from '@nestjs/common';
import { toMyOrganizationDto, toOrganizationDto } from './organizations.mapper.js';
import { OrganizationsRepository } from './organizations.repository.js';
import { OrganizationsService } from './organizations.service.js';

type UserPrincipal = Extract<Principal, { type: 'user' }>;

@Controller('v1')
export class OrganizationsController {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly repository: OrganizationsRepository,
  ) {}

  @Get('orgs')
  @SignedIn()
  @Endpoint({ summary: "List the caller's organizations", response: z.strictObject({ items: z.array(MyOrganization) }) })
  async list(@CurrentUser() principal: UserPrincipal) {
    return { items: await this.organizations.listMine(principal.user.id) };
  }

  @Post('orgs')
  @SignedIn()
  @Endpoint({ summary: 'Create a creator studio or a lab; the caller becomes its owner', body: CreateOrganization, response: MyOrganization, status: 201 })
  create(@Body() body: CreateOrganizationType, @CurrentUser() principal: UserPrincipal) {
    return this.organizations.create(body, principal.user.id);
  }

  @Get('orgs/:orgId')
  @OrgMember()
  @Endpoint({ summary: 'Read an organization', response: MyOrganization })
  get(@CurrentOrg() ctx: OrgContext) {
    return toMyOrganizationDto(ctx.org, ctx.role);
  }

  @Patch('orgs/:orgId')
  @OrgOwner()
  @Endpoint({ summary: 'Rename an organization', body: UpdateOrganization, response: MyOrganization })
  rename(@CurrentOrg() ctx: OrgContext, @Body() body: UpdateOrganizationType, @CurrentUser() principal: UserPrincipal) {
    return this.organizations.rename(ctx, body.name, { userId: principal.user.id });
  }

  @Get('orgs/:orgId/members')
  @OrgMember()
  @Endpoint({ summary: 'List members', response: z.strictObject({ items: z.array(Member) }) })
  async members(@CurrentOrg() ctx: OrgContext) {
    return { items: await this.organizations.listMembers(ctx) };
  }

  @Patch('orgs/:orgId/members/:userId')
  @OrgOwner()
  @Endpoint({ summary: "Change a member's role", body: UpdateMember, response: Member })
  changeRole(
    @CurrentOrg() ctx: OrgContext,
    @Param('userId', UuidParam) userId: string,
    @Body() body: UpdateMemberType,
    @CurrentUser() principal: UserPrincipal,
  ) {
    return this.organizations.changeRole(ctx, userId, body.role, { userId: principal.user.id });
  }

  @Delete('orgs/:orgId/members/:userId')
  @OrgMember()
  @Endpoint({ summary: 'Remove a member (owners), or leave (members remove themselves)', status: 204 })
  async remove(@CurrentOrg() ctx: OrgContext, @Param('userId', UuidParam) userId: string, @CurrentUser() principal: UserPrincipal) {
    await this.organizations.removeMember(ctx, userId, principal.user.id);
  }

  @Get('operator/organizations')
  @Operator()
  @Endpoint({ summary: 'Every organization on the platform (operators)', query: PageQuery, response: pageOf(Organization) })
  async all(@Query() query: PageQueryType) {
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await this.repository.listAll(query.limit + 1, after);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map(toOrganizationDto),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAt, last.id) : null,
    };
  }
}

function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(createdAt);
    if (Number.isNaN(date.getTime()) || typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) throw new Error('bad');
    return { createdAt: date, id };
  } catch {
    throw new DomainError('validation_failed', 'The cursor is not valid.', {
      errors: [{ path: 'cursor', message: 'Use the nextCursor value of the previous page.', code: 'invalid_cursor' }],
    });
  }
}
