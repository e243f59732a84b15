import { Injectable } from '@nestjs/common';
import type { LicenseTermsType } from '@clearframe/contracts/license';
import type { CurrencyCodeType } from '@clearframe/contracts/money';
import type { TrainingStageType } from '@clearframe/contracts/transparency';
import { UnitOfWork } from '../database/unit-of-work.js';

export interface ClipGrantRow {
  certificateId: string;
  labOrgId: string;
  labName: string;
  terms: LicenseTermsType;
  termsHash: string;
  issuedAt: Date;
  validFrom: Date;
  validUntil: Date | null;
  status: 'active' | 'revoked';
  creatorShareMinor: number;
  currency: CurrencyCodeType;
}

export interface GrantCitationRow {
  grantId: string;
  modelId: string;
  modelName: string;
  modelVersion: string;
  modelPublic: boolean;
  stage: TrainingStageType;
  declaredAt: Date;
  current: boolean;
  disclosureId: string | null;
}

/** A creator's view of one clip's licenses: always scoped to the creator's organization. */
@Injectable()
export class ClipLicensesRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async clipInOrg(orgId: string, clipId: string): Promise<boolean> {
    const rows: unknown[] = await this.uow
      .manager()
      .query(`SELECT 1 FROM clips WHERE id = $1 AND org_id = $2`, [clipId, orgId]);
    return rows.length > 0;
  }

  /** Every grant covering the clip sold by this creator, oldest first. */
  grants(creatorOrgId: string, clipId: string): Promise<ClipGrantRow[]> {
    return this.uow.manager().query(
      `SELECT g.id AS "certificateId", g.org_id AS "labOrgId", lab.name AS "labName", t.terms,
              g.terms_hash AS "termsHash", g.issued_at AS "issuedAt", g.valid_from AS "validFrom",
              g.valid_until AS "validUntil", g.status,
              l.creator_share_minor::float8 AS "creatorShareMinor", o.currency
       FROM order_lines l
       JOIN license_grants g ON g.order_id = l.order_id AND g.terms_hash = l.terms_hash
       JOIN order_terms t ON t.order_id = g.order_id AND t.terms_hash = g.terms_hash
       JOIN orders o ON o.id = l.order_id
       JOIN organizations lab ON lab.id = g.org_id
       WHERE l.clip_id = $1 AND l.creator_org_id = $2
       ORDER BY g.issued_at, g.id`,
      [clipId, creatorOrgId],
    );
  }

  /**
   * Every declaration citing one of `grantIds`, whether it is still its stage's newest, and the
   * newest disclosure of that model listing the grant.
   */
  citations(grantIds: readonly string[]): Promise<GrantCitationRow[]> {
    return this.uow.manager().query(
      `WITH ranked AS (
         SELECT d.*, row_number() OVER (
           PARTITION BY d.model_id, d.stage ORDER BY d.declared_at DESC, d.seq DESC) = 1 AS current
         FROM model_declarations d
         WHERE d.model_id IN (
           SELECT d2.model_id FROM model_declarations d2
           JOIN model_declaration_grants dg2 ON dg2.declaration_id = d2.id
           WHERE dg2.grant_id = ANY($1::uuid[]))
       )
       SELECT dg.grant_id AS "grantId", m.id AS "modelId", m.name AS "modelName",
              m.version AS "modelVersion", (m.visibility = 'public') AS "modelPublic",
              r.stage, r.declared_at AS "declaredAt", r.current,
              (SELECT dc.disclosure_id FROM disclosure_certificates dc
               JOIN disclosures x ON x.id = dc.disclosure_id
               WHERE dc.grant_id = dg.grant_id AND x.model_id = m.id
               ORDER BY x.published_at DESC LIMIT 1) AS "disclosureId"
       FROM ranked r
       JOIN model_declaration_grants dg ON dg.declaration_id = r.id
       JOIN models m ON m.id = r.model_id
       WHERE dg.grant_id = ANY($1::uuid[])
       ORDER BY r.declared_at, m.name, r.stage`,
      [grantIds],
    );
  }
}
