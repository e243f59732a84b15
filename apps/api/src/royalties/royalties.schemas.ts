import { z } from 'zod';
import { SignedMoney } from '@clearframe/contracts/money';

// Local to the API for now: the web reads these shapes through its own client. They move to
// @clearframe/contracts (demand/royalties) when the earnings pages share them.

/** `POST /v1/operator/royalties/runs`: the month to state. */
export const RunRoyaltyStatements = z.strictObject({
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'A month as YYYY-MM, e.g. 2026-10.'),
});
export type RunRoyaltyStatementsType = z.infer<typeof RunRoyaltyStatements>;

export const RoyaltyRun = z.strictObject({
  period: z.string(),
  statements: z.array(
    z.strictObject({
      orgId: z.uuid(),
      currency: z.string(),
      outcome: z.enum(['created', 'existing', 'superseded']),
      statementId: z.uuid().nullable(),
      status: z.string().nullable(),
      closingMinor: z.number().int().nullable(),
    }),
  ),
});

/** A statement as a studio lists it. */
export const RoyaltyStatementSummary = z.strictObject({
  id: z.uuid(),
  period: z.string(),
  currency: z.string(),
  status: z.enum(['final', 'paid']),
  lineCount: z.number().int(),
  opening: SignedMoney,
  gross: SignedMoney,
  platformFee: SignedMoney,
  net: SignedMoney,
  refunds: SignedMoney,
  payouts: SignedMoney,
  closing: SignedMoney,
  contentSha256: z.string(),
  pdfSha256: z.string(),
  finalizedAt: z.iso.datetime(),
});
export type RoyaltyStatementSummaryType = z.infer<typeof RoyaltyStatementSummary>;
