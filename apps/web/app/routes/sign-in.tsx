import { SignIn } from '@clearframe/contracts/accounts';
import { FormField, Input, textLinkClasses } from '@clearframe/ui';
import { useEffect, useRef } from 'react';
import { data, Form, Link, redirect } from 'react-router';
import { AuthPage } from '../components/auth-page';
import { FormErrorAlert, SubmitButton } from '../components/forms';
import { authApi } from '../lib/api/auth.server';
import { commitSession } from '../lib/cookies.server';
import { formValues, parseForm, problemToFailure } from '../lib/form-errors';
import { prefillEmail, safeRedirectPath } from '../lib/navigation';
import { getViewer } from '../lib/viewer.server';
import type { Route } from './+types/sign-in';

const FIELDS = ['email', 'password'] as const;

export const meta: Route.MetaFunction = () => [{ title: 'Sign in · Clearframe' }];

export function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirectPath(url.searchParams.get('redirectTo'), '/');
  if (getViewer(context)) throw redirect(redirectTo);
  return { redirectTo, email: prefillEmail(url) };
}

export async function action({ request }: Route.ActionArgs) {
  const formData = await request.formData();
  const redirectTo = safeRedirectPath(formData.get('redirectTo'), '/');
  const parsed = parseForm(SignIn, formData, FIELDS);
  if (!parsed.ok) return data({ failure: parsed.failure }, { status: 400 });

  const result = await authApi.signIn(parsed.data, request);
  if (!result.ok) {
    return data(
      {
        failure: problemToFailure(result.problem, FIELDS, { values: formValues(formData, FIELDS) }),
      },
      { status: result.status },
    );
  }
  return redirect(redirectTo, {
    headers: { 'Set-Cookie': await commitSession(request, result.data.session) },
  });
}

export default function SignInPage({ loaderData, actionData }: Route.ComponentProps) {
  const failure = actionData?.failure;
  const passwordRef = useRef<HTMLInputElement>(null);
  // After a failed attempt the password is cleared and focused for the retry — the same state a
  // person gets without JavaScript, where the server never echoes a password back.
  useEffect(() => {
    if (actionData?.failure && passwordRef.current) {
      passwordRef.current.value = '';
      passwordRef.current.focus();
    }
  }, [actionData]);
  const signUpHref =
    loaderData.redirectTo === '/'
      ? '/sign-up'
      : `/sign-up?redirectTo=${encodeURIComponent(loaderData.redirectTo)}`;
  return (
    <AuthPage
      title="Sign in"
      description="Welcome back to Clearframe."
      footer={
        <>
          <p>
            New here?{' '}
            <Link to={signUpHref} className={textLinkClasses}>
              Create an account
            </Link>
          </p>
          <p>
            <Link to="/forgot-password" className={textLinkClasses}>
              Forgot your password?
            </Link>
          </p>
        </>
      }
    >
      <Form method="post" className="space-y-5" noValidate>
        <FormErrorAlert failure={failure} title="Sign-in failed" />
        <input type="hidden" name="redirectTo" value={loaderData.redirectTo} />
        <FormField label="Email" error={failure?.fieldErrors.email} required>
          <Input
            name="email"
            type="email"
            autoComplete="email"
            defaultValue={failure?.values.email ?? loaderData.email}
          />
        </FormField>
        <FormField label="Password" error={failure?.fieldErrors.password} required>
          <Input
            ref={passwordRef}
            name="password"
            type="password"
            autoComplete="current-password"
          />
        </FormField>
        <SubmitButton fullWidth loadingText="Signing in…">
          Sign in
        </SubmitButton>
      </Form>
    </AuthPage>
  );
}
