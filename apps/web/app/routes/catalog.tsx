import {
  AddSearchResults,
  BUNDLE_ADD_MAX,
  type BundleSearchResultsAddedType,
  type BundleType,
} from '@clearframe/contracts/demand';
import type { CatalogPageType } from '@clearframe/contracts/supply';
import { Alert, Card, FormField, PageHeader, Select, textLinkClasses } from '@clearframe/ui';
import { data, Form, Link } from 'react-router';
import { CatalogGrid } from '../components/catalog-grid';
import {
  ActiveFilters,
  CatalogError,
  CatalogFacets,
  CatalogSearchForm,
  CatalogSummary,
} from '../components/catalog-search';
import { FormErrorAlert, SubmitButton } from '../components/forms';
import { bundlesApi } from '../lib/api/bundles.server';
import { addSearchResults, currentLab, SEARCH_RESULTS_FIELDS } from '../lib/bundles.server';
import { loadCatalog } from '../lib/catalog.server';
import { parseForm, problemToFailure, type FormFailure } from '../lib/form-errors';
import {
  getViewer,
  notFound,
  requireViewer,
  throwProblem,
  type Viewer,
} from '../lib/viewer.server';
import type { Route } from './+types/catalog';

export const meta: Route.MetaFunction = ({ location }) => {
  const q = new URLSearchParams(location.search).get('q');
  return [{ title: q ? `${q} · Catalog · Clearframe` : 'Catalog · Clearframe' }];
};

export async function loader({ request, context }: Route.LoaderArgs) {
  const viewer = getViewer(context);
  const view = await loadCatalog(viewer, request);
  // A member of a lab (the current organization) can add the whole search to one of its bundles.
  const lab = viewer ? await currentLab(viewer, request) : null;
  const bundles = viewer && lab ? await labBundles(viewer, lab.id, request) : [];
  return { ...view, lab: lab ? { id: lab.id, name: lab.name } : null, bundles };
}

async function labBundles(viewer: Viewer, labId: string, request: Request): Promise<BundleType[]> {
  const listed = await bundlesApi.list(viewer.token, labId);
  if (!listed.ok) throwProblem(listed.problem, request);
  return listed.data.items;
}

type ActionResult = {
  failure: FormFailure | null;
  added: ({ bundleId: string } & BundleSearchResultsAddedType) | null;
};

/**
 * "Add all results": the search in the form's hidden fields goes to the API, which runs it and
 * adds its first matches (up to the cap it states) to the chosen bundle of the current lab.
 */
export async function action({ request, context }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const lab = await currentLab(viewer, request);
  if (!lab) throw notFound('Bundles are for lab organizations.');
  const formData = await request.formData();
  const fail = (failure: FormFailure, status: number) =>
    data<ActionResult>({ failure, added: null }, { status });
  const bundleId = String(formData.get('bundleId') ?? '');
  if (!bundleId) {
    return fail(
      { formError: null, fieldErrors: { bundleId: 'Choose a bundle.' }, values: {} },
      400,
    );
  }
  const search = parseForm(AddSearchResults, formData, [], { hidden: SEARCH_RESULTS_FIELDS });
  if (!search.ok) return fail(search.failure, 400);
  const added = await addSearchResults(viewer.token, lab.id, bundleId, search.data);
  if (!added.ok) return fail(problemToFailure(added.problem, []), added.status);
  return data<ActionResult>({ failure: null, added: { bundleId, ...added.data } });
}

/**
 * The public catalog: a search box, facet links with counts and a grid of clips. The URL holds
 * the whole search (`?q=…&category=…&sort=…`), so it can be shared, bookmarked and used without
 * JavaScript. A lab member can add all the results to one of the lab's bundles.
 */
