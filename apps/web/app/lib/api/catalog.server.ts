import { CatalogClipDetail, CatalogPage } from '@clearframe/contracts/supply';
import { apiRequest } from './client.server';

/** The public catalog: listed clips, previews only. A session token is optional. */
export const catalogApi = {
  /** A search (`q`, facets, `sort`, `cursor`), passed on as the query string it is. */
  list: (token: string | null, params: URLSearchParams = new URLSearchParams()) => {
    const query = params.toString();
    return apiRequest(`/v1/catalog${query ? `?${query}` : ''}`, { token, schema: CatalogPage });
  },
  get: (token: string | null, clipId: string) =>
    apiRequest(`/v1/catalog/clips/${encodeURIComponent(clipId)}`, {
      token,
      schema: CatalogClipDetail,
    }),
};
