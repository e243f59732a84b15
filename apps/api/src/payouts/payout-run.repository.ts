import { Injectable } from '@nestjs/common';
import type { CurrencyCodeType } from '@clearframe/contracts/money';
import { UnitOfWork } from '../database/unit-of-work.js';

export type PayoutState = 'requested' | 'paid' | 'failed' | 'manual';

export interface PayoutRow {
  id: string;
  statementId: string;
  orgId: string;
  orgName: string;
  period: string;
  amountMinor: number;
  currency: CurrencyCodeType;
  idempotencyKey: string;
  state: PayoutState;
  destinationAccountId: string | null;
  transferGroup: string | null;
  sourcePaymentId: string | null;
  provider: string;
  providerTransferId: string | null;
  failureReason: string | null;
  attempts: number;
  leaseUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
  lastAttemptAt: Date | null;
  paidAt: Date | null;
}

/** A final statement that is the latest of its payable and has no payout yet. */
export interface UnpaidStatement {
  statementId: string;
  orgId: string;
  orgName: string;
  period: string;
  currency: CurrencyCodeType;
  closingMinor: number;
}

const PAYOUT_COLUMNS = `p.id, p.statement_id, p.org_id, o.name AS org_name, s.period, p.amount_minor::text,
  p.currency, p.idempotency_key, p.state, p.destination_account_id, p.transfer_group,
  p.source_payment_id, p.provider, p.provider_transfer_id, p.failure_reason, p.attempts,
  p.lease_until, p.created_at, p.updated_at, p.last_attempt_at, p.paid_at`;
const PAYOUT_FROM = `payouts p JOIN organizations o ON o.id = p.org_id
  JOIN royalty_statements s ON s.id = p.statement_id`;

