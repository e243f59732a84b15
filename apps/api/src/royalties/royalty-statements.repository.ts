import { Injectable } from '@nestjs/common';
import type { CurrencyCodeType } from '@clearframe/contracts/money';
import { UnitOfWork } from '../database/unit-of-work.js';
import type { RoyaltyPeriod } from './royalty-period.js';
import type {
  StatementLine,
  StatementLineKind,
  StatementStatus,
  StatementTotals,
} from './royalty-statement.js';

/** A creator's payable account in one currency: what one statement states. */
export interface PayableRef {
  orgId: string;
  currency: CurrencyCodeType;
}

export interface StatementHead extends StatementTotals {
  id: string;
  orgId: string;
  period: string;
  currency: CurrencyCodeType;
  status: StatementStatus;
  lineCount: number;
  csvKey: string | null;
  pdfKey: string | null;
  contentSha256: string | null;
  pdfSha256: string | null;
  createdAt: Date;
  finalizedAt: Date | null;
}

/** A journal entry on the creator's payable account that no statement covers yet. */
export interface UncoveredEntry {
  id: string;
  kind: string;
  orderId: string | null;
  recordedAt: Date;
  /** The entry's lines on the payable account (credit negative: a sale is < 0). */
  amountMinor: number;
}

export interface SoldClipRow {
  orderId: string;
  labOrgId: string;
  labName: string;
  clipId: string;
  title: string;
  durationMs: number;
  termsHash: string;
  amountMinor: number;
  platformFeeMinor: number;
  creatorShareMinor: number;
}

const HEAD_COLUMNS = `id, org_id, period, currency, status, line_count, csv_key, pdf_key, content_sha256,
  pdf_sha256, created_at, finalized_at, opening_minor::text, gross_minor::text, platform_fee_minor::text,
  net_minor::text, refunds_minor::text, payouts_minor::text, closing_minor::text`;

