import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { DisclosureType, ModelType } from '@clearframe/contracts/transparency';
import { Outlet, type RouteObject } from 'react-router';
import { renderRoutes, withRouteProps } from './route-render.test-helper';
import {
  LAB,
  argsFor,
  formPost,
  problem,
  startStubApi,
  viewerOf,
  type StubApi,
} from './stub-api.test-helper';
import { uuid } from './supply-fixtures.test-helper';

let api: StubApi;
let modelsPage: typeof import('./models');
let modelPage: typeof import('./model');
let disclosurePage: typeof import('./disclosure');
let disclosureFile: typeof import('./disclosure-file');

beforeAll(async () => {
  api = await startStubApi();
  modelsPage = await import('./models');
  modelPage = await import('./model');
  disclosurePage = await import('./disclosure');
  disclosureFile = await import('./disclosure-file');
});
afterAll(() => api.close());
beforeEach(() => api.reset());

const viewer = viewerOf([LAB]);
const MODEL_ID = uuid();
const GRANT_A = uuid();
const GRANT_B = uuid();
const DISCLOSURE_ID = uuid();
const modelPath = `/v1/orgs/${LAB.id}/models/${MODEL_ID}`;

const model: ModelType = {
  id: MODEL_ID,
  orgId: LAB.id,
  name: 'Tidewater',
  version: '1.0',
  releaseDate: null,
  outputModalities: ['video'],
  visibility: 'not_yet_public',
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
};

const disclosure: DisclosureType = {
  id: DISCLOSURE_ID,
  modelId: MODEL_ID,
  orgId: LAB.id,
  publishedAt: '2026-12-01T12:00:00.000Z',
  keyId: 'k-2026',
  jws: 'eyJhbGciOiJFZERTQSJ9.eyJ4IjoxfQ.c2ln',
  public: true,
  disclosure: {
    schema: 'clearframe.disclosure/1',
    disclosureId: DISCLOSURE_ID,
    issuer: 'http://api.test',
    publishedAt: '2026-12-01T12:00:00.000Z',
    lab: { orgId: LAB.id, name: LAB.name },
    model: {
      id: MODEL_ID,
      name: 'Tidewater',
      version: '1.0',
      releaseDate: '2026-12-15',
      outputModalities: ['video'],
    },
    stages: [
      {
        stage: 'pre-training',
        use: 'ai-train',
        declarationId: uuid(),
        usedAt: '2026-11-20T00:00:00.000Z',
        certificateIds: [GRANT_A, GRANT_B],
      },
    ],
    certificates: [GRANT_A, GRANT_B].map((certificateId, index) => ({
      certificateId,
      termsHash: `sha256:${'1'.repeat(64)}`,
      clipsMerkleRoot: (index ? 'd' : 'c').repeat(64),
      clipCount: index ? 1 : 2,
      totalSeconds: index ? 60 : 120,
      validFrom: '2026-03-01T00:00:00.000Z',
      validUntil: null,
      stages: ['pre-training' as const],
    })),
    totals: { clips: 3, seconds: 180, hours: 0.05, distinctCreators: 2 },
    footage: {
      modality: 'video',
      licensePeriod: { from: '2026-03-01T00:00:00.000Z', until: null },
      listingPeriod: { from: '2026-01-10T09:00:00.000Z', until: '2026-05-20T17:30:00.000Z' },
    },
  },
  links: {
    page: `http://web.test/disclosures/${DISCLOSURE_ID}`,
    json: `http://api.test/v1/disclosures/${DISCLOSURE_ID}`,
    euAiActMarkdown: `http://api.test/v1/disclosures/${DISCLOSURE_ID}/eu-ai-act.md`,
    euAiActJson: `http://api.test/v1/disclosures/${DISCLOSURE_ID}/eu-ai-act.json`,
    croissant: `http://api.test/v1/disclosures/${DISCLOSURE_ID}/croissant.json`,
    jwks: 'http://api.test/.well-known/jwks.json',
  },
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

type ModelsActionArgs = Parameters<typeof modelsPage.action>[0];
type ModelActionArgs = Parameters<typeof modelPage.action>[0];

describe('lab models', () => {
  it('registers a model from plain form fields: the ticked modalities, no date as null', async () => {
    api.on(`POST /v1/orgs/${LAB.id}/models`, { status: 201, body: model });
    const response = (await modelsPage.action(
      await argsFor<ModelsActionArgs>(
        formPost(`http://web.test/models/${LAB.id}`, [
          ['name', 'Tidewater'],
          ['version', '1.0'],
          ['releaseDate', ''],
          ['outputModalities', 'video'],
          ['outputModalities', 'audio'],
          ['visibility', 'not_yet_public'],
        ]),
        viewer,
        { orgId: LAB.id },
      ),
    )) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`/models/${LAB.id}/${MODEL_ID}`);
    expect(api.calls.map((call) => call.body)).toEqual([
      {
        name: 'Tidewater',
        version: '1.0',
        releaseDate: null,
        outputModalities: ['video', 'audio'],
        visibility: 'not_yet_public',
      },
    ]);
  });

  const declare = async (fields: Array<[string, string]>) =>
    (await modelPage.action(
      await argsFor<ModelActionArgs>(
        formPost(`http://web.test/models/${LAB.id}/${MODEL_ID}`, [
          ['intent', 'declare'],
          ...fields,
        ]),
        viewer,
        { orgId: LAB.id, modelId: MODEL_ID },
      ),
    )) as unknown as { data: { failure: { formError: string } | null; notice: string | null } };

  it('declares a stage with the ticked grants and the UTC time the stage ran', async () => {
    api.on(`POST ${modelPath}/declarations`, {
      status: 201,
      body: {
        id: uuid(),
        modelId: MODEL_ID,
        stage: 'fine-tuning',
        use: 'ai-finetune',
        grantIds: [GRANT_A, GRANT_B],
        usedAt: '2026-11-20T08:30:00.000Z',
        note: null,
        declaredAt: '2026-12-01T10:00:00.000Z',
        current: true,
      },
    });
    const result = await declare([
      ['stage', 'fine-tuning'],
      ['usedAt', '2026-11-20T08:30:15'],
      ['grantIds', GRANT_A],
      ['grantIds', GRANT_B],
      ['note', ''],
    ]);
    expect(result.data.notice).toBe('Fine-tuning declared with 2 grants.');
    expect(api.calls.map((call) => call.body)).toEqual([
      { stage: 'fine-tuning', grantIds: [GRANT_A, GRANT_B], usedAt: '2026-11-20T08:30:15Z' },
    ]);
  });

  it('shows every reason the API gave for refusing a grant', async () => {
    api.on(
      `POST ${modelPath}/declarations`,
      problem(422, 'declaration_refused', [
        { path: 'grantIds.0', message: `Certificate ${GRANT_A} is not one of this lab’s grants.` },
        { path: 'grantIds.1', message: `Certificate ${GRANT_B} was revoked on 2026-11-30.` },
      ]),
    );
    const result = await declare([
      ['stage', 'pre-training'],
      ['usedAt', '2026-11-20T08:30'],
      ['grantIds', GRANT_A],
      ['grantIds', GRANT_B],
    ]);
    expect(result.data.failure!.formError).toBe(
      `Nothing was recorded. Certificate ${GRANT_A} is not one of this lab’s grants. Certificate ${GRANT_B} was revoked on 2026-11-30.`,
    );
  });
});

