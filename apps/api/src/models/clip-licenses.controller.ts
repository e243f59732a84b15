import { Controller, Get, Param } from '@nestjs/common';
import { ClipLicenses } from '@clearframe/contracts/transparency';
import { CurrentOrg, OrgMember } from '../access/access.decorator.js';
import type { OrgContext } from '../access/principal.js';
import { Endpoint } from '../common/http/endpoint.decorator.js';
import { UuidParam } from '../common/http/uuid-param.pipe.js';
import { ClipLicensesService } from './clip-licenses.service.js';

/**
 * A creator's members (and its keys holding `clips:read`) see every license of their clip and
 * every model that declared it.
 */
@Controller('v1/orgs/:orgId/clips/:clipId/licenses')
export class ClipLicensesController {
  constructor(private readonly licenses: ClipLicensesService) {}

  @Get()
  @OrgMember({ kinds: ['creator'], apiKeyScope: 'clips:read' })
  @Endpoint({
    summary:
      'Every grant covering the clip (lab, uses, term, when, your share, certificate) and every model declaring it',
    response: ClipLicenses,
  })
  get(@CurrentOrg() ctx: OrgContext, @Param('clipId', UuidParam) clipId: string) {
    return this.licenses.forClip(ctx, clipId);
  }
}
