import type { StatementHead } from './royalty-statements.repository.js';
import type { RoyaltyStatementSummaryType } from './royalties.schemas.js';

export function toStatementSummary(head: StatementHead): RoyaltyStatementSummaryType {
  const money = (amountMinor: number) => ({ amountMinor, currency: head.currency });
  return {
    id: head.id,
    period: head.period,
    currency: head.currency,
    status: head.status as 'final' | 'paid',
    lineCount: head.lineCount,
    opening: money(head.openingMinor),
    gross: money(head.grossMinor),
    platformFee: money(head.platformFeeMinor),
    net: money(head.netMinor),
    refunds: money(head.refundsMinor),
    payouts: money(head.payoutsMinor),
    closing: money(head.closingMinor),
    contentSha256: head.contentSha256!,
    pdfSha256: head.pdfSha256!,
    finalizedAt: head.finalizedAt!.toISOString(),
  };
}
