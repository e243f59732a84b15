import { CatalogClipDetail, CatalogPage } from '@clearframe/contracts/supply';
import { apiRequest } from './client.server';

/** The public catalog: listed clips, previews only. A session token is optional. */
export const catalogApi = {
  list: (token: string | null, cursor?: string) =>
    apiRequest(`/v1/catalog${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, {
      token,
      schema: CatalogPage,
    }),
  get: (token: string | null, clipId: string) =>
    apiRequest(`/v1/catalog/clips/${encodeURIComponent(clipId)}`, {
      token,
      schema: CatalogClipDetail,
    }),
};
