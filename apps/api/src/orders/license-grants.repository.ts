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
}
