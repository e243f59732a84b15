import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Outlet, type RouteObject } from 'react-router';
import { renderRoutes, withRouteProps } from './route-render.test-helper';
import {
  STUDIO,
  argsFor,
  formPost,
  problem,
  startStubApi,
  viewerOf,
  type StubApi,
} from './stub-api.test-helper';
import { policyFromTemplate, summarizePolicy } from '@clearframe/contracts/supply';
import { TEMPLATES_ANSWER, clipDetail, uuid } from './supply-fixtures.test-helper';

let api: StubApi;
let route: typeof import('./studio-clip');

beforeAll(async () => {
  api = await startStubApi();
  route = await import('./studio-clip');
});
afterAll(() => api.close());
beforeEach(() => {
  api.reset();
  api.on('GET /v1/policy-templates', TEMPLATES_ANSWER);
});

const CLIP_ID = uuid();
const viewer = viewerOf([STUDIO]);
const pageUrl = `http://web.test/studio/${STUDIO.id}/clips/${CLIP_ID}`;
const clipPath = `/v1/orgs/${STUDIO.id}/clips/${CLIP_ID}`;
const params = { orgId: STUDIO.id, clipId: CLIP_ID };
type ActionArgs = Parameters<typeof route.action>[0];
type LoaderArgs = Parameters<typeof route.loader>[0];

async function act(fields: Array<[string, string | Blob]>) {
  return route.action(await argsFor<ActionArgs>(formPost(pageUrl, fields), viewer, params));
}

const PDF = new TextEncoder().encode('%PDF-1.4\n% a signed release\n%%EOF\n');

function releaseFields(overrides: Record<string, string | Blob | null> = {}) {
  const fields: Record<string, string | Blob | null> = {
    intent: 'add-person',
    personName: 'Amara Diallo',
    signedOn: '2026-11-20',
    document: new File([PDF], 'release.pdf', { type: 'application/pdf' }),
    aiTraining: 'on',
    commercialUse: 'on',
    ...overrides,
  };
  return Object.entries(fields).filter(
    (entry): entry is [string, string | Blob] => entry[1] !== null,
  );
}

describe('clip page: description', () => {
  it('sends every field, blanks as null and tags as a list', async () => {
    api.on(`PATCH ${clipPath}`, { status: 200, body: clipDetail({ id: CLIP_ID }) });
    const result = await act([
      ['intent', 'describe'],
      ['title', '  Harbour at dawn '],
      ['description', ''],
      ['tags', 'harbour, boats,'],
      ['category', 'urban'],
      ['captions', 'Boats leave at first light.'],
      ['cameraMotion', ''],
      ['setting', 'outdoor'],
      ['timeOfDay', 'dawn'],
      ['country', 'PT'],
    ]);
    expect(result.data).toEqual({
      intent: 'describe',
      failure: null,
      notice: 'Description saved.',
    });
    expect(api.calls.find((call) => call.method === 'PATCH')?.body).toEqual({
      title: 'Harbour at dawn',
      description: null,
      tags: ['harbour', 'boats'],
      category: 'urban',
      captions: 'Boats leave at first light.',
      cameraMotion: null,
      setting: 'outdoor',
      timeOfDay: 'dawn',
      country: 'PT',
    });
  });

  it('puts the API’s errors next to their fields (a list item onto its list) and keeps the input', async () => {
    api.on(
      `PATCH ${clipPath}`,
      problem(422, 'validation_failed', [
        { path: 'tags.1', message: 'Each tag only once.' },
        { path: 'country', message: 'Choose a country.' },
      ]),
    );
    const result = await act([
      ['intent', 'describe'],
      ['title', 'Harbour'],
      ['tags', 'a, b'],
      ['country', 'PT'],
    ]);
    expect(result.init?.status).toBe(422);
    expect(result.data.failure?.fieldErrors).toEqual({
      tags: 'Each tag only once.',
      country: 'Choose a country.',
    });
    expect(result.data.failure?.values.tags).toBe('a, b');
  });
});

