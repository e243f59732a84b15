import { CATALOG_FACET_NAMES, type CatalogPageType } from '@clearframe/contracts/supply';
import { catalogApi } from './api/catalog.server';
import { problemMessage } from './form-errors';
import { throwProblem, type Viewer } from './viewer.server';

/** The query parameters a catalog URL may carry; anything else is dropped, not sent on. */
export const CATALOG_PARAMS = ['q', ...CATALOG_FACET_NAMES, 'sort', 'cursor'] as const;

export type CatalogView = Pick<
  CatalogPageType,
  'items' | 'nextCursor' | 'sort' | 'total' | 'facets' | 'suggestion'
> & {
  cursor: string | null;
  /** The search without its cursor, as a query string: what links and "load more" build on. */
  search: string;
  /** Why the search could not be answered (bad words, search unavailable), shown in place. */
  error: string | null;
};

/**
 * One page of the public catalog for this URL (`?q=`, facets, `sort`, `cursor`); shared with a
 * lab's home page. A search the API refuses (422) or cannot answer now (503) is shown as an
 * error beside the search box, so the visitor can fix it; anything else is the error page.
 */
export async function loadCatalog(viewer: Viewer | null, request: Request): Promise<CatalogView> {
  const url = new URL(request.url);
  const params = new URLSearchParams();
  for (const name of CATALOG_PARAMS) {
    const value = url.searchParams.get(name);
    if (value) params.set(name, value);
  }
  const cursor = params.get('cursor');
  const search = new URLSearchParams(params);
  search.delete('cursor');
  const page = await catalogApi.list(viewer?.token ?? null, params);
  if (!page.ok) {
    if (page.problem.status !== 422 && page.problem.status !== 503) {
      throwProblem(page.problem, request);
    }
    const fields = (page.problem.errors ?? []).map((error) => error.message);
    return {
      items: [],
      nextCursor: null,
      sort: params.get('q') ? 'relevance' : 'newest',
      total: null,
      facets: null,
      suggestion: null,
      cursor,
      search: search.toString(),
      error: [problemMessage(page.problem), ...fields].join(' '),
    };
  }
  const { items, nextCursor, sort, total, facets, suggestion } = page.data;
  return {
    items,
    nextCursor,
    sort,
    total,
    facets,
    suggestion,
    cursor,
    search: search.toString(),
    error: null,
  };
}
