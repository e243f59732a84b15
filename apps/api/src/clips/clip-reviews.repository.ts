import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work.js';
import { ClipReviewEntity } from './clip-review.entity.js';

/** Operators' decisions, append-only. */
@Injectable()
export class ClipReviewsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async create(review: Omit<ClipReviewEntity, 'id'>): Promise<ClipReviewEntity> {
    const manager = this.uow.manager();
    return manager.save(ClipReviewEntity, manager.create(ClipReviewEntity, review));
  }

  /** The reviews of these clips, newest first. */
  forClips(clipIds: readonly string[]): Promise<ClipReviewEntity[]> {
    if (clipIds.length === 0) return Promise.resolve([]);
    return this.uow.manager().find(ClipReviewEntity, {
      where: { clipId: In([...new Set(clipIds)]) },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
  }
}
