import { stringify } from 'csv-stringify/sync';
import { toDecimalString, type CurrencyCodeType } from '@clearframe/contracts/money';
import type { RoyaltyStatement, StatementLine } from './royalty-statement.js';

export const STATEMENT_CSV_COLUMNS = [
  'kind',
  'recorded_at',
  'lab',
  'order_id',
  'clip_id',
  'clip_title',
  'seconds',
  'terms_hash',
  'gross',
  'platform_fee',
  'net',
  'currency',
] as const;

type Row = Record<(typeof STATEMENT_CSV_COLUMNS)[number], string>;

/**
 * The statement as CSV, one table a spreadsheet opens as it is: the opening balance, one row per
 * line (sold clips, refunds and adjustments, payouts), then the totals and the closing balance.
 * Amounts are exact decimals in the statement's currency. Running down the `net` column from the
 * opening balance through the lines reaches the closing balance. The bytes are the statement's
 * canonical content: their sha256 is recorded as its content hash.
 */
export function renderStatementCsv(statement: RoyaltyStatement): Buffer {
  const { currency } = statement;
  const amount = (minor: number | null) => (minor === null ? '' : decimal(minor, currency));
  const summary = (kind: string, at: Date | null, values: Partial<Row>): Row => ({
    ...blank(currency),
    kind,
    recorded_at: at ? at.toISOString() : '',
    ...values,
  });
  const rows: Row[] = [
    summary('opening_balance', statement.periodStart, { net: amount(statement.openingMinor) }),
    ...statement.lines.map((line) => lineRow(line, currency)),
    summary('total_sales', null, {
      gross: amount(statement.grossMinor),
      platform_fee: amount(statement.platformFeeMinor),
      net: amount(statement.netMinor),
    }),
    summary('total_refunds_and_adjustments', null, { net: amount(-statement.refundsMinor) }),
    summary('total_payouts', null, { net: amount(-statement.payoutsMinor) }),
    summary('closing_balance', statement.periodEnd, { net: amount(statement.closingMinor) }),
  ];
  return Buffer.from(
    stringify(rows, { header: true, columns: [...STATEMENT_CSV_COLUMNS], record_delimiter: '\n' }),
    'utf8',
  );
}

function lineRow(line: StatementLine, currency: CurrencyCodeType): Row {
  return {
    kind: line.kind,
    recorded_at: line.recordedAt.toISOString(),
    lab: line.labName ?? '',
    order_id: line.orderId ?? '',
    clip_id: line.clipId ?? '',
    clip_title: line.clipTitle ?? '',
    seconds: line.durationMs === null ? '' : (line.durationMs / 1000).toFixed(3),
    terms_hash: line.termsHash ?? '',
    gross: line.grossMinor === null ? '' : decimal(line.grossMinor, currency),
    platform_fee: line.platformFeeMinor === null ? '' : decimal(line.platformFeeMinor, currency),
    net: decimal(line.netMinor, currency),
    currency,
  };
}

function blank(currency: CurrencyCodeType): Row {
  const row = Object.fromEntries(STATEMENT_CSV_COLUMNS.map((c) => [c, ''])) as Row;
  row.currency = currency;
  return row;
}

function decimal(amountMinor: number, currency: CurrencyCodeType): string {
  return toDecimalString({ amountMinor, currency });
}
