import { Injectable } from '@nestjs/common';
import type { LicenseTermsType } from '@clearframe/contracts/license';
import type { ModelVisibilityType } from '@clearframe/contracts/transparency';
import { UnitOfWork } from '../database/unit-of-work.js';

/** A grant cited by a public model's current declarations, under `/2` terms. */
export interface CitedGrantRow {
  modelId: string;
  orgId: string;
  labName: string;
  modelName: string;
  modelVersion: string;
  /** `YYYY-MM-DD`. */
  releaseDate: string;
  visibility: ModelVisibilityType;
  grantId: string;
  terms: LicenseTermsType;
  /** The first disclosure of the model that cites the grant. */
  disclosedAt: Date | null;
  /** Whether the overdue state was already recorded (and notified). */
  recorded: boolean;
}

export interface RecordedRow {
  orgId: string;
  labName: string;
  modelId: string;
  modelName: string;
  modelVersion: string;
  grantId: string;
  deadline: Date;
  recordedAt: Date;
  notified: number;
  disclosedAt: Date | null;
}

/** What detection needs about disclosure obligations, and the record of overdue ones. */
@Injectable()
export class OverdueDisclosuresRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /**
   * The grants cited by the current declaration of each stage of the lab's public models with a
   * release date (`orgId` null: every lab's; `modelId` narrows to one), whose terms are `/2`.
   * Revoked grants are left out: a disclosure cannot cite them (the lab corrects the stage).
   */
  citedGrants(orgId: string | null, modelIds: readonly string[] | null): Promise<CitedGrantRow[]> {
    return this.uow.manager().query(
      `WITH current_entries AS (
         SELECT DISTINCT ON (d.model_id, d.stage) d.id, d.model_id
         FROM model_declarations d
         WHERE ($1::uuid IS NULL OR d.org_id = $1) AND ($2::uuid[] IS NULL OR d.model_id = ANY($2))
         ORDER BY d.model_id, d.stage, d.declared_at DESC, d.seq DESC
       ), cited AS (
         SELECT DISTINCT c.model_id, dg.grant_id
         FROM current_entries c JOIN model_declaration_grants dg ON dg.declaration_id = c.id
       )
       SELECT m.id AS "modelId", m.org_id AS "orgId", lab.name AS "labName",
              m.name AS "modelName", m.version AS "modelVersion",
              to_char(m.release_date, 'YYYY-MM-DD') AS "releaseDate", m.visibility,
              g.id AS "grantId", t.terms,
              (SELECT min(x.published_at) FROM disclosures x
                 JOIN disclosure_certificates xc ON xc.disclosure_id = x.id
                WHERE x.model_id = m.id AND xc.grant_id = g.id) AS "disclosedAt",
              EXISTS (SELECT 1 FROM overdue_disclosures r
                       WHERE r.model_id = m.id AND r.grant_id = g.id) AS recorded
       FROM cited c
       JOIN models m ON m.id = c.model_id
       JOIN organizations lab ON lab.id = m.org_id
       JOIN license_grants g ON g.id = c.grant_id AND g.org_id = m.org_id
       JOIN order_terms t ON t.order_id = g.order_id AND t.terms_hash = g.terms_hash
       WHERE m.visibility = 'public' AND m.release_date IS NOT NULL AND g.status <> 'revoked'
         AND t.terms->>'schema' = 'clearframe.license/2'
       ORDER BY m.id, g.id`,
      [orgId, modelIds],
    );
  }

  /** Records the overdue state once; false when it already was (another run got there first). */
  async record(entry: {
    modelId: string;
    grantId: string;
    orgId: string;
    deadline: Date;
    recordedAt: Date;
  }): Promise<boolean> {
    const rows: unknown[] = await this.uow.manager().query(
      `INSERT INTO overdue_disclosures (model_id, grant_id, org_id, deadline, recorded_at, notified)
       VALUES ($1, $2, $3, $4, $5, 0)
       ON CONFLICT (model_id, grant_id) DO NOTHING
       RETURNING model_id`,
      [entry.modelId, entry.grantId, entry.orgId, entry.deadline, entry.recordedAt],
    );
    return rows.length > 0;
  }

  async setNotified(modelId: string, grantId: string, notified: number): Promise<void> {
    await this.uow
      .manager()
      .query(`UPDATE overdue_disclosures SET notified = $3 WHERE model_id = $1 AND grant_id = $2`, [
        modelId,
        grantId,
        notified,
      ]);
  }

  /** The creator studios whose clips the grant licensed, with their owners' addresses. */
  creatorOwners(grantId: string): Promise<{ orgId: string; name: string; emails: string[] }[]> {
    return this.uow.manager().query(
      `SELECT o.id AS "orgId", o.name,
              COALESCE(array_agg(u.email ORDER BY u.email)
                         FILTER (WHERE u.email IS NOT NULL), '{}') AS emails
       FROM organizations o
       LEFT JOIN memberships ms ON ms.org_id = o.id AND ms.role = 'owner'
       LEFT JOIN users u ON u.id = ms.user_id
       WHERE o.id IN (SELECT l.creator_org_id FROM license_grants g
                        JOIN order_lines l ON l.order_id = g.order_id AND l.terms_hash = g.terms_hash
                       WHERE g.id = $1)
       GROUP BY o.id, o.name
       ORDER BY o.id`,
      [grantId],
    );
  }

  /** Every recorded overdue disclosure, newest first, with the first disclosure since (operators). */
  recorded(): Promise<RecordedRow[]> {
    return this.uow.manager().query(
      `SELECT r.org_id AS "orgId", lab.name AS "labName", m.id AS "modelId",
              m.name AS "modelName", m.version AS "modelVersion", r.grant_id AS "grantId",
              r.deadline, r.recorded_at AS "recordedAt", r.notified,
              (SELECT min(x.published_at) FROM disclosures x
                 JOIN disclosure_certificates xc ON xc.disclosure_id = x.id
                WHERE x.model_id = r.model_id AND xc.grant_id = r.grant_id) AS "disclosedAt"
       FROM overdue_disclosures r
       JOIN models m ON m.id = r.model_id
       JOIN organizations lab ON lab.id = r.org_id
       ORDER BY r.recorded_at DESC, r.model_id, r.grant_id`,
    );
  }

  /** Every member of an operator organization. */
  async operatorEmails(): Promise<string[]> {
    const rows: { email: string }[] = await this.uow.manager().query(
      `SELECT DISTINCT u.email FROM memberships ms
       JOIN organizations o ON o.id = ms.org_id AND o.kind = 'operator'
       JOIN users u ON u.id = ms.user_id
       ORDER BY u.email`,
    );
    return rows.map((row) => row.email);
  }
}
