import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work.js';

/**
 * Exclusive holds on clips (table `exclusive_holds`, written by orders): a pending order's hold
 * while it awaits payment, a paid order's for its exclusivity window. The database's exclusion
 * constraint keeps live holds of one clip from overlapping; this reads them for quotes.
 */
@Injectable()
export class ExclusiveHoldsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** The clips among `clipIds` another lab holds exclusively at `at` or later. */
  async heldByOthers(labOrgId: string, clipIds: readonly string[], at: Date): Promise<Set<string>> {
    if (clipIds.length === 0) return new Set();
    const rows: { clip_id: string }[] = await this.uow.manager().query(
      `SELECT DISTINCT clip_id FROM exclusive_holds
       WHERE clip_id = ANY($1::uuid[]) AND state <> 'released' AND lab_org_id <> $2
         AND upper(during) > $3`,
      [[...clipIds], labOrgId, at],
    );
    return new Set(rows.map((row) => row.clip_id));
  }
}
