import { USE_LABELS } from '@clearframe/contracts/license';
import {
  DeclareStage,
  STAGE_LABELS,
  STAGE_USES,
  TRAINING_STAGES,
  UpdateModel,
  type CitableGrantType,
  type TrainingStageType,
} from '@clearframe/contracts/transparency';
import {
  Alert,
  Badge,
  Card,
  DescriptionList,
  FormField,
  Input,
  PageHeader,
  Select,
  Table,
  TextArea,
  textLinkClasses,
} from '@clearframe/ui';
import { data, Form, Link } from 'react-router';
import { DisclosureStandingNotice, ObligationList } from '../components/disclosure-standing';
import { FormErrorAlert, SubmitButton } from '../components/forms';
import { modelsApi } from '../lib/api/models.server';
import { requireLab } from '../lib/bundles.server';
import { formatDuration } from '../lib/clip-labels';
import { formValues, parseForm, problemToFailure, type FormFailure } from '../lib/form-errors';
import { formatDate, formatDateTime } from '../lib/labels';
import { requireViewer, throwProblem } from '../lib/viewer.server';
import type { Route } from './+types/model';

export const meta: Route.MetaFunction = ({ loaderData }) => [
  {
    title: `${loaderData ? `${loaderData.model.name} ${loaderData.model.version}` : 'Model'} · Models · Clearframe`,
  },
];

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = requireViewer(context, request);
  const org = requireLab(viewer, params.orgId);
  const [model, grants, declarations, disclosures, obligations] = await Promise.all([
    modelsApi.get(viewer.token, org.id, params.modelId),
    modelsApi.grants(viewer.token, org.id),
    modelsApi.declarations(viewer.token, org.id, params.modelId),
    modelsApi.disclosures(viewer.token, org.id, params.modelId),
    modelsApi.obligations(viewer.token, org.id, params.modelId),
  ]);
  if (!model.ok) throwProblem(model.problem, request);
  if (!grants.ok) throwProblem(grants.problem, request);
  if (!declarations.ok) throwProblem(declarations.problem, request);
  if (!disclosures.ok) throwProblem(disclosures.problem, request);
  if (!obligations.ok) throwProblem(obligations.problem, request);
  return {
    org,
    model: model.data,
    grants: grants.data.items,
    declarations: declarations.data.items,
    disclosures: disclosures.data.items,
    obligations: obligations.data,
    // The form's default "when the stage ran": now, to the second (UTC). To the minute would
    // fall before a grant issued earlier in this same minute, which the API rightly refuses.
    now: new Date().toISOString().slice(0, 19),
  };
}

type ActionResult = { intent: string; failure: FormFailure | null; notice: string | null };
const DECLARE_FIELDS = ['stage', 'grantIds', 'usedAt', 'note'];

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const org = requireLab(viewer, params.orgId);
  const formData = await request.formData();
  const intent = String(formData.get('intent') ?? '');
  const result = (failure: FormFailure | null, notice: string | null, status = 200) =>
    data<ActionResult>({ intent, failure, notice }, { status });

  if (intent === 'visibility') {
    const releaseDate = String(formData.get('releaseDate') ?? '');
    const parsed = parseForm(UpdateModel, formData, ['visibility']);
    if (!parsed.ok) return result(parsed.failure, null, 400);
    const saved = await modelsApi.update(viewer.token, org.id, params.modelId, {
      ...parsed.data,
      releaseDate: releaseDate === '' ? null : releaseDate,
    });
    if (!saved.ok)
      return result(
        problemToFailure(saved.problem, ['visibility', 'releaseDate']),
        null,
        saved.status,
      );
    return result(
      null,
      saved.data.visibility === 'public'
        ? 'The model is public: its disclosures are published.'
        : 'Saved. The model is not public: only your lab sees its disclosures.',
    );
  }
  if (intent === 'declare') {
    // `datetime-local` sends no zone; the form says the time is UTC.
    const local = String(formData.get('usedAt') ?? '');
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) formData.set('usedAt', `${local}:00Z`);
    else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(local))
      formData.set('usedAt', `${local}Z`);
    if (formData.get('note') === '') formData.delete('note');
    const parsed = parseForm(DeclareStage, formData, DECLARE_FIELDS, { lists: ['grantIds'] });
    if (!parsed.ok) return result(parsed.failure, null, 400);
    const saved = await modelsApi.declare(viewer.token, org.id, params.modelId, parsed.data);
    if (!saved.ok) {
      // Each refused grant comes with its own sentence: show them all.
      const reasons = (saved.problem.errors ?? []).map((error) => error.message);
      return result(
        saved.problem.code === 'declaration_refused' && reasons.length > 0
          ? {
              formError: `Nothing was recorded. ${reasons.join(' ')}`,
              fieldErrors: {},
              values: formValues(formData, DECLARE_FIELDS),
            }
          : problemToFailure(saved.problem, DECLARE_FIELDS, {
              values: formValues(formData, DECLARE_FIELDS),
            }),
        null,
        saved.status,
      );
    }
    return result(
      null,
      `${STAGE_LABELS[saved.data.stage]} declared with ${saved.data.grantIds.length} grant${saved.data.grantIds.length === 1 ? '' : 's'}.`,
    );
  }
  if (intent === 'publish') {
    const published = await modelsApi.publish(viewer.token, org.id, params.modelId);
    if (!published.ok) {
      const reasons = (published.problem.errors ?? []).map((error) => error.message);
      return result(
        {
          formError:
            reasons.length > 0
              ? reasons.join(' ')
              : problemToFailure(published.problem, []).formError,
          fieldErrors: {},
          values: {},
        },
        null,
        published.status,
      );
    }
    return result(
      null,
      published.data.public
        ? 'Disclosure published.'
        : 'Disclosure signed. It becomes public when the model does.',
    );
  }
  return result({ formError: 'Unknown action.', fieldErrors: {}, values: {} }, null, 400);
}

