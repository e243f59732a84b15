import { renderTerms } from '@clearframe/contracts/license';
import { formatMoney } from '@clearframe/contracts/money';
import { policyTerms } from '@clearframe/contracts/supply';
import { CreateBundle, type BundleType } from '@clearframe/contracts/demand';
import {
  Alert,
  Card,
  DescriptionList,
  FormField,
  Input,
  PageHeader,
  Select,
  textLinkClasses,
} from '@clearframe/ui';
import { data, Form, Link } from 'react-router';
import { FormErrorAlert, SubmitButton } from '../components/forms';
import { bundlesApi } from '../lib/api/bundles.server';
import { catalogApi } from '../lib/api/catalog.server';
import { readOrgId } from '../lib/cookies.server';
import { formValues, parseForm, problemToFailure, type FormFailure } from '../lib/form-errors';
import { pickCurrentOrg } from '../lib/navigation';
import {
  CATEGORY_LABELS,
  countryLabel,
  formatDuration,
  formatResolution,
  shotSummary,
} from '../lib/clip-labels';
import { formatDate } from '../lib/labels';
import {
  getViewer,
  notFound,
  requireViewer,
  throwProblem,
  type Viewer,
} from '../lib/viewer.server';
import type { Route } from './+types/catalog-clip';
import { TermsText } from '../components/terms-text';

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `${loaderData?.clip.title ?? 'Clip'} · Catalog · Clearframe` },
];

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = getViewer(context);
  const clip = await catalogApi.get(viewer?.token ?? null, params.clipId);
  if (!clip.ok) throwProblem(clip.problem, request);
  // A member of a lab (the current organization) can put the clip in one of its bundles.
  const lab = viewer ? await currentLab(viewer, request) : null;
  let bundles: BundleType[] = [];
  if (viewer && lab) {
    const listed = await bundlesApi.list(viewer.token, lab.id);
    if (!listed.ok) throwProblem(listed.problem, request);
    bundles = listed.data.items;
  }
  return {
    clip: clip.data,
    terms: renderTerms(policyTerms(clip.data.policy.policy), { format: 'text' }),
    lab: lab ? { id: lab.id, name: lab.name } : null,
    bundles,
  };
}

async function currentLab(viewer: Viewer, request: Request) {
  const org = pickCurrentOrg(viewer.me.organizations, await readOrgId(request));
  return org?.kind === 'lab' ? org : null;
}

type ActionResult = {
  failure: FormFailure | null;
  added: { bundleId: string; bundleName: string; added: boolean } | null;
};

/** "Add to bundle": into a bundle of the current lab, or a new one named in the form. */
export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const lab = await currentLab(viewer, request);
  if (!lab) throw notFound('Bundles are for lab organizations.');
  const formData = await request.formData();
  const fail = (failure: FormFailure, status: number) =>
    data<ActionResult>({ failure, added: null }, { status });
  let bundleId = String(formData.get('bundleId') ?? '');
  let bundleName: string;
  if (bundleId === 'new' || bundleId === '') {
    const parsed = parseForm(CreateBundle, formData, ['name']);
    if (!parsed.ok) return fail(parsed.failure, 400);
    const created = await bundlesApi.create(viewer.token, lab.id, parsed.data);
    if (!created.ok)
      return fail(
        problemToFailure(created.problem, ['name'], { values: formValues(formData, ['name']) }),
        created.status,
      );
    bundleId = created.data.id;
    bundleName = created.data.name;
  } else {
    const bundle = await bundlesApi.get(viewer.token, lab.id, bundleId);
    if (!bundle.ok) return fail(problemToFailure(bundle.problem, []), bundle.status);
    bundleName = bundle.data.name;
  }
  const added = await bundlesApi.addClips(viewer.token, lab.id, bundleId, [params.clipId]);
  if (!added.ok) return fail(problemToFailure(added.problem, []), added.status);
  if (added.data.notListed.length > 0)
    return fail(
      {
        formError: 'This clip is no longer listed, so it cannot be added.',
        fieldErrors: {},
        values: {},
      },
      409,
    );
  return data<ActionResult>({
    failure: null,
    added: { bundleId, bundleName, added: added.data.added > 0 },
  });
}

