import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { formatMoney } from '@clearframe/contracts/money';
import { parsePeriod, periodLabel } from './royalty-period.js';
import type { RoyaltyStatement, StatementLine } from './royalty-statement.js';

const require = createRequire(import.meta.url);
// DejaVu covers Latin, Greek, Cyrillic and more: creator and lab names are international, and the
// built-in Helvetica is WinAnsi only.
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

const PAGE = { size: 'A4' as const, margin: 50 };
const INK = '#1f2937';
const MUTED = '#6b7280';
const RULE = '#d1d5db';
const BAND = '#f3f4f6';

const KIND_LABEL: Record<StatementLine['kind'], string> = {
  sale: 'Sale',
  refund: 'Refund',
  dispute: 'Dispute',
  dispute_won: 'Dispute won',
  adjustment: 'Adjustment',
  payout: 'Payout',
};

/** The platform's side of the statement. */
export interface StatementIssuer {
  name: string;
  website: string;
}

/**
 * The statement as a PDF a creator can read and check: both parties, the period's summary, every
 * line with its order, clip and terms, the totals, and "Page X of Y" in each footer. Dated from
 * the statement (not the render), so rendering it again gives the same document.
 */
export async function renderStatementPdf(
  statement: RoyaltyStatement,
  issuer: StatementIssuer,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: PAGE.size,
    margin: PAGE.margin,
    bufferPages: true,
    info: {
      Title: `Royalty statement ${statement.period} — ${statement.orgName}`,
      Author: issuer.name,
      Subject: `Royalties for ${statement.orgName}, ${statement.period} (${statement.currency})`,
      CreationDate: statement.createdAt,
      ModDate: statement.createdAt,
    },
  });
  doc.registerFont('body', FONT);
  doc.registerFont('bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const money = (minor: number) =>
    formatMoney({ amountMinor: minor, currency: statement.currency });
  const left = PAGE.margin;
  const width = doc.page.width - 2 * PAGE.margin;
  const period = parsePeriod(statement.period)!;

  // Header: title and the two parties.
  doc.font('bold').fontSize(20).fillColor(INK).text('Royalty statement', left, PAGE.margin);
  doc
    .font('body')
    .fontSize(11)
    .fillColor(MUTED)
    .text(
      `${periodLabel(period)} · ${dateOf(statement.periodStart)} to ${dateOf(new Date(statement.periodEnd.getTime() - 1))} (UTC) · ${statement.currency}`,
    );
  doc.moveDown(1.2);
  const partiesTop = doc.y;
  const half = width / 2 - 10;
  party(
    doc,
    'From',
    issuer.name,
    [issuer.website, 'The licensing platform'],
    left,
    partiesTop,
    half,
  );
  party(
    doc,
    'To',
    statement.orgName,
    [`Creator studio ${statement.orgId}`, `Statement ${statement.id}`],
    left + width / 2 + 10,
    partiesTop,
    half,
  );
  doc.y = Math.max(doc.y, partiesTop + 70);
  doc.x = left;

  // Summary.
  doc.moveDown(0.8);
  heading(doc, 'Summary', left);
  const summary: [string, number, boolean][] = [
    ['Opening balance', statement.openingMinor, false],
    ['Licence fees paid by labs (gross)', statement.grossMinor, false],
    ['Platform fee', -statement.platformFeeMinor, false],
    ['Your earnings (net)', statement.netMinor, false],
    ['Refunds and adjustments', -statement.refundsMinor, false],
    ['Payouts', -statement.payoutsMinor, false],
    ['Closing balance', statement.closingMinor, true],
  ];
  for (const [label, amount, strong] of summary) {
    const y = doc.y;
    if (strong) {
      doc
        .moveTo(left, y)
        .lineTo(left + width, y)
        .strokeColor(RULE)
        .stroke();
      doc.y = y + 4;
    }
    const rowY = doc.y;
    doc
      .font(strong ? 'bold' : 'body')
      .fontSize(10.5)
      .fillColor(INK);
    doc.text(label, left, rowY, { width: width - 140 });
    doc.text(money(amount), left + width - 140, rowY, { width: 140, align: 'right' });
    doc.y = rowY + 17;
  }
  doc.font('body').fontSize(8.5).fillColor(MUTED);
  doc.text(
    'Closing balance = opening balance + your earnings − refunds and adjustments − payouts. ' +
      'Events are stated in the month they were recorded; one recorded after its month was stated appears on the next statement. ' +
      'The CSV of this statement carries the full order, clip and terms identifiers.',
    left,
    doc.y + 2,
    { width },
  );
  doc.moveDown(1.2);

  // Lines.
  heading(doc, `Lines (${statement.lines.length})`, left);
  const columns = [
    { title: 'Date', width: 60, align: 'left' as const },
    { title: 'Item', width: width - 60 - 46 - 3 * 60, align: 'left' as const },
    { title: 'Seconds', width: 46, align: 'right' as const },
    { title: 'Gross', width: 60, align: 'right' as const },
    { title: 'Fee', width: 60, align: 'right' as const },
    { title: 'Net', width: 60, align: 'right' as const },
  ];
  const bottom = () => doc.page.height - PAGE.margin - 20;
  const tableHeader = () => {
    const y = doc.y;
    doc.rect(left, y - 3, width, 17).fill(BAND);
    doc.font('bold').fontSize(8.5).fillColor(INK);
    let x = left;
    for (const column of columns) {
      doc.text(column.title, x + 3, y + 1, { width: column.width - 6, align: column.align });
      x += column.width;
    }
    doc.y = y + 18;
  };
  tableHeader();
  if (statement.lines.length === 0) {
    doc.font('body').fontSize(9).fillColor(MUTED).text('Nothing happened this month.', left, doc.y);
  }
  for (const line of statement.lines) {
    const item = itemOf(line);
    doc.font('body').fontSize(8.5);
    const itemHeight =
      doc.heightOfString(item.title, { width: columns[1]!.width - 6 }) +
      doc.fontSize(7).heightOfString(item.detail, { width: columns[1]!.width - 6 });
    const rowHeight = Math.max(itemHeight, 12) + 5;
    if (doc.y + rowHeight > bottom()) {
      doc.addPage();
      tableHeader();
    }
    const y = doc.y;
    const cells = [
      dateOf(line.recordedAt),
      '',
      line.durationMs === null ? '' : (line.durationMs / 1000).toFixed(1),
      line.grossMinor === null ? '' : money(line.grossMinor),
      line.platformFeeMinor === null ? '' : money(-line.platformFeeMinor),
      money(line.netMinor),
    ];
    let x = left;
    for (const [index, column] of columns.entries()) {
      if (index === 1) {
        doc.font('body').fontSize(8.5).fillColor(INK);
        doc.text(item.title, x + 3, y, { width: column.width - 6 });
        doc
          .fontSize(7)
          .fillColor(MUTED)
          .text(item.detail, x + 3, doc.y, { width: column.width - 6 });
      } else {
        doc
          .font(index === 5 ? 'bold' : 'body')
          .fontSize(8.5)
          .fillColor(INK);
        doc.text(cells[index]!, x + 3, y, { width: column.width - 6, align: column.align });
      }
      x += column.width;
    }
    doc.y = y + rowHeight;
    doc
      .moveTo(left, doc.y - 3)
      .lineTo(left + width, doc.y - 3)
      .strokeColor(BAND)
      .stroke();
  }

  // Totals.
  if (doc.y + 90 > bottom()) doc.addPage();
  doc.moveDown(0.6);
  heading(doc, 'Totals', left);
  const totals: [string, string][] = [
    ['Gross', money(statement.grossMinor)],
    ['Platform fee', money(-statement.platformFeeMinor)],
    ['Net earnings', money(statement.netMinor)],
    ['Refunds and adjustments', money(-statement.refundsMinor)],
    ['Payouts', money(-statement.payoutsMinor)],
    ['Closing balance', money(statement.closingMinor)],
  ];
  for (const [label, value] of totals) {
    const y = doc.y;
    const strong = label === 'Closing balance';
    doc
      .font(strong ? 'bold' : 'body')
      .fontSize(10)
      .fillColor(INK);
    doc.text(label, left + width - 300, y, { width: 160 });
    doc.text(value, left + width - 140, y, { width: 140, align: 'right' });
    doc.y = y + 15;
  }

  // Footers: drawn inside the bottom margin, which would add a page unless it is lifted first.
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - margin + 18;
    doc.font('body').fontSize(7.5).fillColor(MUTED);
    doc.text(
      `${issuer.name} · Royalty statement ${statement.period} · ${statement.orgName}`,
      left,
      y,
      { width: width - 100, lineBreak: false },
    );
    doc.text(`Page ${index - range.start + 1} of ${range.count}`, left + width - 100, y, {
      width: 100,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return done;
}

function party(
  doc: PDFKit.PDFDocument,
  role: string,
  name: string,
  details: string[],
  x: number,
  y: number,
  width: number,
): void {
  doc.font('bold').fontSize(8).fillColor(MUTED).text(role.toUpperCase(), x, y, { width });
  doc
    .font('bold')
    .fontSize(12)
    .fillColor(INK)
    .text(name, x, doc.y + 2, { width });
  doc.font('body').fontSize(8.5).fillColor(MUTED);
  for (const detail of details) doc.text(detail, x, doc.y + 1, { width });
}

function heading(doc: PDFKit.PDFDocument, text: string, x: number): void {
  doc.font('bold').fontSize(12).fillColor(INK).text(text, x, doc.y);
  doc.y += 6;
}

function itemOf(line: StatementLine): { title: string; detail: string } {
  // Short ids keep a line to two rows; the CSV carries them in full.
  const order = line.orderId ? `order ${short(line.orderId)}` : '';
  if (line.kind === 'sale') {
    return {
      title: `${line.clipTitle ?? 'Clip'} — ${line.labName ?? 'a lab'}`,
      detail: `${order} · clip ${short(line.clipId)} · terms ${line.termsHash ? line.termsHash.replace('sha256:', '').slice(0, 8) : ''}`,
    };
  }
  return {
    title: `${KIND_LABEL[line.kind]}${line.labName ? ` — ${line.labName}` : ''}`,
    detail: order || 'Ledger entry',
  };
}

function short(id: string | null): string {
  return id ? id.slice(0, 8) : '';
}

function dateOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}
