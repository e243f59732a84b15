import { Button } from '@clearframe/ui';
import { Form, redirect } from 'react-router';
import { AuthPage } from '../components/auth-page';
import { authApi } from '../lib/api/auth.server';
import { destroyOrgId, destroySession } from '../lib/cookies.server';
import { getViewer } from '../lib/viewer.server';
import type { Route } from './+types/sign-out';

export const meta: Route.MetaFunction = () => [{ title: 'Sign out · Clearframe' }];

// Signing out changes state, so it is a POST (from the header button). A GET shows a
// confirmation instead, so a prefetch or a crafted link cannot sign anyone out.
export function loader({ context }: Route.LoaderArgs) {
  if (!getViewer(context)) throw redirect('/');
  return null;
}

export async function action({ request, context }: Route.ActionArgs) {
  const viewer = getViewer(context);
  // Ending the API session matters more than its answer: an already-ended session is fine.
  if (viewer) await authApi.signOut(viewer.token);
  const headers = new Headers();
  headers.append('Set-Cookie', await destroySession(request));
  headers.append('Set-Cookie', await destroyOrgId(request));
  return redirect('/?notice=signed-out', { headers });
}

export default function SignOutPage() {
  return (
    <AuthPage
      title="Sign out"
      description="You will need your password to sign in again on this device."
    >
      <Form method="post">
        <Button type="submit" fullWidth>
          Sign out
        </Button>
      </Form>
    </AuthPage>
  );
}