describe('clip page: a person with a release', () => {
  it('refuses to add a person whose release is not ticked for AI training, asking nothing of the API', async () => {
    const result = await act(releaseFields({ aiTraining: null }));
    expect(result.data.failure?.fieldErrors.aiTraining).toMatch(/^Tick this to add the person/);
    expect(api.calls).toEqual([]);
  });

  it('recognises the document by its bytes: a text file named .pdf is refused', async () => {
    const fake = new File([new TextEncoder().encode('not a pdf at all')], 'release.pdf', {
      type: 'application/pdf',
    });
    const result = await act(releaseFields({ document: fake }));
    expect(result.data.failure?.fieldErrors.document).toMatch(/not a PDF, PNG, JPEG or WebP/);
    expect(api.calls).toEqual([]);
  });

  it('creates the release, stores the document at the presigned URL, confirms it and adds the person', async () => {
    const releaseId = uuid();
    const release = {
      id: releaseId,
      orgId: STUDIO.id,
      person: { id: uuid(), name: 'Amara Diallo' },
      state: 'pending',
      fileName: 'release.pdf',
      contentType: null,
      sizeBytes: null,
      signedOn: '2026-11-20',
      consent: {
        aiTraining: true,
        commercialUse: true,
        publicPreview: false,
        likenessSynthesis: false,
      },
      createdAt: '2026-11-30T09:00:00.000Z',
      confirmedAt: null,
    };
    api.on(`POST /v1/orgs/${STUDIO.id}/releases`, {
      status: 201,
      body: {
        release,
        upload: {
          method: 'PUT',
          url: `${api.url}/storage/documents/${releaseId}?X-Amz-Signature=abc`,
          headers: { 'Content-Type': 'application/pdf' },
          expiresAt: '2026-11-30T09:15:00.000Z',
        },
      },
    });
    api.on(`PUT /storage/documents/${releaseId}`, { status: 200 });
    api.on(`POST /v1/orgs/${STUDIO.id}/releases/${releaseId}/confirm`, {
      status: 200,
      body: {
        ...release,
        state: 'confirmed',
        contentType: 'application/pdf',
        sizeBytes: PDF.length,
        confirmedAt: '2026-11-30T09:01:00.000Z',
      },
    });
    api.on(`POST ${clipPath}/people`, {
      status: 200,
      body: { identifiablePeople: true, people: [] },
    });

    const result = await act(releaseFields());
    expect(result.data).toEqual({
      intent: 'add-person',
      failure: null,
      notice: 'Amara Diallo was added with their release.',
    });
    expect(api.calls.map((call) => `${call.method} ${call.path.split('?')[0]}`)).toEqual([
      `POST /v1/orgs/${STUDIO.id}/releases`,
      `PUT /storage/documents/${releaseId}`,
      `POST /v1/orgs/${STUDIO.id}/releases/${releaseId}/confirm`,
      `POST ${clipPath}/people`,
    ]);
    const [create, put, , add] = api.calls;
    expect(create!.body).toEqual({
      person: { name: 'Amara Diallo' },
      signedOn: '2026-11-20',
      consent: {
        aiTraining: true,
        commercialUse: true,
        publicPreview: false,
        likenessSynthesis: false,
      },
      document: { fileName: 'release.pdf', contentType: 'application/pdf', sizeBytes: PDF.length },
    });
    // The bytes went to storage with the signed headers, not through the API.
    expect(put!.headers['content-type']).toBe('application/pdf');
    expect(Buffer.from(put!.body as Buffer).equals(Buffer.from(PDF))).toBe(true);
    expect(add!.body).toEqual({ releaseId });
  });

  it('refuses a body larger than the largest release document before reading it', async () => {
    const request = new Request(pageUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': '99999999' },
      body: '--x--',
    });
    const result = await route.action(await argsFor<ActionArgs>(request, viewer, params));
    expect(result.init?.status).toBe(413);
    expect(result.data.failure?.formError).toMatch(/too large/);
    expect(api.calls).toEqual([]);
  });

  it('shows the API’s refusal of the signed date next to the date field', async () => {
    api.on(
      `POST /v1/orgs/${STUDIO.id}/releases`,
      problem(422, 'validation_failed', [
        { path: 'signedOn', message: 'The date is in the future.' },
      ]),
    );
    const result = await act(releaseFields({ signedOn: '2030-01-01' }));
    expect(result.data.failure?.fieldErrors).toEqual({ signedOn: 'The date is in the future.' });
    expect(result.data.failure?.values).toEqual({
      personName: 'Amara Diallo',
      signedOn: '2030-01-01',
      aiTraining: 'on',
      commercialUse: 'on',
    });
  });
});