/** The payouts' SQL. */
@Injectable()
export class PayoutRunRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private query<T>(text: string, params: unknown[] = []): Promise<T[]> {
    return this.uow.manager().query(text, params);
  }

  /** Serializes every run's work on one creator payable until the transaction ends. */
  async lock(orgId: string, currency: string): Promise<void> {
    await this.query(`SELECT pg_advisory_xact_lock(hashtext('payouts'), hashtext($1))`, [
      `${orgId}:${currency}`,
    ]);
  }

  /**
   * Per creator payable, its latest statement when that is final and has no payout: an older one
   * left unpaid is carried in the newer one's opening balance, so only the newest is ever paid.
   */
  async unpaidStatements(): Promise<UnpaidStatement[]> {
    const rows: Record<string, string>[] = await this.query(
      `SELECT s.id, s.org_id, o.name AS org_name, s.period, s.currency, s.closing_minor::text AS closing
         FROM royalty_statements s JOIN organizations o ON o.id = s.org_id
        WHERE s.status = 'final'
          AND NOT EXISTS (SELECT 1 FROM royalty_statements n
                           WHERE n.org_id = s.org_id AND n.currency = s.currency AND n.period > s.period)
          AND NOT EXISTS (SELECT 1 FROM payouts p WHERE p.statement_id = s.id)
        ORDER BY s.period, o.name, s.org_id, s.currency`,
    );
    return rows.map((row) => ({
      statementId: row.id!,
      orgId: row.org_id!,
      orgName: row.org_name!,
      period: row.period!,
      currency: row.currency as CurrencyCodeType,
      closingMinor: Number(row.closing),
    }));
  }

  async unpaidStatement(statementId: string): Promise<UnpaidStatement | null> {
    return (await this.unpaidStatements()).find((s) => s.statementId === statementId) ?? null;
  }

  /** Whether this statement is still the newest of its payable (a later one carries it otherwise). */
  async isLatest(statementId: string): Promise<boolean> {
    const rows = await this.query(
      `SELECT 1 FROM royalty_statements s WHERE s.id = $1 AND NOT EXISTS (
         SELECT 1 FROM royalty_statements n
          WHERE n.org_id = s.org_id AND n.currency = s.currency AND n.period > s.period)`,
      [statementId],
    );
    return rows.length > 0;
  }

  /**
   * What was paid out of the payable that no statement states yet (a payout recorded after the
   * newest statement was made): that statement's closing balance still counts it as owed.
   */
  async paidNotStated(orgId: string, currency: string): Promise<number> {
    const [row] = await this.query<{ sum: string }>(
      `SELECT coalesce(sum(p.amount_minor), 0)::text AS sum
         FROM payouts p JOIN journal_entries e ON e.idempotency_key = p.idempotency_key
        WHERE p.org_id = $1 AND p.currency = $2 AND NOT EXISTS (
          SELECT 1 FROM royalty_statement_entries c WHERE c.org_id = p.org_id AND c.entry_id = e.id)`,
      [orgId, currency],
    );
    return Number(row!.sum);
  }

  /** A payout of the payable whose outcome is open: requested, or to pay by hand and not yet paid. */
  async hasOpen(orgId: string, currency: string): Promise<boolean> {
    const rows = await this.query(
      `SELECT 1 FROM payouts WHERE org_id = $1 AND currency = $2
          AND (state = 'requested' OR (state = 'manual' AND paid_at IS NULL)) LIMIT 1`,
      [orgId, currency],
    );
    return rows.length > 0;
  }

  /**
   * The one order whose sales the statement states, with its payment, when there is just one:
   * then the funds come from that charge (Stripe's `source_transaction`, `transfer_group`).
   */
  async singleSourceOrder(
    statementId: string,
  ): Promise<{ orderId: string; paymentId: string | null } | null> {
    const rows: { order_id: string; payment_id: string | null }[] = await this.query(
      `SELECT DISTINCT o.id AS order_id, o.payment_id
         FROM royalty_statement_lines l JOIN orders o ON o.id = l.order_id
        WHERE l.statement_id = $1 AND l.kind = 'sale'`,
      [statementId],
    );
    return rows.length === 1
      ? { orderId: rows[0]!.order_id, paymentId: rows[0]!.payment_id }
      : null;
  }

  /** Inserts the payout; null when the statement has one already. */
  async insert(input: {
    statement: UnpaidStatement;
    amountMinor: number;
    state: 'requested' | 'manual';
    destinationAccountId: string | null;
    transferGroup: string | null;
    sourcePaymentId: string | null;
    provider: string;
    now: Date;
  }): Promise<string | null> {
    const { statement } = input;
    const rows: { id: string }[] = await this.query(
      `INSERT INTO payouts (statement_id, org_id, amount_minor, currency, idempotency_key, state,
          destination_account_id, transfer_group, source_payment_id, provider, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
       ON CONFLICT (statement_id) DO NOTHING RETURNING id`,
      [
        statement.statementId,
        statement.orgId,
        input.amountMinor,
        statement.currency,
        `payout:${statement.statementId}`,
        input.state,
        input.destinationAccountId,
        input.transferGroup,
        input.sourcePaymentId,
        input.provider,
        input.now,
      ],
    );
    return rows[0]?.id ?? null;
  }

  async byId(id: string): Promise<PayoutRow | null> {
    const [row] = await this.query<Record<string, unknown>>(
      `SELECT ${PAYOUT_COLUMNS} FROM ${PAYOUT_FROM} WHERE p.id = $1`,
      [id],
    );
    return row ? payout(row) : null;
  }

  /** Every payout, newest first. */
  async list(): Promise<PayoutRow[]> {
    const rows = await this.query<Record<string, unknown>>(
      `SELECT ${PAYOUT_COLUMNS} FROM ${PAYOUT_FROM} ORDER BY p.created_at DESC, p.id`,
    );
    return rows.map(payout);
  }

  /** Requested payouts, oldest first: the ones a run must finish. */
  async requestedIds(): Promise<string[]> {
    const rows: { id: string }[] = await this.query(
      `SELECT id FROM payouts WHERE state = 'requested' ORDER BY created_at, id`,
    );
    return rows.map((row) => row.id);
  }

  async claim(id: string, now: Date, leaseUntil: Date): Promise<void> {
    await this.query(
      `UPDATE payouts SET lease_until = $2, attempts = attempts + 1, last_attempt_at = $3,
          updated_at = $3 WHERE id = $1`,
      [id, leaseUntil, now],
    );
  }

  async markPaid(id: string, transferId: string | null, now: Date): Promise<void> {
    await this.query(
      `UPDATE payouts SET state = CASE WHEN state = 'manual' THEN 'manual' ELSE 'paid' END,
          provider_transfer_id = $2, paid_at = $3, updated_at = $3, lease_until = NULL,
          failure_reason = NULL
        WHERE id = $1`,
      [id, transferId, now],
    );
  }

  /** The attempt ended without a transfer: `failed` when the provider refused, else still requested. */
  async markAttemptEnded(
    id: string,
    state: 'requested' | 'failed',
    reason: string,
    now: Date,
  ): Promise<void> {
    await this.query(
      `UPDATE payouts SET state = $2, failure_reason = $3, lease_until = NULL, updated_at = $4
        WHERE id = $1`,
      [id, state, reason, now],
    );
  }

  async requeue(id: string, destinationAccountId: string, now: Date): Promise<void> {
    await this.query(
      `UPDATE payouts SET state = 'requested', destination_account_id = $2, lease_until = NULL,
          updated_at = $3 WHERE id = $1 AND state = 'failed'`,
      [id, destinationAccountId, now],
    );
  }

  async markStatementPaid(statementId: string, now: Date): Promise<void> {
    await this.query(
      `UPDATE royalty_statements SET status = 'paid', paid_at = $2 WHERE id = $1 AND status = 'final'`,
      [statementId, now],
    );
  }

  /** The journal's payout entries: key and the amount they took off the creator payable. */
  async ledgerPayouts(): Promise<Map<string, number>> {
    const rows: { key: string; amount: string }[] = await this.query(
      `SELECT e.idempotency_key AS key, sum(l.amount_minor)::text AS amount
         FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
         JOIN ledger_accounts a ON a.id = l.account_id
        WHERE e.kind = 'payout' AND a.code LIKE 'creator-payable:%'
        GROUP BY e.idempotency_key`,
    );
    return new Map(rows.map((row) => [row.key, Number(row.amount)]));
  }
}

function payout(row: Record<string, unknown>): PayoutRow {
  const date = (value: unknown) => (value ? new Date(value as string) : null);
  return {
    id: String(row.id),
    statementId: String(row.statement_id),
    orgId: String(row.org_id),
    orgName: String(row.org_name),
    period: String(row.period),
    amountMinor: Number(row.amount_minor),
    currency: String(row.currency) as CurrencyCodeType,
    idempotencyKey: String(row.idempotency_key),
    state: row.state as PayoutState,
    destinationAccountId: (row.destination_account_id as string | null) ?? null,
    transferGroup: (row.transfer_group as string | null) ?? null,
    sourcePaymentId: (row.source_payment_id as string | null) ?? null,
    provider: String(row.provider),
    providerTransferId: (row.provider_transfer_id as string | null) ?? null,
    failureReason: (row.failure_reason as string | null) ?? null,
    attempts: Number(row.attempts),
    leaseUntil: date(row.lease_until),
    createdAt: date(row.created_at)!,
    updatedAt: date(row.updated_at)!,
    lastAttemptAt: date(row.last_attempt_at),
    paidAt: date(row.paid_at),
  };
}
