import { FootageLookup } from '@clearframe/contracts/demand';
import { apiRequest } from './client.server';

/** Public "Was my footage used?" look-up by a file's SHA-256. */
export const footageApi = {
  // `from`: the visitor's request, so the API rate-limits public look-ups per visitor.
  lookup: (sha256: string, from?: Request) =>
    apiRequest(`/v1/footage/${encodeURIComponent(sha256)}`, { schema: FootageLookup, from }),
};
