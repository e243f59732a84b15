import { COUNTRY_CODES, countryName, renderTerms, USE_LABELS } from '@clearframe/contracts/license';
import { formatMoney } from '@clearframe/contracts/money';
import { STAGE_LABELS } from '@clearframe/contracts/transparency';
import {
  CAMERA_MOTIONS,
  CLIP_CATEGORIES,
  CLIP_CATEGORY_DESCRIPTIONS,
  RELEASE_DOCUMENT_MAX_BYTES,
  SHOT_SETTINGS,
  TIMES_OF_DAY,
  policyTerms,
  type ClipDetailType,
  type ClipPersonType,
} from '@clearframe/contracts/supply';
import {
  Alert,
  Badge,
  Card,
  DescriptionList,
  FormField,
  Input,
  PageHeader,
  Select,
  TextArea,
  textLinkClasses,
} from '@clearframe/ui';
import { data, Form, Link } from 'react-router';
import { FormErrorAlert, SubmitButton } from '../components/forms';
import { clipsApi, storeReleaseDocument } from '../lib/api/clips.server';
import { modelsApi } from '../lib/api/models.server';
import {
  CAMERA_MOTION_LABELS,
  CATEGORY_LABELS,
  clipStateHint,
  clipStateLabel,
  clipStateTone,
  countryLabel,
  descriptionItems,
  editable,
  formatBytes,
  formatDuration,
  formatResolution,
  isInFlight,
  moneyInputValue,
  processingPercent,
  processingStepLabel,
  SETTING_LABELS,
  TIME_OF_DAY_LABELS,
} from '../lib/clip-labels';
import {
  DESCRIBE_FIELDS,
  POLICY_FIELDS,
  RELEASE_FIELDS,
  describeFieldOf,
  parseDescription,
  parsePolicy,
  parseRelease,
  placeProblem,
  policyFieldOf,
  releaseFieldOf,
} from '../lib/clip-forms.server';
import { formValues, problemToFailure, type FormFailure } from '../lib/form-errors';
import { formatDate, formatDateTime } from '../lib/labels';
import { requireStudio } from '../lib/studio.server';
import { usePollWhile } from '../lib/use-poll';
import { requireViewer, throwProblem } from '../lib/viewer.server';
import type { Route } from './+types/studio-clip';
import { TermsText } from '../components/terms-text';

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `${loaderData?.clip.title ?? 'Clip'} · Studio · Clearframe` },
];

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = requireViewer(context, request);
  const org = requireStudio(viewer, params.orgId);
  const [clip, templates, licenses] = await Promise.all([
    clipsApi.get(viewer.token, org.id, params.clipId),
    clipsApi.policyTemplates(viewer.token),
    modelsApi.clipLicenses(viewer.token, org.id, params.clipId),
  ]);
  if (!clip.ok) throwProblem(clip.problem, request);
  if (!templates.ok) throwProblem(templates.problem, request);
  const version = clip.data.policyVersion;
  return {
    org,
    clip: clip.data,
    currency: templates.data.currency,
    templates: templates.data.items.map((template) => ({
      id: template.id,
      title: template.title,
      description: template.description,
      termsText: renderTerms(template.terms, { format: 'text' }),
    })),
    // The policy in plain language: the widest terms a lab can be granted under it.
    currentTerms: version ? renderTerms(policyTerms(version.policy), { format: 'text' }) : null,
    // Who licensed the clip and which models declared it; the page still works without it.
    licenses: licenses.ok ? licenses.data.licenses : null,
  };
}

type ActionResult = { intent: string; failure: FormFailure | null; notice: string | null };

const MAX_FORM_BYTES = RELEASE_DOCUMENT_MAX_BYTES + 1024 * 1024;

const done = (intent: string, notice: string) =>
  data<ActionResult>({ intent, failure: null, notice });
