import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { statementTotals, type RoyaltyStatement, type StatementLine } from './royalty-statement.js';
import { renderStatementCsv } from './statement-csv.js';
import { renderStatementPdf } from './statement-pdf.js';

const GOLDEN = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../test/fixtures/royalties/statement-2026-10.csv',
);
const ORDER_1 = '11111111-1111-4111-8111-111111111111';
const ORDER_2 = '44444444-4444-4444-8444-444444444444';
const TERMS = `sha256:${'a'.repeat(64)}`;
const ISSUER = { name: 'Clearframe', website: 'https://clearframe.example' };

const line = (overrides: Partial<StatementLine> & Pick<StatementLine, 'kind' | 'netMinor'>) =>
  ({
    lineNo: 0,
    entryId: '55555555-5555-4555-8555-555555555555',
    recordedAt: new Date('2026-10-03T10:00:00Z'),
    labOrgId: null,
    labName: null,
    orderId: null,
    clipId: null,
    clipTitle: null,
    durationMs: null,
    termsHash: null,
    grossMinor: null,
    platformFeeMinor: null,
    ...overrides,
  }) satisfies StatementLine;

function october(lines: StatementLine[], orgName = 'Harbour Films'): RoyaltyStatement {
  const numbered = lines.map((l, index) => ({ ...l, lineNo: index + 1 }));
  return {
    id: '66666666-6666-4666-8666-666666666666',
    orgId: '77777777-7777-4777-8777-777777777777',
    orgName,
    period: '2026-10',
    periodStart: new Date('2026-10-01T00:00:00Z'),
    periodEnd: new Date('2026-11-01T00:00:00Z'),
    currency: 'USD',
    status: 'draft',
    createdAt: new Date('2026-11-01T02:00:00Z'),
    lines: numbered,
    ...statementTotals(1250, numbered),
  };
}

const sale = (clipId: string, title: string, durationMs: number, gross: number, fee: number) =>
  line({
    kind: 'sale',
    labName: 'Perceptron Labs',
    orderId: ORDER_1,
    clipId,
    clipTitle: title,
    durationMs,
    termsHash: TERMS,
    grossMinor: gross,
    platformFeeMinor: fee,
    netMinor: gross - fee,
  });

// Hand-checked: gross 938 + 400 = 1338, fee 187 + 80 = 267, net 1071; refunds 320 + 500 − 500 =
// 320; payouts 1000; closing 1250 + 1071 − 320 − 1000 = 1001.
const OCTOBER = october([
  sale('22222222-2222-4222-8222-222222222222', 'Harbour at dawn', 90_000, 938, 187),
  sale('33333333-3333-4333-8333-333333333333', 'Skyline, "4K"', 30_000, 400, 80),
  line({
    kind: 'refund',
    recordedAt: new Date('2026-10-10T08:30:00Z'),
    labName: 'Perceptron Labs',
    orderId: ORDER_1,
    netMinor: -320,
  }),
  line({
    kind: 'dispute',
    recordedAt: new Date('2026-10-12T12:00:00Z'),
    labName: 'Open Motion Research',
    orderId: ORDER_2,
    netMinor: -500,
  }),
  line({
    kind: 'dispute_won',
    recordedAt: new Date('2026-10-20T12:00:00Z'),
    labName: 'Open Motion Research',
    orderId: ORDER_2,
    netMinor: 500,
  }),
  line({ kind: 'payout', recordedAt: new Date('2026-10-28T09:00:00Z'), netMinor: -1000 }),
]);

async function pdfText(pdf: Buffer): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'statement-'));
  try {
    const file = path.join(dir, 'statement.pdf');
    await fs.writeFile(file, pdf);
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

describe('statement documents', () => {
  it('adds up as hand-checked', () => {
    expect(OCTOBER).toMatchObject({
      grossMinor: 1338,
      platformFeeMinor: 267,
      netMinor: 1071,
      refundsMinor: 320,
      payoutsMinor: 1000,
      closingMinor: 1001,
    });
  });

  it('renders the CSV exactly as the golden file', async () => {
    expect(renderStatementCsv(OCTOBER).toString('utf8')).toBe(await fs.readFile(GOLDEN, 'utf8'));
  });

  it("renders a PDF whose text shows the CSV's totals, both parties and the page count", async () => {
    const text = await pdfText(await renderStatementPdf(OCTOBER, ISSUER));
    const amountAfter = (label: string) =>
      text
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => new RegExp(`^${label}\\s{2,}\\S`).test(l))
        .map((l) => l.split(/\s{2,}/).pop());
    expect(amountAfter('Opening balance')).toEqual(['$12.50']);
    expect(amountAfter('Gross')).toEqual(['$13.38']);
    expect(amountAfter('Net earnings')).toEqual(['$10.71']);
    expect(amountAfter('Refunds and adjustments')).toEqual(['-$3.20', '-$3.20']);
    expect(amountAfter('Payouts')).toEqual(['-$10.00', '-$10.00']);
    expect(amountAfter('Closing balance')).toEqual(['$10.01', '$10.01']);
    expect(text).toContain('Harbour Films');
    expect(text).toContain('Clearframe');
    expect(text).toContain('October 2026');
    expect(text).toContain('Page 1 of 1');
  });

  it('renders the same bytes twice (dated from the statement, not the render)', async () => {
    const a = await renderStatementPdf(OCTOBER, ISSUER);
    const b = await renderStatementPdf(OCTOBER, ISSUER);
    expect(a.equals(b)).toBe(true);
  });

  it('numbers the pages of a long statement, footers adding none', async () => {
    const many = october(
      Array.from({ length: 90 }, (_, i) =>
        sale(
          `22222222-2222-4222-8222-${String(i).padStart(12, '0')}`,
          `Clip ${i + 1}`,
          10_000,
          100,
          20,
        ),
      ),
      'Studio Łódź — Αθήνα',
    );
    const pdf = await renderStatementPdf(many, ISSUER);
    if (process.env.STATEMENT_PDF_OUT) await fs.writeFile(process.env.STATEMENT_PDF_OUT, pdf);
    const text = await pdfText(pdf);
    const pages = text.split('\f').filter((page) => page.trim().length > 0);
    const count = pages.length;
    expect(count).toBeGreaterThan(1);
    pages.forEach((page, index) => expect(page).toContain(`Page ${index + 1} of ${count}`));
    expect(text).toContain('Studio Łódź — Αθήνα');
    expect(text).toContain('Clip 90');
  });
});