describe('public disclosure page', () => {
  it('shows the totals, the periods, the certificates and the downloads', async () => {
    api.on(`GET /v1/disclosures/${DISCLOSURE_ID}`, { status: 200, body: disclosure });
    const loaderData = await disclosurePage.loader(
      await argsFor<Parameters<typeof disclosurePage.loader>[0]>(
        new Request(`http://web.test/disclosures/${DISCLOSURE_ID}`),
        null,
        { disclosureId: DISCLOSURE_ID },
      ),
    );
    expect(api.calls.map((call) => call.token)).toEqual([null]);
    const html = await render(
      '/disclosures/:disclosureId',
      `http://web.test/disclosures/${DISCLOSURE_ID}`,
      disclosurePage.default,
      loaderData,
    );
    expect(html).toContain('Tidewater 1.0');
    expect(html).toContain('(0.05 h)');
    expect(html).toContain('Pre-training:');
    expect(html).toContain('training AI models, 2 certificates');
    expect(html).toContain('c'.repeat(64));
    for (const file of [
      'disclosure.json',
      'disclosure.jws',
      'eu-ai-act.md',
      'eu-ai-act.json',
      'croissant.json',
    ]) {
      expect(html).toContain(`href="/disclosures/${DISCLOSURE_ID}/${file}"`);
    }
  });

  it('answers 404 for a disclosure the API does not show (a model not public)', async () => {
    api.on(`GET /v1/disclosures/${DISCLOSURE_ID}`, problem(404, 'disclosure_not_found'));
    await expect(
      disclosurePage.loader(
        await argsFor<Parameters<typeof disclosurePage.loader>[0]>(
          new Request(`http://web.test/disclosures/${DISCLOSURE_ID}`),
          null,
          { disclosureId: DISCLOSURE_ID },
        ),
      ),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('downloads the bare JWS and relays the exports', async () => {
    api.on(`GET /v1/disclosures/${DISCLOSURE_ID}`, { status: 200, body: disclosure });
    api.on(`GET /v1/disclosures/${DISCLOSURE_ID}/eu-ai-act.md`, {
      status: 200,
      type: 'text/markdown',
      body: '# 2.2.1 Datasets commercially licensed',
    });
    const file = async (name: string) =>
      (await disclosureFile.loader(
        await argsFor<Parameters<typeof disclosureFile.loader>[0]>(
          new Request(`http://web.test/disclosures/${DISCLOSURE_ID}/${name}`),
          null,
          { disclosureId: DISCLOSURE_ID, file: name },
        ),
      )) as Response;
    const jws = await file('disclosure.jws');
    expect(await jws.text()).toBe(`${disclosure.jws}\n`);
    expect(jws.headers.get('content-disposition')).toBe(
      `attachment; filename="disclosure-${DISCLOSURE_ID}-disclosure.jws"`,
    );
    const md = await file('eu-ai-act.md');
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(await md.text()).toContain('2.2.1');
    await expect(file('secrets.txt')).rejects.toMatchObject({ status: 404 });
  });
});
