import { SignUp } from '@clearframe/contracts/accounts';
import { PASSWORD_MIN_LENGTH } from '@clearframe/contracts/common';
import { FormField, Input, textLinkClasses } from '@clearframe/ui';
import { data, Form, Link, redirect } from 'react-router';
import { AuthPage } from '../components/auth-page';
import { FormErrorAlert, SubmitButton } from '../components/forms';
import { authApi } from '../lib/api/auth.server';
import { formValues, parseForm, problemToFailure } from '../lib/form-errors';
import { prefillEmail, safeRedirectPath } from '../lib/navigation';
import { getViewer } from '../lib/viewer.server';
import type { Route } from './+types/sign-up';

const FIELDS = ['name', 'email', 'password'] as const;

export const meta: Route.MetaFunction = () => [{ title: 'Create an account · Clearframe' }];

export function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirectPath(url.searchParams.get('redirectTo'), '');
  if (getViewer(context)) throw redirect(redirectTo || '/');
  return { redirectTo, email: prefillEmail(url) };
}

export async function action({ request }: Route.ActionArgs) {
  const formData = await request.formData();
  const parsed = parseForm(SignUp, formData, FIELDS);
  if (!parsed.ok) return data({ failure: parsed.failure }, { status: 400 });

  const result = await authApi.signUp(parsed.data, request);
  if (!result.ok) {
    const failure = problemToFailure(result.problem, FIELDS, {
      values: formValues(formData, FIELDS),
    });
    return data({ failure }, { status: result.status });
  }
  // The API answers the same whether or not the email has an account (ADR 007): the mailed
  // link confirms a new account and signs in; an existing owner gets a note instead.
  return data({ sentTo: parsed.data.email });
}

export default function SignUpPage({ loaderData, actionData }: Route.ComponentProps) {
  if (actionData && 'sentTo' in actionData) {
    return (
      <AuthPage title="Check your email" description={`We sent a message to ${actionData.sentTo}.`}>
        <div className="space-y-3 text-sm text-slate-700">
          <p>Open the link in it to confirm your address; it signs you in to your new account.</p>
          <p>
            If you already have an account with this address, the message tells you how to sign in
            instead.
            {loaderData.redirectTo.startsWith('/invitations/')
              ? ' Then open your invitation link again.'
              : ''}
          </p>
        </div>
      </AuthPage>
    );
  }
  const failure = actionData?.failure;
  const signInHref = loaderData.redirectTo
    ? `/sign-in?redirectTo=${encodeURIComponent(loaderData.redirectTo)}`
    : '/sign-in';
  return (
    <AuthPage
      title="Create your account"
      description="License your footage on your terms, or license consented footage for your models."
      footer={
        <p>
          Already have an account?{' '}
          <Link to={signInHref} className={textLinkClasses}>
            Sign in
          </Link>
        </p>
      }
    >
      <Form method="post" className="space-y-5" noValidate>
        <FormErrorAlert failure={failure} title="We could not create your account" />
        <input type="hidden" name="redirectTo" value={loaderData.redirectTo} />
        <FormField label="Your name" error={failure?.fieldErrors.name} required>
          <Input name="name" autoComplete="name" defaultValue={failure?.values.name} />
        </FormField>
        <FormField
          label="Email"
          hint="We send a confirmation link to this address."
          error={failure?.fieldErrors.email}
          required
        >
          <Input
            name="email"
            type="email"
            autoComplete="email"
            defaultValue={failure?.values.email ?? loaderData.email}
          />
        </FormField>
        <FormField
          label="Password"
          hint={`At least ${PASSWORD_MIN_LENGTH} characters. A few unrelated words make a strong one.`}
          error={failure?.fieldErrors.password}
          required
        >
          <Input name="password" type="password" autoComplete="new-password" />
        </FormField>
        <SubmitButton fullWidth loadingText="Creating your account…">
          Create account
        </SubmitButton>
      </Form>
    </AuthPage>
  );
}