describe('clip page: policy, ownership and submission', () => {
  it('sets the policy from a template and the typed rate in minor units', async () => {
    api.on(`PUT ${clipPath}/policy`, { status: 200, body: {} });
    await act([
      ['intent', 'policy'],
      ['templateId', 'research-noncommercial'],
      ['ratePerMinute', '12.5'],
    ]);
    expect(api.calls.find((call) => call.method === 'PUT')?.body).toEqual({
      templateId: 'research-noncommercial',
      ratePerMinute: { amountMinor: 1250, currency: 'USD' },
    });
  });

  it('sends a disclosure requirement only when the box is ticked', async () => {
    api.on(`PUT ${clipPath}/policy`, { status: 200, body: {} });
    const base: Array<[string, string]> = [
      ['intent', 'policy'],
      ['templateId', 'training-standard'],
      ['ratePerMinute', '4.50'],
    ];
    await act([...base, ['disclosureRequired', 'on'], ['disclosureDays', ' 30 ']]);
    await act([...base, ['disclosureRequired', 'on'], ['disclosureDays', '0']]);
    // Unticked: the days are ignored, even when they would be invalid.
    await act([...base, ['disclosureDays', '999']]);
    expect(api.calls.filter((call) => call.method === 'PUT').map((call) => call.body)).toEqual([
      {
        templateId: 'training-standard',
        ratePerMinute: { amountMinor: 450, currency: 'USD' },
        disclosure: { required: true, withinDaysAfterRelease: 30 },
      },
      {
        templateId: 'training-standard',
        ratePerMinute: { amountMinor: 450, currency: 'USD' },
        disclosure: { required: true, withinDaysAfterRelease: 0 },
      },
      { templateId: 'training-standard', ratePerMinute: { amountMinor: 450, currency: 'USD' } },
    ]);
  });

  it.each([
    ['', 'Enter how many days after release the disclosure is due: 0 means before release.'],
    ['366', 'A disclosure can be due at most 365 days after release.'],
    ['1.5', 'Enter the number of days as a whole number from 0 to 365.'],
    ['-1', 'Enter the number of days as a whole number from 0 to 365.'],
    ['1e2', 'Enter the number of days as a whole number from 0 to 365.'],
    ['thirty', 'Enter the number of days as a whole number from 0 to 365.'],
  ])(
    'refuses %j days on the form, keeping what was typed, without calling the API',
    async (days, message) => {
      const result = await act([
        ['intent', 'policy'],
        ['templateId', 'training-standard'],
        ['ratePerMinute', '4.50'],
        ['disclosureRequired', 'on'],
        ['disclosureDays', days],
      ]);
      expect(result.data.failure?.fieldErrors).toEqual({ disclosureDays: message });
      expect(result.data.failure?.values).toMatchObject({
        disclosureRequired: 'on',
        disclosureDays: days,
      });
      expect(api.calls.some((call) => call.method === 'PUT')).toBe(false);
    },
  );

  it('puts the API’s disclosure refusal on the days field', async () => {
    api.on(
      `PUT ${clipPath}/policy`,
      problem(422, 'validation_failed', [
        { path: 'disclosure.withinDaysAfterRelease', message: 'Too late.' },
      ]),
    );
    const result = await act([
      ['intent', 'policy'],
      ['templateId', 'training-standard'],
      ['ratePerMinute', '4.50'],
      ['disclosureRequired', 'on'],
      ['disclosureDays', '200'],
    ]);
    expect(result.data.failure?.fieldErrors).toEqual({ disclosureDays: 'Too late.' });
    expect(result.data.failure?.values).toMatchObject({
      disclosureRequired: 'on',
      disclosureDays: '200',
    });
  });

  it('asks for the ownership box to be ticked before attesting', async () => {
    const result = await act([['intent', 'attest']]);
    expect(result.data.failure?.fieldErrors.ownsAllRights).toMatch(/Tick the box/);
    expect(api.calls.some((call) => call.path.endsWith('/attest'))).toBe(false);
    api.on(`POST ${clipPath}/attest`, { status: 200, body: {} });
    await act([
      ['intent', 'attest'],
      ['ownsAllRights', 'on'],
    ]);
    expect(api.calls.find((call) => call.path.endsWith('/attest'))?.body).toEqual({
      ownsAllRights: true,
    });
  });

  it('lists every reason a submission was refused', async () => {
    api.on(
      `POST ${clipPath}/submit`,
      problem(422, 'validation_failed', [
        { path: 'policy', message: 'Set a license policy.' },
        { path: 'people.0', message: 'Amara Diallo has no release.' },
      ]),
    );
    const result = await act([['intent', 'submit']]);
    expect(result.data.failure?.formError).toBe(
      'Not submitted yet. Still needed: Set a license policy. Amara Diallo has no release.',
    );
  });
});

