import { Injectable } from '@nestjs/common';
import type { ClipStateType } from '@clearframe/contracts/supply';
import { In } from 'typeorm';
import type { KeysetPosition } from '../common/http/keyset-cursor.js';
import { selectRows } from '../database/sql.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { listedCondition } from './catalog-search.sql.js';
import { ClipEntity } from './clip.entity.js';

/** A duplicate match seen from `clipId`'s side: the other clip, how alike, since when. */
export interface DuplicateRow {
  clipId: string;
  other: ClipEntity;
  kind: 'exact' | 'near';
  score: number;
  createdAt: Date;
}

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

  // --- curation (decision 011) ---------------------------------------------------------------

  /** The organization's clip with its row locked for the rest of the transaction. */
  lockInOrg(orgId: string, clipId: string): Promise<ClipEntity | null> {
    return this.uow
      .manager()
      .createQueryBuilder(ClipEntity, 'clip')
      .setLock('pessimistic_write')
      .where('clip.id = :clipId AND clip.org_id = :orgId', { clipId, orgId })
      .getOne();
  }

  /** The organization's clips among `clipIds`, locked in id order (two bulk edits cannot deadlock). */
  lockManyInOrg(orgId: string, clipIds: string[]): Promise<ClipEntity[]> {
    if (clipIds.length === 0) return Promise.resolve([]);
    return this.uow
      .manager()
      .createQueryBuilder(ClipEntity, 'clip')
      .setLock('pessimistic_write')
      .where('clip.org_id = :orgId AND clip.id IN (:...clipIds)', { orgId, clipIds })
      .orderBy('clip.id', 'ASC')
      .getMany();
  }

  async updateInOrg(
    orgId: string,
    clipId: string,
    changes: Partial<Omit<ClipEntity, 'id' | 'orgId' | 'state'>>,
  ): Promise<void> {
    await this.uow.manager().update(ClipEntity, { id: clipId, orgId }, changes);
  }

  /** The organization's clips, newest first, keyset-paginated by (created_at, id). */
  listForOrg(
    orgId: string,
    limit: number,
    options: { after?: KeysetPosition; state?: ClipStateType },
  ): Promise<ClipEntity[]> {
    const qb = this.uow
      .manager()
      .createQueryBuilder(ClipEntity, 'clip')
      .where('clip.org_id = :orgId', { orgId })
      .orderBy('clip.created_at', 'DESC')
      .addOrderBy('clip.id', 'DESC')
      .limit(limit);
    if (options.state) qb.andWhere('clip.state = :state', { state: options.state });
    if (options.after) {
      qb.andWhere('(clip.created_at, clip.id) < (:createdAt, :id)', {
        createdAt: options.after.createdAt,
        id: options.after.id,
      });
    }
    return qb.getMany();
  }

  /** Every organization's clips in review, the longest waiting first (operators). */
  reviewQueue(limit: number, after?: KeysetPosition): Promise<ClipEntity[]> {
    const qb = this.uow
      .manager()
      .createQueryBuilder(ClipEntity, 'clip')
      .where(`clip.state = 'in_review'`)
      .orderBy('clip.submitted_at', 'ASC')
      .addOrderBy('clip.id', 'ASC')
      .limit(limit);
    if (after) {
      qb.andWhere('(clip.submitted_at, clip.id) > (:createdAt, :id)', {
        createdAt: after.createdAt,
        id: after.id,
      });
    }
    return qb.getMany();
  }

  /** Duplicate matches involving these clips, each seen from the listed clip's side. */
  async duplicatesOf(clipIds: readonly string[]): Promise<DuplicateRow[]> {
    if (clipIds.length === 0) return [];
    const matches = await selectRows<{
      clipId: string;
      otherId: string;
      kind: 'exact' | 'near';
      score: string;
      createdAt: Date;
    }>(
      this.uow.manager(),
      `SELECT clip_id, match_clip_id AS other_id, kind, score, created_at
         FROM clip_duplicate_matches WHERE clip_id = ANY($1::uuid[])
       UNION ALL
       SELECT match_clip_id, clip_id, kind, score, created_at
         FROM clip_duplicate_matches WHERE match_clip_id = ANY($1::uuid[])
       ORDER BY 4, 5 DESC`,
      [clipIds],
    );
    if (matches.length === 0) return [];
    const others = await this.uow
      .manager()
      .findBy(ClipEntity, { id: In([...new Set(matches.map((match) => match.otherId))]) });
    const byId = new Map(others.map((clip) => [clip.id, clip]));
    return matches.flatMap((match) => {
      const other = byId.get(match.otherId);
      return other
        ? [
            {
              clipId: match.clipId,
              other,
              kind: match.kind,
              score: Number(match.score),
              createdAt: match.createdAt,
            },
          ]
        : [];
    });
  }

  /**
   * These clips whatever their state or owner (bundles name other organizations' clips), each
   * with whether the catalog lists it now. Ids that are no clip are left out.
   */
  /**
   * What a delivery needs of each clip (the stored original and its shape), for orders'
   * manifests: read-only, one query per page of a manifest.
   */
  async deliveryDetails(clipIds: readonly string[]): Promise<Map<string, ClipDeliveryDetails>> {
    if (clipIds.length === 0) return new Map();
    const clips = await this.uow.manager().find(ClipEntity, {
      select: {
        id: true,
        originalKey: true,
        fileName: true,
        width: true,
        height: true,
        fps: true,
        captions: true,
      },
      where: { id: In([...new Set(clipIds)]) },
    });
    return new Map(
      clips.map((clip) => [
        clip.id,
        {
          originalKey: clip.originalKey,
          fileName: clip.fileName,
          width: clip.width,
          height: clip.height,
          fps: clip.fps,
          captions: clip.captions,
        },
      ]),
    );
  }

  async withListing(clipIds: readonly string[]): Promise<{ clip: ClipEntity; listed: boolean }[]> {
    const wanted = [...new Set(clipIds)];
    if (wanted.length === 0) return [];
    const clips = await this.uow.manager().findBy(ClipEntity, { id: In(wanted) });
    const listed = await this.uow
      .manager()
      .createQueryBuilder(ClipEntity, 'clip')
      .select('clip.id', 'id')
      .where(`clip.id IN (:...ids) AND ${listedCondition('clip')}`, { ids: wanted })
      .getRawMany<{ id: string }>();
    const listedIds = new Set(listed.map((row) => row.id));
    return clips.map((clip) => ({ clip, listed: listedIds.has(clip.id) }));
  }
}

/** A clip's stored original and its shape, as a delivery manifest lists them. */
export interface ClipDeliveryDetails {
  originalKey: string;
  fileName: string;
  width: number | null;
  height: number | null;
  fps: number | null;
  captions: string | null;
}