const failed = (intent: string, failure: FormFailure, status: number) =>
  data<ActionResult>({ intent, failure, notice: null }, { status });

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const org = requireStudio(viewer, params.orgId);
  const { token } = viewer;
  const clipId = params.clipId;
  // The release form carries a document: refuse a body far larger than the largest one before
  // reading it into memory.
  const declaredLength = Number(request.headers.get('content-length'));
  if (declaredLength > MAX_FORM_BYTES)
    return failed(
      'add-person',
      {
        formError: `The document is too large: use one of at most ${RELEASE_DOCUMENT_MAX_BYTES / 1024 / 1024} MiB.`,
        fieldErrors: {},
        values: {},
      },
      413,
    );
  const formData = await request.formData();
  const intent = String(formData.get('intent') ?? '');

  switch (intent) {
    case 'describe': {
      const parsed = parseDescription(formData);
      if (!parsed.ok) return failed(intent, parsed.failure, 400);
      const result = await clipsApi.update(token, org.id, clipId, parsed.data);
      if (!result.ok)
        return failed(
          intent,
          placeProblem(
            result.problem,
            DESCRIBE_FIELDS,
            describeFieldOf,
            formValues(formData, DESCRIBE_FIELDS),
          ),
          result.status,
        );
      return done(intent, 'Description saved.');
    }
    case 'no-people': {
      const result = await clipsApi.setPeople(token, org.id, clipId, { identifiablePeople: false });
      if (!result.ok) return failed(intent, problemToFailure(result.problem, []), result.status);
      return done(intent, 'Saved: no identifiable person appears in this clip.');
    }
    case 'add-person': {
      const parsed = await parseRelease(formData);
      if (!parsed.ok) return failed(intent, parsed.failure, 400);
      const { person, signedOn, consent } = parsed.data.body;
      const values: Record<string, string> = {
        personName: 'name' in person ? person.name : '',
        signedOn,
      };
      for (const [flag, given] of Object.entries(consent)) if (given) values[flag] = 'on';
      const created = await clipsApi.createRelease(token, org.id, parsed.data.body);
      if (!created.ok)
        return failed(
          intent,
          placeProblem(created.problem, RELEASE_FIELDS, releaseFieldOf, values),
          created.status,
        );
      if (!(await storeReleaseDocument(created.data.upload, parsed.data.bytes)))
        return failed(
          intent,
          {
            formError: 'The release document could not be stored. Try again in a moment.',
            fieldErrors: {},
            values,
          },
          502,
        );
      const confirmed = await clipsApi.confirmRelease(token, org.id, created.data.release.id);
      if (!confirmed.ok)
        return failed(
          intent,
          placeProblem(confirmed.problem, RELEASE_FIELDS, () => 'document', values),
          confirmed.status,
        );
      const added = await clipsApi.addPerson(token, org.id, clipId, {
        releaseId: created.data.release.id,
      });
      if (!added.ok)
        return failed(
          intent,
          placeProblem(added.problem, RELEASE_FIELDS, releaseFieldOf, values),
          added.status,
        );
      return done(intent, `${created.data.release.person.name} was added with their release.`);
    }
    case 'attest': {
      if (formData.get('ownsAllRights') !== 'on')
        return failed(
          intent,
          {
            formError: null,
            fieldErrors: {
              ownsAllRights: 'Tick the box to confirm your organization owns this footage.',
            },
            values: {},
          },
          400,
        );
      const result = await clipsApi.attest(token, org.id, clipId, { ownsAllRights: true });
      if (!result.ok)
        return failed(intent, problemToFailure(result.problem, ['ownsAllRights']), result.status);
      return done(intent, 'Ownership confirmed.');
    }
    case 'policy': {
      const templates = await clipsApi.policyTemplates(token);
      if (!templates.ok) throwProblem(templates.problem, request);
      const parsed = parsePolicy(formData, templates.data.currency);
      if (!parsed.ok) return failed(intent, parsed.failure, 400);
      const result = await clipsApi.setPolicy(token, org.id, clipId, parsed.data);
      if (!result.ok)
        return failed(
          intent,
          placeProblem(
            result.problem,
            POLICY_FIELDS,
            policyFieldOf,
            formValues(formData, POLICY_FIELDS),
          ),
          result.status,
        );
      return done(intent, 'Policy saved. A new version applies from now on; nothing sold changes.');
    }
    case 'submit': {
      const result = await clipsApi.submit(token, org.id, clipId);
      if (!result.ok) {
        const list = (result.problem.errors ?? []).map((error) => error.message);
        return failed(
          intent,
          {
            formError:
              list.length > 0
                ? `Not submitted yet. Still needed: ${list.join(' ')}`
                : problemToFailure(result.problem, []).formError,
            fieldErrors: {},
            values: {},
          },
          result.status,
        );
      }
      return done(intent, 'Submitted for review. You will get an email when an operator decides.');
    }
    case 'delist': {
      const result = await clipsApi.delist(token, org.id, clipId);
      if (!result.ok) return failed(intent, problemToFailure(result.problem, []), result.status);
      return done(intent, 'Delisted: the clip has left the catalog. Submit it again to relist it.');
    }
    default:
      return failed(intent, { formError: 'Unknown action.', fieldErrors: {}, values: {} }, 400);
  }
}

