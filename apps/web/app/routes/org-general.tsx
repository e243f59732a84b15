import { UpdateOrganization } from '@clearframe/contracts/accounts';
import { Alert, Card, DescriptionList, FormField, Input } from '@clearframe/ui';
import { data, Form } from 'react-router';
import { FormErrorAlert, SubmitButton } from '../components/forms';
import { SectionErrorBoundary } from '../components/route-error';
import { orgsApi } from '../lib/api/orgs.server';
import { formValues, parseForm, problemToFailure } from '../lib/form-errors';
import { formatDate, orgKindLabel, roleLabel } from '../lib/labels';
import { requireMembership, requireViewer } from '../lib/viewer.server';
import type { Route } from './+types/org-general';

const FIELDS = ['name'] as const;

export function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = requireViewer(context, request);
  return { org: requireMembership(viewer, params.orgId) };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const org = requireMembership(viewer, params.orgId);
  const formData = await request.formData();
  const parsed = parseForm(UpdateOrganization, formData, FIELDS);
  if (!parsed.ok) return data({ failure: parsed.failure, saved: false }, { status: 400 });
  const result = await orgsApi.updateOrg(viewer.token, org.id, parsed.data);
  if (!result.ok) {
    return data(
      {
        failure: problemToFailure(result.problem, FIELDS, { values: formValues(formData, FIELDS) }),
        saved: false,
      },
      { status: result.status },
    );
  }
  return { failure: null, saved: true };
}

export default function OrganizationGeneralPage({ loaderData, actionData }: Route.ComponentProps) {
  const { org } = loaderData;
  const failure = actionData?.failure;
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card title="About this organization">
        <DescriptionList
          items={[
            { term: 'Name', detail: org.name },
            { term: 'Kind', detail: orgKindLabel(org.kind) },
            { term: 'Handle', detail: <code className="text-sm">{org.slug}</code> },
            { term: 'Your role', detail: roleLabel(org.role) },
            { term: 'Created', detail: formatDate(org.createdAt) },
          ]}
        />
      </Card>
      {org.role === 'owner' && (
        <Card title="Rename" description="The name people see on invitations and licenses.">
          <Form method="post" className="space-y-4" noValidate>
            {actionData?.saved && <Alert tone="success">Saved.</Alert>}
            <FormErrorAlert failure={failure} />
            <FormField label="Organization name" error={failure?.fieldErrors.name} required>
              <Input name="name" defaultValue={failure?.values.name ?? org.name} key={org.name} />
            </FormField>
            <SubmitButton variant="secondary" loadingText="Saving…">
              Save name
            </SubmitButton>
          </Form>
        </Card>
      )}
    </div>
  );
}

// A failing tab keeps the settings layout (heading, tabs) around its error.
export function ErrorBoundary() {
  return <SectionErrorBoundary />;
}
