import { Injectable } from '@nestjs/common';
import type { DisclosureContentType } from '@clearframe/contracts/transparency';
import { UnitOfWork } from '../database/unit-of-work.js';

export interface DisclosureRow {
  id: string;
  modelId: string;
  orgId: string;
  content: DisclosureContentType;
  keyId: string;
  jws: string;
  publishedAt: Date;
  /** The model's visibility now: only a public model's disclosures are public. */
  modelPublic: boolean;
}

/** What the cited grants cover, each clip counted once. */
export interface FootageStats {
  clips: number;
  durationMs: number;
  creators: number;
  listedFrom: Date | null;
  listedUntil: Date | null;
}

const COLUMNS = `d.id, d.model_id AS "modelId", d.org_id AS "orgId", d.content, d.key_id AS "keyId",
  d.jws, d.published_at AS "publishedAt", (m.visibility = 'public') AS "modelPublic"`;

/** Published disclosures (append-only) and the figures they are built from. */
@Injectable()
export class DisclosuresRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async insert(row: Omit<DisclosureRow, 'modelPublic'>, grantIds: readonly string[]) {
    const manager = this.uow.manager();
    await manager.query(
      `INSERT INTO disclosures (id, model_id, org_id, content, key_id, jws, published_at)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7)`,
      [
        row.id,
        row.modelId,
        row.orgId,
        JSON.stringify(row.content),
        row.keyId,
        row.jws,
        row.publishedAt,
      ],
    );
    await manager.query(
      `INSERT INTO disclosure_certificates (disclosure_id, grant_id)
       SELECT $1, unnest($2::uuid[])`,
      [row.id, grantIds],
    );
  }

  /** Public: a disclosure by id, with its model's visibility (the caller decides). */
  async byId(id: string): Promise<DisclosureRow | null> {
    const rows: DisclosureRow[] = await this.uow
      .manager()
      .query(
        `SELECT ${COLUMNS} FROM disclosures d JOIN models m ON m.id = d.model_id WHERE d.id = $1`,
        [id],
      );
    return rows[0] ?? null;
  }

  async inOrg(orgId: string, modelId: string, id: string): Promise<DisclosureRow | null> {
    const rows: DisclosureRow[] = await this.uow.manager().query(
      `SELECT ${COLUMNS} FROM disclosures d JOIN models m ON m.id = d.model_id
       WHERE d.org_id = $1 AND d.model_id = $2 AND d.id = $3`,
      [orgId, modelId, id],
    );
    return rows[0] ?? null;
  }

  /** The lab's disclosures of its models, newest first (pass model ids to narrow). */
  ofModels(orgId: string, modelIds: readonly string[]): Promise<DisclosureRow[]> {
    return this.uow.manager().query(
      `SELECT ${COLUMNS} FROM disclosures d JOIN models m ON m.id = d.model_id
       WHERE d.org_id = $1 AND d.model_id = ANY($2::uuid[])
       ORDER BY d.published_at DESC, d.id DESC`,
      [orgId, modelIds],
    );
  }

  /** Distinct clips, seconds, creators and listing dates over the clips of `grantIds`. */
  async footage(grantIds: readonly string[]): Promise<FootageStats> {
    const [row] = (await this.uow.manager().query(
      `WITH clips_of AS (
         SELECT DISTINCT ON (l.clip_id) l.clip_id, l.duration_ms, l.creator_org_id
         FROM license_grants g
         JOIN order_lines l ON l.order_id = g.order_id AND l.terms_hash = g.terms_hash
         WHERE g.id = ANY($1::uuid[])
         ORDER BY l.clip_id
       )
       SELECT count(*)::int AS clips, COALESCE(sum(c.duration_ms), 0)::float8 AS "durationMs",
              count(DISTINCT c.creator_org_id)::int AS creators,
              min(k.listed_at) AS "listedFrom", max(k.listed_at) AS "listedUntil"
       FROM clips_of c JOIN clips k ON k.id = c.clip_id`,
      [grantIds],
    )) as FootageStats[];
    return row!;
  }
}
