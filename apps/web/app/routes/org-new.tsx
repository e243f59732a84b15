import { CreateOrganization } from '@clearframe/contracts/accounts';
import { Card, FormField, Input, PageHeader, RadioCardGroup } from '@clearframe/ui';
import { data, Form, redirect } from 'react-router';
import { FormErrorAlert, SubmitButton } from '../components/forms';
import { orgsApi } from '../lib/api/orgs.server';
import { commitOrgId } from '../lib/cookies.server';
import { formValues, parseForm, problemToFailure } from '../lib/form-errors';
import { withNotice } from '../lib/notices';
import { requireViewer } from '../lib/viewer.server';
import type { Route } from './+types/org-new';

const FIELDS = ['name', 'kind'] as const;

export const meta: Route.MetaFunction = () => [{ title: 'New organization · Clearframe' }];

export function loader({ request, context }: Route.LoaderArgs) {
  requireViewer(context, request);
  const kind = new URL(request.url).searchParams.get('kind');
  return { kind: kind === 'creator' || kind === 'lab' ? kind : undefined };
}

export async function action({ request, context }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const formData = await request.formData();
  const parsed = parseForm(CreateOrganization, formData, FIELDS, {
    messages: { kind: 'Choose whether this is a creator studio or a lab.' },
  });
  if (!parsed.ok) return data({ failure: parsed.failure }, { status: 400 });
  const result = await orgsApi.createOrg(viewer.token, parsed.data);
  if (!result.ok) {
    return data(
      {
        failure: problemToFailure(result.problem, FIELDS, { values: formValues(formData, FIELDS) }),
      },
      { status: result.status },
    );
  }
  // The new organization becomes the current one in the switcher.
  return redirect(withNotice(`/orgs/${result.data.id}/settings`, 'org-created'), {
    headers: { 'Set-Cookie': await commitOrgId(request, result.data.id) },
  });
}

export default function NewOrganizationPage({ loaderData, actionData }: Route.ComponentProps) {
  const failure = actionData?.failure;
  return (
    <div className="max-w-3xl">
      <PageHeader
        title="Create an organization"
        description="Organizations own footage, licenses and money. You become its owner and can invite your team."
      />
      <Card>
        <Form method="post" className="space-y-6" noValidate>
          <FormErrorAlert failure={failure} title="We could not create the organization" />
          <FormField
            label="Organization name"
            hint="Shown to the people you invite and on licenses."
            error={failure?.fieldErrors.name}
            required
          >
            <Input name="name" autoComplete="organization" defaultValue={failure?.values.name} />
          </FormField>
          <RadioCardGroup
            name="kind"
            legend="What kind of organization is it?"
            required
            defaultValue={failure?.values.kind ?? loaderData.kind}
            error={failure?.fieldErrors.kind}
            options={[
              {
                value: 'creator',
                label: 'Creator studio',
                description:
                  'You own footage and want to license it for AI training on your terms, and get paid for it.',
              },
              {
                value: 'lab',
                label: 'Lab',
                description:
                  'You train or evaluate models and want to license consented footage, by hand or through API keys.',
              },
            ]}
          />
          <SubmitButton loadingText="Creating…">Create organization</SubmitButton>
        </Form>
      </Card>
    </div>
  );
}
