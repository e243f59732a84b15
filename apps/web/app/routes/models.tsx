import { MODALITY_LABELS, OUTPUT_MODALITIES } from '@clearframe/contracts/license';
import { RegisterModel } from '@clearframe/contracts/transparency';
import {
  Alert,
  Badge,
  Card,
  FormField,
  Input,
  PageHeader,
  Table,
  textLinkClasses,
} from '@clearframe/ui';
import { data, Form, Link, redirect } from 'react-router';
import { FormErrorAlert, SubmitButton } from '../components/forms';
import { modelsApi } from '../lib/api/models.server';
import { requireLab } from '../lib/bundles.server';
import { formatDate } from '../lib/labels';
import { formValues, parseForm, problemToFailure, type FormFailure } from '../lib/form-errors';
import { requireViewer, throwProblem } from '../lib/viewer.server';
import type { Route } from './+types/models';

export const meta: Route.MetaFunction = () => [{ title: 'Models · Clearframe' }];

const FIELDS = ['name', 'version', 'releaseDate', 'outputModalities', 'visibility'] as const;

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = requireViewer(context, request);
  const org = requireLab(viewer, params.orgId);
  const models = await modelsApi.list(viewer.token, org.id);
  if (!models.ok) throwProblem(models.problem, request);
  return { org, models: models.data.items };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const org = requireLab(viewer, params.orgId);
  const formData = await request.formData();
  // An empty date field means "no release date yet".
  if (formData.get('releaseDate') === '') formData.delete('releaseDate');
  const parsed = parseForm(RegisterModel, formData, FIELDS, { lists: ['outputModalities'] });
  if (!parsed.ok)
    return data<{ failure: FormFailure }>({ failure: parsed.failure }, { status: 400 });
  const created = await modelsApi.register(viewer.token, org.id, parsed.data);
  if (!created.ok)
    return data<{ failure: FormFailure }>(
      {
        failure: problemToFailure(created.problem, FIELDS, {
          codeFields: { model_version_taken: 'version' },
          values: formValues(formData, FIELDS),
        }),
      },
      { status: created.status },
    );
  return redirect(`/models/${org.id}/${created.data.id}`);
}

/** A lab's models and the form to register one. */
export default function ModelsPage({ loaderData, actionData }: Route.ComponentProps) {
  const { org, models } = loaderData;
  const failure = actionData?.failure ?? null;
  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={org.name}
        title="Models"
        description="Register the models you train, declare which licensed footage each training stage used, and publish a signed disclosure."
        actions={
          <Link to={`/labs/${org.id}`} className={textLinkClasses}>
            Your public page
          </Link>
        }
      />
      <Card>
        <Table
          caption="Models, newest first"
          captionHidden
          columns={[
            {
              key: 'name',
              header: 'Model',
              rowHeader: true,
              cell: (model) => (
                <Link to={`/models/${org.id}/${model.id}`} className={textLinkClasses}>
                  {model.name} {model.version}
                </Link>
              ),
            },
            {
              key: 'visibility',
              header: 'Visibility',
              cell: (model) =>
                model.visibility === 'public' ? (
                  <Badge tone="success">Public</Badge>
                ) : (
                  <Badge tone="neutral">Not yet public</Badge>
                ),
            },
            {
              key: 'release',
              header: 'Release',
              nowrap: true,
              cell: (model) => (model.releaseDate ? formatDate(model.releaseDate) : '—'),
            },
          ]}
          rows={models}
          rowKey={(model) => model.id}
          empty="No models yet. Register one below."
        />
      </Card>
      <Card
        title="Register a model"
        description="A name and version identify it; make it public when it is released."
      >
        <Form method="post" className="max-w-xl space-y-4" noValidate>
          <FormErrorAlert failure={failure} />
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField label="Name" required error={failure?.fieldErrors.name}>
              <Input name="name" defaultValue={failure?.values.name} autoComplete="off" />
            </FormField>
            <FormField label="Version" required error={failure?.fieldErrors.version}>
              <Input name="version" defaultValue={failure?.values.version} autoComplete="off" />
            </FormField>
          </div>
          <FormField
            label="Release date"
            hint="Leave empty if it is not set yet."
            error={failure?.fieldErrors.releaseDate}
          >
            <Input name="releaseDate" type="date" defaultValue={failure?.values.releaseDate} />
          </FormField>
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium text-slate-900">What the model outputs</legend>
            {failure?.fieldErrors.outputModalities && (
              <p className="text-sm text-red-700">{failure.fieldErrors.outputModalities}</p>
            )}
            {OUTPUT_MODALITIES.map((modality) => (
              <label key={modality} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  name="outputModalities"
                  value={modality}
                  defaultChecked={modality === 'video'}
                  className="size-4 accent-indigo-700"
                />
                {MODALITY_LABELS[modality]}
              </label>
            ))}
          </fieldset>
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium text-slate-900">Visibility</legend>
            {(
              [
                ['not_yet_public', 'Not yet public: only your lab sees its disclosures'],
                ['public', 'Public: its disclosures are published'],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className="flex items-center gap-2 text-sm">
                <input
                  type="radio"
                  name="visibility"
                  value={value}
                  defaultChecked={value === 'not_yet_public'}
                  className="size-4 accent-indigo-700"
                />
                {label}
              </label>
            ))}
          </fieldset>
          <SubmitButton>Register model</SubmitButton>
        </Form>
      </Card>
      {models.length > 0 && (
        <Alert tone="info" title="Next">
          <p>Open a model to declare the grants each training stage used, then publish.</p>
        </Alert>
      )}
    </div>
  );
}
