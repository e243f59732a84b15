import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import {
  OrgBillingSettings,
  SetOrgBilling,
  type SetOrgBillingType,
} from '@clearframe/contracts/accounts';
import { CurrentUser, Operator } from '../access/access.decorator.js';
import type { UserPrincipal } from '../access/principal.js';
import { Endpoint } from '../common/http/endpoint.decorator.js';
import { UuidParam } from '../common/http/uuid-param.pipe.js';
import { OrgBillingService } from './org-billing.service.js';

/** Operators decide which labs are invoiced instead of paying each order at checkout. */
@Controller('v1/operator/orgs/:orgId/billing')
export class OrgBillingController {
  constructor(private readonly billing: OrgBillingService) {}

  @Get()
  @Operator()
  @Endpoint({
    summary: "An organization's billing: checkout or invoice (operators)",
    response: OrgBillingSettings,
  })
  get(@Param('orgId', UuidParam) orgId: string) {
    return this.billing.get(orgId);
  }

  @Put()
  @Operator()
  @Endpoint({
    summary:
      'Bill a lab by invoice (due in 30 days) or back by checkout, for orders placed from now (operators)',
    body: SetOrgBilling,
    response: OrgBillingSettings,
  })
  set(
    @Param('orgId', UuidParam) orgId: string,
    @Body() body: SetOrgBillingType,
    @CurrentUser() principal: UserPrincipal,
  ) {
    return this.billing.set(orgId, body, { userId: principal.user.id });
  }
}
