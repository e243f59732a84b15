import { Injectable } from '@nestjs/common';
import type { ClipStateType } from '@clearframe/contracts/supply';
import { In } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work.js';
import { ClipEntity } from './clip.entity.js';

/**
 * Clip rows. Reads on behalf of an organization take its id; the `…Unscoped` reads are for the
 * platform's own work (the verification job), which acts on a clip id it queued itself.
 */
@Injectable()
export class ClipsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async create(clip: Omit<ClipEntity, 'id'> & { id?: string }): Promise<ClipEntity> {
    const manager = this.uow.manager();
    return manager.save(ClipEntity, manager.create(ClipEntity, clip));
  }

  findInOrg(orgId: string, clipId: string): Promise<ClipEntity | null> {
    return this.uow.manager().findOneBy(ClipEntity, { id: clipId, orgId });
  }

  /** The organization's clips among `clipIds` (others' ids are silently left out). */
  findManyInOrg(orgId: string, clipIds: string[]): Promise<ClipEntity[]> {
    if (clipIds.length === 0) return Promise.resolve([]);
    return this.uow.manager().findBy(ClipEntity, { orgId, id: In(clipIds) });
  }

  findByIdUnscoped(clipId: string): Promise<ClipEntity | null> {
    return this.uow.manager().findOneBy(ClipEntity, { id: clipId });
  }

  /** Locks the clip row for the rest of the transaction (state changes read, then write). */
  async lockByIdUnscoped(clipId: string): Promise<ClipEntity | null> {
    return this.uow
      .manager()
      .createQueryBuilder(ClipEntity, 'clip')
      .setLock('pessimistic_write')
      .where('clip.id = :clipId', { clipId })
      .getOne();
  }

  /**
   * Writes `changes` to the clip when it is in one of the `from` states; returns whether it was,
   * so a transition that lost a race changes nothing.
   */
  async transition(
    clipId: string,
    from: ClipStateType[],
    changes: Partial<Omit<ClipEntity, 'id' | 'orgId'>>,
  ): Promise<boolean> {
    const result = await this.uow
      .manager()
      .createQueryBuilder()
      .update(ClipEntity)
      .set(changes)
      .where('id = :clipId AND state IN (:...from)', { clipId, from })
      .execute();
    return (result.affected ?? 0) > 0;
  }
}
