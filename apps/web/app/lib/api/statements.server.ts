import { z } from 'zod';
import { listOf } from '@clearframe/contracts/common';
import { SignedMoney } from '@clearframe/contracts/money';
import { env } from '../env.server';
import { apiRequest, orgPath } from './client.server';

// The API's statement summary (apps/api/src/royalties/royalties.schemas.ts); it moves to
// @clearframe/contracts with the earnings pages.
export const StatementSummary = z.object({
  id: z.string(),
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
  finalizedAt: z.string(),
});
export type StatementSummaryType = z.infer<typeof StatementSummary>;

/** A creator studio's monthly royalty statements and their documents. */
export const statementsApi = {
  list: (token: string, orgId: string) =>
    apiRequest(`${orgPath(orgId)}/statements`, { token, schema: listOf(StatementSummary) }),
  /** The stored PDF or CSV as the API streams it, for the web to pass on unbuffered. */
  document(token: string, orgId: string, statementId: string, format: 'pdf' | 'csv') {
    return fetch(
      new URL(
        `${orgPath(orgId)}/statements/${encodeURIComponent(statementId)}/${format}`,
        env.API_URL,
      ),
      { headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(60_000) },
    );
  },
};
