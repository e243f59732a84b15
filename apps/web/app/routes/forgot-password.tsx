import { RequestPasswordReset } from '@clearframe/contracts/accounts';
import { Alert, FormField, Input, textLinkClasses } from '@clearframe/ui';
import { data, Form, Link } from 'react-router';
import { AuthPage } from '../components/auth-page';
import { FormErrorAlert, SubmitButton } from '../components/forms';
import { authApi } from '../lib/api/auth.server';
import { formValues, parseForm, problemToFailure } from '../lib/form-errors';
import type { Route } from './+types/forgot-password';

const FIELDS = ['email'] as const;

export const meta: Route.MetaFunction = () => [{ title: 'Reset your password · Clearframe' }];

export async function action({ request }: Route.ActionArgs) {
  const formData = await request.formData();
  const parsed = parseForm(RequestPasswordReset, formData, FIELDS);
  if (!parsed.ok) return data({ failure: parsed.failure, sentTo: null }, { status: 400 });
  const result = await authApi.requestPasswordReset(parsed.data, request);
  if (!result.ok) {
    return data(
      {
        failure: problemToFailure(result.problem, FIELDS, { values: formValues(formData, FIELDS) }),
        sentTo: null,
      },
      { status: result.status },
    );
  }
  return { failure: null, sentTo: parsed.data.email };
}

export default function ForgotPasswordPage({ actionData }: Route.ComponentProps) {
  const failure = actionData?.failure;
  return (
    <AuthPage
      title="Reset your password"
      description="Enter the email address of your account and we will send you a link to choose a new password."
      footer={
        <p>
          Remembered it?{' '}
          <Link to="/sign-in" className={textLinkClasses}>
            Sign in
          </Link>
        </p>
      }
    >
      {actionData?.sentTo ? (
        // The same answer whether or not the address has an account, so this page cannot be
        // used to find out who is registered.
        <Alert tone="success" title="Check your email">
          <p>
            If an account exists for <strong>{actionData.sentTo}</strong>, we have sent it a link to
            reset the password. The link works once and expires soon.
          </p>
        </Alert>
      ) : (
        <Form method="post" className="space-y-5" noValidate>
          <FormErrorAlert failure={failure} />
          <FormField label="Email" error={failure?.fieldErrors.email} required>
            <Input
              name="email"
              type="email"
              autoComplete="email"
              defaultValue={failure?.values.email}
            />
          </FormField>
          <SubmitButton fullWidth loadingText="Sending…">
            Send reset link
          </SubmitButton>
        </Form>
      )}
    </AuthPage>
  );
}
