import { Injectable } from '@nestjs/common';
import { sha256Hex } from '@clearframe/contracts/certificates';
import type { CurrencyCodeType } from '@clearframe/contracts/money';
import { Clock } from '../common/clock.js';
import { UnitOfWork } from '../database/unit-of-work.js';

export type LedgerAccountKind = 'asset' | 'liability' | 'revenue' | 'expense';

/** A ledger account, named by a stable code; created on first use. */
export interface LedgerAccountRef {
  code: string;
  kind: LedgerAccountKind;
  orgId: string | null;
  currency: CurrencyCodeType;
}

/** Debits positive, credits negative. */
export interface JournalLineInput {
  account: LedgerAccountRef;
  amountMinor: number;
}

export interface JournalEntryInput {
  /** The event that caused the entry: posting the same key twice records it once. */
  idempotencyKey: string;
  kind: 'sale' | 'refund' | 'dispute' | 'dispute_won' | 'payout';
  orderId: string | null;
  description: string;
  lines: JournalLineInput[];
}

export interface PostedLine {
  accountCode: string;
  amountMinor: number;
  currency: CurrencyCodeType;
}

/** The accounts every sale touches; codes carry the currency, so balances never mix currencies. */
export const LedgerAccounts = {
  /** Money held at the payment provider for us (its clearing balance). */
  providerCash: (provider: string, currency: CurrencyCodeType): LedgerAccountRef => ({
    code: `cash:${provider}:${currency}`,
    kind: 'asset',
    orgId: null,
    currency,
  }),
  /** What the platform owes a creator studio. */
  creatorPayable: (orgId: string, currency: CurrencyCodeType): LedgerAccountRef => ({
    code: `creator-payable:${orgId}:${currency}`,
    kind: 'liability',
    orgId,
    currency,
  }),
  platformFees: (currency: CurrencyCodeType): LedgerAccountRef => ({
    code: `platform-fees:${currency}`,
    kind: 'revenue',
    orgId: null,
    currency,
  }),
};

/**
 * The double-entry ledger. Entries are appended, never edited (the database refuses UPDATE and
 * DELETE) and balance per currency (checked by the database at commit); each carries the key of
 * the event that caused it, so replaying an event posts nothing. Balances are queries.
 */
@Injectable()
export class LedgerService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /** Posts the entry unless its key was posted before; says whether this call posted it. */
  async post(entry: JournalEntryInput): Promise<{ entryId: string; created: boolean }> {
    const lines = entry.lines.filter((line) => line.amountMinor !== 0);
    for (const line of lines) {
      if (!Number.isSafeInteger(line.amountMinor)) {
        throw new Error(`Ledger amounts are safe integers; got ${line.amountMinor}.`);
      }
    }
    return this.uow.run(async () => {
      const db = this.uow.manager();
      const now = this.clock.now();
      const inserted: { id: string }[] = await db.query(
        `INSERT INTO journal_entries (idempotency_key, kind, order_id, description, occurred_at, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $5)
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
        [entry.idempotencyKey, entry.kind, entry.orderId, entry.description, now],
      );
      if (inserted.length === 0) {
        const [existing] = (await db.query(
          `SELECT id FROM journal_entries WHERE idempotency_key = $1`,
          [entry.idempotencyKey],
        )) as { id: string }[];
        return { entryId: existing!.id, created: false };
      }
      const entryId = inserted[0]!.id;
      let lineNo = 0;
      for (const line of lines) {
        const accountId = await this.accountId(line.account);
        await db.query(
          `INSERT INTO journal_lines (entry_id, line_no, account_id, amount_minor, currency)
           VALUES ($1, $2, $3, $4, $5)`,
          [entryId, ++lineNo, accountId, line.amountMinor, line.account.currency],
        );
      }
      return { entryId, created: true };
    });
  }

  /** The lines of the entry posted under `idempotencyKey`, in posting order (none if absent). */
  async linesOf(idempotencyKey: string): Promise<PostedLine[]> {
    const rows: { code: string; amount: string; currency: CurrencyCodeType }[] = await this.uow
      .manager()
      .query(
        `SELECT a.code, l.amount_minor::text AS amount, l.currency
         FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
         JOIN ledger_accounts a ON a.id = l.account_id
         WHERE e.idempotency_key = $1 ORDER BY l.line_no`,
        [idempotencyKey],
      );
    return rows.map((row) => ({
      accountCode: row.code,
      amountMinor: Number(row.amount),
      currency: row.currency,
    }));
  }

  async hasEntry(idempotencyKey: string): Promise<boolean> {
    const rows: unknown[] = await this.uow
      .manager()
      .query(`SELECT 1 FROM journal_entries WHERE idempotency_key = $1`, [idempotencyKey]);
    return rows.length > 0;
  }

  /** An account's balance (debits − credits), 0 for an account never posted to. */
  async balance(code: string): Promise<number> {
    const [row] = (await this.uow.manager().query(
      `SELECT coalesce(sum(l.amount_minor), 0)::text AS balance
       FROM journal_lines l JOIN ledger_accounts a ON a.id = l.account_id WHERE a.code = $1`,
      [code],
    )) as { balance: string }[];
    return Number(row!.balance);
  }

  /** Every account's balance, by code. */
  async balances(): Promise<Map<string, number>> {
    const rows: { code: string; balance: string }[] = await this.uow.manager().query(
      `SELECT a.code, coalesce(sum(l.amount_minor), 0)::text AS balance
       FROM ledger_accounts a LEFT JOIN journal_lines l ON l.account_id = a.id GROUP BY a.code`,
    );
    return new Map(rows.map((row) => [row.code, Number(row.balance)]));
  }

  /**
   * A hash of the journal's content — entries by key with their lines — leaving out what
   * differs between two runs of the same events (row ids, clock times). Two ledgers with the
   * same hash recorded the same money movements.
   */
  async journalHash(): Promise<string> {
    const rows: { key: string; kind: string; order: string | null; lines: string }[] =
      await this.uow.manager().query(`
        SELECT e.idempotency_key AS key, e.kind, e.order_id::text AS order,
               string_agg(a.code || '=' || l.amount_minor || ' ' || l.currency, ';' ORDER BY l.line_no) AS lines
        FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
        JOIN ledger_accounts a ON a.id = l.account_id
        GROUP BY e.id ORDER BY e.idempotency_key COLLATE "C"`);
    return sha256Hex(
      rows.map((row) => `${row.key}|${row.kind}|${row.order}|${row.lines}`).join('\n'),
    );
  }

  private async accountId(account: LedgerAccountRef): Promise<string> {
    const db = this.uow.manager();
    const created: { id: string }[] = await db.query(
      `INSERT INTO ledger_accounts (code, kind, org_id, currency, created_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code) DO NOTHING RETURNING id`,
      [account.code, account.kind, account.orgId, account.currency, this.clock.now()],
    );
    if (created[0]) return created[0].id;
    const [row] = (await db.query(`SELECT id FROM ledger_accounts WHERE code = $1`, [
      account.code,
    ])) as { id: string }[];
    return row!.id;
  }
}
