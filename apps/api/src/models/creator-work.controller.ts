import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import {
  CreatorLicensedWork,
  PublicWorkSettings,
  SetPublicWork,
  type SetPublicWorkType,
} from '@clearframe/contracts/transparency';
import { CurrentOrg, CurrentUser, OrgOwner, Public } from '../access/access.decorator.js';
import type { OrgContext, UserPrincipal } from '../access/principal.js';
import { Endpoint } from '../common/http/endpoint.decorator.js';
import { UuidParam } from '../common/http/uuid-param.pipe.js';
import { CreatorWorkService } from './creator-work.service.js';

/**
 * A creator studio's public page of its licensed work: its owners turn it on and off, and anyone
 * reads it while it is on.
 */
@Controller('v1')
export class CreatorWorkController {
  constructor(private readonly work: CreatorWorkService) {}

  @Get('orgs/:orgId/public-work')
  @OrgOwner({ kinds: ['creator'] })
  @Endpoint({
    summary: "Whether the studio's public page of its licensed work is on (owners)",
    response: PublicWorkSettings,
  })
  get(@CurrentOrg() ctx: OrgContext) {
    return this.work.settings(ctx.org.id);
  }

  @Put('orgs/:orgId/public-work')
  @OrgOwner({ kinds: ['creator'] })
  @Endpoint({
    summary: "Turn the studio's public page of its licensed work on or off (owners)",
    body: SetPublicWork,
    response: PublicWorkSettings,
  })
  set(
    @CurrentOrg() ctx: OrgContext,
    @Body() body: SetPublicWorkType,
    @CurrentUser() principal: UserPrincipal,
  ) {
    return this.work.set(ctx.org.id, body, { userId: principal.user.id });
  }

  @Get('creators/:orgId/licensed-work')
  @Public()
  @Endpoint({
    summary:
      "A creator studio's licensed work by public model, with the disclosures (only if the studio opted in)",
    response: CreatorLicensedWork,
  })
  page(@Param('orgId', UuidParam) orgId: string) {
    return this.work.page(orgId);
  }
}
