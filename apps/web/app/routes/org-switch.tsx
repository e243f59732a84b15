import { redirect } from 'react-router';
import { commitOrgId } from '../lib/cookies.server';
import { pathAfterOrgSwitch, safeRedirectPath } from '../lib/navigation';
import { requireMembership, requireViewer } from '../lib/viewer.server';
import type { Route } from './+types/org-switch';

// Only the switcher form posts here; a GET has nothing to show.
export function loader() {
  return redirect('/');
}

export async function action({ request, context }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const formData = await request.formData();
  const orgIdValue = formData.get('orgId');
  const org = requireMembership(viewer, typeof orgIdValue === 'string' ? orgIdValue : undefined);
  const from = safeRedirectPath(formData.get('redirectTo'), '/');
  return redirect(pathAfterOrgSwitch(from, org.id, org.kind), {
    headers: { 'Set-Cookie': await commitOrgId(request, org.id) },
  });
}
