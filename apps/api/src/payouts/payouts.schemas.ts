import { z } from 'zod';

// Local to the API, as the royalties' shapes are: the operator pages read them through the web
// app's own client. They move to @clearframe/contracts when another client needs them.

const Outcome = z.enum([
  'paid',
  'manual',
  'failed',
  'pending',
  'busy',
  'carried',
  'no_payout_account',
  'waiting',
]);

export const PayoutRun = z.strictObject({
  thresholdMinor: z.number().int(),
  payouts: z.array(
    z.strictObject({
      statementId: z.uuid(),
      orgId: z.uuid(),
      currency: z.string(),
      amountMinor: z.number().int(),
      outcome: Outcome,
      payoutId: z.uuid().nullable(),
      reason: z.string().nullable(),
    }),
  ),
});

export const PayoutView = z.strictObject({
  id: z.uuid(),
  statementId: z.uuid(),
  orgId: z.uuid(),
  orgName: z.string(),
  period: z.string(),
  amountMinor: z.number().int(),
  currency: z.string(),
  state: z.enum(['requested', 'paid', 'failed', 'manual']),
  providerTransferId: z.string().nullable(),
  failureReason: z.string().nullable(),
  attempts: z.number().int(),
  createdAt: z.iso.datetime(),
  lastAttemptAt: z.iso.datetime().nullable(),
  paidAt: z.iso.datetime().nullable(),
});

/** `GET /v1/operator/payouts`: what will be paid, what was, what failed and why. */
export const PayoutsOverview = z.strictObject({
  thresholdMinor: z.number().int(),
  provider: z.string(),
  upcoming: z.array(
    z.strictObject({
      statementId: z.uuid(),
      orgId: z.uuid(),
      orgName: z.string(),
      period: z.string(),
      currency: z.string(),
      closingMinor: z.number().int(),
      amountMinor: z.number().int(),
      payable: z.boolean(),
    }),
  ),
  payouts: z.array(PayoutView),
});

export const ReconciliationReport = z.strictObject({
  provider: z.string(),
  checkedAt: z.iso.datetime(),
  payouts: z.number().int(),
  transfers: z.number().int(),
  matched: z.number().int(),
  mismatches: z.array(
    z.strictObject({
      kind: z.enum([
        'missing_at_provider',
        'missing_in_ledger',
        'amount_differs',
        'reversed_at_provider',
        'ledger_entry_differs',
      ]),
      payoutId: z.uuid().nullable(),
      statementId: z.uuid().nullable(),
      orgId: z.uuid().nullable(),
      transferId: z.string().nullable(),
      ledgerMinor: z.number().int().nullable(),
      providerMinor: z.number().int().nullable(),
      currency: z.string().nullable(),
      detail: z.string(),
    }),
  ),
});
