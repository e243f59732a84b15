import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work.js';

export interface GrantRow {
  id: string;
  orderId: string;
  orgId: string;
  termsHash: string;
  clipsRoot: string;
  clipCount: number;
  totalSeconds: number;
  issuedAt: Date;
  validFrom: Date;
  validUntil: Date | null;
  keyId: string;
  jws: string;
  status: 'active' | 'revoked';
  revokedAt: Date | null;
  revocationReason: string | null;
}

const GRANT_COLUMNS = `id, order_id AS "orderId", org_id AS "orgId", terms_hash AS "termsHash",
  clips_root AS "clipsRoot", clip_count AS "clipCount", total_seconds::float8 AS "totalSeconds",
  issued_at AS "issuedAt", valid_from AS "validFrom", valid_until AS "validUntil",
  key_id AS "keyId", jws, status, revoked_at AS "revokedAt", revocation_reason AS "revocationReason"`;

/** License grants and their certificates. */
@Injectable()
export class LicenseGrantsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async insert(grant: Omit<GrantRow, 'status' | 'revokedAt' | 'revocationReason'>): Promise<void> {
    await this.uow.manager().query(
      `INSERT INTO license_grants (id, order_id, org_id, terms_hash, clips_root, clip_count,
         total_seconds, issued_at, valid_from, valid_until, key_id, jws, status)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,'active')
       ON CONFLICT (order_id, terms_hash) DO NOTHING`,
      [
        grant.id,
        grant.orderId,
        grant.orgId,
        grant.termsHash,
        grant.clipsRoot,
        grant.clipCount,
        grant.totalSeconds,
        grant.issuedAt,
        grant.validFrom,
        grant.validUntil,
        grant.keyId,
        grant.jws,
      ],
    );
  }

  /** The order's grants by terms hash (its lab's id is checked by the caller's order read). */
  ofOrder(orderId: string): Promise<GrantRow[]> {
    return this.uow
      .manager()
      .query(
        `SELECT ${GRANT_COLUMNS} FROM license_grants WHERE order_id = $1 ORDER BY terms_hash`,
        [orderId],
      );
  }

  /** Public: a certificate by id. */
  async byId(certificateId: string): Promise<GrantRow | null> {
    const rows: GrantRow[] = await this.uow
      .manager()
      .query(`SELECT ${GRANT_COLUMNS} FROM license_grants WHERE id = $1`, [certificateId]);
    return rows[0] ?? null;
  }

  /** Public: a certificate's clip sha256s in the order its Merkle root was computed over. */
  async clipHashesOf(certificateId: string): Promise<string[]> {
    const rows: Array<{ sha256: string }> = await this.uow.manager().query(
      `SELECT l.sha256 FROM license_grants g
         JOIN order_lines l ON l.order_id = g.order_id AND l.terms_hash = g.terms_hash
       WHERE g.id = $1 ORDER BY l.position`,
      [certificateId],
    );
    return rows.map((row) => row.sha256);
  }

  /**
   * Public: the certificates whose clips include a file with this sha256, newest first, each with
   * its clip sha256s in Merkle order (found through order_lines_sha256_idx).
   */
  coveringFile(sha256: string, limit: number): Promise<Array<GrantRow & { hashes: string[] }>> {
    return this.uow.manager().query(
      `SELECT ${GRANT_COLUMNS},
         ARRAY(SELECT x.sha256 FROM order_lines x
               WHERE x.order_id = g.order_id AND x.terms_hash = g.terms_hash
               ORDER BY x.position) AS hashes
       FROM license_grants g
       WHERE EXISTS (SELECT 1 FROM order_lines l
                     WHERE l.sha256 = $1 AND l.order_id = g.order_id AND l.terms_hash = g.terms_hash)
       ORDER BY g.issued_at DESC, g.id
       LIMIT $2`,
      [sha256, limit],
    );
  }

  async revokeAll(orderId: string, at: Date, reason: string): Promise<number> {
    const rows: unknown[] = await this.uow.manager().query(
      `UPDATE license_grants SET status = 'revoked', revoked_at = $2, revocation_reason = $3
       WHERE order_id = $1 AND status = 'active' RETURNING id`,
      [orderId, at, reason],
    );
    return rows.length;
  }

  async restoreAll(orderId: string): Promise<void> {
    await this.uow.manager().query(
      `UPDATE license_grants SET status = 'active', revoked_at = NULL, revocation_reason = NULL
       WHERE order_id = $1 AND status = 'revoked'`,
      [orderId],
    );
  }

  /**
   * The public model disclosures citing any of these grants (models not yet public are left
   * out), newest first, each with the grants it cites among them.
   */
  async publicDisclosuresCiting(grantIds: readonly string[]): Promise<
    {
      disclosureId: string;
      modelName: string;
      modelVersion: string;
      labOrgId: string;
      labName: string;
      publishedAt: Date;
      grantIds: string[];
    }[]
  > {
    if (grantIds.length === 0) return [];
    return this.uow.manager().query(
      `SELECT d.id AS "disclosureId", m.name AS "modelName", m.version AS "modelVersion",
              m.org_id AS "labOrgId", o.name AS "labName", d.published_at AS "publishedAt",
              array_agg(dc.grant_id::text ORDER BY dc.grant_id) AS "grantIds"
       FROM disclosure_certificates dc
       JOIN disclosures d ON d.id = dc.disclosure_id
       JOIN models m ON m.id = d.model_id AND m.org_id = d.org_id
       JOIN organizations o ON o.id = m.org_id
       WHERE dc.grant_id = ANY($1::uuid[]) AND m.visibility = 'public'
       GROUP BY d.id, m.name, m.version, m.org_id, o.name, d.published_at
       ORDER BY d.published_at DESC, d.id`,
      [[...grantIds]],
    );
  }
}
