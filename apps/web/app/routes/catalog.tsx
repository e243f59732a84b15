import { PageHeader, textLinkClasses } from '@clearframe/ui';
import { CatalogGrid } from '../components/catalog-grid';
import {
  ActiveFilters,
  CatalogError,
  CatalogFacets,
  CatalogSearchForm,
  CatalogSummary,
} from '../components/catalog-search';
import { loadCatalog } from '../lib/catalog.server';
import { getViewer } from '../lib/viewer.server';
import type { Route } from './+types/catalog';

export const meta: Route.MetaFunction = ({ location }) => {
  const q = new URLSearchParams(location.search).get('q');
  return [{ title: q ? `${q} · Catalog · Clearframe` : 'Catalog · Clearframe' }];
};

export function loader({ request, context }: Route.LoaderArgs) {
  return loadCatalog(getViewer(context), request);
}

/**
 * The public catalog: a search box, facet links with counts and a grid of clips. The URL holds
 * the whole search (`?q=…&category=…&sort=…`), so it can be shared, bookmarked and used without
 * JavaScript.
 */
export default function CatalogPage({ loaderData }: Route.ComponentProps) {
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
