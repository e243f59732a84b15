import { Injectable } from '@nestjs/common';
import type { LicenseRequestType } from '@clearframe/contracts/license';
import type { CurrencyCodeType } from '@clearframe/contracts/money';
import { UnitOfWork } from '../database/unit-of-work.js';

/** A half-open UTC time range: `start` included, `end` excluded. */
export interface EarningsRange {
  start: Date;
  end: Date;
}

export interface LedgerMonthRow {
  month: string;
  currency: CurrencyCodeType;
  creditedMinor: number;
  reversedMinor: number;
}

export interface SalesMonthRow {
  month: string;
  currency: CurrencyCodeType;
  grossMinor: number;
  platformFeeMinor: number;
}

export interface ClipSalesRow {
  clipId: string;
  title: string;
  currency: CurrencyCodeType;
  timesLicensed: number;
  totalDurationMs: number;
  grossMinor: number;
  netMinor: number;
}

export interface LabSalesRow {
  labOrgId: string;
  labName: string;
  currency: CurrencyCodeType;
  orders: number;
  clips: number;
  grossMinor: number;
  netMinor: number;
}

/** Where the next page of licensees starts: newest paid first, then order and clip ids. */
export interface LicenseePosition {
  paidAt: Date;
  orderId: string;
  clipId: string;
}

export interface LicenseeRow extends LicenseePosition {
  clipTitle: string;
  labOrgId: string;
  labName: string;
  intendedUse: LicenseRequestType;
  currency: CurrencyCodeType;
  amountMinor: number;
  certificateId: string | null;
  grantStatus: 'active' | 'revoked' | null;
  orderStatus: string;
}

// Months are cut in UTC whatever the session's time zone says.
const MONTH_OF = (column: string) =>
  `to_char(date_trunc('month', ${column} AT TIME ZONE 'UTC'), 'YYYY-MM')`;

/**
 * The reads behind a creator studio's earnings. Every query takes the studio's org id: the
 * ledger lines of its own `creator-payable` accounts, and the order lines whose creator it is.
 */
