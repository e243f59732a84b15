import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work.js';
import { RateCardEntity } from './bundle.entity.js';

/** Published rate cards: inserted, never changed. */
@Injectable()
export class RateCardsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** The most recently published card, or null before the first publication. */
  latest(): Promise<RateCardEntity | null> {
    return this.uow
      .manager()
      .createQueryBuilder(RateCardEntity, 'card')
      .orderBy('card.seq', 'DESC')
      .limit(1)
      .getOne();
  }

  exists(id: string): Promise<boolean> {
    return this.uow.manager().existsBy(RateCardEntity, { id });
  }

  async insert(row: Omit<RateCardEntity, 'seq'>): Promise<void> {
    await this.uow.manager().insert(RateCardEntity, row);
  }
}
