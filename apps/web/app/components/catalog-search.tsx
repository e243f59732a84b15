import { USE_LABELS } from '@clearframe/contracts/license';
import {
  CATALOG_FACET_NAMES,
  type CatalogFacetName,
  type CatalogPageType,
} from '@clearframe/contracts/supply';
import { Alert, buttonClasses, cx, Input, Select, textLinkClasses } from '@clearframe/ui';
import { Form, Link } from 'react-router';
import { CAMERA_MOTION_LABELS, CATEGORY_LABELS } from '../lib/clip-labels';

const FACET_TITLES: Record<CatalogFacetName, string> = {
  category: 'Category',
  resolution: 'Resolution',
  orientation: 'Orientation',
  fps: 'Frame rate',
  duration: 'Duration',
  motion: 'Camera motion',
  use: 'Allowed use',
  exclusivity: 'Exclusivity',
};

const VALUE_LABELS: Partial<Record<CatalogFacetName, Record<string, string>>> = {
  category: CATEGORY_LABELS,
  motion: CAMERA_MOTION_LABELS,
  use: USE_LABELS,
  resolution: { sd: 'Under 720p', '720p': '720p', '1080p': '1080p', '4k': '4K' },
  orientation: { landscape: 'Landscape', vertical: 'Vertical' },
  duration: {
    '0-5s': 'Under 5 s',
    '5-10s': '5–10 s',
    '10-30s': '10–30 s',
    '30-60s': '30 s – 1 min',
    '1-3m': '1–3 min',
    '3m+': '3 min or more',
  },
  exclusivity: { offered: 'Exclusivity offered', 'not-offered': 'Not offered' },
};

export function facetValueLabel(facet: CatalogFacetName, value: string): string {
  if (facet === 'fps') return `${value} fps`;
  return VALUE_LABELS[facet]?.[value] ?? value;
}

/** `basePath?search` with some parameters set or removed (always from the first page). */
export function catalogHref(
  basePath: string,
  search: string,
  changes: Record<string, string | null>,
): string {
  const params = new URLSearchParams(search);
  params.delete('cursor');
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) params.delete(name);
    else params.set(name, value);
  }
  const query = params.toString();
  return query ? `${basePath}?${query}` : basePath;
}

/**
 * The search box: a GET form, so the URL is the search (shareable, bookmarkable, and it works
 * without JavaScript). The facets already chosen ride along as hidden fields.
 */
export function CatalogSearchForm({
  search,
  sort,
  basePath,
}: {
  search: string;
  sort: CatalogPageType['sort'];
  basePath: string;
}) {
  const params = new URLSearchParams(search);
  return (
    <Form method="get" action={basePath} role="search" className="flex flex-wrap items-end gap-3">
      <label className="min-w-60 flex-1">
        <span className="mb-1 block text-sm font-medium text-slate-700">Search footage</span>
        <Input
          type="search"
          name="q"
          defaultValue={params.get('q') ?? ''}
          placeholder={'aerial harbour, "slow pan" -night'}
          maxLength={200}
        />
      </label>
      <label>
        <span className="mb-1 block text-sm font-medium text-slate-700">Sort</span>
        <Select
          name="sort"
          defaultValue={params.get('q') ? sort : (params.get('sort') ?? 'relevance')}
        >
          <option value="relevance">Best match</option>
          <option value="newest">Newest</option>
        </Select>
      </label>
      {CATALOG_FACET_NAMES.map((facet) => {
        const value = params.get(facet);
        return value ? <input key={facet} type="hidden" name={facet} value={value} /> : null;
      })}
      <button type="submit" className={buttonClasses({ variant: 'primary' })}>
        Search
      </button>
    </Form>
  );
}

/** How many clips match, "2,000+" past the bound, and "did you mean" when a word is unknown. */
export function CatalogSummary({
  total,
  suggestion,
  search,
  basePath,
}: Pick<CatalogPageType, 'total' | 'suggestion'> & { search: string; basePath: string }) {
  return (
    <div className="space-y-2 text-sm text-slate-700">
      {total && (
        <p aria-live="polite">
          {total.approximate
            ? `${total.count.toLocaleString('en-US')}+ clips`
            : `${total.count.toLocaleString('en-US')} ${total.count === 1 ? 'clip' : 'clips'}`}
          {total.approximate && ' (counts below are of the first ones found)'}
        </p>
      )}
      {suggestion && (
        <p>
          Did you mean:{' '}
          <Link
            className={cx(textLinkClasses, 'font-semibold')}
            to={catalogHref(basePath, search, { q: suggestion.q })}
          >
            {suggestion.q}
          </Link>
          ?
        </p>
      )}
    </div>
  );
}

/**
 * Facet lists with counts. Each value is a plain link to the same search with that value (or,
 * for the chosen one, without it), so filtering works without JavaScript.
 */
export function CatalogFacets({
  facets,
  search,
  basePath,
}: {
  facets: NonNullable<CatalogPageType['facets']>;
  search: string;
  basePath: string;
}) {
  const params = new URLSearchParams(search);
  return (
    <nav aria-label="Filters" className="space-y-5">
      {CATALOG_FACET_NAMES.map((facet) => {
        const chosen = params.get(facet);
        const values = facets[facet];
        if (values.length === 0 && !chosen) return null;
        return (
          <section key={facet}>
            <h2 className="mb-1.5 text-sm font-semibold text-slate-900">{FACET_TITLES[facet]}</h2>
            <ul className="space-y-1 text-sm">
              {values.map(({ value, count }) => {
                const active = chosen === value;
                return (
                  <li key={value}>
                    <Link
                      to={catalogHref(basePath, search, { [facet]: active ? null : value })}
                      aria-current={active ? 'true' : undefined}
                      className={cx(
                        'flex justify-between gap-3 rounded px-1.5 py-0.5 no-underline hover:bg-slate-100',
                        active ? 'bg-slate-900 text-white hover:bg-slate-700' : 'text-slate-700',
                      )}
                    >
                      <span>
                        {active && <span aria-hidden="true">✓ </span>}
                        {facetValueLabel(facet, value)}
                      </span>
                      <span className={active ? 'text-slate-200' : 'text-slate-500'}>
                        {count.toLocaleString('en-US')}
                      </span>
                    </Link>
                  </li>
                );
              })}
              {chosen && !values.some((entry) => entry.value === chosen) && (
                <li>
                  <Link
                    to={catalogHref(basePath, search, { [facet]: null })}
                    className={textLinkClasses}
                  >
                    Clear {facetValueLabel(facet, chosen)}
                  </Link>
                </li>
              )}
            </ul>
          </section>
        );
      })}
    </nav>
  );
}

/** The search's chosen filters as removable chips (pages reached by cursor have no counts). */
export function ActiveFilters({ search, basePath }: { search: string; basePath: string }) {
  const params = new URLSearchParams(search);
  const chosen = CATALOG_FACET_NAMES.filter((facet) => params.get(facet));
  if (chosen.length === 0) return null;
  return (
    <ul aria-label="Chosen filters" className="flex flex-wrap gap-2 text-sm">
      {chosen.map((facet) => (
        <li key={facet}>
          <Link
            to={catalogHref(basePath, search, { [facet]: null })}
            className="rounded-full bg-slate-900 px-3 py-1 text-white no-underline hover:bg-slate-700"
          >
            {facetValueLabel(facet, params.get(facet)!)} <span aria-label="remove">×</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function CatalogError({ message }: { message: string }) {
  return (
    <Alert tone="danger" title="The search could not be run">
      <p>{message}</p>
    </Alert>
  );
}
