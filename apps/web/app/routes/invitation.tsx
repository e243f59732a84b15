import { Alert, Button, Card, DescriptionList, PageHeader, buttonClasses } from '@clearframe/ui';
import { data, Form, Link, redirect } from 'react-router';
import { FormErrorAlert, SubmitButton } from '../components/forms';
import { invitationsApi } from '../lib/api/invitations.server';
import { commitOrgId } from '../lib/cookies.server';
import { problemToFailure } from '../lib/form-errors';
import { formatDate, orgKindLabel, roleLabel } from '../lib/labels';
import { withNotice } from '../lib/notices';
import { getViewer, notFound, requireViewer, throwProblem } from '../lib/viewer.server';
import type { Route } from './+types/invitation';

export const meta: Route.MetaFunction = ({ loaderData }) => [
  {
    title: loaderData
      ? `Join ${loaderData.invitation.orgName} · Clearframe`
      : 'Invitation · Clearframe',
  },
];

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const preview = await invitationsApi.previewInvitation(params.token);
  if (!preview.ok) {
    if (preview.status === 404)
      throw notFound(
        'This invitation link is not valid. Ask the person who invited you for a new one.',
      );
    throwProblem(preview.problem, request);
  }
  const viewer = getViewer(context);
  return { invitation: preview.data, viewerEmail: viewer?.me.user.email ?? null };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const result = await invitationsApi.acceptInvitation(viewer.token, { token: params.token });
  if (!result.ok)
    return data({ failure: problemToFailure(result.problem, []) }, { status: result.status });
  return redirect(withNotice(`/orgs/${result.data.id}/settings/members`, 'joined'), {
    headers: { 'Set-Cookie': await commitOrgId(request, result.data.id) },
  });
}

const closedStatus: Record<string, string> = {
  accepted: 'This invitation has already been accepted.',
  revoked: 'This invitation was withdrawn by the organization.',
  expired: 'This invitation has expired. Ask the person who invited you for a new one.',
};

export default function InvitationPage({ loaderData, actionData, params }: Route.ComponentProps) {
  const { invitation, viewerEmail } = loaderData;
  const here = `/invitations/${encodeURIComponent(params.token)}`;
  const isPending = invitation.status === 'pending';
  const emailMatches =
    viewerEmail !== null && viewerEmail.toLowerCase() === invitation.email.toLowerCase();
  return (
    <div className="mx-auto max-w-xl">
      <PageHeader
        eyebrow="Invitation"
        title={`Join ${invitation.orgName}`}
        description={`${invitation.invitedBy} invited ${invitation.email} to join this ${orgKindLabel(invitation.orgKind).toLowerCase()} on Clearframe.`}
      />
      <Card>
        <div className="space-y-5">
          <DescriptionList
            items={[
              {
                term: 'Organization',
                detail: `${invitation.orgName} (${orgKindLabel(invitation.orgKind)})`,
              },
              { term: 'Your role', detail: roleLabel(invitation.role) },
              { term: 'For', detail: invitation.email },
              { term: 'Expires', detail: formatDate(invitation.expiresAt) },
            ]}
          />
          <FormErrorAlert
            failure={actionData?.failure}
            title="We could not accept the invitation"
          />
          {!isPending ? (
            <Alert tone="warning">{closedStatus[invitation.status]}</Alert>
          ) : viewerEmail === null ? (
            <div className="space-y-3">
              <p className="text-sm text-slate-700">
                Sign in or create an account with {invitation.email} to accept.
              </p>
              <div className="flex flex-wrap gap-3">
                <Link
                  to={`/sign-in?redirectTo=${encodeURIComponent(here)}&email=${encodeURIComponent(invitation.email)}`}
                  className={buttonClasses()}
                >
                  Sign in to accept
                </Link>
                <Link
                  to={`/sign-up?redirectTo=${encodeURIComponent(here)}&email=${encodeURIComponent(invitation.email)}`}
                  className={buttonClasses({ variant: 'secondary' })}
                >
                  Create an account
                </Link>
              </div>
            </div>
          ) : !emailMatches ? (
            <Alert tone="warning" title="This invitation is for someone else">
              <p>
                You are signed in as {viewerEmail}, but the invitation was sent to{' '}
                {invitation.email}. Sign out and sign in with that address to accept it.
              </p>
              <Form method="post" action="/sign-out">
                <Button type="submit" variant="secondary" size="sm">
                  Sign out
                </Button>
              </Form>
            </Alert>
          ) : (
            <Form method="post">
              <SubmitButton loadingText="Joining…">
                Accept and join {invitation.orgName}
              </SubmitButton>
            </Form>
          )}
        </div>
      </Card>
    </div>
  );
}
