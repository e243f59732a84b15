import { Alert, Badge, Card, DescriptionList, PageHeader } from '@clearframe/ui';
import { data, Form, redirect } from 'react-router';
import { FormErrorAlert, SubmitButton } from '../components/forms';
import { authApi } from '../lib/api/auth.server';
import { destroyOrgId, destroySession } from '../lib/cookies.server';
import { problemToFailure } from '../lib/form-errors';
import { formatDateTime } from '../lib/labels';
import { withNotice } from '../lib/notices';
import { requireViewer } from '../lib/viewer.server';
import type { Route } from './+types/account';

export const meta: Route.MetaFunction = () => [{ title: 'Your account · Clearframe' }];

export function loader({ request, context }: Route.LoaderArgs) {
  const { me } = requireViewer(context, request);
  return { user: me.user, sessionExpiresAt: me.session?.expiresAt ?? null };
}

export async function action({ request, context }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const intent = (await request.formData()).get('intent');
  if (intent === 'resend-verification') {
    const result = await authApi.resendVerification(viewer.token);
    if (!result.ok)
      return data({ failure: problemToFailure(result.problem, []) }, { status: result.status });
    return redirect(withNotice('/account', 'verification-sent'));
  }
  if (intent === 'sign-out-everywhere') {
    const result = await authApi.signOutEverywhere(viewer.token);
    if (!result.ok && result.status !== 401)
      return data({ failure: problemToFailure(result.problem, []) }, { status: result.status });
    const headers = new Headers();
    headers.append('Set-Cookie', await destroySession(request));
    headers.append('Set-Cookie', await destroyOrgId(request));
    return redirect(withNotice('/sign-in', 'signed-out-everywhere'), { headers });
  }
  return data(
    { failure: { formError: 'Unknown action.', fieldErrors: {}, values: {} } },
    { status: 400 },
  );
}

export default function AccountPage({ loaderData, actionData }: Route.ComponentProps) {
  const { user, sessionExpiresAt } = loaderData;
  return (
    <div className="max-w-3xl space-y-6">
      <PageHeader
        title="Your account"
        description="Your sign-in details and the devices signed in to your account."
      />
      <FormErrorAlert failure={actionData?.failure} />
      <Card title="Profile">
        <DescriptionList
          items={[
            { term: 'Name', detail: user.name },
            {
              term: 'Email',
              detail: (
                <span className="flex flex-wrap items-center gap-2">
                  {user.email}
                  {user.emailVerified ? (
                    <Badge tone="success">Confirmed</Badge>
                  ) : (
                    <Badge tone="warning">Not confirmed</Badge>
                  )}
                </span>
              ),
            },
            { term: 'Member since', detail: formatDateTime(user.createdAt) },
            ...(sessionExpiresAt
              ? [{ term: 'This session ends', detail: formatDateTime(sessionExpiresAt) }]
              : []),
          ]}
        />
        {!user.emailVerified && (
          <Alert tone="warning" title="Confirm your email address" className="mt-4">
            <p>
              Open the link we emailed you. If it did not arrive or has expired, we can send
              another.
            </p>
            <Form method="post">
              <SubmitButton
                intent="resend-verification"
                variant="secondary"
                size="sm"
                loadingText="Sending…"
              >
                Send a new confirmation link
              </SubmitButton>
            </Form>
          </Alert>
        )}
      </Card>
      <Card
        title="Sign out everywhere"
        description="Lost a device or signed in on a shared computer? End every session of your account, including this one."
      >
        <Form method="post">
          <SubmitButton intent="sign-out-everywhere" variant="danger" loadingText="Signing out…">
            Sign out everywhere
          </SubmitButton>
        </Form>
      </Card>
    </div>
  );
}
