import { Injectable } from '@nestjs/common';
import type { CurrentRateCardType, PublishRateCardType } from '@clearframe/contracts/demand';
import { PUBLIC_RATE_CARD, type RateCardType } from '@clearframe/contracts/pricing';
import type { AuditActor } from '../audit/audit.service.js';
import { AuditLog } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { BundlesErrors } from './bundles.errors.js';
import { RateCardsRepository } from './rate-cards.repository.js';

/**
 * The public rate card: the latest version operators published, or the built-in
 * `PUBLIC_RATE_CARD` until they publish one. Versions are named by the card's `id`, once each.
 */
@Injectable()
export class RateCardsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly cards: RateCardsRepository,
    private readonly audit: AuditLog,
  ) {}

  async current(): Promise<CurrentRateCardType> {
    const latest = await this.cards.latest();
    return latest
      ? { rateCard: latest.card, publishedAt: latest.publishedAt.toISOString() }
      : { rateCard: structuredClone(PUBLIC_RATE_CARD) as RateCardType, publishedAt: null };
  }

  async publish(card: PublishRateCardType, actor: AuditActor): Promise<CurrentRateCardType> {
    const publishedAt = this.clock.now();
    try {
      await this.uow.run(async () => {
        if (card.id === PUBLIC_RATE_CARD.id || (await this.cards.exists(card.id))) {
          throw BundlesErrors.rateCardVersionTaken(card.id);
        }
        await this.cards.insert({
          id: card.id,
          card,
          publishedBy: actor.userId ?? null,
          publishedAt,
        });
        await this.audit.record({
          actor,
          action: 'rate_card.published',
          target: { type: 'rate_card', id: card.id },
          data: { currency: card.currency, platformFeeBps: card.platformFeeBps },
        });
      });
    } catch (error) {
      // Two operators publishing one id at once: the primary key decides, the loser hears why.
      if (isUniqueViolation(error)) throw BundlesErrors.rateCardVersionTaken(card.id);
      throw error;
    }
    return { rateCard: card, publishedAt: publishedAt.toISOString() };
  }
}

function isUniqueViolation(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: string } }).driverError;
  return (error as { code?: string }).code === '23505' || driverError?.code === '23505';
}
