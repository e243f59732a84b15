import { Injectable } from '@nestjs/common';
import type { CurrencyCodeType } from '@clearframe/contracts/money';
import { PaymentProvider } from '../payments/payment-provider.js';
import { PayoutRunRepository } from './payout-run.repository.js';

export type MismatchKind =
  /** The ledger (or the payout) says paid; the provider has no such transfer. */
  | 'missing_at_provider'
  /** The provider has a transfer no paid payout names (a payout not recorded, or not ours). */
  | 'missing_in_ledger'
  /** Both have it, for different amounts or currencies. */
  | 'amount_differs'
  /** The provider reversed some of it, which no journal entry records. */
  | 'reversed_at_provider'
  /** A paid payout without its journal entry, or an entry for another amount. */
  | 'ledger_entry_differs';

export interface Mismatch {
  kind: MismatchKind;
  payoutId: string | null;
  statementId: string | null;
  orgId: string | null;
  transferId: string | null;
  ledgerMinor: number | null;
  providerMinor: number | null;
  currency: CurrencyCodeType | null;
  detail: string;
}

export interface ReconciliationReport {
  provider: string;
  checkedAt: Date;
  payouts: number;
  transfers: number;
  matched: number;
  mismatches: Mismatch[];
}

/**
 * The payouts as the ledger holds them against the transfers the provider holds, listing every
 * difference: a transfer on one side only, amounts or currencies that differ, a reversal the
 * ledger does not know, a paid payout whose journal entry is missing or differs.
 */
@Injectable()
export class PayoutReconciliationService {
  constructor(
    private readonly payouts: PayoutRunRepository,
    private readonly payments: PaymentProvider,
  ) {}

  async report(now: Date): Promise<ReconciliationReport> {
    const payouts = (await this.payouts.list()).filter((p) => p.provider === this.payments.name);
    const entries = await this.payouts.ledgerPayouts();
    const transfers = new Map(
      (await this.payments.listTransfers()).map((transfer) => [transfer.transferId, transfer]),
    );
    const mismatches: Mismatch[] = [];
    const named = new Set<string>();
    let matched = 0;
    for (const payout of payouts) {
      const base = {
        payoutId: payout.id,
        statementId: payout.statementId,
        orgId: payout.orgId,
        transferId: payout.providerTransferId,
        currency: payout.currency,
      };
      const entryMinor = entries.get(payout.idempotencyKey);
      const settled = payout.state === 'paid' || (payout.state === 'manual' && payout.paidAt);
      if (settled && entryMinor !== payout.amountMinor) {
        mismatches.push({
          ...base,
          kind: 'ledger_entry_differs',
          ledgerMinor: entryMinor ?? null,
          providerMinor: null,
          detail:
            entryMinor === undefined
              ? `The payout is ${payout.state} but the journal has no ${payout.idempotencyKey} entry.`
              : `The payout is ${payout.amountMinor}, its journal entry ${entryMinor}.`,
        });
      } else if (!settled && entryMinor !== undefined) {
        mismatches.push({
          ...base,
          kind: 'ledger_entry_differs',
          ledgerMinor: entryMinor,
          providerMinor: null,
          detail: `The payout is ${payout.state} but the journal records it as paid.`,
        });
      }
      if (payout.state !== 'paid' || !payout.providerTransferId) continue;
      named.add(payout.providerTransferId);
      const transfer = transfers.get(payout.providerTransferId);
      const ledgerMinor = entryMinor ?? payout.amountMinor;
      if (!transfer) {
        mismatches.push({
          ...base,
          kind: 'missing_at_provider',
          ledgerMinor,
          providerMinor: null,
          detail: `The provider has no transfer ${payout.providerTransferId}.`,
        });
        continue;
      }
      if (
        transfer.amount.amountMinor !== ledgerMinor ||
        transfer.amount.currency !== payout.currency
      ) {
        mismatches.push({
          ...base,
          kind: 'amount_differs',
          ledgerMinor,
          providerMinor: transfer.amount.amountMinor,
          detail: `The ledger paid ${ledgerMinor} ${payout.currency}, the provider transferred ${transfer.amount.amountMinor} ${transfer.amount.currency}.`,
        });
        continue;
      }
      if (transfer.reversedMinor > 0) {
        mismatches.push({
          ...base,
          kind: 'reversed_at_provider',
          ledgerMinor,
          providerMinor: transfer.amount.amountMinor - transfer.reversedMinor,
          detail: `The provider reversed ${transfer.reversedMinor} of it; the ledger records no reversal.`,
        });
        continue;
      }
      matched++;
    }
    for (const transfer of transfers.values()) {
      if (named.has(transfer.transferId)) continue;
      const pending = payouts.find(
        (p) => p.state === 'requested' && p.destinationAccountId === transfer.destinationAccountId,
      );
      mismatches.push({
        kind: 'missing_in_ledger',
        payoutId: pending?.id ?? null,
        statementId: pending?.statementId ?? null,
        orgId: pending?.orgId ?? null,
        transferId: transfer.transferId,
        ledgerMinor: null,
        providerMinor: transfer.amount.amountMinor,
        currency: transfer.amount.currency,
        detail: pending
          ? 'The provider made this transfer; its payout is still requested (the next run records it).'
          : 'No payout in the ledger names this transfer.',
      });
    }
    return {
      provider: this.payments.name,
      checkedAt: now,
      payouts: payouts.length,
      transfers: transfers.size,
      matched,
      mismatches,
    };
  }
}
