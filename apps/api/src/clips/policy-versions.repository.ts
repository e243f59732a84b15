import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { selectRows } from '../database/sql.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { ClipPolicyVersionEntity } from './clip-policy-version.entity.js';

/** Policy versions: inserted, never updated (a trigger refuses it). Read by id or clip. */
@Injectable()
export class PolicyVersionsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** Inserts the clip's next version (1 for its first); the caller holds the clip's row lock. */
  async append(
    version: Omit<ClipPolicyVersionEntity, 'id' | 'version'>,
  ): Promise<ClipPolicyVersionEntity> {
    const manager = this.uow.manager();
    const [row] = await selectRows<{ next: number }>(
      manager,
      `SELECT COALESCE(MAX(version), 0) + 1 AS next FROM clip_policy_versions WHERE clip_id = $1`,
      [version.clipId],
    );
    return manager.save(
      ClipPolicyVersionEntity,
      manager.create(ClipPolicyVersionEntity, { ...version, version: Number(row!.next) }),
    );
  }

  /** The versions with these ids, by id (the clips' current ones, say). */
  async byIds(ids: readonly (string | null)[]): Promise<Map<string, ClipPolicyVersionEntity>> {
    const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
    if (wanted.length === 0) return new Map();
    const rows = await this.uow.manager().findBy(ClipPolicyVersionEntity, { id: In(wanted) });
    return new Map(rows.map((row) => [row.id, row]));
  }
}
