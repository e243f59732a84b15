import { Body, Controller, Get, Post } from '@nestjs/common';
import {
  CurrentRateCard,
  PublishRateCard,
  type PublishRateCardType,
} from '@clearframe/contracts/demand';
import { CurrentUser, Operator, Public } from '../access/access.decorator.js';
import type { UserPrincipal } from '../access/principal.js';
import { Endpoint } from '../common/http/endpoint.decorator.js';
import { RateCardsService } from './rate-cards.service.js';

/** The public rate card every quote is priced with; operators publish new versions. */
@Controller('v1')
export class RateCardsController {
  constructor(private readonly rateCards: RateCardsService) {}

  @Get('rate-card')
  @Public()
  @Endpoint({
    summary: 'The current public rate card (multipliers, volume tiers, platform fee)',
    response: CurrentRateCard,
  })
  current() {
    return this.rateCards.current();
  }

  @Post('rate-cards')
  @Operator()
  @Endpoint({
    summary:
      'Publish a new version of the public rate card (its id once only); quotes use it from now',
    body: PublishRateCard,
    response: CurrentRateCard,
    status: 201,
  })
  publish(@Body() body: PublishRateCardType, @CurrentUser() principal: UserPrincipal) {
    return this.rateCards.publish(body, { userId: principal.user.id });
  }
}