function usesOf(grant: CitableGrantType) {
  return grant.permittedUses.map((use) => USE_LABELS[use]).join(', ');
}

/** One model: its visibility, its declarations per stage (with history) and its disclosures. */
export default function ModelPage({ loaderData, actionData }: Route.ComponentProps) {
  const { org, model, grants, declarations, disclosures, obligations, now } = loaderData;
  const failureOf = (intent: string) => (actionData?.intent === intent ? actionData.failure : null);
  const declareFailure = failureOf('declare');
  const grantById = new Map(grants.map((grant) => [grant.certificateId, grant]));
  const current = new Map<TrainingStageType, (typeof declarations)[number]>();
  for (const entry of declarations) if (entry.current) current.set(entry.stage, entry);
  const chosenStage =
    (declareFailure?.values.stage as TrainingStageType | undefined) ?? 'pre-training';
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link to={`/models/${org.id}`} className={textLinkClasses}>
          ← Models
        </Link>
      </p>
      <PageHeader
        eyebrow={org.name}
        title={`${model.name} ${model.version}`}
        description={
          model.visibility === 'public'
            ? 'Public: its disclosures are published.'
            : 'Not yet public: only your lab sees its disclosures.'
        }
      />
      <DisclosureStandingNotice standing={obligations} />
      {actionData?.notice && (
        <Alert tone="success" title="Done">
          <p>{actionData.notice}</p>
        </Alert>
      )}
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <Card
            title="Declare a training stage"
            description="Choose the grants this stage used. Only your lab's grants, valid when the stage ran, whose terms permit the stage's use, are accepted. A new declaration replaces the stage's previous one; the history stays."
          >
            <Form method="post" className="space-y-4" noValidate>
              <FormErrorAlert failure={declareFailure} title="These grants cannot be cited" />
              <FormField
                label="Stage"
                required
                hint={`The grants' terms must permit the stage's use: ${TRAINING_STAGES.map((stage) => `${STAGE_LABELS[stage].toLowerCase()}, ${USE_LABELS[STAGE_USES[stage]]}`).join('; ')}.`}
                error={declareFailure?.fieldErrors.stage}
              >
                <Select name="stage" defaultValue={chosenStage}>
                  {TRAINING_STAGES.map((stage) => (
                    <option key={stage} value={stage}>
                      {STAGE_LABELS[stage]}
                    </option>
                  ))}
                </Select>
              </FormField>
              <FormField
                label="When the stage ran (UTC)"
                required
                error={declareFailure?.fieldErrors.usedAt}
              >
                <Input
                  name="usedAt"
                  type="datetime-local"
                  step={1}
                  defaultValue={declareFailure?.values.usedAt?.slice(0, 19) ?? now}
                />
              </FormField>
              <fieldset className="space-y-2">
                <legend className="text-sm font-medium text-slate-900">Grants used</legend>
                {grants.length === 0 && (
                  <p className="text-sm text-slate-700">
                    Your lab holds no grants yet.{' '}
                    <Link to={`/orders/${org.id}`} className={textLinkClasses}>
                      Orders
                    </Link>
                  </p>
                )}
                {grants.map((grant) => (
                  <label
                    key={grant.certificateId}
                    className="flex items-start gap-2 rounded-lg border border-slate-300 p-3 text-sm"
                  >
                    <input
                      type="checkbox"
                      name="grantIds"
                      value={grant.certificateId}
                      className="mt-0.5 size-4 shrink-0 accent-indigo-700"
                    />
                    <span className="min-w-0">
                      <span className="font-medium text-slate-900">{grant.orderName}</span>{' '}
                      {grant.status === 'revoked' && <Badge tone="danger">Revoked</Badge>}
                      <span className="block text-slate-600">
                        {grant.clipCount} clip{grant.clipCount === 1 ? '' : 's'},{' '}
                        {formatDuration(grant.totalSeconds * 1000)} · permits {usesOf(grant)}
                      </span>
                      <span className="block text-slate-600">
                        Valid {formatDate(grant.validFrom)} to{' '}
                        {grant.validUntil ? formatDate(grant.validUntil) : 'no end date'}
                      </span>
                      <span className="block font-mono text-xs break-all text-slate-500">
                        {grant.certificateId}
                      </span>
                    </span>
                  </label>
                ))}
              </fieldset>
              <FormField label="Note" hint="Optional: why this entry, e.g. a correction.">
                <TextArea name="note" rows={2} defaultValue={declareFailure?.values.note} />
              </FormField>
              <SubmitButton intent="declare">Declare stage</SubmitButton>
            </Form>
          </Card>
          <Card
            title="Declarations"
            description="Newest first; the newest entry of each stage counts."
          >
            <Table
              caption="Declarations, newest first"
              captionHidden
              columns={[
                {
                  key: 'stage',
                  header: 'Stage',
                  rowHeader: true,
                  cell: (entry) => (
                    <span>
                      {STAGE_LABELS[entry.stage]}{' '}
                      {entry.current ? (
                        <Badge tone="success">Current</Badge>
                      ) : (
                        <Badge tone="neutral">Replaced</Badge>
                      )}
                    </span>
                  ),
                },
                {
                  key: 'grants',
                  header: 'Grants',
                  cell: (entry) =>
                    entry.grantIds.length === 0
                      ? 'None'
                      : entry.grantIds
                          .map((id) => grantById.get(id)?.orderName ?? id.slice(0, 8))
                          .join(', '),
                },
                {
                  key: 'declared',
                  header: 'Declared',
                  nowrap: true,
                  cell: (entry) => formatDateTime(entry.declaredAt),
                },
              ]}
              rows={declarations}
              rowKey={(entry) => entry.id}
              empty="Nothing declared yet."
            />
          </Card>
        </div>
        <div className="min-w-0 space-y-6">
          <Card title="Release">
            <Form method="post" className="space-y-4" noValidate>
              <FormErrorAlert failure={failureOf('visibility')} />
              <FormField label="Visibility">
                <Select name="visibility" defaultValue={model.visibility}>
                  <option value="not_yet_public">Not yet public</option>
                  <option value="public">Public</option>
                </Select>
              </FormField>
              <FormField label="Release date">
                <Input name="releaseDate" type="date" defaultValue={model.releaseDate ?? ''} />
              </FormField>
              <SubmitButton intent="visibility" variant="secondary">
                Save
              </SubmitButton>
            </Form>
          </Card>
          <Card
            title="Publish a disclosure"
            description="Signs what the current declarations say: the certificates, totals, uses per stage and periods."
          >
            <DescriptionList
              items={TRAINING_STAGES.map((stage) => ({
                term: STAGE_LABELS[stage],
                detail: current.has(stage)
                  ? `${current.get(stage)!.grantIds.length} grant(s)`
                  : 'Not declared',
              }))}
            />
            <Form method="post" className="mt-4 space-y-3">
              <FormErrorAlert failure={failureOf('publish')} />
              <SubmitButton intent="publish">Publish disclosure</SubmitButton>
            </Form>
          </Card>
          <Card title="Disclosures">
            {disclosures.length === 0 ? (
              <p className="text-sm text-slate-700">None yet.</p>
            ) : (
              <ul className="space-y-2 text-sm">
                {disclosures.map((disclosure) => (
                  <li key={disclosure.id}>
                    {disclosure.public ? (
                      <Link to={`/disclosures/${disclosure.id}`} className={textLinkClasses}>
                        {formatDateTime(disclosure.publishedAt)}
                      </Link>
                    ) : (
                      <span>
                        {formatDateTime(disclosure.publishedAt)}{' '}
                        <Badge tone="neutral">Public when the model is</Badge>
                      </span>
                    )}
                    <span className="block text-slate-600">
                      {disclosure.disclosure.totals.clips} clips,{' '}
                      {disclosure.disclosure.totals.hours} h,{' '}
                      {disclosure.disclosure.certificates.length} certificate(s)
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          {obligations.obligations.length > 0 && (
            <Card
              title="Required disclosures"
              description="Licenses whose terms require this model's disclosure: due at 00:00 UTC on the release date plus the days the terms allow."
            >
              <ObligationList obligations={obligations.obligations} />
            </Card>
          )}
        </div>
      </div>
    </div>
  );
}
