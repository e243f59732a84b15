import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
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
import { listOf, PageQuery, type PageQueryType, pageOf } from '@clearframe/contracts/common';
import {
  CurrentOrg,
  CurrentUser,
  Operator,
  OrgMember,
  OrgOwner,
  SignedIn,
} from '../access/access.decorator.js';
import { Endpoint } from '../common/http/endpoint.decorator.js';
import type { OrgContext, UserPrincipal } from '../access/principal.js';
import { UuidParam } from '../common/http/uuid-param.pipe.js';
import { toMyOrganizationDto } from './organizations.mapper.js';
import { OrganizationsService } from './organizations.service.js';

@Controller('v1')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Get('orgs')
  @SignedIn()
  @Endpoint({
    summary: "List the caller's organizations",
    response: listOf(MyOrganization),
  })
  async list(@CurrentUser() principal: UserPrincipal) {
    return { items: await this.organizations.listMine(principal.user.id) };
  }

  @Post('orgs')
  @SignedIn()
  @Endpoint({
    summary: 'Create a creator studio or a lab; the caller becomes its owner',
    body: CreateOrganization,
    response: MyOrganization,
    status: 201,
  })
  create(@Body() body: CreateOrganizationType, @CurrentUser() principal: UserPrincipal) {
    return this.organizations.create(body, principal.user.id);
  }

  @Get('orgs/:orgId')
  // Any key that reads anything needs to know its own organization; catalog:read is the one
  // scope both creators' and labs' keys may hold.
  @OrgMember({ apiKeyScope: 'catalog:read' })
  @Endpoint({ summary: 'Read an organization', response: MyOrganization })
  get(@CurrentOrg() ctx: OrgContext) {
    return toMyOrganizationDto(ctx.org, ctx.role);
  }

  @Patch('orgs/:orgId')
  @OrgOwner()
  @Endpoint({
    summary: 'Rename an organization',
    body: UpdateOrganization,
    response: MyOrganization,
  })
  rename(
    @CurrentOrg() ctx: OrgContext,
    @Body() body: UpdateOrganizationType,
    @CurrentUser() principal: UserPrincipal,
  ) {
    return this.organizations.rename(ctx, body.name, { userId: principal.user.id });
  }

  @Get('orgs/:orgId/members')
  @OrgMember()
  @Endpoint({ summary: 'List members', response: listOf(Member) })
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
  @Endpoint({
    summary: 'Remove a member (owners), or leave (members remove themselves)',
    status: 204,
  })
  async remove(
    @CurrentOrg() ctx: OrgContext,
    @Param('userId', UuidParam) userId: string,
    @CurrentUser() principal: UserPrincipal,
  ) {
    await this.organizations.removeMember(ctx, userId, principal.user.id);
  }

  @Get('operator/organizations')
  @Operator()
  @Endpoint({
    summary: 'Every organization on the platform (operators)',
    query: PageQuery,
    response: pageOf(Organization),
  })
  all(@Query() query: PageQueryType) {
    return this.organizations.listAll(query);
  }
}
