import { z } from 'zod';
import { Earnings } from '@clearframe/contracts/money';
import { apiRequest, orgPath } from './client.server';

/**
 * What the earnings page needs of a statement. Statements are another domain's
 * (apps/api/src/royalties); until their contract lands in @clearframe/contracts, only these
 * fields are read and anything else the API sends is ignored.
 */
export const StatementLink = z.looseObject({
  id: z.string(),
  period: z.string(),
  status: z.string(),
});
export type StatementLinkType = z.infer<typeof StatementLink>;

/** A creator studio's earnings and its royalty statements. */
export const earningsApi = {
  get: (token: string, orgId: string, query: { from?: string; to?: string; cursor?: string }) => {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (value) params.set(name, value);
    const search = params.size ? `?${params}` : '';
    return apiRequest(`${orgPath(orgId)}/earnings${search}`, { token, schema: Earnings });
  },
  statements: (token: string, orgId: string) =>
    apiRequest(`${orgPath(orgId)}/statements`, {
      token,
      schema: z.object({ items: z.array(StatementLink) }),
    }),
};
