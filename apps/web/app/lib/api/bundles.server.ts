import { listOf } from '@clearframe/contracts/common';
import {
  Bundle,
  BundleClipsAdded,
  BundleDetail,
  BundleQuote,
  CurrentRateCard,
  type CreateBundleType,
  type UpdateBundleType,
} from '@clearframe/contracts/demand';
import { apiRequest, orgPath } from './client.server';

const bundlePath = (orgId: string, bundleId: string) =>
  `${orgPath(orgId)}/bundles/${encodeURIComponent(bundleId)}`;

/** A lab's bundles, their clips and live quotes; the public rate card. */
export const bundlesApi = {
  list: (token: string, orgId: string) =>
    apiRequest(`${orgPath(orgId)}/bundles`, { token, schema: listOf(Bundle) }),
  create: (token: string, orgId: string, body: CreateBundleType) =>
    apiRequest(`${orgPath(orgId)}/bundles`, { method: 'POST', token, body, schema: Bundle }),
  get: (token: string, orgId: string, bundleId: string) =>
    apiRequest(bundlePath(orgId, bundleId), { token, schema: BundleDetail }),
  update: (token: string, orgId: string, bundleId: string, body: UpdateBundleType) =>
    apiRequest(bundlePath(orgId, bundleId), { method: 'PATCH', token, body, schema: BundleDetail }),
  delete: (token: string, orgId: string, bundleId: string) =>
    apiRequest(bundlePath(orgId, bundleId), { method: 'DELETE', token }),
  addClips: (token: string, orgId: string, bundleId: string, clipIds: string[]) =>
    apiRequest(`${bundlePath(orgId, bundleId)}/clips`, {
      method: 'POST',
      token,
      body: { clipIds },
      schema: BundleClipsAdded,
    }),
  removeClip: (token: string, orgId: string, bundleId: string, clipId: string) =>
    apiRequest(`${bundlePath(orgId, bundleId)}/clips/${encodeURIComponent(clipId)}`, {
      method: 'DELETE',
      token,
    }),
  quote: (token: string, orgId: string, bundleId: string) =>
    apiRequest(`${bundlePath(orgId, bundleId)}/quote`, { token, schema: BundleQuote }),
  rateCard: (token: string | null) =>
    apiRequest('/v1/rate-card', { token, schema: CurrentRateCard }),
};
