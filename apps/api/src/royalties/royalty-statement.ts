import type { CurrencyCodeType } from '@clearframe/contracts/money';

export type StatementStatus = 'draft' | 'final' | 'paid';
export type StatementLineKind =
  'sale' | 'refund' | 'dispute' | 'dispute_won' | 'adjustment' | 'payout';

/** One line as stated: a sold clip of an order, or a money movement that changed the balance. */
export interface StatementLine {
  lineNo: number;
  kind: StatementLineKind;
  /** The journal entry the line comes from. */
  entryId: string;
  recordedAt: Date;
  labOrgId: string | null;
  labName: string | null;
  orderId: string | null;
  clipId: string | null;
  clipTitle: string | null;
  durationMs: number | null;
  termsHash: string | null;
  grossMinor: number | null;
  platformFeeMinor: number | null;
  /** The effect on the creator's balance: + a sale's share, − a refund, dispute or payout. */
  netMinor: number;
}

export interface StatementTotals {
  openingMinor: number;
  grossMinor: number;
  platformFeeMinor: number;
  netMinor: number;
  /** Refunds and adjustments taken off (negative when a won dispute gave more back). */
  refundsMinor: number;
  payoutsMinor: number;
  closingMinor: number;
}

/** A statement with everything its documents show. */
export interface RoyaltyStatement extends StatementTotals {
  id: string;
  orgId: string;
  orgName: string;
  period: string;
  periodStart: Date;
  periodEnd: Date;
  currency: CurrencyCodeType;
  status: StatementStatus;
  createdAt: Date;
  lines: StatementLine[];
}

/**
 * The totals of a statement from its opening balance and lines: sales make gross, fee and net;
 * payouts are payouts; everything else is a refund or adjustment. The closing balance follows
 * from these, so the identity opening + net − refunds − payouts = closing holds by construction
 * (and the database checks it again on every row).
 */
export function statementTotals(
  openingMinor: number,
  lines: readonly StatementLine[],
): StatementTotals {
  let grossMinor = 0;
  let platformFeeMinor = 0;
  let netMinor = 0;
  let refundsMinor = 0;
  let payoutsMinor = 0;
  for (const line of lines) {
    if (line.kind === 'sale') {
      grossMinor += line.grossMinor ?? 0;
      platformFeeMinor += line.platformFeeMinor ?? 0;
      netMinor += line.netMinor;
    } else if (line.kind === 'payout') {
      payoutsMinor -= line.netMinor;
    } else {
      refundsMinor -= line.netMinor;
    }
  }
  const totals = {
    openingMinor,
    grossMinor,
    platformFeeMinor,
    netMinor,
    refundsMinor,
    payoutsMinor,
    closingMinor: openingMinor + netMinor - refundsMinor - payoutsMinor,
  };
  for (const [name, value] of Object.entries(totals)) {
    if (!Number.isSafeInteger(value)) throw new Error(`Statement ${name} is not a safe integer`);
  }
  return totals;
}
