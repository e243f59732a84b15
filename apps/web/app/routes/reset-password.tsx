import { ResetPassword } from '@clearframe/contracts/accounts';
import { PASSWORD_MIN_LENGTH } from '@clearframe/contracts/common';
import { FormField, Input, textLinkClasses } from '@clearframe/ui';
import { data, Form, Link, redirect } from 'react-router';
import { AuthPage } from '../components/auth-page';
import { FormErrorAlert, SubmitButton } from '../components/forms';
import { authApi } from '../lib/api/auth.server';
import { destroySession } from '../lib/cookies.server';
import { parseForm, problemToFailure } from '../lib/form-errors';
import { withNotice } from '../lib/notices';
import type { Route } from './+types/reset-password';

const FIELDS = ['password', 'confirmPassword'] as const;

export const meta: Route.MetaFunction = () => [{ title: 'Choose a new password · Clearframe' }];

export function loader({ request }: Route.LoaderArgs) {
  return { token: new URL(request.url).searchParams.get('token') ?? '' };
}

export async function action({ request }: Route.ActionArgs) {
  const formData = await request.formData();
  const parsed = parseForm(ResetPassword, formData, ['password'], {
    hidden: ['token'],
    messages: { token: 'This reset link is incomplete. Open the link from the email again.' },
  });
  const failure = parsed.ok
    ? { formError: null, fieldErrors: {} as Record<string, string>, values: {} }
    : parsed.failure;
  // The confirmation is a web-only check (the API takes one password), done alongside the
  // schema so a person sees every problem at once.
  if (formData.get('confirmPassword') !== formData.get('password'))
    failure.fieldErrors.confirmPassword = 'The passwords do not match.';
  if (!parsed.ok || failure.fieldErrors.confirmPassword) return data({ failure }, { status: 400 });

  const result = await authApi.resetPassword(parsed.data);
  if (!result.ok)
    return data({ failure: problemToFailure(result.problem, FIELDS) }, { status: result.status });
  // The API ended every session of this person, including any on this device.
  return redirect(withNotice('/sign-in', 'password-reset'), {
    headers: { 'Set-Cookie': await destroySession(request) },
  });
}

export default function ResetPasswordPage({ loaderData, actionData }: Route.ComponentProps) {
  const failure = actionData?.failure;
  if (!loaderData.token) {
    return (
      <AuthPage
        title="Choose a new password"
        description="This page needs the link from your password reset email."
      >
        <p className="text-sm text-slate-700">
          The link is missing its code.{' '}
          <Link to="/forgot-password" className={textLinkClasses}>
            Ask for a new reset link
          </Link>
          .
        </p>
      </AuthPage>
    );
  }
  return (
    <AuthPage
      title="Choose a new password"
      description="After the change, every device signed in to your account is signed out."
      footer={
        <p>
          Link expired?{' '}
          <Link to="/forgot-password" className={textLinkClasses}>
            Ask for a new one
          </Link>
        </p>
      }
    >
      <Form method="post" className="space-y-5" noValidate>
        <FormErrorAlert failure={failure} title="We could not change your password" />
        <input type="hidden" name="token" value={loaderData.token} />
        <FormField
          label="New password"
          hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
          error={failure?.fieldErrors.password}
          required
        >
          <Input name="password" type="password" autoComplete="new-password" />
        </FormField>
        <FormField
          label="Repeat the new password"
          error={failure?.fieldErrors.confirmPassword}
          required
        >
          <Input name="confirmPassword" type="password" autoComplete="new-password" />
        </FormField>
        <SubmitButton fullWidth loadingText="Saving…">
          Change password
        </SubmitButton>
      </Form>
    </AuthPage>
  );
}
