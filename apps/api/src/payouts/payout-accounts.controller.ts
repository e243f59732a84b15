import { Body, Controller, Get, Post, Put } from '@nestjs/common';
import {
  PayoutAccount,
  PayoutOnboardingLink,
  SetManualPayoutDetails,
  type SetManualPayoutDetailsType,
} from '@clearframe/contracts/money';
import { CurrentOrg, CurrentUser, OrgOwner } from '../access/access.decorator.js';
import type { OrgContext, UserPrincipal } from '../access/principal.js';
import { actorOf } from '../clips/audit-actor.js';
import { Endpoint } from '../common/http/endpoint.decorator.js';
import { PayoutAccountsService } from './payout-accounts.service.js';

/**
 * A creator studio's payout account, for its owners only: who gets paid is an owner's decision.
 * Another organization's id is not found; a lab's is refused (labs are not paid out).
 */
@Controller('v1/orgs/:orgId/payout-account')
export class PayoutAccountsController {
  constructor(private readonly payouts: PayoutAccountsService) {}

  @Get()
  @OrgOwner({ kinds: ['creator'] })
  @Endpoint({
    summary: "The studio's payout account: readiness and what Stripe still needs (owners)",
    response: PayoutAccount,
  })
  get(@CurrentOrg() ctx: OrgContext) {
    return this.payouts.get(ctx);
  }

  @Post('onboarding-link')
  @OrgOwner({ kinds: ['creator'] })
  @Endpoint({
    summary:
      'A fresh Stripe-hosted onboarding link; creates the connected account the first time (owners; 409 in embedded mode)',
    response: PayoutOnboardingLink,
  })
  onboardingLink(@CurrentOrg() ctx: OrgContext, @CurrentUser() principal: UserPrincipal) {
    return this.payouts.onboardingLink(ctx, { email: principal.user.email }, actorOf(principal));
  }

  @Put('manual')
  @OrgOwner({ kinds: ['creator'] })
  @Endpoint({
    summary:
      'Manual payout details in embedded mode; only the last four characters of the number are kept (owners; 409 with Stripe)',
    body: SetManualPayoutDetails,
    response: PayoutAccount,
  })
  setManual(
    @CurrentOrg() ctx: OrgContext,
    @Body() body: SetManualPayoutDetailsType,
    @CurrentUser() principal: UserPrincipal,
  ) {
    return this.payouts.setManual(ctx, body, actorOf(principal));
  }
}
