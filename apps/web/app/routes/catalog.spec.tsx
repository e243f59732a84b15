import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  CATALOG_FACET_NAMES,
  type CatalogFacetsType,
  type CatalogPageType,
} from '@clearframe/contracts/supply';
import { Outlet, type RouteObject } from 'react-router';
import { renderRoutes, withRouteProps } from './route-render.test-helper';
import { argsFor, startStubApi, type StubApi } from './stub-api.test-helper';
import { catalogClip, catalogDetail } from './supply-fixtures.test-helper';

let api: StubApi;
let list: typeof import('./catalog');
let detail: typeof import('./catalog-clip');

beforeAll(async () => {
  api = await startStubApi();
  list = await import('./catalog');
  detail = await import('./catalog-clip');
});
afterAll(() => api.close());
beforeEach(() => api.reset());

function emptyFacets(): CatalogFacetsType {
  return Object.fromEntries(CATALOG_FACET_NAMES.map((name) => [name, []])) as never;
}

function page(overrides: Partial<CatalogPageType>): CatalogPageType {
  return {
    items: [],
    nextCursor: null,
    sort: 'newest',
    total: null,
    facets: null,
    suggestion: null,
    ...overrides,
  };
}

async function render(path: string, id: string, Component: unknown, loaderData: unknown) {
  const routes: RouteObject[] = [
    {
      id: 'root',
      path: '/',
      Component: Outlet,
      children: [
        { id, path: path.slice(1), loader: () => loaderData, Component: withRouteProps(Component) },
      ],
    },
  ];
  const url = `http://web.test${path.replace(':clipId', 'x')}`;
  return (await renderRoutes(routes, new Request(url))).html.replace(/<!-- -->/g, '');
}

describe('public catalog', () => {
  it('passes the cursor on, signed out, and shows duration, resolution and price per minute', async () => {
    const clips = [
      catalogClip({ title: 'Harbour at dawn' }),
      catalogClip({ title: 'Night market', durationMs: 3_725_000, listPrice: null }),
    ];
    api.on('GET /v1/catalog', { status: 200, body: page({ items: clips, nextCursor: 'page-2' }) });
    type LoaderArgs = Parameters<typeof list.loader>[0];
    const loaderData = await list.loader(
      await argsFor<LoaderArgs>(new Request('http://web.test/catalog?cursor=page-1'), null, {}),
    );
    expect(api.calls.map((call) => [call.path, call.token])).toEqual([
      ['/v1/catalog?cursor=page-1', null],
    ]);
    const html = await render('/catalog', 'catalog', list.default, loaderData);
    expect(html).toContain('Harbour at dawn');
    expect(html).toContain('1:12');
    expect(html).toContain('1280×720 · HD');
    expect(html).toContain('$4.50/min');
    expect(html).toContain('1:02:05');
    expect(html).toContain('Price on request');
    expect(html).toContain('href="/catalog?cursor=page-2"');
    expect(html).toContain('Load more');
  });

  it('says the catalog is empty rather than showing nothing', async () => {
    const html = await render('/catalog', 'catalog', list.default, {
      ...page({ items: [], nextCursor: null }),
      cursor: null,
      search: '',
      error: null,
    });
    expect(html).toContain('The catalog is empty for now.');
  });

  it('sends the search on, and links facets, "did you mean" and load more to the same search', async () => {
    const facets = emptyFacets();
    facets.category = [
      { value: 'aerial', count: 12 },
      { value: 'urban', count: 3 },
    ];
    facets.resolution = [{ value: '4k', count: 15 }];
    api.on('GET /v1/catalog', {
      status: 200,
      body: page({
        items: [catalogClip({ title: 'Aerial harbour' })],
        nextCursor: 'c2',
        sort: 'relevance',
        total: { count: 2000, approximate: true },
        facets,
        suggestion: { q: 'aerial harbour', words: [{ from: 'aeriel', to: 'aerial' }] },
      }),
    });
    type LoaderArgs = Parameters<typeof list.loader>[0];
    const loaderData = await list.loader(
      await argsFor<LoaderArgs>(
        new Request('http://web.test/catalog?q=aeriel+harbour&resolution=4k&colour=red&fps='),
        null,
        {},
      ),
    );
    // Unknown and empty parameters stay here; the rest goes to the API as it came.
    expect(api.calls.map((call) => call.path)).toEqual([
      '/v1/catalog?q=aeriel+harbour&resolution=4k',
    ]);
    const html = (await render('/catalog', 'catalog', list.default, loaderData)).replace(
      /&amp;/g,
      '&',
    );
    expect(html).toContain('role="search"');
    expect(html).toContain('method="get"');
    expect(html).toContain('value="aeriel harbour"');
    expect(html).toContain('<input type="hidden" name="resolution" value="4k"/>');
    expect(html).toContain('2,000+ clips');
    expect(html).toContain('Did you mean');
    expect(html).toContain('href="/catalog?q=aerial+harbour&resolution=4k"');
    // A facet value adds itself; the chosen one removes itself.
    expect(html).toContain('href="/catalog?q=aeriel+harbour&resolution=4k&category=aerial"');
    expect(html).toMatch(/aria-current="true"[^>]*href="\/catalog\?q=aeriel\+harbour"/);
    expect(html).toContain('4K');
    expect(html).toContain('href="/catalog?q=aeriel+harbour&resolution=4k&cursor=c2"');
  });

  it('shows a refused search beside the search box, and an empty search with a way back', async () => {
    api.on('GET /v1/catalog', {
      status: 422,
      body: {
        type: 'https://clearframe.dev/problems/validation_failed',
        title: 'Validation failed',
        status: 422,
        code: 'validation_failed',
        detail: 'The search has no words to look for.',
        errors: [{ path: 'q', message: 'Use at least one word.', code: 'no_search_terms' }],
      },
    });
    type LoaderArgs = Parameters<typeof list.loader>[0];
    const refused = await list.loader(
      await argsFor<LoaderArgs>(new Request('http://web.test/catalog?q=the'), null, {}),
    );
    expect(refused.error).toContain('Use at least one word.');
    const html = await render('/catalog', 'catalog', list.default, refused);
    expect(html).toContain('The search could not be run');
    const empty = await render('/catalog', 'catalog', list.default, {
      ...page({ items: [], nextCursor: null, total: { count: 0, approximate: false } }),
      cursor: null,
      search: 'q=zebra',
      error: null,
    });
    expect(empty).toContain('No clips match this search.');
    expect(empty).toContain('0 clips');
  });

  it('shows a clip with its preview player, price per minute and the license in plain language', async () => {
    const clip = catalogDetail();
    api.on(`GET /v1/catalog/clips/${clip.id}`, { status: 200, body: clip });
    type LoaderArgs = Parameters<typeof detail.loader>[0];
    const loaderData = await detail.loader(
      await argsFor<LoaderArgs>(new Request(`http://web.test/catalog/${clip.id}`), null, {
        clipId: clip.id,
      }),
    );
    const html = await render('/catalog/:clipId', 'clip', detail.default, loaderData);
    expect(html).toContain('<video');
    expect(html).toContain(`src="${clip.previewUrl}"`);
    expect(html).toContain('$4.50<span class="text-base font-medium text-slate-600"> per minute');
    expect(html).toContain('1. Permitted uses:');
    expect(html).toContain('Portugal (PT)');
  });
});
