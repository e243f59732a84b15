import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { LabPublicPageType } from '@clearframe/contracts/transparency';
import { Outlet, type RouteObject } from 'react-router';
import { renderRoutes, withRouteProps } from './route-render.test-helper';
import { LAB, argsFor, startStubApi, viewerOf, type StubApi } from './stub-api.test-helper';
import { uuid } from './supply-fixtures.test-helper';

let api: StubApi;
let labPage: typeof import('./lab');
let modelPage: typeof import('./model');

beforeAll(async () => {
  api = await startStubApi();
  labPage = await import('./lab');
  modelPage = await import('./model');
});
afterAll(() => api.close());
beforeEach(() => api.reset());

const OVERDUE_ID = uuid();
const LATE_ID = uuid();
const FINE_ID = uuid();
const DISCLOSURE_ID = uuid();
const GRANT = uuid();

const modelOf = (id: string, name: string) => ({
  id,
  name,
  version: '1.0',
  releaseDate: '2026-03-01',
  outputModalities: ['video' as const],
  visibility: 'public' as const,
  disclosures: [] as LabPublicPageType['models'][number]['disclosures'],
  disclosureStanding: {
    overdue: null,
    late: [],
  } as LabPublicPageType['models'][number]['disclosureStanding'],
});

const page: LabPublicPageType = {
  lab: { orgId: LAB.id, name: LAB.name },
  models: [
    {
      ...modelOf(OVERDUE_ID, 'Tidewater'),
      disclosureStanding: {
        overdue: { since: '2026-03-31T00:00:00.000Z', certificates: 2 },
        late: [],
      },
    },
    {
      ...modelOf(LATE_ID, 'Spring tide'),
      disclosures: [
        { id: DISCLOSURE_ID, publishedAt: '2026-03-04T09:00:00.000Z', page: 'http://web.test/x' },
      ],
      disclosureStanding: {
        overdue: null,
        late: [
          {
            deadline: '2026-03-01T00:00:00.000Z',
            publishedAt: '2026-03-04T09:00:00.000Z',
            daysLate: 4,
          },
        ],
      },
    },
    modelOf(FINE_ID, 'Mossbank'),
  ],
};

async function render(path: string, url: string, Component: unknown, loaderData: unknown) {
  const routes: RouteObject[] = [
    {
      id: 'root',
      path: '/',
      Component: Outlet,
      children: [
        {
          id: 'page',
          path: path.slice(1),
          loader: () => loaderData,
          Component: withRouteProps(Component),
        },
      ],
    },
  ];
  return (await renderRoutes(routes, new Request(url))).html.replace(/<!-- -->/g, '');
}

/** The HTML of one model's card: from its title to the next model's. */
const cardOf = (html: string, title: string, next?: string) =>
  html.slice(html.indexOf(title), next ? html.indexOf(next) : undefined);

describe('lab public page', () => {
  it('flags a model whose disclosure is overdue and one published late, and not the others', async () => {
    api.on(`GET /v1/labs/${LAB.id}/models`, { status: 200, body: page });
    const loaderData = await labPage.loader(
      await argsFor<Parameters<typeof labPage.loader>[0]>(
        new Request(`http://web.test/labs/${LAB.id}`),
        null,
        { orgId: LAB.id },
      ),
    );
    expect(api.calls.map((call) => call.token)).toEqual([null]);
    const html = await render(
      '/labs/:orgId',
      `http://web.test/labs/${LAB.id}`,
      labPage.default,
      loaderData,
    );
    const overdue = cardOf(html, 'Tidewater 1.0', 'Spring tide 1.0');
    const late = cardOf(html, 'Spring tide 1.0', 'Mossbank 1.0');
    const fine = cardOf(html, 'Mossbank 1.0');
    expect(overdue).toContain('Disclosure overdue since 31 Mar 2026 (required by 2 certificates)');
    expect(overdue).not.toContain('late (due');
    expect(late).toContain('Disclosure published 4 days late (due 1 Mar 2026)');
    expect(late).not.toContain('Disclosure overdue');
    expect(fine).not.toContain('Disclosure overdue');
    expect(fine).not.toContain('late (due');
  });
});

describe('lab model page', () => {
  it('shows the same warning and each required disclosure to the lab', async () => {
    const MODEL_ID = OVERDUE_ID;
    const modelPath = `/v1/orgs/${LAB.id}/models/${MODEL_ID}`;
    api.on(`GET ${modelPath}`, {
      status: 200,
      body: {
        id: MODEL_ID,
        orgId: LAB.id,
        name: 'Tidewater',
        version: '1.0',
        releaseDate: '2026-03-01',
        outputModalities: ['video'],
        visibility: 'public',
        createdAt: '2026-02-01T10:00:00.000Z',
        updatedAt: '2026-03-01T10:00:00.000Z',
      },
    });
    api.on(`GET /v1/orgs/${LAB.id}/grants`, { status: 200, body: { items: [] } });
    api.on(`GET ${modelPath}/declarations`, { status: 200, body: { items: [] } });
    api.on(`GET ${modelPath}/disclosures`, { status: 200, body: { items: [] } });
    api.on(`GET ${modelPath}/disclosure-obligations`, {
      status: 200,
      body: {
        modelId: MODEL_ID,
        released: true,
        overdue: { since: '2026-03-31T00:00:00.000Z', certificates: 1 },
        late: [],
        obligations: [
          {
            certificateId: GRANT,
            deadline: '2026-03-31T00:00:00.000Z',
            state: 'overdue',
            disclosedAt: null,
            daysLate: null,
          },
        ],
      },
    });
    const loaderData = await modelPage.loader(
      await argsFor<Parameters<typeof modelPage.loader>[0]>(
        new Request(`http://web.test/models/${LAB.id}/${MODEL_ID}`),
        viewerOf([LAB]),
        { orgId: LAB.id, modelId: MODEL_ID },
      ),
    );
    const html = await render(
      '/models/:orgId/:modelId',
      `http://web.test/models/${LAB.id}/${MODEL_ID}`,
      modelPage.default,
      loaderData,
    );
    expect(html).toContain('Disclosure overdue since 31 Mar 2026 (required by 1 certificate)');
    expect(html).toContain('Required disclosures');
    expect(html).toContain(GRANT);
  });
});
