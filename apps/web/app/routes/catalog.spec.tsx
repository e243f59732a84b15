import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DEFAULT_INTENDED_USE, type BundleType } from '@clearframe/contracts/demand';
import {
  CATALOG_FACET_NAMES,
  type CatalogFacetsType,
  type CatalogPageType,
} from '@clearframe/contracts/supply';
import { Outlet, type RouteObject } from 'react-router';
import { renderRoutes, withRouteProps } from './route-render.test-helper';
import {
  LAB,
  STUDIO,
  argsFor,
  formPost,
  problem,
  startStubApi,
  viewerOf,
  type StubApi,
} from './stub-api.test-helper';
import { catalogClip, catalogDetail, uuid } from './supply-fixtures.test-helper';

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

async function render(
  path: string,
  id: string,
  Component: unknown,
  loaderData: unknown,
  actionData?: unknown,
) {
  const routes: RouteObject[] = [
    {
      id: 'root',
      path: '/',
      Component: Outlet,
      children: [
        {
          id,
          path: path.slice(1),
          loader: () => loaderData,
          ...(actionData !== undefined ? { action: () => actionData } : {}),
          Component: withRouteProps(Component),
        },
      ],
    },
  ];
  const url = `http://web.test${path.replace(':clipId', 'x')}`;
  const request =
    actionData !== undefined
      ? new Request(url, { method: 'POST', body: new FormData() })
      : new Request(url);
  return (await renderRoutes(routes, request)).html.replace(/<!-- -->/g, '');
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

describe('catalog: add all results to a bundle', () => {
  const BUNDLE_ID = uuid();
  const OTHER_ID = uuid();
  const bundleOf = (id: string, name: string, clipCount: number): BundleType => ({
    id,
    orgId: LAB.id,
    name,
    intendedUse: DEFAULT_INTENDED_USE,
    clipCount,
    createdAt: '2026-11-30T10:00:00.000Z',
    updatedAt: '2026-11-30T10:00:00.000Z',
  });
  const bundles = [bundleOf(BUNDLE_ID, 'Harbours', 3), bundleOf(OTHER_ID, 'Aerials', 1)];
  const searchUrl = 'http://web.test/catalog?q=harbour&category=aerial&cursor=c2';
  const fromSearch = `/v1/orgs/${LAB.id}/bundles/${BUNDLE_ID}/clips/from-search`;
  type LoaderArgs = Parameters<typeof list.loader>[0];
  type ActionArgs = Parameters<typeof list.action>[0];

  it('offers a lab member the search for one of its bundles, and nothing to others', async () => {
    api.on('GET /v1/catalog', {
      status: 200,
      body: page({
        items: [catalogClip()],
        sort: 'relevance',
        total: { count: 12, approximate: false },
      }),
    });
    api.on(`GET /v1/orgs/${LAB.id}/bundles`, { status: 200, body: { items: bundles } });
    const forLab = await list.loader(
      await argsFor<LoaderArgs>(new Request(searchUrl), viewerOf([LAB]), {}),
    );
    expect(forLab.lab).toEqual({ id: LAB.id, name: LAB.name });
    expect(forLab.bundles.map((bundle) => bundle.id)).toEqual([BUNDLE_ID, OTHER_ID]);
    const html = (await render('/catalog', 'catalog', list.default, forLab)).replace(/&amp;/g, '&');
    // A plain POST back to the same search (no cursor), carrying the search in hidden fields.
    expect(html).toContain('method="post" action="/catalog?q=harbour&category=aerial"');
    expect(html).toContain('<input type="hidden" name="q" value="harbour"/>');
    expect(html).toContain('<input type="hidden" name="category" value="aerial"/>');
    expect(html).not.toContain('name="cursor"');
    expect(html).toContain(`<option value="${BUNDLE_ID}" selected="">Harbours (3 clips)</option>`);
    expect(html).toContain('Aerials (1 clip)');
    expect(html).toContain('Add all 12 results to bundle');
    expect(html).toContain('at most 500 per add');

    for (const other of [viewerOf([STUDIO]), null]) {
      const data = await list.loader(await argsFor<LoaderArgs>(new Request(searchUrl), other, {}));
      expect([data.lab, data.bundles]).toEqual([null, []]);
      expect(await render('/catalog', 'catalog', list.default, data)).not.toContain(
        'Add these results',
      );
    }
    expect(api.calls.filter((call) => call.path.includes('/bundles'))).toHaveLength(1);
  });

  it('says when the cap takes only the first results, and links a lab without bundles to make one', async () => {
    const view = {
      ...page({ items: [catalogClip()], total: { count: 2000, approximate: true } }),
      cursor: null,
      search: 'q=harbour',
      error: null,
      lab: { id: LAB.id, name: LAB.name },
    };
    const over = await render('/catalog', 'catalog', list.default, { ...view, bundles });
    expect(over).toContain('Add the first 500 of 2,000+ results to bundle');
    const none = await render('/catalog', 'catalog', list.default, { ...view, bundles: [] });
    expect(none).toContain('Your lab has no bundle yet.');
    expect(none).toContain(`href="/bundles/${LAB.id}"`);
    expect(none).not.toContain('method="post"');
  });

  it('posts the search to the API and shows what was added, what was there and the cap', async () => {
    api.on(`POST ${fromSearch}`, {
      status: 200,
      body: {
        added: 497,
        alreadyInBundle: 3,
        notListed: [],
        cap: 500,
        clipCount: 500,
        matched: { count: 2000, approximate: true },
        truncated: true,
      },
    });
    const result = await list.action(
      await argsFor<ActionArgs>(
        formPost('http://web.test/catalog?q=harbour&category=aerial', [
          ['q', 'harbour'],
          ['category', 'aerial'],
          ['resolution', ''],
          ['cursor', 'c2'],
          ['bundleId', BUNDLE_ID],
        ]),
        viewerOf([LAB]),
        {},
      ),
    );
    // Empty fields are unset, and a cursor is no part of the search added.
    expect(api.calls.map((call) => [call.method, call.path, call.body])).toEqual([
      ['POST', fromSearch, { q: 'harbour', category: 'aerial' }],
    ]);
    expect(result.data).toEqual({
      failure: null,
      added: {
        bundleId: BUNDLE_ID,
        added: 497,
        alreadyInBundle: 3,
        notListed: [],
        cap: 500,
        clipCount: 500,
        matched: { count: 2000, approximate: true },
        truncated: true,
      },
    });
    const html = await render(
      '/catalog',
      'catalog',
      list.default,
      {
        ...page({ items: [catalogClip()], total: { count: 2000, approximate: true } }),
        cursor: null,
        search: 'q=harbour&category=aerial',
        error: null,
        lab: { id: LAB.id, name: LAB.name },
        bundles,
      },
      result.data,
    );
    expect(html).toContain('497 clips added to ');
    expect(html).toMatch(new RegExp(`href="/bundles/${LAB.id}/${BUNDLE_ID}"[^>]*>Harbours</a>`));
    expect(html).toContain('; 3 clips already there. It now holds 500 clips.');
    expect(html).toContain('The search matched 2,000+ clips; only the first 500 were taken');
  });

  it('shows the API’s refusal, asks for a bundle, and does not act outside a lab', async () => {
    api.on(`POST ${fromSearch}`, problem(404, 'bundle_not_found'));
    const gone = await list.action(
      await argsFor<ActionArgs>(
        formPost('http://web.test/catalog?q=harbour', [
          ['q', 'harbour'],
          ['bundleId', BUNDLE_ID],
        ]),
        viewerOf([LAB]),
        {},
      ),
    );
    expect(gone.init?.status).toBe(404);
    expect(gone.data.failure?.formError).toBe('That bundle no longer exists.');
    const unchosen = await list.action(
      await argsFor<ActionArgs>(
        formPost('http://web.test/catalog', [['q', 'harbour']]),
        viewerOf([LAB]),
        {},
      ),
    );
    expect([unchosen.init?.status, unchosen.data.failure?.fieldErrors]).toEqual([
      400,
      { bundleId: 'Choose a bundle.' },
    ]);
    expect(api.calls).toHaveLength(1);
    await expect(
      list.action(
        await argsFor<ActionArgs>(
          formPost('http://web.test/catalog', [['bundleId', BUNDLE_ID]]),
          viewerOf([STUDIO]),
          {},
        ),
      ),
    ).rejects.toMatchObject({ status: 404 });
    expect(api.calls).toHaveLength(1);
  });
});