type LoaderData = Route.ComponentProps['loaderData'];

/** The failure of this form's last submission, if the last submission was this form. */
function failureFor(actionData: ActionResult | undefined, intent: string) {
  return actionData?.intent === intent ? actionData.failure : null;
}

function Notice({ actionData, intents }: { actionData?: ActionResult; intents: string[] }) {
  if (!actionData?.notice || !intents.includes(actionData.intent)) return null;
  return (
    <Alert tone="success" className="mb-4">
      {actionData.notice}
    </Alert>
  );
}

function LockedNote({ clip, what }: { clip: ClipDetailType; what: string }) {
  const reason =
    clip.state === 'in_review'
      ? 'while an operator reviews the clip'
      : clip.state === 'listed'
        ? 'while the clip is listed: delist it first'
        : clip.state === 'failed'
          ? 'because the file was refused: upload it again'
          : 'in this state';
  return (
    <p className="text-sm text-slate-700">
      {what} cannot be changed {reason}.
    </p>
  );
}

function StatusCard({
  loaderData,
  actionData,
}: {
  loaderData: LoaderData;
  actionData?: ActionResult;
}) {
  const { clip } = loaderData;
  const can = editable(clip.state);
  const failure = failureFor(actionData, 'submit') ?? failureFor(actionData, 'delist');
  return (
    <Card title="Status">
      <Notice actionData={actionData} intents={['submit', 'delist']} />
      <div className="space-y-3">
        <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
          <Badge tone={clipStateTone(clip.state)}>{clipStateLabel(clip.state)}</Badge>
          {clipStateHint(clip.state)}
        </p>
        {clip.state === 'processing' && (
          <div className="space-y-1">
            <progress
              className="block h-2 w-full max-w-sm accent-indigo-700"
              max={100}
              value={processingPercent(clip.processingStep)}
              aria-label="Processing"
            />
            <p className="text-sm text-slate-600">{processingStepLabel(clip.processingStep)}</p>
          </div>
        )}
        {clip.rejection && (clip.state === 'failed' || clip.state === 'rejected') && (
          <Alert
            tone="danger"
            title={
              clip.state === 'failed' ? 'The file was refused' : 'An operator rejected this clip'
            }
          >
            <p>{clip.rejection.message}</p>
          </Alert>
        )}
        {can.submit && !clip.readiness.ready && clip.readiness.missing.length > 0 && (
          <div className="text-sm">
            <p className="font-medium text-slate-900">Before you can submit it for review:</p>
            <ul className="mt-1 list-disc space-y-0.5 pl-5 text-slate-700">
              {clip.readiness.missing.map((item) => (
                <li key={`${item.code}-${item.path}`}>{item.message}</li>
              ))}
            </ul>
          </div>
        )}
        <FormErrorAlert failure={failure} title="We could not do that" />
        {can.submit && (
          <Form method="post">
            <SubmitButton intent="submit" loadingText="Submitting…">
              Submit for review
            </SubmitButton>
          </Form>
        )}
        {can.delist && (
          <Form method="post" className="space-y-2">
            <p className="text-sm text-slate-700">
              Delisting takes the clip out of the catalog at once. Licenses already sold stay valid.
            </p>
            <SubmitButton intent="delist" variant="secondary" loadingText="Delisting…">
              Delist this clip
            </SubmitButton>
          </Form>
        )}
      </div>
    </Card>
  );
}

