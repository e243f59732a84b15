import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type {
  CreatorLicensedWorkType,
  DisclosureType,
  PublicWorkSettingsType,
} from '@clearframe/contracts/transparency';
import { Outlet, type RouteObject } from 'react-router';
import type { FormFailure } from '../lib/form-errors';
import { renderRoutes, textOf, withRouteProps } from './route-render.test-helper';
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
import { uuid } from './supply-fixtures.test-helper';

// The public creator page and the studio's switch for it, with their real loaders and actions
// against a stand-in API over real HTTP; the switch is posted as a browser without JS posts it.

let api: StubApi;
let creatorPage: typeof import('./creator');
let settingsPage: typeof import('./studio-public-page');

beforeAll(async () => {
  api = await startStubApi();
  creatorPage = await import('./creator');
  settingsPage = await import('./studio-public-page');
});
afterAll(() => api.close());
beforeEach(() => api.reset());

const MODEL_ID = uuid();
const DISCLOSURE_ID = uuid();
const CLIP_A = uuid();
const CLIP_B = uuid();
const workPath = `/v1/creators/${STUDIO.id}/licensed-work`;
const settingsPath = `/v1/orgs/${STUDIO.id}/public-work`;
const links = (id: string): DisclosureType['links'] => ({
  page: `http://web.test/disclosures/${id}`,
  json: `http://api.test/v1/disclosures/${id}`,
  euAiActMarkdown: `http://api.test/v1/disclosures/${id}/eu-ai-act.md`,
  euAiActJson: `http://api.test/v1/disclosures/${id}/eu-ai-act.json`,
  croissant: `http://api.test/v1/disclosures/${id}/croissant.json`,
  jwks: 'http://api.test/.well-known/jwks.json',
});

const work: CreatorLicensedWorkType = {
  creator: { orgId: STUDIO.id, name: STUDIO.name },
  models: [
    {
      lab: { orgId: LAB.id, name: LAB.name },
      model: {
        id: MODEL_ID,
        name: 'Tidewater',
        version: '1.0',
        releaseDate: '2026-12-15',
        outputModalities: ['video'],
      },
      stages: [
        { stage: 'pre-training', use: 'ai-train' },
        { stage: 'fine-tuning', use: 'ai-finetune' },
      ],
      disclosures: [
        { id: DISCLOSURE_ID, publishedAt: '2026-12-01T12:00:00.000Z', links: links(DISCLOSURE_ID) },
      ],
      clips: [
        { id: CLIP_A, title: 'Harbour at dawn', seconds: 90 },
        { id: CLIP_B, title: 'A very long title about a ferry crossing at dusk', seconds: 3725 },
      ],
    },
  ],
  licensing: { certificates: 3, clips: 4 },
};

const settings = (enabled: boolean): PublicWorkSettingsType => ({
  orgId: STUDIO.id,
  enabled,
  changedAt: enabled ? '2026-12-01T13:00:00.000Z' : null,
  pageUrl: `http://web.test/creators/${STUDIO.id}`,
  apiUrl: `http://api.test${workPath}`,
});

async function render(path: string, Component: unknown, loaderData: unknown, actionData?: unknown) {
  const url = `http://web.test${path.replace(':orgId', STUDIO.id)}`;
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
          ...(actionData !== undefined ? { action: () => actionData } : {}),
          Component: withRouteProps(Component),
        },
      ],
    },
  ];
  const request =
    actionData !== undefined
      ? new Request(url, { method: 'POST', body: new FormData() })
      : new Request(url);
  return (await renderRoutes(routes, request)).html.replace(/<!-- -->/g, '');
}

describe('public creator page', () => {
  const load = async () =>
    creatorPage.loader(
      await argsFor<Parameters<typeof creatorPage.loader>[0]>(
        new Request(`http://web.test/creators/${STUDIO.id}`),
        null,
        { orgId: STUDIO.id },
      ),
    );

  it('shows each model with its lab, stages, disclosure link and the studio’s clips', async () => {
    api.on(`GET ${workPath}`, { status: 200, body: work });
    const loaderData = await load();
    expect(api.calls.map((call) => [call.method, call.path, call.token])).toEqual([
      ['GET', workPath, null],
    ]);
    const html = await render('/creators/:orgId', creatorPage.default, loaderData);
    expect(textOf(html, 'h1')).toEqual([STUDIO.name]);
    expect(html).toContain('Tidewater 1.0');
    expect(html).toContain(`href="/labs/${LAB.id}"`);
    expect(html).toContain(`href="/disclosures/${DISCLOSURE_ID}"`);
    expect(html).toContain('Pre-training');
    expect(html).toContain('Fine-tuning');
    expect(textOf(html, 'h3')).toEqual(['Disclosures', 'This studio’s clips in it (2)']);
    const clips = textOf(html, 'li').filter((text) => !text.startsWith('Disclosure'));
    expect(clips).toEqual([
      'Harbour at dawn1:30',
      'A very long title about a ferry crossing at dusk1:02:05',
    ]);
    expect(html).toContain('4 clips licensed under 3 certificates in force');
    // Long titles wrap instead of widening the page past a 390px phone.
    expect(html).toContain('[overflow-wrap:anywhere]');
    expect(html).toContain('min-w-0');
  });

  it('says so when no public model disclosed the studio’s footage yet', async () => {
    const html = await render('/creators/:orgId', creatorPage.default, {
      work: { ...work, models: [], licensing: { certificates: 0, clips: 0 } },
    });
    expect(html).toContain('No public model has disclosed training on this studio’s footage yet.');
    expect(html).toContain('0 clips licensed under 0 certificates');
  });

  it('answers 404 while the studio has not opted in', async () => {
    api.on(`GET ${workPath}`, problem(404, 'creator_work_not_found'));
    await expect(load()).rejects.toMatchObject({ status: 404 });
  });
});

