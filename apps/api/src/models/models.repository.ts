import { Injectable } from '@nestjs/common';
import type { LicenseTermsType, OutputModalityType } from '@clearframe/contracts/license';
import type { ModelVisibilityType, TrainingStageType } from '@clearframe/contracts/transparency';
import { UnitOfWork } from '../database/unit-of-work.js';

export interface ModelRow {
  id: string;
  orgId: string;
  name: string;
  version: string;
  /** `YYYY-MM-DD`. */
  releaseDate: string | null;
  outputModalities: OutputModalityType[];
  visibility: ModelVisibilityType;
  createdAt: Date;
  updatedAt: Date;
}

export interface DeclarationRow {
  id: string;
  modelId: string;
  stage: TrainingStageType;
  usedAt: Date;
  note: string | null;
  declaredAt: Date;
  grantIds: string[];
  /** The newest entry of its model and stage. */
  current: boolean;
}

/** A lab's grant with the terms it was issued under. */
export interface HeldGrantRow {
  id: string;
  orderId: string;
  orderName: string;
  termsHash: string;
  terms: LicenseTermsType;
  clipsRoot: string;
  clipCount: number;
  totalSeconds: number;
  validFrom: Date;
  validUntil: Date | null;
  status: 'active' | 'revoked';
  revokedAt: Date | null;
  revocationReason: string | null;
}

const MODEL_COLUMNS = `id, org_id AS "orgId", name, version,
  to_char(release_date, 'YYYY-MM-DD') AS "releaseDate", output_modalities AS "outputModalities",
  visibility, created_at AS "createdAt", updated_at AS "updatedAt"`;

const HELD_GRANT_COLUMNS = `g.id, g.order_id AS "orderId", o.name AS "orderName",
  g.terms_hash AS "termsHash", t.terms, g.clips_root AS "clipsRoot", g.clip_count AS "clipCount",
  g.total_seconds::float8 AS "totalSeconds", g.valid_from AS "validFrom",
  g.valid_until AS "validUntil", g.status, g.revoked_at AS "revokedAt",
  g.revocation_reason AS "revocationReason"`;
const HELD_GRANT_FROM = `license_grants g
  JOIN order_terms t ON t.order_id = g.order_id AND t.terms_hash = g.terms_hash
  JOIN orders o ON o.id = g.order_id`;

/** Models and their declarations. Every read takes the lab's id. */
@Injectable()
export class ModelsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async insert(
    model: Omit<ModelRow, 'id' | 'updatedAt'> & {
      createdBy: string | null;
      createdByApiKey: string | null;
    },
  ): Promise<ModelRow> {
    const rows: ModelRow[] = await this.uow.manager().query(
      `INSERT INTO models (org_id, name, version, release_date, output_modalities, visibility,
         created_by, created_by_api_key, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
       RETURNING ${MODEL_COLUMNS}`,
      [
        model.orgId,
        model.name,
        model.version,
        model.releaseDate,
        model.outputModalities,
        model.visibility,
        model.createdBy,
        model.createdByApiKey,
        model.createdAt,
      ],
    );
    return rows[0]!;
  }

  async findInOrg(orgId: string, modelId: string): Promise<ModelRow | null> {
    const rows: ModelRow[] = await this.uow
      .manager()
      .query(`SELECT ${MODEL_COLUMNS} FROM models WHERE org_id = $1 AND id = $2`, [orgId, modelId]);
    return rows[0] ?? null;
  }

  listInOrg(orgId: string, onlyPublic = false): Promise<ModelRow[]> {
    return this.uow.manager().query(
      `SELECT ${MODEL_COLUMNS} FROM models
       WHERE org_id = $1 AND ($2::boolean IS FALSE OR visibility = 'public')
       ORDER BY created_at DESC, id DESC`,
      [orgId, onlyPublic],
    );
  }

  async update(
    orgId: string,
    modelId: string,
    patch: { visibility?: ModelVisibilityType; releaseDate?: string | null },
    now: Date,
  ): Promise<ModelRow | null> {
    // TypeORM answers an UPDATE … RETURNING with [rows, rowCount].
    const [rows] = (await this.uow.manager().query(
      `UPDATE models SET
         visibility = COALESCE($3, visibility),
         release_date = CASE WHEN $4::boolean THEN $5::date ELSE release_date END,
         updated_at = $6
       WHERE org_id = $1 AND id = $2
       RETURNING ${MODEL_COLUMNS}`,
      [
        orgId,
        modelId,
        patch.visibility ?? null,
        patch.releaseDate !== undefined,
        patch.releaseDate ?? null,
        now,
      ],
    )) as [ModelRow[], number];
    return rows[0] ?? null;
  }

  /** The lab's grants among `grantIds` (another lab's ids simply do not come back). */
  heldGrants(orgId: string, grantIds: readonly string[]): Promise<HeldGrantRow[]> {
    return this.uow.manager().query(
      `SELECT ${HELD_GRANT_COLUMNS} FROM ${HELD_GRANT_FROM}
       WHERE g.org_id = $1 AND g.id = ANY($2::uuid[])`,
      [orgId, grantIds],
    );
  }

  /** Every grant the lab holds, newest first. */
  allHeldGrants(orgId: string): Promise<HeldGrantRow[]> {
    return this.uow.manager().query(
      `SELECT ${HELD_GRANT_COLUMNS} FROM ${HELD_GRANT_FROM}
       WHERE g.org_id = $1 ORDER BY g.issued_at DESC, g.id`,
      [orgId],
    );
  }

  async insertDeclaration(entry: {
    orgId: string;
    modelId: string;
    stage: TrainingStageType;
    usedAt: Date;
    note: string | null;
    declaredAt: Date;
    grantIds: readonly string[];
  }): Promise<string> {
    const manager = this.uow.manager();
    const [row] = (await manager.query(
      `INSERT INTO model_declarations (model_id, org_id, stage, used_at, note, declared_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [entry.modelId, entry.orgId, entry.stage, entry.usedAt, entry.note, entry.declaredAt],
    )) as { id: string }[];
    if (entry.grantIds.length > 0) {
      await manager.query(
        `INSERT INTO model_declaration_grants (declaration_id, org_id, grant_id, position)
         SELECT $1, $2, grant_id, position - 1
         FROM unnest($3::uuid[]) WITH ORDINALITY AS cited (grant_id, position)`,
        [row!.id, entry.orgId, entry.grantIds],
      );
    }
    return row!.id;
  }

  /** The model's declarations, newest first, each with the grants it cites in order. */
  declarations(orgId: string, modelId: string): Promise<DeclarationRow[]> {
    return this.uow.manager().query(
      `SELECT d.id, d.model_id AS "modelId", d.stage, d.used_at AS "usedAt", d.note,
              d.declared_at AS "declaredAt",
              COALESCE((SELECT array_agg(dg.grant_id ORDER BY dg.position)
                        FROM model_declaration_grants dg WHERE dg.declaration_id = d.id),
                       '{}') AS "grantIds",
              row_number() OVER (PARTITION BY d.stage ORDER BY d.declared_at DESC, d.seq DESC) = 1
                AS current
       FROM model_declarations d
       WHERE d.org_id = $1 AND d.model_id = $2
       ORDER BY d.declared_at DESC, d.seq DESC`,
      [orgId, modelId],
    );
  }
}