@Injectable()
export class EarningsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /**
   * Per month and currency, what the studio's payable accounts were credited (sales, disputes
   * won) and debited (refunds, disputes), by the time each entry was recorded.
   */
  async ledgerMonths(creatorOrgId: string, range: EarningsRange): Promise<LedgerMonthRow[]> {
    const rows: {
      month: string;
      currency: CurrencyCodeType;
      credited: string;
      reversed: string;
    }[] = await this.uow.manager().query(
      `SELECT ${MONTH_OF('e.recorded_at')} AS month, a.currency,
                coalesce(-sum(l.amount_minor) FILTER (WHERE l.amount_minor < 0), 0)::text AS credited,
                coalesce(sum(l.amount_minor) FILTER (WHERE l.amount_minor > 0), 0)::text AS reversed
         FROM ledger_accounts a
         JOIN journal_lines l ON l.account_id = a.id
         JOIN journal_entries e ON e.id = l.entry_id
         WHERE a.org_id = $1 AND a.code LIKE 'creator-payable:%'
           AND e.recorded_at >= $2 AND e.recorded_at < $3
         GROUP BY 1, 2`,
      [creatorOrgId, range.start, range.end],
    );
    return rows.map((row) => ({
      month: row.month,
      currency: row.currency,
      creditedMinor: Number(row.credited),
      reversedMinor: Number(row.reversed),
    }));
  }

  /** Per month and currency, the studio's clip lines of the sales recorded that month. */
  async salesMonths(creatorOrgId: string, range: EarningsRange): Promise<SalesMonthRow[]> {
    const rows: { month: string; currency: CurrencyCodeType; gross: string; fee: string }[] =
      await this.uow.manager().query(
        `SELECT ${MONTH_OF('e.recorded_at')} AS month, o.currency,
                sum(ol.amount_minor)::text AS gross, sum(ol.platform_fee_minor)::text AS fee
         FROM order_lines ol
         JOIN orders o ON o.id = ol.order_id
         JOIN journal_entries e ON e.order_id = ol.order_id AND e.kind = 'sale'
         WHERE ol.creator_org_id = $1 AND e.recorded_at >= $2 AND e.recorded_at < $3
         GROUP BY 1, 2`,
        [creatorOrgId, range.start, range.end],
      );
    return rows.map((row) => ({
      month: row.month,
      currency: row.currency,
      grossMinor: Number(row.gross),
      platformFeeMinor: Number(row.fee),
    }));
  }

  /** The studio's clips sold in orders paid within the range, best earning first. */
  async byClip(creatorOrgId: string, range: EarningsRange): Promise<ClipSalesRow[]> {
    const rows: {
      clip_id: string;
      title: string;
      currency: CurrencyCodeType;
      n: number;
      duration: string;
      gross: string;
      net: string;
    }[] = await this.uow.manager().query(
      `SELECT ol.clip_id, c.title, o.currency, count(*)::int AS n,
              sum(ol.duration_ms)::text AS duration, sum(ol.amount_minor)::text AS gross,
              sum(ol.creator_share_minor)::text AS net
       FROM order_lines ol
       JOIN orders o ON o.id = ol.order_id
       JOIN clips c ON c.id = ol.clip_id
       WHERE ol.creator_org_id = $1 AND o.paid_at >= $2 AND o.paid_at < $3
       GROUP BY ol.clip_id, c.title, o.currency
       ORDER BY sum(ol.creator_share_minor) DESC, ol.clip_id`,
      [creatorOrgId, range.start, range.end],
    );
    return rows.map((row) => ({
      clipId: row.clip_id,
      title: row.title,
      currency: row.currency,
      timesLicensed: row.n,
      totalDurationMs: Number(row.duration),
      grossMinor: Number(row.gross),
      netMinor: Number(row.net),
    }));
  }

  /** The labs that bought the studio's clips in orders paid within the range. */
  async byLab(creatorOrgId: string, range: EarningsRange): Promise<LabSalesRow[]> {
    const rows: {
      lab_org_id: string;
      lab_name: string;
      currency: CurrencyCodeType;
      orders: number;
      clips: number;
      gross: string;
      net: string;
    }[] = await this.uow.manager().query(
      `SELECT o.org_id AS lab_org_id, lab.name AS lab_name, o.currency,
              count(DISTINCT o.id)::int AS orders, count(*)::int AS clips,
              sum(ol.amount_minor)::text AS gross, sum(ol.creator_share_minor)::text AS net
       FROM order_lines ol
       JOIN orders o ON o.id = ol.order_id
       JOIN organizations lab ON lab.id = o.org_id
       WHERE ol.creator_org_id = $1 AND o.paid_at >= $2 AND o.paid_at < $3
       GROUP BY o.org_id, lab.name, o.currency
       ORDER BY sum(ol.creator_share_minor) DESC, o.org_id`,
      [creatorOrgId, range.start, range.end],
    );
    return rows.map((row) => ({
      labOrgId: row.lab_org_id,
      labName: row.lab_name,
      currency: row.currency,
      orders: row.orders,
      clips: row.clips,
      grossMinor: Number(row.gross),
      netMinor: Number(row.net),
    }));
  }

  /**
   * One row per (paid order, clip of the studio) within the range, newest paid first, after
   * `after`; `limit + 1` rows so the caller knows whether a next page exists.
   */
  async licensees(
    creatorOrgId: string,
    range: EarningsRange,
    limit: number,
    after?: LicenseePosition,
  ): Promise<LicenseeRow[]> {
    const rows: {
      order_id: string;
      clip_id: string;
      title: string;
      lab_org_id: string;
      lab_name: string;
      intended_use: LicenseRequestType;
      paid_at: Date;
      currency: CurrencyCodeType;
      amount: string;
      certificate_id: string | null;
      grant_status: 'active' | 'revoked' | null;
      order_status: string;
    }[] = await this.uow.manager().query(
      `SELECT ol.order_id, ol.clip_id, ol.title, o.org_id AS lab_org_id, lab.name AS lab_name,
              o.intended_use, o.paid_at, o.currency, ol.creator_share_minor::text AS amount,
              g.id AS certificate_id, g.status AS grant_status, o.status AS order_status
       FROM order_lines ol
       JOIN orders o ON o.id = ol.order_id
       JOIN organizations lab ON lab.id = o.org_id
       LEFT JOIN license_grants g ON g.order_id = ol.order_id AND g.terms_hash = ol.terms_hash
       WHERE ol.creator_org_id = $1 AND o.paid_at >= $2 AND o.paid_at < $3
         AND ($4::timestamptz IS NULL OR (o.paid_at, ol.order_id, ol.clip_id) < ($4, $5::uuid, $6::uuid))
       ORDER BY o.paid_at DESC, ol.order_id DESC, ol.clip_id DESC
       LIMIT $7`,
      [
        creatorOrgId,
        range.start,
        range.end,
        after?.paidAt ?? null,
        after?.orderId ?? null,
        after?.clipId ?? null,
        limit + 1,
      ],
    );
    return rows.map((row) => ({
      orderId: row.order_id,
      clipId: row.clip_id,
      clipTitle: row.title,
      labOrgId: row.lab_org_id,
      labName: row.lab_name,
      intendedUse: row.intended_use,
      paidAt: new Date(row.paid_at),
      currency: row.currency,
      amountMinor: Number(row.amount),
      certificateId: row.certificate_id,
      grantStatus: row.grant_status,
      orderStatus: row.order_status,
    }));
  }
}
