import type { MyOrganizationType } from '@clearframe/contracts/accounts';
import { ClipState, type ClipStateType } from '@clearframe/contracts/supply';
import { clipsApi } from './api/clips.server';
import { notFound, requireMembership, throwProblem, type Viewer } from './viewer.server';

/** The viewer's creator organization `orgId`; a 404 page for labs, operators and strangers. */
export function requireStudio(viewer: Viewer, orgId: string | undefined): MyOrganizationType {
  const org = requireMembership(viewer, orgId);
  if (org.kind !== 'creator')
    throw notFound('The studio is where creator organizations keep their clips.');
  return org;
}

/** The state filter of a studio URL (`?state=`); anything unknown shows every clip. */
export function stateFilter(url: URL): ClipStateType | null {
  const parsed = ClipState.safeParse(url.searchParams.get('state'));
  return parsed.success ? parsed.data : null;
}

/**
 * What the studio shows: one page of the organization's clips (optionally in one state) and
 * the policy templates the bulk form offers. Shared by the studio page and the home page of a
 * creator, which is the same work.
 */
export async function loadStudio(viewer: Viewer, org: MyOrganizationType, request: Request) {
  const url = new URL(request.url);
  const state = stateFilter(url);
  const cursor = url.searchParams.get('cursor') || undefined;
  const [clips, templates] = await Promise.all([
    clipsApi.list(viewer.token, org.id, { state: state ?? undefined, cursor }),
    clipsApi.policyTemplates(viewer.token),
  ]);
  if (!clips.ok) throwProblem(clips.problem, request);
  if (!templates.ok) throwProblem(templates.problem, request);
  return {
    org,
    state,
    cursor: cursor ?? null,
    clips: clips.data.items,
    nextCursor: clips.data.nextCursor,
    templates: templates.data.items.map(({ id, title, description }) => ({
      id,
      title,
      description,
    })),
    currency: templates.data.currency,
  };
}

export type StudioData = Awaited<ReturnType<typeof loadStudio>>;
