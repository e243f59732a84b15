import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Outlet, type RouteObject } from 'react-router';
import { renderRoutes, withRouteProps } from './route-render.test-helper';
import { LAB, OPS, argsFor, startStubApi, viewerOf, type StubApi } from './stub-api.test-helper';
import { uuid } from './supply-fixtures.test-helper';

let api: StubApi;
let route: typeof import('./operator-disclosures');

beforeAll(async () => {
  api = await startStubApi();
  route = await import('./operator-disclosures');
});
afterAll(() => api.close());
beforeEach(() => api.reset());

const url = 'http://web.test/operator/disclosures';
type LoaderArgs = Parameters<typeof route.loader>[0];

const record = (model: string, disclosedAt: string | null) => ({
  lab: { orgId: LAB.id, name: 'Perceptron Labs' },
  model: { id: uuid(), name: model, version: '1.0' },
  certificateId: uuid(),
  deadline: '2026-03-01T00:00:00.000Z',
  recordedAt: '2026-03-01T01:05:00.000Z',
  notified: 4,
  disclosedAt,
});

describe('operator overdue disclosures', () => {
  it('lists each recorded overdue disclosure, still missing or published late', async () => {
    const missing = record('Tidewater', null);
    const late = record('Spring tide', '2026-03-03T09:00:00.000Z');
    api.on('GET /v1/operator/overdue-disclosures', {
      status: 200,
      body: { items: [missing, late] },
    });
    const loaderData = await route.loader(
      await argsFor<LoaderArgs>(new Request(url), viewerOf([OPS], { isOperator: true }), {}),
    );
    const routes: RouteObject[] = [
      {
        id: 'root',
        path: '/',
        Component: Outlet,
        children: [
          {
            id: 'page',
            path: 'operator/disclosures',
            loader: () => loaderData,
            Component: withRouteProps(route.default),
          },
        ],
      },
    ];
    const html = (await renderRoutes(routes, new Request(url))).html.replace(/<!-- -->/g, '');
    expect(html).toContain('Tidewater 1.0');
    expect(html).toContain(missing.certificateId);
    expect(html).toContain('Overdue');
    expect(html).toContain('Published 3 days late');
    expect(html).toContain('4 mails');
  });

  it('answers 404 to anyone but an operator, without asking the API', async () => {
    await expect(
      route.loader(await argsFor<LoaderArgs>(new Request(url), viewerOf([LAB]), {})),
    ).rejects.toMatchObject({ status: 404 });
    expect(api.calls).toEqual([]);
  });
});
