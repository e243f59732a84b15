import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { summarizePolicy } from '@clearframe/contracts/supply';
import { Outlet, type RouteObject } from 'react-router';
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
import { POLICY, TEMPLATES_ANSWER, studioClip, uuid } from './supply-fixtures.test-helper';

let api: StubApi;
let route: typeof import('./studio');

beforeAll(async () => {
  api = await startStubApi();
  route = await import('./studio');
});
afterAll(() => api.close());
beforeEach(() => {
  api.reset();
  api.on('GET /v1/policy-templates', TEMPLATES_ANSWER);
});

const viewer = viewerOf([STUDIO, LAB]);
const studioUrl = `http://web.test/studio/${STUDIO.id}`;
const clipsPath = `/v1/orgs/${STUDIO.id}/clips`;
type LoaderArgs = Parameters<typeof route.loader>[0];
type ActionArgs = Parameters<typeof route.action>[0];

async function load(url: string) {
  return route.loader(await argsFor<LoaderArgs>(new Request(url), viewer, { orgId: STUDIO.id }));
}

async function render(loaderData: unknown, actionData?: unknown) {
  const routes: RouteObject[] = [
    {
      id: 'root',
      path: '/',
      Component: Outlet,
      children: [
        {
          id: 'studio',
          path: 'studio/:orgId',
          loader: () => loaderData,
          action: () => actionData ?? null,
          Component: withRouteProps(route.default),
        },
      ],
    },
  ];
  const request = actionData
    ? new Request(studioUrl, { method: 'POST', body: new URLSearchParams({ intent: 'bulk' }) })
    : new Request(studioUrl);
  return (await renderRoutes(routes, request)).html;
}

describe('studio loader', () => {
  it('asks for the state filter and cursor of the URL, and ignores a state that does not exist', async () => {
    api.on(`GET ${clipsPath}`, { status: 200, body: { items: [], nextCursor: null } });
    await load(`${studioUrl}?state=rejected&cursor=abc`);
    await load(`${studioUrl}?state=everything`);
    const lists = api.calls.filter((call) => call.path.startsWith(clipsPath));
    expect(lists.map((call) => call.path)).toEqual([
      `${clipsPath}?state=rejected&cursor=abc`,
      clipsPath,
    ]);
    expect(new Set(lists.map((call) => call.token))).toEqual(new Set(['session-token']));
  });

  it('is a 404 for a lab, without asking the API for clips', async () => {
    const thrown = await route
      .loader(
        await argsFor<LoaderArgs>(new Request(`http://web.test/studio/${LAB.id}`), viewer, {
          orgId: LAB.id,
        }),
      )
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(404);
    expect(api.calls).toEqual([]);
  });
});

describe('studio page', () => {
  it('shows each clip with its state, progress, refusal reason, duration, resolution and policy', async () => {
    const processing = studioClip({
      title: 'Night market',
      state: 'processing',
      processingStep: 'preview',
      durationMs: null,
      width: null,
      height: null,
      thumbnailUrl: null,
    });
    const failed = studioClip({
      title: 'Renamed slides',
      state: 'failed',
      rejection: { code: 'not_video', message: 'This file is not a video.' },
    });
    const listed = studioClip({
      title: 'Harbour at dawn',
      state: 'listed',
      durationMs: 72_400,
      policy: summarizePolicy(POLICY, 2),
    });
    api.on(`GET ${clipsPath}`, {
      status: 200,
      body: { items: [processing, failed, listed], nextCursor: 'next-page' },
    });
    const html = await render(await load(studioUrl));
    // Owners reach the payouts page and the public page's switch from here.
    expect(html).toContain(`href="/studio/${STUDIO.id}/payouts"`);
    expect(html).toContain(`href="/studio/${STUDIO.id}/public-page"`);
    const rows = textOf(html, 'tr').slice(1);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('Processing');
    expect(rows[0]).toContain('Making the preview (step 4 of 5)');
    expect(rows[1]).toContain('Failed');
    expect(rows[1]).toContain('This file is not a video.');
    expect(rows[2]).toContain('1:12');
    expect(rows[2]).toContain('1920×1080 · HD');
    expect(rows[2]).toContain('$4.50/min');
    // Every row has its own checkbox for the bulk form, labelled with the clip.
    expect(html.match(/name="clipId"/g)).toHaveLength(3);
    expect(html).toContain(`aria-label="Select Night market"`);
    expect(html).toContain(`href="/studio/${STUDIO.id}?cursor=next-page"`);
  });

  it('says what to do when the studio is empty, and when a filter matches nothing', async () => {
    api.on(`GET ${clipsPath}`, { status: 200, body: { items: [], nextCursor: null } });
    const empty = await render(await load(studioUrl));
    expect(empty).toContain('No clips yet.');
    expect(empty).toContain('Drop video files or a whole folder on the uploader above');
    expect(empty).not.toContain('Apply to selected clips');
    const filtered = (await render(await load(`${studioUrl}?state=rejected`))).replace(
      /<!-- -->/g,
      '',
    );
    expect(filtered).toContain('No clips are rejected right now.');
    expect(filtered).toContain('Show all clips');
  });
});

