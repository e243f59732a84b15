import { z } from 'zod';
import { apiRequest } from './client.server';

// The API's payouts shapes (apps/api/src/payouts/payouts.schemas.ts); they move to
// @clearframe/contracts when another client needs them.
const PayoutOutcome = z.object({
  statementId: z.string(),
  orgId: z.string(),
  currency: z.string(),
  amountMinor: z.number().int(),
  outcome: z.string(),
  payoutId: z.string().nullable(),
  reason: z.string().nullable(),
});

export const Payout = z.object({
  id: z.string(),
  statementId: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  period: z.string(),
  amountMinor: z.number().int(),
  currency: z.string(),
  state: z.enum(['requested', 'paid', 'failed', 'manual']),
  providerTransferId: z.string().nullable(),
  failureReason: z.string().nullable(),
  attempts: z.number().int(),
  createdAt: z.string(),
  lastAttemptAt: z.string().nullable(),
  paidAt: z.string().nullable(),
});
export type PayoutType = z.infer<typeof Payout>;

export const PayoutsOverview = z.object({
  thresholdMinor: z.number().int(),
  provider: z.string(),
  upcoming: z.array(
    z.object({
      statementId: z.string(),
      orgId: z.string(),
      orgName: z.string(),
      period: z.string(),
      currency: z.string(),
      closingMinor: z.number().int(),
      amountMinor: z.number().int(),
      payable: z.boolean(),
    }),
  ),
  payouts: z.array(Payout),
});

export const Reconciliation = z.object({
  provider: z.string(),
  checkedAt: z.string(),
  payouts: z.number().int(),
  transfers: z.number().int(),
  matched: z.number().int(),
  mismatches: z.array(
    z.object({
      kind: z.string(),
      payoutId: z.string().nullable(),
      statementId: z.string().nullable(),
      orgId: z.string().nullable(),
      transferId: z.string().nullable(),
      ledgerMinor: z.number().int().nullable(),
      providerMinor: z.number().int().nullable(),
      currency: z.string().nullable(),
      detail: z.string(),
    }),
  ),
});

const payoutPath = (id: string) => `/v1/operator/payouts/${encodeURIComponent(id)}`;

/** The operators' payouts and their reconciliation. */
export const payoutsApi = {
  overview: (token: string) =>
    apiRequest('/v1/operator/payouts', { token, schema: PayoutsOverview }),
  run: (token: string) =>
    apiRequest('/v1/operator/payouts/runs', {
      method: 'POST',
      token,
      schema: z.object({ payouts: z.array(PayoutOutcome) }),
    }),
  retry: (token: string, id: string) =>
    apiRequest(`${payoutPath(id)}/retry`, { method: 'POST', token, schema: PayoutOutcome }),
  markPaid: (token: string, id: string) =>
    apiRequest(`${payoutPath(id)}/paid`, { method: 'POST', token, schema: Payout }),
  reconciliation: (token: string) =>
    apiRequest('/v1/operator/payouts/reconciliation', { token, schema: Reconciliation }),
};
