import { Injectable } from '@nestjs/common';
import type { OrderPaymentType, OrderStatusType } from '@clearframe/contracts/demand';
import type { LicenseRequestType, LicenseTermsType } from '@clearframe/contracts/license';
import type { CurrencyCodeType } from '@clearframe/contracts/money';
import type { QuoteType } from '@clearframe/contracts/pricing';
import { UnitOfWork } from '../database/unit-of-work.js';

export interface OrderRow {
  id: string;
  orgId: string;
  bundleId: string | null;
  name: string;
  status: OrderStatusType;
  /** How it is paid, frozen when placed: a checkout, or an invoice (its id, URL, due date in checkout*). */
  payment: OrderPaymentType;
  idempotencyKey: string;
  requestFingerprint: string;
  intendedUse: LicenseRequestType;
  rateCardId: string;
  currency: CurrencyCodeType;
  totalMinor: number;
  platformFeeMinor: number;
  creatorShareMinor: number;
  clipCount: number;
  totalDurationMs: number;
  quote: QuoteType;
  checkoutSessionId: string | null;
  checkoutUrl: string | null;
  checkoutExpiresAt: Date | null;
  paymentId: string | null;
  createdAt: Date;
  paidAt: Date | null;
  fulfilledAt: Date | null;
  refundedAt: Date | null;
  cancelledAt: Date | null;
}

export interface OrderLineRow {
  orderId: string;
  clipId: string;
  creatorOrgId: string;
  policyVersionId: string;
  termsHash: string;
  position: number;
  title: string;
  sha256: string;
  sizeBytes: number;
  durationMs: number;
  amountMinor: number;
  platformFeeMinor: number;
  creatorShareMinor: number;
}

export interface OrderTermsRow {
  termsHash: string;
  terms: LicenseTermsType;
  clipCount: number;
}

const ORDER_COLUMNS = `
  id, org_id AS "orgId", bundle_id AS "bundleId", name, status, payment,
  idempotency_key AS "idempotencyKey", request_fingerprint AS "requestFingerprint",
  intended_use AS "intendedUse", rate_card_id AS "rateCardId", currency,
  total_minor::float8 AS "totalMinor", platform_fee_minor::float8 AS "platformFeeMinor",
  creator_share_minor::float8 AS "creatorShareMinor", clip_count AS "clipCount",
  total_duration_ms::float8 AS "totalDurationMs", quote,
  checkout_session_id AS "checkoutSessionId", checkout_url AS "checkoutUrl",
  checkout_expires_at AS "checkoutExpiresAt", payment_id AS "paymentId",
  created_at AS "createdAt", paid_at AS "paidAt", fulfilled_at AS "fulfilledAt",
  refunded_at AS "refundedAt", cancelled_at AS "cancelledAt"`;

/**
 * Orders, their frozen lines and terms, and exclusive holds. Reads a lab sees take the lab's
 * organization id; the ones by id alone serve payment events, which carry no organization.
 */
