import { CreateBundle } from '@clearframe/contracts/demand';
import { Card, FormField, Input, PageHeader, Table, textLinkClasses } from '@clearframe/ui';
import { data, Form, Link, redirect } from 'react-router';
import { FormErrorAlert, SubmitButton } from '../components/forms';
import { bundlesApi } from '../lib/api/bundles.server';
import { requireLab } from '../lib/bundles.server';
import { formValues, parseForm, problemToFailure, type FormFailure } from '../lib/form-errors';
import { formatDate } from '../lib/labels';
import { requireViewer, throwProblem } from '../lib/viewer.server';
import type { Route } from './+types/bundles';

export const meta: Route.MetaFunction = () => [{ title: 'Bundles · Clearframe' }];

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = requireViewer(context, request);
  const org = requireLab(viewer, params.orgId);
  const bundles = await bundlesApi.list(viewer.token, org.id);
  if (!bundles.ok) throwProblem(bundles.problem, request);
  return { org, bundles: bundles.data.items };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const org = requireLab(viewer, params.orgId);
  const formData = await request.formData();
  const parsed = parseForm(CreateBundle, formData, ['name']);
  if (!parsed.ok)
    return data<{ failure: FormFailure }>({ failure: parsed.failure }, { status: 400 });
  const created = await bundlesApi.create(viewer.token, org.id, parsed.data);
  if (!created.ok)
    return data(
      {
        failure: problemToFailure(created.problem, ['name'], {
          values: formValues(formData, ['name']),
        }),
      },
      { status: created.status },
    );
  return redirect(`/bundles/${org.id}/${created.data.id}`);
}

export default function BundlesPage({ loaderData, actionData }: Route.ComponentProps) {
  const { org, bundles } = loaderData;
  const failure = actionData?.failure ?? null;
  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={org.name}
        title="Bundles"
        description="Collect clips from the catalog, state how you will use them and see the live quote."
      />
      <Card title="New bundle">
        <Form method="post" className="space-y-4" noValidate>
          <FormErrorAlert failure={failure} />
          <FormField label="Name" required error={failure?.fieldErrors.name}>
            <Input name="name" defaultValue={failure?.values.name ?? ''} autoComplete="off" />
          </FormField>
          <SubmitButton>Create bundle</SubmitButton>
        </Form>
      </Card>
      <Card title="Your bundles">
        <Table
          caption="Bundles, newest first"
          captionHidden
          columns={[
            {
              key: 'name',
              header: 'Bundle',
              rowHeader: true,
              cell: (bundle) => (
                <Link to={`/bundles/${org.id}/${bundle.id}`} className={textLinkClasses}>
                  {bundle.name}
                </Link>
              ),
            },
            { key: 'clips', header: 'Clips', align: 'end', cell: (bundle) => bundle.clipCount },
            {
              key: 'updated',
              header: 'Changed',
              nowrap: true,
              cell: (bundle) => formatDate(bundle.updatedAt),
            },
          ]}
          rows={bundles}
          rowKey={(bundle) => bundle.id}
          empty={
            <>
              No bundles yet. Create one here, or add a clip from the{' '}
              <Link to="/catalog" className={textLinkClasses}>
                catalog
              </Link>
              .
            </>
          }
        />
      </Card>
    </div>
  );
}