export default function CatalogClipPage({ loaderData, actionData }: Route.ComponentProps) {
  const { clip, terms, lab, bundles } = loaderData;
  const shot = shotSummary(clip);
  return (
    <div>
      <p className="mb-4 text-sm">
        <Link to="/catalog" className={textLinkClasses}>
          ← Catalog
        </Link>
      </p>
      <PageHeader
        eyebrow={clip.creator.name}
        title={clip.title}
        description={clip.description ?? undefined}
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          {clip.previewUrl ? (
            <video
              controls
              preload="metadata"
              poster={clip.thumbnailUrl ?? undefined}
              className="aspect-video w-full rounded-xl bg-slate-900"
              aria-label={`Preview of ${clip.title}`}
            >
              <source src={clip.previewUrl} type="video/mp4" />
            </video>
          ) : (
            <div className="flex aspect-video w-full items-center justify-center rounded-xl bg-slate-100 text-sm text-slate-600">
              No public preview: the people in this clip have not agreed to one.
            </div>
          )}
          <Card
            title="License terms"
            description="The widest license a lab can get for this clip, in plain language."
          >
            <TermsText className="text-sm">{terms}</TermsText>
          </Card>
        </div>
        <div className="min-w-0 space-y-6">
          {lab && (
            <AddToBundle
              labId={lab.id}
              bundles={bundles}
              failure={actionData?.failure ?? null}
              added={actionData?.added ?? null}
            />
          )}
          <Card title="Price">
            <p className="text-2xl font-bold text-slate-900">
              {clip.listPrice ? `${formatMoney(clip.listPrice.perMinute)}` : '—'}
              <span className="text-base font-medium text-slate-600"> per minute</span>
            </p>
            {clip.listPrice && (
              <p className="mt-1 text-sm text-slate-600">
                For {clip.listPrice.termMonths} months, non-exclusive,{' '}
                {clip.listPrice.commercial ? 'commercial use' : 'non-commercial use'}. Longer terms,
                exclusivity and volume change the quote.
              </p>
            )}
            <p className="mt-3 text-sm text-slate-700">{clip.policy.summary.text}</p>
          </Card>
          <Card title="Details">
            <DescriptionList
              items={[
                { term: 'Duration', detail: formatDuration(clip.durationMs) },
                { term: 'Resolution', detail: formatResolution(clip.width, clip.height) },
                { term: 'Frame rate', detail: `${clip.fps} fps` },
                { term: 'Audio', detail: clip.hasAudio ? 'Yes' : 'No' },
                { term: 'Category', detail: clip.category ? CATEGORY_LABELS[clip.category] : '—' },
                { term: 'Shot', detail: shot || '—' },
                { term: 'Country', detail: countryLabel(clip.country) },
                { term: 'Tags', detail: clip.tags.length ? clip.tags.join(', ') : '—' },
                { term: 'Captions', detail: clip.captions ?? '—' },
                { term: 'Listed', detail: formatDate(clip.listedAt) },
              ]}
            />
          </Card>
        </div>
      </div>
    </div>
  );
}

/**
 * Puts the clip in one of the lab's bundles, or in a new one named here. A plain form: the
 * bundle is chosen in a select whose last option is "a new bundle".
 */
function AddToBundle({
  labId,
  bundles,
  failure,
  added,
}: {
  labId: string;
  bundles: readonly BundleType[];
  failure: FormFailure | null;
  added: ActionResult['added'];
}) {
  return (
    <Card title="Add to bundle">
      <Form method="post" className="space-y-4" noValidate>
        {added && (
          <Alert tone="success" title={added.added ? 'Added' : 'Already there'}>
            <p>
              {added.added ? 'The clip is now in ' : 'The clip was already in '}
              <Link to={`/bundles/${labId}/${added.bundleId}`} className={textLinkClasses}>
                {added.bundleName}
              </Link>
              .
            </p>
          </Alert>
        )}
        <FormErrorAlert failure={failure} />
        {bundles.length > 0 && (
          <FormField label="Bundle">
            <Select name="bundleId" defaultValue={bundles[0]!.id}>
              {bundles.map((bundle) => (
                <option key={bundle.id} value={bundle.id}>
                  {`${bundle.name} (${bundle.clipCount} clip${bundle.clipCount === 1 ? '' : 's'})`}
                </option>
              ))}
              <option value="new">A new bundle, named below</option>
            </Select>
          </FormField>
        )}
        <FormField
          label={bundles.length > 0 ? 'New bundle name' : 'Name of your first bundle'}
          hint={bundles.length > 0 ? 'Only when you choose a new bundle above.' : undefined}
          error={failure?.fieldErrors.name}
        >
          <Input name="name" defaultValue={failure?.values.name ?? ''} autoComplete="off" />
        </FormField>
        <SubmitButton>Add to bundle</SubmitButton>
      </Form>
    </Card>
  );
}