export default function CatalogPage({ loaderData, actionData }: Route.ComponentProps) {
  const view = loaderData;
  const basePath = '/catalog';
  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow="Catalog"
        title={new URLSearchParams(view.search).get('q') ? 'Search results' : 'Licensed footage'}
        description="Every clip is reviewed, its people have consented, and its license says exactly what it may be used for. Previews are watermarked."
      />
      <CatalogSearchForm search={view.search} sort={view.sort} basePath={basePath} />
      {view.error && <CatalogError message={view.error} />}
      <div className="grid gap-6 md:grid-cols-[14rem_1fr]">
        <aside id="filters" className="order-2 md:order-1">
          {view.facets ? (
            <CatalogFacets facets={view.facets} search={view.search} basePath={basePath} />
          ) : (
            <ActiveFilters search={view.search} basePath={basePath} />
          )}
        </aside>
        <div className="order-1 space-y-4 md:order-2">
          {view.facets && (
            // On a phone the filters follow the results; this skips to them.
            <a href="#filters" className={`${textLinkClasses} text-sm md:hidden`}>
              Filters
            </a>
          )}
          <CatalogSummary
            total={view.total}
            suggestion={view.suggestion}
            search={view.search}
            basePath={basePath}
          />
          {view.lab && (actionData || (!view.error && view.items.length > 0)) && (
            <AddAllResults
              labId={view.lab.id}
              bundles={view.bundles}
              search={view.search}
              total={view.total}
              failure={actionData?.failure ?? null}
              added={actionData?.added ?? null}
            />
          )}
          {!view.error && (
            <CatalogGrid
              items={view.items}
              nextCursor={view.nextCursor}
              cursor={view.cursor}
              search={view.search}
              basePath={basePath}
            />
          )}
        </div>
      </div>
    </div>
  );
}

const count = (n: number) => n.toLocaleString('en-US');
const clips = (n: number) => `${count(n)} ${n === 1 ? 'clip' : 'clips'}`;

/** "Add all 12 results", or, past the cap, "Add the first 500 of 2,000+ results". */
function addLabel(total: CatalogPageType['total']): string {
  if (!total) return 'Add all results to bundle';
  const shown = `${count(total.count)}${total.approximate ? '+' : ''}`;
  if (total.approximate || total.count > BUNDLE_ADD_MAX) {
    return `Add the first ${count(BUNDLE_ADD_MAX)} of ${shown} results to bundle`;
  }
  return `Add all ${shown} ${total.count === 1 ? 'result' : 'results'} to bundle`;
}

/**
 * The whole search into one of the lab's bundles: a plain POST form carrying the search in
 * hidden fields (its action URL keeps the search, so the same results show after it), then a
 * notice of what went in, what was there, and whether the cap left matches out.
 */
function AddAllResults({
  labId,
  bundles,
  search,
  total,
  failure,
  added,
}: {
  labId: string;
  bundles: readonly BundleType[];
  search: string;
  total: CatalogPageType['total'];
  failure: FormFailure | null;
  added: ActionResult['added'];
}) {
  const bundleName = added && bundles.find((bundle) => bundle.id === added.bundleId)?.name;
  return (
    <Card
      title="Add these results to a bundle"
      description={`A snapshot of the clips this search matches now, in its order: at most ${count(BUNDLE_ADD_MAX)} per add.`}
    >
      {added && (
        <Alert tone="success" title="Added from the search">
          <p>
            {`${clips(added.added)} added to `}
            <Link to={`/bundles/${labId}/${added.bundleId}`} className={textLinkClasses}>
              {bundleName ?? 'the bundle'}
            </Link>
            {`; ${clips(added.alreadyInBundle)} already there. It now holds ${clips(added.clipCount)}.`}
          </p>
          {added.truncated && (
            <p>
              {`The search matched ${count(added.matched.count)}${added.matched.approximate ? '+' : ''} clips; only the first ${count(added.cap)} were taken (the most one add takes). Narrow the search to add the rest.`}
            </p>
          )}
          {added.notListed.length > 0 && (
            <p>{`${clips(added.notListed.length)} stopped being listed before the add and stayed out.`}</p>
          )}
        </Alert>
      )}
      <FormErrorAlert failure={failure} />
      {bundles.length === 0 ? (
        <p className="text-sm text-slate-700">
          Your lab has no bundle yet.{' '}
          <Link to={`/bundles/${labId}`} className={textLinkClasses}>
            Create one
          </Link>{' '}
          to add these results to it.
        </p>
      ) : (
        <Form
          method="post"
          action={`/catalog${search ? `?${search}` : ''}`}
          className="flex flex-wrap items-end gap-3"
          noValidate
        >
          {/* The loader kept only the search's own fields (words, facets, sort) in `search`. */}
          {[...new URLSearchParams(search)].map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <FormField label="Bundle" error={failure?.fieldErrors.bundleId}>
            <Select name="bundleId" defaultValue={added?.bundleId ?? bundles[0]!.id}>
              {bundles.map((bundle) => (
                <option key={bundle.id} value={bundle.id}>
                  {`${bundle.name} (${clips(bundle.clipCount)})`}
                </option>
              ))}
            </Select>
          </FormField>
          <SubmitButton>{addLabel(total)}</SubmitButton>
        </Form>
      )}
    </Card>
  );
}