function MediaCard({ clip }: { clip: ClipDetailType }) {
  return (
    <Card title="Preview and file">
      <div className="grid gap-6 md:grid-cols-2">
        {clip.previewUrl ? (
          <video
            controls
            preload="metadata"
            poster={clip.thumbnailUrl ?? undefined}
            className="aspect-video w-full rounded-lg bg-slate-900"
            aria-label={`Preview of ${clip.title}`}
          >
            <source src={clip.previewUrl} type="video/mp4" />
          </video>
        ) : (
          <div className="flex aspect-video w-full items-center justify-center rounded-lg bg-slate-100 p-4 text-center text-sm text-slate-600">
            {isInFlight(clip.state)
              ? 'The watermarked preview appears here once processing is done.'
              : 'No preview.'}
          </div>
        )}
        <DescriptionList
          items={[
            { term: 'File', detail: clip.fileName },
            { term: 'Size', detail: formatBytes(clip.sizeBytes) },
            { term: 'Duration', detail: formatDuration(clip.durationMs) },
            { term: 'Resolution', detail: formatResolution(clip.width, clip.height) },
            { term: 'Frame rate', detail: clip.fps ? `${clip.fps} fps` : '—' },
            { term: 'Codec', detail: clip.codec ?? '—' },
            {
              term: 'Audio',
              detail: clip.hasAudio === null ? '—' : clip.hasAudio ? 'Yes' : 'No',
            },
            { term: 'Uploaded', detail: formatDateTime(clip.createdAt) },
          ]}
        />
      </div>
    </Card>
  );
}

function DescriptionCard({
  loaderData,
  actionData,
}: {
  loaderData: LoaderData;
  actionData?: ActionResult;
}) {
  const { clip } = loaderData;
  const failure = failureFor(actionData, 'describe');
  const values = failure?.values;
  const value = (field: string, current: string | null) => values?.[field] ?? current ?? '';
  const countries = COUNTRY_CODES.map((code) => ({ code, name: countryName(code) })).sort((a, b) =>
    a.name.localeCompare(b.name, 'en'),
  );
  if (!editable(clip.state).description)
    return (
      <Card title="Description">
        <DescriptionList
          className="mb-3"
          items={[{ term: 'Title', detail: clip.title }, ...descriptionItems(clip)]}
        />
        <LockedNote clip={clip} what="The description" />
      </Card>
    );
  return (
    <Card
      title="Description"
      description="What labs read in the catalog and search. Captions describe the shot for training."
    >
      <Notice actionData={actionData} intents={['describe']} />
      <Form method="post" className="space-y-4" noValidate>
        <FormErrorAlert failure={failure} />
        <FormField label="Title" required error={failure?.fieldErrors.title}>
          <Input name="title" defaultValue={value('title', clip.title)} />
        </FormField>
        <FormField label="Description" error={failure?.fieldErrors.description}>
          <TextArea name="description" defaultValue={value('description', clip.description)} />
        </FormField>
        <FormField
          label="Captions"
          hint="What happens in the shot, in plain sentences: subjects, actions, light, camera."
          error={failure?.fieldErrors.captions}
        >
          <TextArea name="captions" defaultValue={value('captions', clip.captions)} />
        </FormField>
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField label="Tags" hint="Separated by commas" error={failure?.fieldErrors.tags}>
            <Input name="tags" defaultValue={value('tags', clip.tags.join(', '))} />
          </FormField>
          <FormField label="Category" required error={failure?.fieldErrors.category}>
            <Select name="category" defaultValue={value('category', clip.category)}>
              <option value="">Choose a category</option>
              {CLIP_CATEGORIES.map((category) => (
                <option
                  key={category}
                  value={category}
                  title={CLIP_CATEGORY_DESCRIPTIONS[category]}
                >
                  {CATEGORY_LABELS[category]}
                </option>
              ))}
            </Select>
          </FormField>
          <FormField label="Camera motion" error={failure?.fieldErrors.cameraMotion}>
            <Select name="cameraMotion" defaultValue={value('cameraMotion', clip.cameraMotion)}>
              <option value="">Not said</option>
              {CAMERA_MOTIONS.map((motion) => (
                <option key={motion} value={motion}>
                  {CAMERA_MOTION_LABELS[motion]}
                </option>
              ))}
            </Select>
          </FormField>
          <FormField label="Setting" error={failure?.fieldErrors.setting}>
            <Select name="setting" defaultValue={value('setting', clip.setting)}>
              <option value="">Not said</option>
              {SHOT_SETTINGS.map((setting) => (
                <option key={setting} value={setting}>
                  {SETTING_LABELS[setting]}
                </option>
              ))}
            </Select>
          </FormField>
          <FormField label="Time of day" error={failure?.fieldErrors.timeOfDay}>
            <Select name="timeOfDay" defaultValue={value('timeOfDay', clip.timeOfDay)}>
              <option value="">Not said</option>
              {TIMES_OF_DAY.map((time) => (
                <option key={time} value={time}>
                  {TIME_OF_DAY_LABELS[time]}
                </option>
              ))}
            </Select>
          </FormField>
          <FormField label="Country filmed in" error={failure?.fieldErrors.country}>
            <Select name="country" defaultValue={value('country', clip.country)}>
              <option value="">Not said</option>
              {countries.map((country) => (
                <option key={country.code} value={country.code}>
                  {country.name}
                </option>
              ))}
            </Select>
          </FormField>
        </div>
        <SubmitButton intent="describe" loadingText="Saving…">
          Save description
        </SubmitButton>
      </Form>
    </Card>
  );
}