/** The statements' SQL. Reads for a studio take its org id, so another studio's rows never match. */
@Injectable()
export class RoyaltyStatementsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private query<T>(text: string, params: unknown[] = []): Promise<T[]> {
    return this.uow.manager().query(text, params);
  }

  /**
   * Every payable that may need a statement for the period: one with entries recorded before the
   * period ended that no statement covers, one that carries a balance forward, and one that
   * already has this period's statement (so a rerun reports it, or finishes its documents).
   */
  async candidates(period: RoyaltyPeriod): Promise<PayableRef[]> {
    const rows: { org_id: string; currency: CurrencyCodeType }[] = await this.query(
      `SELECT a.org_id, a.currency FROM ledger_accounts a
        WHERE a.code LIKE 'creator-payable:%' AND a.org_id IS NOT NULL AND EXISTS (
          SELECT 1 FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
           WHERE l.account_id = a.id AND e.recorded_at < $1
             AND NOT EXISTS (SELECT 1 FROM royalty_statement_entries c
                              WHERE c.org_id = a.org_id AND c.entry_id = e.id))
       UNION
       SELECT s.org_id, s.currency FROM royalty_statements s
        WHERE s.period < $2 AND s.closing_minor <> 0 AND NOT EXISTS (
          SELECT 1 FROM royalty_statements n
           WHERE n.org_id = s.org_id AND n.currency = s.currency AND n.period > s.period)
       UNION
       SELECT org_id, currency FROM royalty_statements WHERE period = $2
       ORDER BY 1, 2`,
      [period.end, period.id],
    );
    return rows.map((row) => ({ orgId: row.org_id, currency: row.currency }));
  }

  /** Serializes every run's work on one payable until the transaction ends (any process). */
  async lock(ref: PayableRef): Promise<void> {
    await this.query(`SELECT pg_advisory_xact_lock(hashtext('royalty-statements'), hashtext($1))`, [
      `${ref.orgId}:${ref.currency}`,
    ]);
  }

  async find(ref: PayableRef, period: string): Promise<StatementHead | null> {
    const [row] = await this.query<HeadRow>(
      `SELECT ${HEAD_COLUMNS} FROM royalty_statements WHERE org_id = $1 AND currency = $2 AND period = $3`,
      [ref.orgId, ref.currency, period],
    );
    return row ? head(row) : null;
  }

  async byId(id: string): Promise<StatementHead | null> {
    const [row] = await this.query<HeadRow>(
      `SELECT ${HEAD_COLUMNS} FROM royalty_statements WHERE id = $1`,
      [id],
    );
    return row ? head(row) : null;
  }

  /** A studio's statement (final or paid: drafts have no documents yet), or null. */
  async ofOrg(orgId: string, id: string): Promise<StatementHead | null> {
    const [row] = await this.query<HeadRow>(
      `SELECT ${HEAD_COLUMNS} FROM royalty_statements
        WHERE org_id = $1 AND id = $2 AND status <> 'draft'`,
      [orgId, id],
    );
    return row ? head(row) : null;
  }

  /** A studio's statements, newest period first (final and paid). */
  async listOfOrg(orgId: string): Promise<StatementHead[]> {
    const rows = await this.query<HeadRow>(
      `SELECT ${HEAD_COLUMNS} FROM royalty_statements
        WHERE org_id = $1 AND status <> 'draft' ORDER BY period DESC, currency`,
      [orgId],
    );
    return rows.map(head);
  }

  async hasLater(ref: PayableRef, period: string): Promise<boolean> {
    const rows = await this.query(
      `SELECT 1 FROM royalty_statements WHERE org_id = $1 AND currency = $2 AND period > $3 LIMIT 1`,
      [ref.orgId, ref.currency, period],
    );
    return rows.length > 0;
  }

  /** The latest statement before the period: its closing balance opens the next one. */
  async latestBefore(ref: PayableRef, period: string): Promise<StatementHead | null> {
    const [row] = await this.query<HeadRow>(
      `SELECT ${HEAD_COLUMNS} FROM royalty_statements
        WHERE org_id = $1 AND currency = $2 AND period < $3 ORDER BY period DESC LIMIT 1`,
      [ref.orgId, ref.currency, period],
    );
    return row ? head(row) : null;
  }

  /** Entries on the payable recorded before `end` that no statement of the org covers. */
  async uncoveredEntries(ref: PayableRef, end: Date): Promise<UncoveredEntry[]> {
    const rows: {
      id: string;
      kind: string;
      order_id: string | null;
      recorded_at: Date;
      amount: string;
    }[] = await this.query(
      `SELECT e.id, e.kind, e.order_id, e.recorded_at, sum(l.amount_minor)::text AS amount
         FROM ledger_accounts a JOIN journal_lines l ON l.account_id = a.id
         JOIN journal_entries e ON e.id = l.entry_id
        WHERE a.code = $1 AND e.recorded_at < $2
          AND NOT EXISTS (SELECT 1 FROM royalty_statement_entries c
                           WHERE c.org_id = $3 AND c.entry_id = e.id)
        GROUP BY e.id ORDER BY e.recorded_at, e.id`,
      [`creator-payable:${ref.orgId}:${ref.currency}`, end, ref.orgId],
    );
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      orderId: row.order_id,
      recordedAt: new Date(row.recorded_at),
      amountMinor: Number(row.amount),
    }));
  }

  /** The creator's clips in these orders, in manifest order, with the lab that bought them. */
  async soldClips(creatorOrgId: string, orderIds: string[]): Promise<SoldClipRow[]> {
    if (orderIds.length === 0) return [];
    const rows: Record<string, string | number>[] = await this.query(
      `SELECT ol.order_id, o.org_id AS lab_org_id, lab.name AS lab_name, ol.clip_id, ol.title,
              ol.duration_ms, ol.terms_hash, ol.amount_minor::text AS amount,
              ol.platform_fee_minor::text AS fee, ol.creator_share_minor::text AS share
         FROM order_lines ol JOIN orders o ON o.id = ol.order_id
         JOIN organizations lab ON lab.id = o.org_id
        WHERE ol.order_id = ANY($1::uuid[]) AND ol.creator_org_id = $2
        ORDER BY ol.terms_hash, ol.position`,
      [orderIds, creatorOrgId],
    );
    return rows.map((row) => ({
      orderId: String(row.order_id),
      labOrgId: String(row.lab_org_id),
      labName: String(row.lab_name),
      clipId: String(row.clip_id),
      title: String(row.title),
      durationMs: Number(row.duration_ms),
      termsHash: String(row.terms_hash),
      amountMinor: Number(row.amount),
      platformFeeMinor: Number(row.fee),
      creatorShareMinor: Number(row.share),
    }));
  }

  /** The labs that placed these orders, by order id. */
  async labsOf(orderIds: string[]): Promise<Map<string, { id: string; name: string }>> {
    if (orderIds.length === 0) return new Map();
    const rows: { order_id: string; id: string; name: string }[] = await this.query(
      `SELECT o.id AS order_id, lab.id, lab.name FROM orders o
         JOIN organizations lab ON lab.id = o.org_id WHERE o.id = ANY($1::uuid[])`,
      [orderIds],
    );
    return new Map(rows.map((row) => [row.order_id, { id: row.id, name: row.name }]));
  }

  async orgName(orgId: string): Promise<string> {
    const [row] = await this.query<{ name: string }>(
      `SELECT name FROM organizations WHERE id = $1`,
      [orgId],
    );
    return row?.name ?? '';
  }

  /** Inserts a draft; null when this (org, period, currency) has one already. */
  async insertDraft(input: {
    ref: PayableRef;
    period: RoyaltyPeriod;
    previousId: string | null;
    totals: StatementTotals;
    lineCount: number;
    now: Date;
  }): Promise<string | null> {
    const { ref, period, totals } = input;
    const rows: { id: string }[] = await this.query(
      `INSERT INTO royalty_statements (org_id, period, currency, status, period_start, period_end,
          previous_statement_id, opening_minor, gross_minor, platform_fee_minor, net_minor,
          refunds_minor, payouts_minor, closing_minor, line_count, created_at)
       VALUES ($1, $2, $3, 'draft', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (org_id, period, currency) DO NOTHING RETURNING id`,
      [
        ref.orgId,
        period.id,
        ref.currency,
        period.start,
        period.end,
        input.previousId,
        totals.openingMinor,
        totals.grossMinor,
        totals.platformFeeMinor,
        totals.netMinor,
        totals.refundsMinor,
        totals.payoutsMinor,
        totals.closingMinor,
        input.lineCount,
        input.now,
      ],
    );
    return rows[0]?.id ?? null;
  }

  async insertCovered(statementId: string, orgId: string, entryIds: string[]): Promise<void> {
    if (entryIds.length === 0) return;
    await this.query(
      `INSERT INTO royalty_statement_entries (org_id, entry_id, statement_id)
       SELECT $1, entry, $2 FROM unnest($3::uuid[]) AS entry`,
      [orgId, statementId, entryIds],
    );
  }

  async insertLines(statementId: string, lines: readonly StatementLine[]): Promise<void> {
    // In batches: one statement can hold thousands of lines.
    for (let start = 0; start < lines.length; start += 500) {
      const batch = lines.slice(start, start + 500);
      // One array per column, so a batch is one statement with a fixed number of parameters.
      await this.query(
        `INSERT INTO royalty_statement_lines (statement_id, line_no, kind, entry_id, recorded_at,
            lab_org_id, lab_name, order_id, clip_id, clip_title, duration_ms, terms_hash,
            gross_minor, platform_fee_minor, net_minor)
         SELECT $1, * FROM unnest($2::int[], $3::text[], $4::uuid[], $5::timestamptz[], $6::uuid[],
            $7::text[], $8::uuid[], $9::uuid[], $10::text[], $11::bigint[], $12::text[],
            $13::bigint[], $14::bigint[], $15::bigint[])`,
        [
          statementId,
          batch.map((l) => l.lineNo),
          batch.map((l) => l.kind),
          batch.map((l) => l.entryId),
          batch.map((l) => l.recordedAt.toISOString()),
          batch.map((l) => l.labOrgId),
          batch.map((l) => l.labName),
          batch.map((l) => l.orderId),
          batch.map((l) => l.clipId),
          batch.map((l) => l.clipTitle),
          batch.map((l) => l.durationMs),
          batch.map((l) => l.termsHash),
          batch.map((l) => l.grossMinor),
          batch.map((l) => l.platformFeeMinor),
          batch.map((l) => l.netMinor),
        ],
      );
    }
  }

  async lines(statementId: string): Promise<StatementLine[]> {
    const rows: Record<string, unknown>[] = await this.query(
      `SELECT line_no, kind, entry_id, recorded_at, lab_org_id, lab_name, order_id, clip_id,
              clip_title, duration_ms::text, terms_hash, gross_minor::text, platform_fee_minor::text,
              net_minor::text
         FROM royalty_statement_lines WHERE statement_id = $1 ORDER BY line_no`,
      [statementId],
    );
    const num = (value: unknown) => (value === null ? null : Number(value));
    return rows.map((row) => ({
      lineNo: Number(row.line_no),
      kind: row.kind as StatementLineKind,
      entryId: String(row.entry_id),
      recordedAt: new Date(row.recorded_at as string),
      labOrgId: (row.lab_org_id as string | null) ?? null,
      labName: (row.lab_name as string | null) ?? null,
      orderId: (row.order_id as string | null) ?? null,
      clipId: (row.clip_id as string | null) ?? null,
      clipTitle: (row.clip_title as string | null) ?? null,
      durationMs: num(row.duration_ms),
      termsHash: (row.terms_hash as string | null) ?? null,
      grossMinor: num(row.gross_minor),
      platformFeeMinor: num(row.platform_fee_minor),
      netMinor: Number(row.net_minor),
    }));
  }

  async finalize(
    id: string,
    documents: { csvKey: string; pdfKey: string; contentSha256: string; pdfSha256: string },
    now: Date,
  ): Promise<void> {
    await this.query(
      `UPDATE royalty_statements SET status = 'final', csv_key = $2, pdf_key = $3,
          content_sha256 = $4, pdf_sha256 = $5, finalized_at = $6
        WHERE id = $1 AND status = 'draft'`,
      [id, documents.csvKey, documents.pdfKey, documents.contentSha256, documents.pdfSha256, now],
    );
  }
}

type HeadRow = Record<string, unknown>;

function head(row: HeadRow): StatementHead {
  return {
    id: String(row.id),
    orgId: String(row.org_id),
    period: String(row.period),
    currency: String(row.currency) as CurrencyCodeType,
    status: row.status as StatementStatus,
    lineCount: Number(row.line_count),
    csvKey: (row.csv_key as string | null) ?? null,
    pdfKey: (row.pdf_key as string | null) ?? null,
    contentSha256: (row.content_sha256 as string | null) ?? null,
    pdfSha256: (row.pdf_sha256 as string | null) ?? null,
    createdAt: new Date(row.created_at as string),
    finalizedAt: row.finalized_at ? new Date(row.finalized_at as string) : null,
    openingMinor: Number(row.opening_minor),
    grossMinor: Number(row.gross_minor),
    platformFeeMinor: Number(row.platform_fee_minor),
    netMinor: Number(row.net_minor),
    refundsMinor: Number(row.refunds_minor),
    payoutsMinor: Number(row.payouts_minor),
    closingMinor: Number(row.closing_minor),
  };
}