describe('studio bulk action', () => {
  const ids = [uuid(), uuid()];

  it('applies a template with its rate in minor units, added tags and a category to the ticked clips', async () => {
    api.on(`POST ${clipsPath}/bulk`, {
      status: 200,
      body: { items: ids.map((id) => studioClip({ id })) },
    });
    const result = await route.action(
      await argsFor<ActionArgs>(
        formPost(studioUrl, [
          ['intent', 'bulk'],
          ['clipId', ids[0]!],
          ['clipId', ids[1]!],
          ['templateId', 'evaluation-only'],
          ['ratePerMinute', '0.29'],
          ['addTags', 'harbour, dawn ,, boats'],
          ['category', 'urban'],
        ]),
        viewer,
        { orgId: STUDIO.id },
      ),
    );
    const bulk = api.calls.find((call) => call.path === `${clipsPath}/bulk`);
    expect(bulk?.body).toEqual({
      clipIds: ids,
      policy: {
        templateId: 'evaluation-only',
        ratePerMinute: { amountMinor: 29, currency: 'USD' },
      },
      addTags: ['harbour', 'dawn', 'boats'],
      category: 'urban',
    });
    expect(result.data).toEqual({
      failure: null,
      done: { count: 2, applied: ['policy', 'tags', 'category'] },
    });
  });

  it('asks for the rate next to its field and calls nothing when a template has none', async () => {
    const result = await route.action(
      await argsFor<ActionArgs>(
        formPost(studioUrl, [
          ['intent', 'bulk'],
          ['clipId', ids[0]!],
          ['templateId', 'training-standard'],
          ['ratePerMinute', '4.505'],
        ]),
        viewer,
        { orgId: STUDIO.id },
      ),
    );
    expect(result.init?.status).toBe(400);
    expect(result.data.failure?.fieldErrors).toEqual({
      ratePerMinute: 'Enter the rate as an amount in USD, such as 4.50.',
    });
    expect(api.calls.some((call) => call.path.endsWith('/bulk'))).toBe(false);
  });

  it('puts the API’s field errors next to the fields and keeps what was typed', async () => {
    api.on(
      `POST ${clipsPath}/bulk`,
      problem(422, 'validation_failed', [
        { path: 'addTags.1', message: 'Use at most 40 characters.' },
        { path: 'policy.ratePerMinute.currency', message: 'Use USD.' },
      ]),
    );
    const result = await route.action(
      await argsFor<ActionArgs>(
        formPost(studioUrl, [
          ['intent', 'bulk'],
          ['clipId', ids[0]!],
          ['templateId', 'training-standard'],
          ['ratePerMinute', '4'],
          ['addTags', `ok, ${'x'.repeat(12)}`],
        ]),
        viewer,
        { orgId: STUDIO.id },
      ),
    );
    expect(result.init?.status).toBe(422);
    expect(result.data.failure?.fieldErrors).toEqual({
      addTags: 'Use at most 40 characters.',
      ratePerMinute: 'Use USD.',
    });
    expect(result.data.failure?.values.addTags).toBe(`ok, ${'x'.repeat(12)}`);
    const html = await render(
      await (async () => {
        api.on(`GET ${clipsPath}`, {
          status: 200,
          body: { items: [studioClip()], nextCursor: null },
        });
        return load(studioUrl);
      })(),
      result.data,
    );
    expect(html).toContain('Use at most 40 characters.');
    expect(html).toContain('Nothing was changed');
  });

  it('says to select clips when none is ticked, without calling the API', async () => {
    const result = await route.action(
      await argsFor<ActionArgs>(
        formPost(studioUrl, [
          ['intent', 'bulk'],
          ['category', 'urban'],
        ]),
        viewer,
        { orgId: STUDIO.id },
      ),
    );
    expect(result.data.failure?.formError).toBe('Select at least one clip.');
    expect(api.calls.some((call) => call.path.endsWith('/bulk'))).toBe(false);
  });
});
