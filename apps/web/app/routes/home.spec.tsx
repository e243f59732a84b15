import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Outlet, type RouteObject } from 'react-router';
import { renderRoutes, withRouteProps } from './route-render.test-helper';
import {
  LAB,
  OPS,
  STUDIO,
  argsFor,
  startStubApi,
  viewerOf,
  type StubApi,
} from './stub-api.test-helper';
import {
  TEMPLATES_ANSWER,
  catalogClip,
  reviewItem,
  studioClip,
} from './supply-fixtures.test-helper';

// Signed in, the home page is the person's work for the organization they are in; signed
// out, it is the marketing page.

let api: StubApi;
let home: typeof import('./home');
let orgCookie: string;

beforeAll(async () => {
  api = await startStubApi();
  home = await import('./home');
  const { commitOrgId } = await import('../lib/cookies.server');
  orgCookie = (await commitOrgId(new Request('http://web.test/'), LAB.id)).split(';')[0]!;
});
afterAll(() => api.close());
beforeEach(() => {
  api.reset();
  api.on('GET /v1/policy-templates', TEMPLATES_ANSWER);
  api.on(`GET /v1/orgs/${STUDIO.id}/clips`, {
    status: 200,
    body: { items: [studioClip({ title: 'Harbour at dawn' })], nextCursor: null },
  });
  api.on('GET /v1/review/clips', {
    status: 200,
    body: { items: [reviewItem()], nextCursor: null },
  });
  api.on('GET /v1/catalog', {
    status: 200,
    body: {
      items: [catalogClip({ title: 'Listed fractal' })],
      nextCursor: null,
      sort: 'newest',
      total: { count: 1, approximate: false },
      facets: null,
      suggestion: null,
    },
  });
});

type LoaderArgs = Parameters<typeof home.loader>[0];

async function homeFor(viewer: ReturnType<typeof viewerOf> | null, cookie?: string) {
  const request = new Request('http://web.test/', cookie ? { headers: { Cookie: cookie } } : {});
  const loaderData = await home.loader(await argsFor<LoaderArgs>(request, viewer, {}));
  const routes: RouteObject[] = [
    {
      id: 'root',
      path: '/',
      Component: Outlet,
      children: [
        {
          id: 'home',
          index: true,
          loader: () => loaderData,
          Component: withRouteProps(home.default),
        },
      ],
    },
  ];
  return (await renderRoutes(routes, new Request('http://web.test/'))).html.replace(
    /<!-- -->/g,
    '',
  );
}

describe('home page', () => {
  it('is the studio for a creator organization', async () => {
    const html = await homeFor(viewerOf([STUDIO, LAB]));
    expect(html).toContain('Welcome back, Maya Okafor');
    expect(html).toContain('Harbour at dawn');
    expect(html).toContain('Upload footage');
    expect(html).not.toContain('Video for AI, licensed the way creators agreed to.');
  });

  it('is the catalog for a lab (the organization the switcher chose)', async () => {
    const html = await homeFor(viewerOf([STUDIO, LAB]), orgCookie);
    expect(html).toContain('Listed fractal');
    expect(html).not.toContain('Upload footage');
    expect(api.calls.map((call) => call.path)).toEqual(['/v1/catalog']);
  });

  it('is the review queue for an operator', async () => {
    const html = await homeFor(viewerOf([OPS], { isOperator: true }));
    expect(html).toContain('Clips waiting for review, oldest first.');
    expect(html).toContain(reviewItem().clip.title);
    expect(api.calls.map((call) => call.path)).toEqual(['/v1/review/clips']);
  });

  it('is the marketing page signed out, with prices per minute', async () => {
    const html = await homeFor(null);
    expect(html).toContain('Video for AI, licensed the way creators agreed to.');
    expect(html).toContain('set your price per minute');
    expect(html).not.toContain('per second');
    expect(api.calls).toEqual([]);
  });
});
