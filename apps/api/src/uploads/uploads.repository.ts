import { Injectable } from '@nestjs/common';
import type { UploadStateType } from '@clearframe/contracts/supply';
import type { KeysetPosition } from '../common/http/keyset-cursor.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { UploadEntity } from './upload.entity.js';

/** Upload rows. Reads on behalf of an organization take its id. */
@Injectable()
export class UploadsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async create(upload: UploadEntity): Promise<UploadEntity> {
    const manager = this.uow.manager();
    return manager.save(UploadEntity, manager.create(UploadEntity, upload));
  }

  findInOrg(orgId: string, uploadId: string): Promise<UploadEntity | null> {
    return this.uow.manager().findOneBy(UploadEntity, { id: uploadId, orgId });
  }

  /** The row, locked until the transaction ends: state changes read it, then write. */
  lockInOrg(orgId: string, uploadId: string): Promise<UploadEntity | null> {
    return this.uow
      .manager()
      .createQueryBuilder(UploadEntity, 'u')
      .setLock('pessimistic_write')
      .where('u.id = :uploadId AND u.org_id = :orgId', { uploadId, orgId })
      .getOne();
  }

  findByIdempotencyKey(orgId: string, idempotencyKey: string): Promise<UploadEntity | null> {
    return this.uow.manager().findOneBy(UploadEntity, { orgId, idempotencyKey });
  }

  /** Newest first, keyset-paginated by (created_at, id), optionally in one state. */
  listForOrg(
    orgId: string,
    options: { state?: UploadStateType; limit: number; after?: KeysetPosition },
  ): Promise<UploadEntity[]> {
    const qb = this.uow
      .manager()
      .createQueryBuilder(UploadEntity, 'u')
      .where('u.org_id = :orgId', { orgId })
      .orderBy('u.created_at', 'DESC')
      .addOrderBy('u.id', 'DESC')
      .limit(options.limit);
    if (options.state) qb.andWhere('u.state = :state', { state: options.state });
    if (options.after) qb.andWhere('(u.created_at, u.id) < (:createdAt, :id)', options.after);
    return qb.getMany();
  }

  /** Moves an open upload to `completed` or `aborted`; false when it was no longer open. */
  async close(uploadId: string, state: 'completed' | 'aborted', at: Date): Promise<boolean> {
    const result = await this.uow
      .manager()
      .createQueryBuilder()
      .update(UploadEntity)
      .set(state === 'completed' ? { state, completedAt: at } : { state, abortedAt: at })
      .where("id = :uploadId AND state = 'uploading'", { uploadId })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Open uploads past their expiry, oldest first: the cleanup job's work list. */
  listAbandoned(now: Date, limit: number): Promise<UploadEntity[]> {
    return this.uow
      .manager()
      .createQueryBuilder(UploadEntity, 'u')
      .where("u.state = 'uploading' AND u.expires_at < :now", { now })
      .orderBy('u.expires_at', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** For the verification job, which acts on an upload id it queued itself. */
  findByIdUnscoped(uploadId: string): Promise<UploadEntity | null> {
    return this.uow.manager().findOneBy(UploadEntity, { id: uploadId });
  }
}