describe('studio public page switch', () => {
  const viewer = viewerOf([STUDIO]);
  const params = { orgId: STUDIO.id };
  const pageUrl = `http://web.test/studio/${STUDIO.id}/public-page`;
  type ActionArgs = Parameters<typeof settingsPage.action>[0];
  interface ActionAnswer {
    data: { failure: FormFailure | null; saved: boolean };
    init: ResponseInit | null;
  }
  const load = async (who = viewer) =>
    settingsPage.loader(
      await argsFor<Parameters<typeof settingsPage.loader>[0]>(new Request(pageUrl), who, params),
    );

  it('offers to turn it on while off, without a link to a page that answers 404', async () => {
    api.on(`GET ${settingsPath}`, { status: 200, body: settings(false) });
    const html = await render('/studio/:orgId/public-page', settingsPage.default, await load());
    expect(textOf(html, 'button')).toEqual(['Turn the public page on']);
    expect(html).toContain('name="intent" value="on"');
    expect(html).not.toContain(`href="/creators/${STUDIO.id}"`);
  });

  it('links to the page while on, and offers to turn it off', async () => {
    api.on(`GET ${settingsPath}`, { status: 200, body: settings(true) });
    const html = await render('/studio/:orgId/public-page', settingsPage.default, await load());
    expect(textOf(html, 'button')).toEqual(['Turn the public page off']);
    expect(html).toContain(`href="/creators/${STUDIO.id}"`);
    expect(html).toContain(`http://web.test/creators/${STUDIO.id}`);
  });

  it('sends { enabled } to the API from the form, and shows a refusal on the page', async () => {
    api.on(`PUT ${settingsPath}`, { status: 200, body: settings(true) });
    const on = (await settingsPage.action(
      await argsFor<ActionArgs>(formPost(pageUrl, [['intent', 'on']]), viewer, params),
    )) as unknown as ActionAnswer['data'];
    expect(on).toEqual({ failure: null, saved: true });
    api.on(`PUT ${settingsPath}`, { status: 200, body: settings(false) });
    await settingsPage.action(
      await argsFor<ActionArgs>(formPost(pageUrl, [['intent', 'off']]), viewer, params),
    );
    expect(api.calls.map((call) => [call.method, call.path, call.token, call.body])).toEqual([
      ['PUT', settingsPath, 'session-token', { enabled: true }],
      ['PUT', settingsPath, 'session-token', { enabled: false }],
    ]);
    api.on(`PUT ${settingsPath}`, problem(403, 'forbidden'));
    const refused = (await settingsPage.action(
      await argsFor<ActionArgs>(formPost(pageUrl, [['intent', 'on']]), viewer, params),
    )) as unknown as ActionAnswer;
    expect(refused.init?.status).toBe(403);
    expect(refused.data.failure?.formError).toBeTruthy();
  });

  it('refuses an unknown intent without asking the API', async () => {
    const answer = (await settingsPage.action(
      await argsFor<ActionArgs>(formPost(pageUrl, [['intent', 'maybe']]), viewer, params),
    )) as unknown as ActionAnswer;
    expect(answer.init?.status).toBe(400);
    expect(api.calls).toHaveLength(0);
  });

  it('is for owners of studios only: a member or a lab gets a 404 and the API is not asked', async () => {
    await expect(load(viewerOf([{ ...STUDIO, role: 'member' }]))).rejects.toMatchObject({
      status: 404,
    });
    await expect(
      settingsPage.loader(
        await argsFor<Parameters<typeof settingsPage.loader>[0]>(
          new Request(`http://web.test/studio/${LAB.id}/public-page`),
          viewerOf([LAB]),
          { orgId: LAB.id },
        ),
      ),
    ).rejects.toMatchObject({ status: 404 });
    expect(api.calls).toHaveLength(0);
  });
});
