import { Injectable } from '@nestjs/common';
import type { OutputModalityType } from '@clearframe/contracts/license';
import type { DisclosureContentType } from '@clearframe/contracts/transparency';
import { UnitOfWork } from '../database/unit-of-work.js';

export interface PublicWorkRow {
  id: string;
  name: string;
  kind: string;
  enabled: boolean;
  changedAt: Date | null;
}

/** A published disclosure of a public model that cites a certificate holding the creator's clips. */
export interface CreatorDisclosureRow {
  disclosureId: string;
  publishedAt: Date;
  content: DisclosureContentType;
  modelId: string;
  modelName: string;
  modelVersion: string;
  releaseDate: string | null;
  outputModalities: OutputModalityType[];
  labOrgId: string;
  labName: string;
  /** The cited certificates that hold the creator's clips. */
  grantIds: string[];
}

export interface CreatorClipRow {
  grantId: string;
  clipId: string;
  title: string;
  durationMs: number;
}

/**
 * The queries behind a creator studio's public licensed-work page. Every read takes the
 * creator's organization id and reaches clips only through that creator's order lines.
 */
@Injectable()
export class CreatorWorkRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** The organization and its setting (locked when `forUpdate`, to serialise changes). */
  async find(orgId: string, forUpdate = false): Promise<PublicWorkRow | null> {
    const rows: PublicWorkRow[] = await this.uow.manager().query(
      `SELECT id, name, kind, public_work_enabled AS enabled, public_work_changed_at AS "changedAt"
       FROM organizations WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [orgId],
    );
    return rows[0] ?? null;
  }

  async set(orgId: string, enabled: boolean, at: Date): Promise<void> {
    await this.uow
      .manager()
      .query(
        `UPDATE organizations SET public_work_enabled = $2, public_work_changed_at = $3 WHERE id = $1`,
        [orgId, enabled, at],
      );
  }

  /** Newest first: disclosures are public only while their model is, so only those are read. */
  disclosures(creatorOrgId: string): Promise<CreatorDisclosureRow[]> {
    return this.uow.manager().query(
      `WITH creator_grants AS (
         SELECT DISTINCT g.id
         FROM license_grants g
         JOIN order_lines l ON l.order_id = g.order_id AND l.terms_hash = g.terms_hash
         WHERE l.creator_org_id = $1
       )
       SELECT d.id AS "disclosureId", d.published_at AS "publishedAt", d.content,
              m.id AS "modelId", m.name AS "modelName", m.version AS "modelVersion",
              to_char(m.release_date, 'YYYY-MM-DD') AS "releaseDate", m.output_modalities AS "outputModalities",
              lab.id AS "labOrgId", lab.name AS "labName",
              array_agg(dc.grant_id::text ORDER BY dc.grant_id) AS "grantIds"
       FROM disclosures d
       JOIN models m ON m.id = d.model_id AND m.visibility = 'public'
       JOIN organizations lab ON lab.id = m.org_id
       JOIN disclosure_certificates dc ON dc.disclosure_id = d.id
       WHERE dc.grant_id IN (SELECT id FROM creator_grants)
       GROUP BY d.id, m.id, lab.id
       ORDER BY d.published_at DESC, d.id DESC`,
      [creatorOrgId],
    );
  }

  /** The creator's clips in `grantIds`, as licensed (the title and length the certificate holds). */
  clips(creatorOrgId: string, grantIds: readonly string[]): Promise<CreatorClipRow[]> {
    return this.uow.manager().query(
      `SELECT g.id AS "grantId", l.clip_id AS "clipId", l.title, l.duration_ms AS "durationMs"
       FROM license_grants g
       JOIN order_lines l ON l.order_id = g.order_id AND l.terms_hash = g.terms_hash
       WHERE l.creator_org_id = $1 AND g.id = ANY($2::uuid[])
       ORDER BY l.title, l.clip_id`,
      [creatorOrgId, grantIds],
    );
  }

  /** Certificates in force holding the creator's clips, and how many distinct clips they hold. */
  async licensing(creatorOrgId: string): Promise<{ certificates: number; clips: number }> {
    const [row] = (await this.uow.manager().query(
      `SELECT count(DISTINCT g.id)::int AS certificates, count(DISTINCT l.clip_id)::int AS clips
       FROM license_grants g
       JOIN order_lines l ON l.order_id = g.order_id AND l.terms_hash = g.terms_hash
       WHERE l.creator_org_id = $1 AND g.status = 'active'`,
      [creatorOrgId],
    )) as { certificates: number; clips: number }[];
    return row!;
  }
}