@Injectable()
export class OrdersRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get db() {
    return this.uow.manager();
  }

  async insert(
    order: Omit<
      OrderRow,
      | 'id'
      | 'checkoutSessionId'
      | 'checkoutUrl'
      | 'checkoutExpiresAt'
      | 'paymentId'
      | 'paidAt'
      | 'fulfilledAt'
      | 'refundedAt'
      | 'cancelledAt'
    > & {
      placedBy: string | null;
      placedByApiKey: string | null;
    },
  ): Promise<string> {
    const [row] = (await this.db.query(
      `INSERT INTO orders (org_id, bundle_id, name, status, idempotency_key, request_fingerprint,
         intended_use, rate_card_id, currency, total_minor, platform_fee_minor, creator_share_minor,
         clip_count, total_duration_ms, quote, placed_by, placed_by_api_key, created_at, payment)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19) RETURNING id`,
      [
        order.orgId,
        order.bundleId,
        order.name,
        order.status,
        order.idempotencyKey,
        order.requestFingerprint,
        JSON.stringify(order.intendedUse),
        order.rateCardId,
        order.currency,
        order.totalMinor,
        order.platformFeeMinor,
        order.creatorShareMinor,
        order.clipCount,
        order.totalDurationMs,
        JSON.stringify(order.quote),
        order.placedBy,
        order.placedByApiKey,
        order.createdAt,
        order.payment,
      ],
    )) as { id: string }[];
    return row!.id;
  }

  async insertTerms(orderId: string, orgId: string, terms: OrderTermsRow[]): Promise<void> {
    for (const group of terms) {
      await this.db.query(
        `INSERT INTO order_terms (order_id, org_id, terms_hash, terms, clip_count) VALUES ($1,$2,$3,$4,$5)`,
        [orderId, orgId, group.termsHash, JSON.stringify(group.terms), group.clipCount],
      );
    }
  }

  /** Inserts lines in batches, one statement per 500. */
  async insertLines(orgId: string, lines: OrderLineRow[]): Promise<void> {
    for (let start = 0; start < lines.length; start += 500) {
      const batch = lines.slice(start, start + 500);
      const values: unknown[] = [];
      const tuples = batch.map((line, index) => {
        values.push(
          line.orderId,
          orgId,
          line.clipId,
          line.creatorOrgId,
          line.policyVersionId,
          line.termsHash,
          line.position,
          line.title,
          line.sha256,
          line.sizeBytes,
          line.durationMs,
          line.amountMinor,
          line.platformFeeMinor,
          line.creatorShareMinor,
        );
        const base = index * 14;
        return `(${Array.from({ length: 14 }, (_, k) => `$${base + k + 1}`).join(',')})`;
      });
      await this.db.query(
        `INSERT INTO order_lines (order_id, org_id, clip_id, creator_org_id, policy_version_id,
           terms_hash, position, title, sha256, size_bytes, duration_ms, amount_minor,
           platform_fee_minor, creator_share_minor) VALUES ${tuples.join(',')}`,
        values,
      );
    }
  }

  /** Holds each clip exclusively for the order over [from, until); the database refuses overlaps. */
  async insertHolds(
    orderId: string,
    labOrgId: string,
    clipIds: readonly string[],
    from: Date,
    until: Date,
  ): Promise<void> {
    if (clipIds.length === 0) return;
    await this.db.query(
      `INSERT INTO exclusive_holds (clip_id, order_id, lab_org_id, during, state)
       SELECT clip_id, $2, $3, tstzrange($4, $5, '[)'), 'pending' FROM unnest($1::uuid[]) AS clip_id`,
      [[...clipIds], orderId, labOrgId, from, until],
    );
  }

  /** Ends the order's pending holds at `until` (an invoice's due date, known once it is sent). */
  async endPendingHoldsAt(orderId: string, until: Date): Promise<void> {
    await this.db.query(
      `UPDATE exclusive_holds SET during = tstzrange(lower(during), $2, '[)')
       WHERE order_id = $1 AND state = 'pending' AND lower(during) < $2`,
      [orderId, until],
    );
  }

  /** Turns the order's pending holds into its licensed exclusivity over [from, until). */
  async licenseHolds(orderId: string, from: Date, until: Date): Promise<void> {
    await this.db.query(
      `UPDATE exclusive_holds SET during = tstzrange($2, $3, '[)'), state = 'licensed'
       WHERE order_id = $1 AND state <> 'released'`,
      [orderId, from, until],
    );
  }

  async releaseHolds(orderId: string): Promise<void> {
    await this.db.query(
      `UPDATE exclusive_holds SET state = 'released' WHERE order_id = $1 AND state <> 'released'`,
      [orderId],
    );
  }

  async findByKey(orgId: string, idempotencyKey: string): Promise<OrderRow | null> {
    const rows: OrderRow[] = await this.db.query(
      `SELECT ${ORDER_COLUMNS} FROM orders WHERE org_id = $1 AND idempotency_key = $2`,
      [orgId, idempotencyKey],
    );
    return rows[0] ?? null;
  }

  async findInOrg(orgId: string, orderId: string): Promise<OrderRow | null> {
    const rows: OrderRow[] = await this.db.query(
      `SELECT ${ORDER_COLUMNS} FROM orders WHERE org_id = $1 AND id = $2`,
      [orgId, orderId],
    );
    return rows[0] ?? null;
  }

  /** Newest first. */
  listForOrg(orgId: string, limit = 200): Promise<OrderRow[]> {
    return this.db.query(
      `SELECT ${ORDER_COLUMNS} FROM orders WHERE org_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
      [orgId, limit],
    );
  }

  /** For the orders' own jobs, which act for no tenant: the order, by id alone. */
  async findById(orderId: string): Promise<OrderRow | null> {
    const rows: OrderRow[] = await this.db.query(
      `SELECT ${ORDER_COLUMNS} FROM orders WHERE id = $1`,
      [orderId],
    );
    return rows[0] ?? null;
  }

  /** For payment events: the order, locked for the rest of the transaction. */
  async lockById(orderId: string): Promise<OrderRow | null> {
    const rows: OrderRow[] = await this.db.query(
      `SELECT ${ORDER_COLUMNS} FROM orders WHERE id = $1 FOR UPDATE`,
      [orderId],
    );
    return rows[0] ?? null;
  }

  async lockByPayment(paymentId: string): Promise<OrderRow | null> {
    const rows: OrderRow[] = await this.db.query(
      `SELECT ${ORDER_COLUMNS} FROM orders WHERE payment_id = $1 FOR UPDATE`,
      [paymentId],
    );
    return rows[0] ?? null;
  }

  async findByCheckout(sessionId: string): Promise<OrderRow | null> {
    const rows: OrderRow[] = await this.db.query(
      `SELECT ${ORDER_COLUMNS} FROM orders WHERE checkout_session_id = $1`,
      [sessionId],
    );
    return rows[0] ?? null;
  }

  async setCheckout(
    orderId: string,
    checkout: { sessionId: string; url: string; expiresAt: Date },
  ): Promise<void> {
    await this.db.query(
      `UPDATE orders SET checkout_session_id = $2, checkout_url = $3, checkout_expires_at = $4 WHERE id = $1`,
      [orderId, checkout.sessionId, checkout.url, checkout.expiresAt],
    );
  }

  async update(
    orderId: string,
    patch: Partial<
      Pick<
        OrderRow,
        'status' | 'paymentId' | 'paidAt' | 'fulfilledAt' | 'refundedAt' | 'cancelledAt'
      >
    >,
  ): Promise<void> {
    const columns: Record<string, string> = {
      status: 'status',
      paymentId: 'payment_id',
      paidAt: 'paid_at',
      fulfilledAt: 'fulfilled_at',
      refundedAt: 'refunded_at',
      cancelledAt: 'cancelled_at',
    };
    const entries = Object.entries(patch);
    if (entries.length === 0) return;
    await this.db.query(
      `UPDATE orders SET ${entries.map(([key], index) => `${columns[key]} = $${index + 2}`).join(', ')} WHERE id = $1`,
      [orderId, ...entries.map(([, value]) => value)],
    );
  }

  termsOf(orderId: string): Promise<OrderTermsRow[]> {
    return this.db.query(
      `SELECT terms_hash AS "termsHash", terms, clip_count AS "clipCount" FROM order_terms
       WHERE order_id = $1 ORDER BY terms_hash`,
      [orderId],
    );
  }

  /** The order's lines, by terms then Merkle position. */
  linesOf(orderId: string): Promise<OrderLineRow[]> {
    return this.db.query(
      `SELECT ${lineColumns('')} FROM order_lines WHERE order_id = $1 ORDER BY terms_hash, position`,
      [orderId],
    );
  }

  /** One page of an order's lines for the manifest, after (termsHash, position). */
  manifestPage(
    orderId: string,
    termsHashes: readonly string[],
    after: { termsHash: string; position: number } | null,
    limit: number,
  ): Promise<OrderLineRow[]> {
    return this.db.query(
      `SELECT ${lineColumns('')} FROM order_lines
       WHERE order_id = $1 AND terms_hash = ANY($2::text[])
         AND ($3::text IS NULL OR (terms_hash, position) > ($3, $4))
       ORDER BY terms_hash, position LIMIT $5`,
      [orderId, [...termsHashes], after?.termsHash ?? null, after?.position ?? 0, limit],
    );
  }

  /** Pending orders whose payment window has passed. */
  lapsed(now: Date, limit = 100): Promise<{ id: string }[]> {
    return this.db.query(
      `SELECT id FROM orders WHERE status = 'pending_payment' AND checkout_expires_at < $1
       ORDER BY checkout_expires_at LIMIT $2`,
      [now, limit],
    );
  }
}

function lineColumns(p: string): string {
  return `${p}order_id AS "orderId", ${p}clip_id AS "clipId", ${p}creator_org_id AS "creatorOrgId",
  ${p}policy_version_id AS "policyVersionId", ${p}terms_hash AS "termsHash", ${p}position,
  ${p}title, ${p}sha256, ${p}size_bytes::float8 AS "sizeBytes", ${p}duration_ms AS "durationMs",
  ${p}amount_minor::float8 AS "amountMinor", ${p}platform_fee_minor::float8 AS "platformFeeMinor",
  ${p}creator_share_minor::float8 AS "creatorShareMinor"`;
}