describe('clip page', () => {
  it('renders what is missing, the policy terms of each template, and consent boxes that start unticked', async () => {
    api.on(`GET ${clipPath}`, { status: 200, body: clipDetail({ id: CLIP_ID }) });
    const loaderData = await route.loader(
      await argsFor<LoaderArgs>(new Request(pageUrl), viewer, params),
    );
    const routes: RouteObject[] = [
      {
        id: 'root',
        path: '/',
        Component: Outlet,
        children: [
          {
            id: 'clip',
            path: 'studio/:orgId/clips/:clipId',
            loader: () => loaderData,
            Component: withRouteProps(route.default),
          },
        ],
      },
    ];
    const { html } = await renderRoutes(routes, new Request(pageUrl));
    expect(html).toContain('Before you can submit it for review:');
    expect(html).toContain('Choose a category.');
    expect(html).toContain('Set a license policy.');
    // renderTerms text for every template, e.g. the standard one's permitted uses.
    expect(html.match(/1\. Permitted uses:/g)).toHaveLength(4);
    const aiTraining = /<input[^>]*name="aiTraining"[^>]*>/.exec(html)?.[0];
    expect(aiTraining).toBeDefined();
    expect(aiTraining).not.toContain('checked');
    // HTML attribute names are case-insensitive; React writes this one as encType.
    expect(html.toLowerCase()).toContain('enctype="multipart/form-data"');
    expect(html).toContain('<video');
  });
});

describe('clip page with a disclosure requirement', () => {
  it('shows the saved requirement on the form and as clause 12 of the terms', async () => {
    const policy = policyFromTemplate(
      'training-standard',
      { amountMinor: 450, currency: 'USD' },
      { required: true, withinDaysAfterRelease: 14 },
    );
    const versionId = uuid();
    api.on(`GET ${clipPath}`, {
      status: 200,
      body: clipDetail({
        id: CLIP_ID,
        policy: summarizePolicy(policy, 2),
        policyVersion: {
          id: versionId,
          clipId: CLIP_ID,
          version: 2,
          policy,
          policyHash: 'sha256:' + '0'.repeat(64),
          templateId: 'training-standard',
          createdAt: '2026-11-30T09:00:00.000Z',
        },
      }),
    });
    const loaderData = await route.loader(
      await argsFor<LoaderArgs>(new Request(pageUrl), viewer, params),
    );
    const routes: RouteObject[] = [
      {
        id: 'root',
        path: '/',
        Component: Outlet,
        children: [
          {
            id: 'clip',
            path: 'studio/:orgId/clips/:clipId',
            loader: () => loaderData,
            Component: withRouteProps(route.default),
          },
        ],
      },
    ];
    const { html } = await renderRoutes(routes, new Request(pageUrl));
    const box = /<input[^>]*name="disclosureRequired"[^>]*>/.exec(html)?.[0];
    expect(box).toContain('checked');
    expect(/<input[^>]*name="disclosureDays"[^>]*>/.exec(html)?.[0]).toContain('value="14"');
    expect(html).toContain('model disclosure within 14 days of release');
    expect(html).toContain('Clearframe license terms (clearframe.license/2)');
    expect(html).toContain(
      '12. Disclosure: Required: the licensee must publish the training-data disclosure of every model trained, fine-tuned or evaluated with the footage, citing this license, no later than 14 days after that model&#x27;s public release.',
    );
  });
});
