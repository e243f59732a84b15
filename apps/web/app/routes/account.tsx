import {
  ChangePassword,
  DeleteAccount,
  UpdateProfile,
  type AccountDeletionPlanType,
  type AccountSessionType,
} from '@clearframe/contracts/accounts';
import { Alert, Badge, Card, DescriptionList, FormField, Input, PageHeader } from '@clearframe/ui';
import { data, Form, Link, redirect } from 'react-router';
import { FormErrorAlert, SubmitButton } from '../components/forms';
import { authApi } from '../lib/api/auth.server';
import { destroyOrgId, destroySession } from '../lib/cookies.server';
import { formValues, parseForm, problemToFailure, type FormFailure } from '../lib/form-errors';
import { formatDateTime, orgKindLabel } from '../lib/labels';
import { withNotice } from '../lib/notices';
import { requireViewer, throwProblem } from '../lib/viewer.server';
import type { Route } from './+types/account';

export const meta: Route.MetaFunction = () => [{ title: 'Your account · Clearframe' }];

export async function loader({ request, context }: Route.LoaderArgs) {
  const { me, token } = requireViewer(context, request);
  const [sessions, plan] = await Promise.all([
    authApi.listSessions(token),
    authApi.deletionPlan(token),
  ]);
  if (!sessions.ok) throwProblem(sessions.problem, request);
  if (!plan.ok) throwProblem(plan.problem, request);
  return {
    user: me.user,
    sessionExpiresAt: me.session?.expiresAt ?? null,
    sessions: sessions.data.items,
    plan: plan.data,
  };
}

type Intent =
  | 'rename'
  | 'change-password'
  | 'end-session'
  | 'delete-account'
  | 'resend-verification'
  | 'sign-out-everywhere';

/** Each form shows only its own failure, next to its own fields. */
const failed = (form: Intent | null, failure: FormFailure, status: number) =>
  data({ form, failure, saved: null as Intent | null }, { status });

async function signedOutResponse(request: Request, to: string) {
  const headers = new Headers();
  headers.append('Set-Cookie', await destroySession(request));
  headers.append('Set-Cookie', await destroyOrgId(request));
  return redirect(to, { headers });
}

export async function action({ request, context }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const formData = await request.formData();
  const intent = formData.get('intent');

  if (intent === 'rename') {
    const parsed = parseForm(UpdateProfile, formData, ['name']);
    if (!parsed.ok) return failed(intent, parsed.failure, 400);
    const result = await authApi.updateProfile(viewer.token, parsed.data);
    if (!result.ok) {
      const values = formValues(formData, ['name']);
      return failed(intent, problemToFailure(result.problem, ['name'], { values }), result.status);
    }
    return { form: intent, failure: null, saved: intent };
  }
  if (intent === 'change-password') {
    const fields = ['currentPassword', 'newPassword'] as const;
    const parsed = parseForm(ChangePassword, formData, fields);
    if (!parsed.ok) return failed(intent, parsed.failure, 400);
    const result = await authApi.changePassword(viewer.token, parsed.data, request);
    if (!result.ok) return failed(intent, problemToFailure(result.problem, fields), result.status);
    return redirect(withNotice('/account', 'password-changed'));
  }
  if (intent === 'end-session') {
    const result = await authApi.endSession(viewer.token, String(formData.get('sessionId') ?? ''));
    if (!result.ok) return failed(intent, problemToFailure(result.problem, []), result.status);
    return redirect(withNotice('/account', 'session-signed-out'));
  }
  if (intent === 'delete-account') {
    const parsed = parseForm(DeleteAccount, formData, ['password']);
    if (!parsed.ok) return failed(intent, parsed.failure, 400);
    const result = await authApi.deleteAccount(viewer.token, parsed.data, request);
    if (!result.ok)
      return failed(intent, problemToFailure(result.problem, ['password']), result.status);
    return signedOutResponse(request, withNotice('/sign-in', 'account-deleted'));
  }
  if (intent === 'resend-verification') {
    const result = await authApi.resendVerification(viewer.token);
    if (!result.ok) return failed(intent, problemToFailure(result.problem, []), result.status);
    return redirect(withNotice('/account', 'verification-sent'));
  }
  if (intent === 'sign-out-everywhere') {
    const result = await authApi.signOutEverywhere(viewer.token);
    if (!result.ok && result.status !== 401)
      return failed(intent, problemToFailure(result.problem, []), result.status);
    return signedOutResponse(request, withNotice('/sign-in', 'signed-out-everywhere'));
  }
  return failed(null, { formError: 'Unknown action.', fieldErrors: {}, values: {} }, 400);
}

