import { Controller, Get, Query } from '@nestjs/common';
import { Earnings, EarningsQuery, type EarningsQueryType } from '@clearframe/contracts/money';
import { CurrentOrg, OrgMember } from '../access/access.decorator.js';
import type { OrgContext } from '../access/principal.js';
import { Endpoint } from '../common/http/endpoint.decorator.js';
import { EarningsService } from './earnings.service.js';

/**
 * A creator studio's earnings, for its members and its keys holding `clips:read`. Labs are
 * refused (403); another organization's studio is not found (404).
 */
@Controller('v1/orgs/:orgId/earnings')
export class EarningsController {
  constructor(private readonly earnings: EarningsService) {}

  @Get()
  @OrgMember({ kinds: ['creator'], apiKeyScope: 'clips:read' })
  @Endpoint({
    summary:
      "The studio's monthly earnings from the ledger, its sales by clip and by lab, and a page of who licensed which clip",
    query: EarningsQuery,
    response: Earnings,
  })
  get(@CurrentOrg() ctx: OrgContext, @Query() query: EarningsQueryType) {
    return this.earnings.get(ctx, query);
  }
}
