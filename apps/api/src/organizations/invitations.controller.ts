import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import {
  AcceptInvitation,
  type AcceptInvitationType,
  CreateInvitation,
  type CreateInvitationType,
  CreatedInvitation,
  Invitation,
  InvitationPreview,
  MyOrganization,
} from '@clearframe/contracts/accounts';
import { listOf } from '@clearframe/contracts/common';
import { CurrentOrg, CurrentUser, OrgOwner, Public, SignedIn } from '../access/access.decorator.js';
import { Endpoint } from '../common/http/endpoint.decorator.js';
import type { OrgContext, UserPrincipal } from '../access/principal.js';
import { UuidParam } from '../common/http/uuid-param.pipe.js';
import { InvitationsService } from './invitations.service.js';
import { OrganizationsErrors } from './organizations.errors.js';

@Controller('v1')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Get('orgs/:orgId/invitations')
  @OrgOwner()
  @Endpoint({
    summary: 'List invitations',
    response: listOf(Invitation),
  })
  async list(@CurrentOrg() ctx: OrgContext) {
    return { items: await this.invitations.list(ctx) };
  }

  @Post('orgs/:orgId/invitations')
  @OrgOwner({ verifiedEmail: true })
  @Endpoint({
    summary: 'Invite someone by email (the accept link is mailed and returned)',
    body: CreateInvitation,
    response: CreatedInvitation,
    status: 201,
  })
  invite(
    @CurrentOrg() ctx: OrgContext,
    @Body() body: CreateInvitationType,
    @CurrentUser() principal: UserPrincipal,
  ) {
    return this.invitations.invite(ctx, body, principal.user);
  }

  @Delete('orgs/:orgId/invitations/:invitationId')
  @OrgOwner()
  @Endpoint({ summary: 'Revoke an invitation', status: 204 })
  async revoke(
    @CurrentOrg() ctx: OrgContext,
    @Param('invitationId', UuidParam) invitationId: string,
    @CurrentUser() principal: UserPrincipal,
  ) {
    await this.invitations.revoke(ctx, invitationId, principal.user.id);
  }

  @Get('invitations/:token')
  @Public()
  @Endpoint({ summary: 'Preview an invitation by its token', response: InvitationPreview })
  preview(@Param('token') token: string) {
    if (token.length > 256) throw OrganizationsErrors.invitationNotFound();
    return this.invitations.preview(token);
  }

  @Post('invitations/accept')
  @SignedIn()
  @Endpoint({
    summary: 'Accept an invitation as the signed-in user',
    body: AcceptInvitation,
    response: MyOrganization,
  })
  accept(@Body() body: AcceptInvitationType, @CurrentUser() principal: UserPrincipal) {
    return this.invitations.accept(body.token, principal.user);
  }
}
