import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Outlet, type RouteObject } from 'react-router';
import { renderRoutes } from './route-render.test-helper';
import { withRouteProps } from './route-render.test-helper';
import {
  OPS,
  STUDIO,
  argsFor,
  formPost,
  problem,
  startStubApi,
  viewerOf,
  type StubApi,
} from './stub-api.test-helper';
import { reviewItem, uuid } from './supply-fixtures.test-helper';

let api: StubApi;
let route: typeof import('./review-clip');

beforeAll(async () => {
  api = await startStubApi();
  route = await import('./review-clip');
});
afterAll(() => api.close());
beforeEach(() => api.reset());

const item = reviewItem();
const clipId = item.clip.id;
const url = `http://web.test/review/${clipId}`;
const operator = viewerOf([OPS], { isOperator: true });
type ActionArgs = Parameters<typeof route.action>[0];
type LoaderArgs = Parameters<typeof route.loader>[0];

describe('review page', () => {
  it('is a 404 for anyone but an operator, without asking the API', async () => {
    const thrown = await route
      .loader(await argsFor<LoaderArgs>(new Request(url), viewerOf([STUDIO]), { clipId }))
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect((thrown as Response).status).toBe(404);
    expect(api.calls).toEqual([]);
  });

  it('shows the policy in plain language and a duplicate next to the submission', async () => {
    const other = {
      id: uuid(),
      orgId: uuid(),
      orgName: 'Driftwood Films',
      title: 'Dawn harbour (original)',
      state: 'listed' as const,
      durationMs: 12_000,
      width: 1920,
      height: 1080,
      thumbnailUrl: null,
      previewUrl: 'http://storage.test/other-preview.mp4',
    };
    api.on(`GET /v1/review/clips/${clipId}`, {
      status: 200,
      body: {
        ...item,
        duplicates: [
          { kind: 'near', score: 6.25, clip: other, flaggedAt: '2026-11-30T10:01:00.000Z' },
        ],
      },
    });
    const loaderData = await route.loader(
      await argsFor<LoaderArgs>(new Request(url), operator, { clipId }),
    );
    const routes: RouteObject[] = [
      {
        id: 'root',
        path: '/',
        Component: Outlet,
        children: [
          {
            id: 'review',
            path: 'review/:clipId',
            loader: () => loaderData,
            Component: withRouteProps(route.default),
          },
        ],
      },
    ];
    const html = (await renderRoutes(routes, new Request(url))).html.replace(/<!-- -->/g, '');
    expect(html).toContain('1. Permitted uses: The licensee may use the footage for');
    expect(html).toContain('Near duplicate');
    expect(html).toContain('Frames differ by 6.3 bits on average');
    expect(html).toContain('src="http://storage.test/other-preview.mp4"');
    expect(html).toContain(`src="${item.previewUrl}"`);
    expect(html).toContain('Approve and list');
    expect(html).toContain('Reject');
  });
});

describe('review decisions', () => {
  it('asks for a reason before rejecting, without calling the API', async () => {
    const result = await route.action(
      await argsFor<ActionArgs>(
        formPost(url, [
          ['intent', 'reject'],
          ['reason', '   '],
        ]),
        operator,
        {
          clipId,
        },
      ),
    );
    expect(result).not.toBeInstanceOf(Response);
    const failed = result as Exclude<typeof result, Response>;
    expect(failed.data.failure.fieldErrors.reason).toBe(
      'Tell the creator why the clip is rejected.',
    );
    expect(api.calls).toEqual([]);
  });

  it('rejects with the reason and approves with the note, then returns to the queue', async () => {
    const review = (decision: string) => ({
      status: 200,
      body: {
        clipId,
        state: decision === 'approve' ? 'listed' : 'rejected',
        review: {
          id: uuid(),
          decision,
          reason: decision === 'approve' ? null : 'Logo visible at 0:03.',
          policyVersion: 1,
          reviewedAt: '2026-11-30T11:00:00.000Z',
        },
      },
    });
    api.on(`POST /v1/review/clips/${clipId}/reject`, review('reject'));
    api.on(`POST /v1/review/clips/${clipId}/approve`, review('approve'));
    const rejected = await route.action(
      await argsFor<ActionArgs>(
        formPost(url, [
          ['intent', 'reject'],
          ['reason', 'Logo visible at 0:03.'],
        ]),
        operator,
        { clipId },
      ),
    );
    const approved = await route.action(
      await argsFor<ActionArgs>(
        formPost(url, [
          ['intent', 'approve'],
          ['note', ''],
        ]),
        operator,
        {
          clipId,
        },
      ),
    );
    expect((rejected as Response).headers.get('Location')).toBe('/review?notice=clip-rejected');
    expect((approved as Response).headers.get('Location')).toBe('/review?notice=clip-approved');
    expect(api.calls.map((call) => [call.path, call.body])).toEqual([
      [`/v1/review/clips/${clipId}/reject`, { reason: 'Logo visible at 0:03.' }],
      [`/v1/review/clips/${clipId}/approve`, {}],
    ]);
  });

  it('says so when the clip was decided meanwhile', async () => {
    api.on(`POST /v1/review/clips/${clipId}/approve`, problem(409, 'conflict'));
    const result = await route.action(
      await argsFor<ActionArgs>(formPost(url, [['intent', 'approve']]), operator, { clipId }),
    );
    const failed = result as Exclude<typeof result, Response>;
    expect(failed.init?.status).toBe(409);
    expect(failed.data.failure.formError).toBeTruthy();
  });
});
