import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work.js';
import { ClipPersonEntity } from './clip-person.entity.js';

/** Who appears in which clip. Writes and reads take the organization's id. */
@Injectable()
export class ClipPeopleRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** The people of these clips (of one organization, or any for operators), oldest first. */
  forClips(clipIds: readonly string[], orgId?: string): Promise<ClipPersonEntity[]> {
    if (clipIds.length === 0) return Promise.resolve([]);
    return this.uow.manager().find(ClipPersonEntity, {
      where: { clipId: In([...new Set(clipIds)]), ...(orgId ? { orgId } : {}) },
      order: { createdAt: 'ASC', personId: 'ASC' },
    });
  }

  /** Replaces the clip's people with `rows`. */
  async replace(orgId: string, clipId: string, rows: ClipPersonEntity[]): Promise<void> {
    const manager = this.uow.manager();
    await manager.delete(ClipPersonEntity, { orgId, clipId });
    if (rows.length > 0) await manager.insert(ClipPersonEntity, rows);
  }

  /** Adds the person to the clip, or changes the release that covers them on it. */
  async upsert(row: ClipPersonEntity): Promise<void> {
    await this.uow
      .manager()
      .createQueryBuilder()
      .insert()
      .into(ClipPersonEntity)
      .values(row)
      .orUpdate(['release_id'], ['clip_id', 'person_id'])
      .execute();
  }

  /** Whether a row was removed. */
  async remove(orgId: string, clipId: string, personId: string): Promise<boolean> {
    const result = await this.uow.manager().delete(ClipPersonEntity, { orgId, clipId, personId });
    return (result.affected ?? 0) > 0;
  }
}