const PERSON_STATUS: Record<
  ClipPersonType['status'],
  { label: string; tone: 'success' | 'danger' | 'warning' }
> = {
  released: { label: 'Release with AI-training consent', tone: 'success' },
  release_missing: { label: 'No release yet', tone: 'danger' },
  release_unconfirmed: { label: 'Release document not recognised yet', tone: 'warning' },
  no_ai_training_consent: { label: 'Release does not consent to AI training', tone: 'danger' },
};

function PeopleCard({
  loaderData,
  actionData,
}: {
  loaderData: LoaderData;
  actionData?: ActionResult;
}) {
  const { clip } = loaderData;
  const can = editable(clip.state).people;
  const failure = failureFor(actionData, 'add-person');
  const declared = clip.people.identifiablePeople;
  return (
    <Card
      title="People in the clip"
      description="Every identifiable person needs a signed release that consents to AI training. Consent is never assumed."
    >
      <Notice actionData={actionData} intents={['add-person', 'no-people']} />
      <div className="space-y-5">
        {declared === null && (
          <p className="text-sm text-slate-700">
            Say whether anyone identifiable appears: add each person with their release, or confirm
            that nobody does.
          </p>
        )}
        {declared === false && (
          <p className="text-sm text-slate-700">You said no identifiable person appears.</p>
        )}
        {clip.people.people.length > 0 && (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200">
            {clip.people.people.map((entry) => (
              <li
                key={entry.person.id}
                className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 text-sm"
              >
                <div>
                  <p className="font-medium text-slate-900">{entry.person.name}</p>
                  {entry.release && (
                    <p className="text-slate-600">
                      Signed {formatDate(`${entry.release.signedOn}T00:00:00Z`)} ·{' '}
                      {entry.release.fileName}
                      {entry.release.consent.commercialUse ? ' · commercial use' : ''}
                      {entry.release.consent.publicPreview ? ' · public preview' : ''}
                    </p>
                  )}
                </div>
                <Badge tone={PERSON_STATUS[entry.status].tone}>
                  {PERSON_STATUS[entry.status].label}
                </Badge>
              </li>
            ))}
          </ul>
        )}
        {!can ? (
          <LockedNote clip={clip} what="The people in the clip" />
        ) : (
          <>
            {declared !== false && clip.people.people.length === 0 && (
              <Form method="post">
                <FormErrorAlert failure={failureFor(actionData, 'no-people')} />
                <SubmitButton intent="no-people" variant="secondary" loadingText="Saving…">
                  No identifiable person appears
                </SubmitButton>
              </Form>
            )}
            <Form
              method="post"
              encType="multipart/form-data"
              className="space-y-4 rounded-lg border border-slate-200 p-4"
              noValidate
            >
              <h3 className="text-sm font-semibold text-slate-900">
                Add a person with their release
              </h3>
              <FormErrorAlert failure={failure} title="The person was not added" />
              <div className="grid gap-4 sm:grid-cols-2">
                <FormField
                  label="Name or pseudonym"
                  hint="As written on the release"
                  required
                  error={failure?.fieldErrors.personName}
                >
                  <Input
                    name="personName"
                    autoComplete="off"
                    defaultValue={failure?.values.personName}
                  />
                </FormField>
                <FormField label="Signed on" required error={failure?.fieldErrors.signedOn}>
                  <Input name="signedOn" type="date" defaultValue={failure?.values.signedOn} />
                </FormField>
              </div>
              <FormField
                label="Signed release"
                hint="A PDF or a photo of the signed form (PNG, JPEG or WebP), at most 20 MiB."
                required
                error={failure?.fieldErrors.document}
              >
                <Input
                  name="document"
                  type="file"
                  accept="application/pdf,image/png,image/jpeg,image/webp"
                />
              </FormField>
              <fieldset className="space-y-2">
                <legend className="text-sm font-medium text-slate-900">
                  What the release consents to
                </legend>
                <ConsentBox
                  name="aiTraining"
                  checked={failure?.values.aiTraining === 'on'}
                  label="Training, fine-tuning and evaluating AI models (required)"
                  error={failure?.fieldErrors.aiTraining}
                />
                <ConsentBox
                  name="commercialUse"
                  checked={failure?.values.commercialUse === 'on'}
                  label="Commercial use of those models"
                />
                <ConsentBox
                  name="publicPreview"
                  checked={failure?.values.publicPreview === 'on'}
                  label="Showing the watermarked preview in the public catalog (without it, the clip is listed without its preview and thumbnail)"
                />
                <ConsentBox
                  name="likenessSynthesis"
                  checked={failure?.values.likenessSynthesis === 'on'}
                  label="Models generating this person’s likeness"
                />
              </fieldset>
              <SubmitButton intent="add-person" loadingText="Adding…">
                Add person
              </SubmitButton>
            </Form>
          </>
        )}
      </div>
    </Card>
  );
}

