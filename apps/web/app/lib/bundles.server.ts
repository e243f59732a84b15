import type { MyOrganizationType } from '@clearframe/contracts/accounts';
import { BundleSearchResultsAdded, type AddSearchResultsType } from '@clearframe/contracts/demand';
import { apiRequest, orgPath } from './api/client.server';
import { CATALOG_PARAMS } from './catalog.server';
import { readOrgId } from './cookies.server';
import { pickCurrentOrg } from './navigation';
import { notFound, requireMembership, type Viewer } from './viewer.server';

/** The lab of `:orgId` for a bundles page; a 404 for any other organization, as the API answers. */
export function requireLab(viewer: Viewer, orgId: string | undefined): MyOrganizationType {
  const org = requireMembership(viewer, orgId);
  if (org.kind !== 'lab') throw notFound('Bundles are for lab organizations.');
  return org;
}

/** The person's current organization when it is a lab (catalog pages add to its bundles). */
export async function currentLab(
  viewer: Viewer,
  request: Request,
): Promise<MyOrganizationType | null> {
  const org = pickCurrentOrg(viewer.me.organizations, await readOrgId(request));
  return org?.kind === 'lab' ? org : null;
}

/** The fields of a catalog search that "add all results" sends: the search without its page. */
export const SEARCH_RESULTS_FIELDS = CATALOG_PARAMS.filter((name) => name !== 'cursor');

/**
 * Adds a catalog search's results to a bundle: the API runs the search and adds a snapshot of
 * its first matches (at most the cap it states in the answer).
 */
export function addSearchResults(
  token: string,
  orgId: string,
  bundleId: string,
  search: AddSearchResultsType,
) {
  return apiRequest(`${orgPath(orgId)}/bundles/${encodeURIComponent(bundleId)}/clips/from-search`, {
    method: 'POST',
    token,
    body: search,
    schema: BundleSearchResultsAdded,
  });
}