export default function AccountPage({ loaderData, actionData }: Route.ComponentProps) {
  const { user, sessionExpiresAt, sessions, plan } = loaderData;
  const failureOf = (form: Intent) => (actionData?.form === form ? actionData.failure : null);
  return (
    <div className="max-w-3xl space-y-6">
      <PageHeader
        title="Your account"
        description="Your name and password, the devices signed in to your account, and deleting it."
      />
      {actionData?.form === null && <FormErrorAlert failure={actionData.failure} />}
      <Card title="Profile">
        <DescriptionList
          items={[
            {
              term: 'Email',
              detail: (
                <span className="flex flex-wrap items-center gap-2 break-all">
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
            <FormErrorAlert failure={failureOf('resend-verification')} />
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
        <Form method="post" className="mt-6 space-y-4" noValidate>
          {actionData?.saved === 'rename' && <Alert tone="success">Your name was saved.</Alert>}
          <FormErrorAlert failure={failureOf('rename')} />
          <FormField
            label="Name"
            hint="Shown to the people in your organizations."
            error={failureOf('rename')?.fieldErrors.name}
            required
          >
            <Input
              name="name"
              autoComplete="name"
              defaultValue={failureOf('rename')?.values.name ?? user.name}
              key={user.name}
            />
          </FormField>
          <SubmitButton intent="rename" variant="secondary" loadingText="Saving…">
            Save name
          </SubmitButton>
        </Form>
      </Card>

      <SessionsCard sessions={sessions} failure={failureOf('end-session')} />

      <Card
        title="Change password"
        description="Every other device signed in to your account is signed out; this one stays signed in."
      >
        <Form method="post" className="space-y-4" noValidate>
          <FormErrorAlert failure={failureOf('change-password')} />
          {/* Lets password managers file the new password under the right account. */}
          <input type="hidden" name="username" autoComplete="username" value={user.email} />
          <FormField
            label="Current password"
            error={failureOf('change-password')?.fieldErrors.currentPassword}
            required
          >
            <Input name="currentPassword" type="password" autoComplete="current-password" />
          </FormField>
          <FormField
            label="New password"
            hint="At least 12 characters. A few words you will remember work well."
            error={failureOf('change-password')?.fieldErrors.newPassword}
            required
          >
            <Input name="newPassword" type="password" autoComplete="new-password" />
          </FormField>
          <SubmitButton intent="change-password" loadingText="Changing…">
            Change password
          </SubmitButton>
        </Form>
      </Card>

      <Card
        title="Sign out everywhere"
        description="Lost a device or signed in on a shared computer? End every session of your account, including this one."
      >
        <FormErrorAlert failure={failureOf('sign-out-everywhere')} />
        <Form method="post">
          <SubmitButton intent="sign-out-everywhere" variant="danger" loadingText="Signing out…">
            Sign out everywhere
          </SubmitButton>
        </Form>
      </Card>

      <DeleteAccountCard plan={plan} failure={failureOf('delete-account')} />
    </div>
  );
}

function SessionsCard({
  sessions,
  failure,
}: {
  sessions: AccountSessionType[];
  failure: FormFailure | null;
}) {
  return (
    <Card
      title="Signed-in devices"
      description="Every browser or device that is signed in to your account, most recently active first. Sign out any you do not recognise, then change your password."
    >
      <FormErrorAlert failure={failure} />
      <ul className="divide-y divide-slate-200" aria-label="Signed-in devices">
        {sessions.map((session) => (
          <li
            key={session.id}
            className="flex flex-wrap items-center justify-between gap-3 py-3"
            data-session-id={session.id}
          >
            <div className="min-w-0 space-y-0.5">
              <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
                {session.device}
                {session.current && <Badge tone="info">This device</Badge>}
              </p>
              <p className="text-sm break-all text-slate-600">
                {session.ip ?? 'Unknown address'} · last active {formatDateTime(session.lastSeenAt)}
              </p>
              <p className="text-sm text-slate-600">
                Signed in {formatDateTime(session.createdAt)}
              </p>
            </div>
            {!session.current && (
              <Form method="post">
                <input type="hidden" name="sessionId" value={session.id} />
                <SubmitButton
                  intent="end-session"
                  pendingWhen={(formData) => formData.get('sessionId') === session.id}
                  variant="secondary"
                  size="sm"
                >
                  Sign out<span className="sr-only"> {session.device}</span>
                </SubmitButton>
              </Form>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}

function OrganizationList({ orgs }: { orgs: AccountDeletionPlanType['deletedOrganizations'] }) {
  return (
    <ul className="list-disc space-y-1 pl-5">
      {orgs.map((org) => (
        <li key={org.id}>
          <span className="font-medium">{org.name}</span>{' '}
          <span className="text-slate-600">({orgKindLabel(org.kind)})</span>
        </li>
      ))}
    </ul>
  );
}

function DeleteAccountCard({
  plan,
  failure,
}: {
  plan: AccountDeletionPlanType;
  failure: FormFailure | null;
}) {
  const blocked = plan.blockingOrganizations.length > 0;
  return (
    <Card
      title="Delete account"
      description="Deleting your account cannot be undone. Your sessions end and you cannot sign in with it again."
    >
      <div className="space-y-4 text-sm text-slate-700">
        {blocked && (
          <Alert tone="warning" title="Hand over these organizations first">
            <p>
              You are the only owner of these organizations, and they have other members. Make one
              of them an owner (or remove them) before you delete your account:
            </p>
            <ul className="mt-2 list-disc space-y-1 pl-5">
              {plan.blockingOrganizations.map((org) => (
                <li key={org.id}>
                  <Link
                    to={`/orgs/${org.id}/settings/members`}
                    className="font-medium underline underline-offset-2"
                  >
                    {org.name}
                  </Link>{' '}
                  — {org.otherMembers} other member{org.otherMembers === 1 ? '' : 's'}
                </li>
              ))}
            </ul>
          </Alert>
        )}
        {plan.deletedOrganizations.length > 0 && (
          <div className="space-y-2">
            <p>
              You are the only member of these organizations. They are deleted with your account,
              together with their invitations and API keys:
            </p>
            <OrganizationList orgs={plan.deletedOrganizations} />
          </div>
        )}
        {plan.leftOrganizations.length > 0 && (
          <div className="space-y-2">
            <p>You leave these organizations; they stay for their other members:</p>
            <OrganizationList orgs={plan.leftOrganizations} />
          </div>
        )}
        {!blocked &&
          plan.deletedOrganizations.length === 0 &&
          plan.leftOrganizations.length === 0 && (
            <p>You do not belong to any organization, so only your account is deleted.</p>
          )}
        {!blocked && (
          <Form method="post" className="space-y-4" noValidate>
            <FormErrorAlert failure={failure} />
            <FormField
              label="Your password"
              hint="To confirm that it is you."
              error={failure?.fieldErrors.password}
              required
            >
              <Input name="password" type="password" autoComplete="current-password" />
            </FormField>
            <SubmitButton intent="delete-account" variant="danger" loadingText="Deleting…">
              Delete my account
            </SubmitButton>
          </Form>
        )}
        {blocked && failure && <FormErrorAlert failure={failure} />}
      </div>
    </Card>
  );
}