function ConsentBox({
  name,
  label,
  error,
  checked,
}: {
  name: string;
  label: string;
  error?: string;
  checked?: boolean;
}) {
  const id = `consent-${name}`;
  return (
    <div>
      <label htmlFor={id} className="flex items-start gap-2 text-sm text-slate-800">
        <input
          id={id}
          type="checkbox"
          name={name}
          defaultChecked={checked}
          className="mt-0.5 size-4 accent-indigo-700"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <span>{label}</span>
      </label>
      {error && (
        <p id={`${id}-error`} className="mt-1 ml-6 text-sm font-medium text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

function OwnershipCard({
  loaderData,
  actionData,
}: {
  loaderData: LoaderData;
  actionData?: ActionResult;
}) {
  const { clip, org } = loaderData;
  const failure = failureFor(actionData, 'attest');
  const error = failure?.fieldErrors.ownsAllRights;
  return (
    <Card title="Ownership">
      <Notice actionData={actionData} intents={['attest']} />
      {clip.ownership ? (
        <p className="text-sm text-slate-700">
          {clip.ownership.name} confirmed on {formatDateTime(clip.ownership.attestedAt)} that{' '}
          {org.name} owns all rights to this footage.
        </p>
      ) : !editable(clip.state).attestation ? (
        <LockedNote clip={clip} what="The ownership statement" />
      ) : (
        <Form method="post" className="space-y-3" noValidate>
          <FormErrorAlert failure={failure && !error ? failure : null} />
          <label htmlFor="ownsAllRights" className="flex items-start gap-2 text-sm text-slate-800">
            <input
              id="ownsAllRights"
              type="checkbox"
              name="ownsAllRights"
              className="mt-0.5 size-4 accent-indigo-700"
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? 'ownsAllRights-error' : undefined}
            />
            <span>
              I confirm that {org.name} owns all rights to this footage, including music and artwork
              in it, and may license it. This is recorded with my name and the time.
            </span>
          </label>
          {error && (
            <p id="ownsAllRights-error" className="ml-6 text-sm font-medium text-red-700">
              {error}
            </p>
          )}
          <SubmitButton intent="attest" loadingText="Saving…">
            Confirm ownership
          </SubmitButton>
        </Form>
      )}
    </Card>
  );
}

function PolicyCard({
  loaderData,
  actionData,
}: {
  loaderData: LoaderData;
  actionData?: ActionResult;
}) {
  const { clip, templates, currency, currentTerms } = loaderData;
  const failure = failureFor(actionData, 'policy');
  const version = clip.policyVersion;
  const currentTemplate =
    failure?.values.templateId ?? version?.templateId ?? templates[0]?.id ?? '';
  const currentRate =
    failure?.values.ratePerMinute ?? (version ? moneyInputValue(version.policy.ratePerMinute) : '');
  const savedDisclosure = version?.policy.disclosure;
  const disclosureRequired = failure
    ? failure.values.disclosureRequired === 'on'
    : savedDisclosure?.required === true;
  const disclosureDays =
    failure?.values.disclosureDays ??
    (savedDisclosure?.required ? String(savedDisclosure.withinDaysAfterRelease) : '');
  return (
    <Card
      title="License policy"
      description="Which uses labs may license this clip for, and what they pay per minute of footage."
    >
      <Notice actionData={actionData} intents={['policy']} />
      <div className="space-y-5">
        {version && clip.policy ? (
          <div className="space-y-2 text-sm">
            <p className="text-slate-900">
              <span className="font-medium">Version {version.version}:</span> {clip.policy.text}
            </p>
            {currentTerms && (
              <details className="rounded-lg border border-slate-200 bg-slate-50 p-3">
                <summary className="cursor-pointer font-medium text-indigo-800">
                  Read the terms in plain language
                </summary>
                <TermsText className="mt-2 text-sm">{currentTerms}</TermsText>
              </details>
            )}
          </div>
        ) : (
          <p className="text-sm text-slate-700">No policy yet: choose a license and a rate.</p>
        )}
        {!editable(clip.state).policy ? (
          <LockedNote clip={clip} what="The policy" />
        ) : (
          <Form method="post" className="space-y-4" noValidate>
            <FormErrorAlert failure={failure} />
            <fieldset
              className="space-y-2"
              aria-describedby={failure?.fieldErrors.templateId ? 'templateId-error' : undefined}
            >
              <legend className="text-sm font-medium text-slate-900">License template</legend>
              {templates.map((template) => (
                <div key={template.id} className="rounded-lg border border-slate-300 p-3">
                  <label className="flex items-start gap-2 text-sm">
                    <input
                      type="radio"
                      name="templateId"
                      value={template.id}
                      defaultChecked={template.id === currentTemplate}
                      className="mt-0.5 size-4 accent-indigo-700"
                    />
                    <span>
                      <span className="font-medium text-slate-900">{template.title}</span>
                      <span className="block text-slate-600">{template.description}</span>
                    </span>
                  </label>
                  <details className="mt-2 ml-6 text-sm">
                    <summary className="cursor-pointer text-indigo-800">Read these terms</summary>
                    <TermsText className="mt-2">{template.termsText}</TermsText>
                  </details>
                </div>
              ))}
              {failure?.fieldErrors.templateId && (
                <p id="templateId-error" className="text-sm font-medium text-red-700">
                  {failure.fieldErrors.templateId}
                </p>
              )}
            </fieldset>
            <FormField
              label={`Rate per minute (${currency})`}
              hint="What a lab pays per minute of this clip before the rate card’s term, resolution and volume factors."
              required
              error={failure?.fieldErrors.ratePerMinute}
              className="max-w-xs"
            >
              <Input
                name="ratePerMinute"
                inputMode="decimal"
                placeholder="4.50"
                defaultValue={currentRate}
              />
            </FormField>
            <fieldset className="space-y-3">
              <legend className="text-sm font-medium text-slate-900">Model disclosure</legend>
              <ConsentBox
                name="disclosureRequired"
                label="Require every lab that licenses this clip to publish the training-data disclosure of each model it trains, fine-tunes or evaluates with it."
                checked={disclosureRequired}
                error={failure?.fieldErrors.disclosureRequired}
              />
              <FormField
                label="Due days after the model’s public release"
                hint="0 means the disclosure must be public before the model is released; at most 365. Used only when the box is ticked."
                error={failure?.fieldErrors.disclosureDays}
                className="ml-6 max-w-xs"
              >
                <Input
                  name="disclosureDays"
                  inputMode="numeric"
                  placeholder="30"
                  defaultValue={disclosureDays}
                />
              </FormField>
            </fieldset>
            <SubmitButton intent="policy" loadingText="Saving…">
              Save policy
            </SubmitButton>
          </Form>
        )}
      </div>
    </Card>
  );
}

/** Every lab that licensed the clip, for what, when and for how much, and the models declaring it. */
function LicensesCard({ licenses }: { licenses: LoaderData['licenses'] }) {
  return (
    <Card
      title="Licenses and models"
      description="Each lab that licensed this clip, under which certificate, and every model its lab declared it for."
    >
      {licenses === null ? (
        <p className="text-sm text-slate-700">Licenses cannot be shown right now.</p>
      ) : licenses.length === 0 ? (
        <p className="text-sm text-slate-700">Not licensed yet.</p>
      ) : (
        <ul className="space-y-4">
          {licenses.map((license) => (
            <li
              key={license.certificateId}
              className="rounded-lg border border-slate-200 p-3 text-sm"
            >
              <p className="flex flex-wrap items-center gap-2">
                <span className="font-medium text-slate-900">{license.lab.name}</span>
                {license.status === 'revoked' ? (
                  <Badge tone="danger">Revoked</Badge>
                ) : (
                  <Badge tone="success">Active</Badge>
                )}
              </p>
              <p className="text-slate-700">
                For {license.uses.map((use) => USE_LABELS[use]).join(', ')} ·{' '}
                {license.term.kind === 'fixed' ? `${license.term.months} months` : 'perpetual'} ·
                licensed {formatDate(license.licensedAt)} · you earned{' '}
                {formatMoney(license.creatorShare)}
              </p>
              <p className="font-mono text-xs break-all text-slate-500">
                <Link to={`/verify?id=${license.certificateId}`} className={textLinkClasses}>
                  Certificate {license.certificateId}
                </Link>
              </p>
              {license.models.length === 0 ? (
                <p className="mt-2 text-slate-600">No model has declared it yet.</p>
              ) : (
                <ul className="mt-2 space-y-1">
                  {license.models.map((use) => (
                    <li key={`${use.modelId}-${use.stage}-${use.declaredAt}`}>
                      <span className="text-slate-900">
                        {use.modelName} {use.modelVersion}
                      </span>{' '}
                      — {STAGE_LABELS[use.stage].toLowerCase()}, declared{' '}
                      {formatDate(use.declaredAt)}
                      {!use.current && ' (since replaced)'}
                      {use.disclosureUrl && use.disclosureId && (
                        <>
                          {' · '}
                          <Link to={`/disclosures/${use.disclosureId}`} className={textLinkClasses}>
                            disclosure
                          </Link>
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

export default function StudioClipPage({ loaderData, actionData }: Route.ComponentProps) {
  const { clip, org } = loaderData;
  usePollWhile(isInFlight(clip.state));
  return (
    <div>
      <p className="mb-4 text-sm">
        <Link to={`/studio/${org.id}`} className={textLinkClasses}>
          ← All clips of {org.name}
        </Link>
      </p>
      <PageHeader
        eyebrow="Clip"
        title={clip.title}
        description={clip.country ? countryLabel(clip.country) : undefined}
      />
      <div className="space-y-6">
        <StatusCard loaderData={loaderData} actionData={actionData} />
        <MediaCard clip={clip} />
        <DescriptionCard loaderData={loaderData} actionData={actionData} />
        <PeopleCard loaderData={loaderData} actionData={actionData} />
        <OwnershipCard loaderData={loaderData} actionData={actionData} />
        <PolicyCard loaderData={loaderData} actionData={actionData} />
        <LicensesCard licenses={loaderData.licenses} />
      </div>
    </div>
  );
}
