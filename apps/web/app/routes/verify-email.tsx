import { VerifyEmail } from '@clearframe/contracts/accounts';
import { Alert, Button, textLinkClasses } from '@clearframe/ui';
import { data, Form, Link, redirect } from 'react-router';
import { AuthPage } from '../components/auth-page';
import { FormErrorAlert, SubmitButton } from '../components/forms';
import { authApi } from '../lib/api/auth.server';
import { commitSession } from '../lib/cookies.server';
import { parseForm, problemToFailure } from '../lib/form-errors';
import { withNotice } from '../lib/notices';
import { getViewer } from '../lib/viewer.server';
import type { Route } from './+types/verify-email';

export const meta: Route.MetaFunction = () => [{ title: 'Confirm your email · Clearframe' }];

export function loader({ request, context }: Route.LoaderArgs) {
  const token = new URL(request.url).searchParams.get('token') ?? '';
  const viewer = getViewer(context);
  return {
    token,
    signedIn: viewer !== null,
    alreadyVerified: viewer?.me.user.emailVerified ?? false,
  };
}

// Confirming is a button press (POST), not the GET of the link itself: mail scanners and link
// previews fetch URLs, and must not use up a single-use token on the person's behalf.
export async function action({ request, context }: Route.ActionArgs) {
  const formData = await request.formData();
  const parsed = parseForm(VerifyEmail, formData, [], {
    hidden: ['token'],
    messages: { token: 'This link is incomplete. Open the link from the email again.' },
  });
  if (!parsed.ok) return data({ failure: parsed.failure }, { status: 400 });
  const result = await authApi.verifyEmail(parsed.data, request);
  if (!result.ok)
    return data({ failure: problemToFailure(result.problem, []) }, { status: result.status });
  if (getViewer(context)) return redirect(withNotice('/account', 'email-verified'));
  // Confirming signs in (ADR 007). A new account has no organization yet: create one next.
  return redirect(withNotice('/orgs/new', 'welcome'), {
    headers: { 'Set-Cookie': await commitSession(request, result.data.session) },
  });
}

export default function VerifyEmailPage({ loaderData, actionData }: Route.ComponentProps) {
  const { token, signedIn, alreadyVerified } = loaderData;
  if (!token) {
    return (
      <AuthPage
        title="Confirm your email"
        description="Open the link we emailed you to confirm your address."
      >
        <div className="space-y-4 text-sm text-slate-700">
          {alreadyVerified ? (
            <Alert tone="success">Your email address is already confirmed.</Alert>
          ) : signedIn ? (
            <>
              <p>Did not get the email, or the link expired? We can send a new one.</p>
              <Form method="post" action="/account">
                <Button type="submit" name="intent" value="resend-verification" variant="secondary">
                  Send a new link
                </Button>
              </Form>
            </>
          ) : (
            <p>
              <Link to="/sign-in?redirectTo=%2Fverify-email" className={textLinkClasses}>
                Sign in
              </Link>{' '}
              to get a new confirmation link.
            </p>
          )}
        </div>
      </AuthPage>
    );
  }
  return (
    <AuthPage
      title="Confirm your email"
      description="One click confirms that this address is yours."
    >
      <Form method="post" className="space-y-5">
        <FormErrorAlert failure={actionData?.failure} title="We could not confirm your email" />
        <input type="hidden" name="token" value={token} />
        <SubmitButton fullWidth loadingText="Confirming…">
          Confirm my email address
        </SubmitButton>
      </Form>
    </AuthPage>
  );
}
