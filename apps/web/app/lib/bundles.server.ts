import type { MyOrganizationType } from '@clearframe/contracts/accounts';
import { notFound, requireMembership, type Viewer } from './viewer.server';

/** The lab of `:orgId` for a bundles page; a 404 for any other organization, as the API answers. */
export function requireLab(viewer: Viewer, orgId: string | undefined): MyOrganizationType {
  const org = requireMembership(viewer, orgId);
  if (org.kind !== 'lab') throw notFound('Bundles are for lab organizations.');
  return org;
}
