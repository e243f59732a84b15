import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
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
    api.on('GET /v1/catalog', { status: 200, body: { items: clips, nextCursor: 'page-2' } });
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
      items: [],
      nextCursor: null,
      cursor: null,
    });
    expect(html).toContain('The catalog is empty for now.');
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
