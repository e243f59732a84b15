import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DEFAULT_INTENDED_USE } from '@clearframe/contracts/demand';
import type { EarningsType } from '@clearframe/contracts/money';
import { Outlet, type RouteObject } from 'react-router';
import { formatDate } from '../lib/labels';
import { renderRoutes, textOf, withRouteProps } from './route-render.test-helper';
import { LAB, STUDIO, argsFor, startStubApi, viewerOf, type StubApi } from './stub-api.test-helper';
import { uuid } from './supply-fixtures.test-helper';

let api: StubApi;
let route: typeof import('./studio-earnings');

beforeAll(async () => {
  api = await startStubApi();
  route = await import('./studio-earnings');
});
afterAll(() => api.close());
beforeEach(() => api.reset());

const viewer = viewerOf([STUDIO, LAB]);
const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' as const });
const CLIP = uuid();
const CERTIFICATE = uuid();
const EARNINGS: EarningsType = {
  from: '2026-10',
  to: '2026-11',
  series: [
    {
      currency: 'USD',
      months: [
        {
          month: '2026-10',
          gross: usd(2_626),
          platformFee: usd(524),
          net: usd(2_102),
          reversals: usd(0),
          balanceChange: usd(2_102),
        },
        {
          month: '2026-11',
          gross: usd(750),
          platformFee: usd(150),
          net: usd(600),
          reversals: usd(1_351),
          balanceChange: usd(-751),
        },
      ],
    },
  ],
  byClip: [
    {
      clipId: CLIP,
      title: 'Harbour at dawn',
      timesLicensed: 2,
      totalDurationMs: 180_000,
      gross: usd(1_876),
      net: usd(1_502),
    },
  ],
  byLab: [
    {
      labOrgId: LAB.id,
      labName: 'Perceptron Labs',
      orders: 1,
      clips: 2,
      gross: usd(1_688),
      net: usd(1_351),
    },
  ],
  licensees: {
    items: [
      {
        orderId: uuid(),
        clipId: CLIP,
        clipTitle: 'Harbour at dawn',
        labOrgId: LAB.id,
        labName: 'Perceptron Labs',
        uses: DEFAULT_INTENDED_USE.uses,
        term: { kind: 'fixed', months: 24, modelsUsableAfterTerm: true },
        paidAt: '2026-10-03T10:00:00.000Z',
        amount: usd(751),
        certificateId: CERTIFICATE,
        status: 'revoked',
      },
    ],
    nextCursor: 'next-page',
  },
};
const earningsPath = `/v1/orgs/${STUDIO.id}/earnings`;
type LoaderArgs = Parameters<typeof route.loader>[0];

async function load(url: string) {
  return route.loader(await argsFor<LoaderArgs>(new Request(url), viewer, { orgId: STUDIO.id }));
}

async function render(loaderData: unknown) {
  const routes: RouteObject[] = [
    {
      id: 'root',
      path: '/',
      Component: Outlet,
      children: [
        {
          id: 'page',
          path: 'studio/:orgId/earnings',
          loader: () => loaderData,
          Component: withRouteProps(route.default),
        },
      ],
    },
  ];
  const request = new Request(`http://web.test/studio/${STUDIO.id}/earnings`);
  return (await renderRoutes(routes, request)).html.replace(/<!-- -->/g, '');
}

describe('studio earnings loader', () => {
  it('asks for the months of the URL, drops a malformed one, and reads a missing statements route as none', async () => {
    api.on(`GET ${earningsPath}`, { status: 200, body: EARNINGS });
    const data = await load(
      `http://web.test/studio/${STUDIO.id}/earnings?from=2026-10&to=November&cursor=abc`,
    );
    const asked = api.calls.filter((call) => call.path.startsWith(earningsPath));
    expect(asked.map((call) => call.path)).toEqual([`${earningsPath}?from=2026-10&cursor=abc`]);
    expect(asked[0]!.token).toBe('session-token');
    // No statements route answers (404): the page says there are none yet.
    expect(data.statements).toEqual([]);
    expect(data.paged).toBe(true);
  });

  it('lists statements when the route answers', async () => {
    api.on(`GET ${earningsPath}`, { status: 200, body: EARNINGS });
    api.on(`GET /v1/orgs/${STUDIO.id}/statements`, {
      status: 200,
      body: { items: [{ id: 'st-1', period: '2026-10', status: 'final', extra: 1 }] },
    });
    const data = await load(`http://web.test/studio/${STUDIO.id}/earnings`);
    expect(data.statements).toEqual([{ id: 'st-1', period: '2026-10', status: 'final', extra: 1 }]);
  });
});

describe('studio earnings page', () => {
  it('renders the chart as SVG on the server, with the monthly figures and breakdowns', async () => {
    const html = await render({ org: STUDIO, earnings: EARNINGS, statements: [], paged: false });
    expect(html).toContain('<svg class="recharts-surface" width="640" height="260"');
    // One bar per month with money in it: October's net, November's net and reversals.
    expect(html.match(/<path [^>]*name="Net to you"[^>]*class="recharts-rectangle"/g)).toHaveLength(
      2,
    );
    expect(html.match(/<path [^>]*name="Reversals"[^>]*class="recharts-rectangle"/g)).toHaveLength(
      1,
    );
    const cells = textOf(html, 'td');
    // Each cell carries its column's name for narrow screens, then the figure.
    expect(cells.slice(0, 10)).toEqual([
      'Gross$26.26',
      'Platform fee$5.24',
      'Net to you$21.02',
      'Refunds and reversals$0.00',
      'Balance change$21.02',
      'Gross$7.50',
      'Platform fee$1.50',
      'Net to you$6.00',
      'Refunds and reversals$13.51',
      'Balance change-$7.51',
    ]);
    expect(cells).toEqual(
      expect.arrayContaining(['Gross$18.76', 'Net to you$15.02', 'Amount$7.51']),
    );
    expect(html).toContain(`href="/verify?id=${CERTIFICATE}"`);
    expect(html).toContain(formatDate('2026-10-03T10:00:00.000Z'));
    expect(html).toContain('Revoked');
    expect(html).toContain('24 months');
    expect(html).toContain(
      `href="/studio/${STUDIO.id}/earnings?from=2026-10&amp;to=2026-11&amp;cursor=next-page"`,
    );
    expect(html).toContain('No statements yet');
  });

  it('links each statement’s PDF and CSV', async () => {
    const html = await render({
      org: STUDIO,
      earnings: EARNINGS,
      statements: [{ id: 'st-1', period: '2026-10', status: 'final' }],
      paged: false,
    });
    expect(html).toContain(`href="/studio/${STUDIO.id}/statements/st-1/pdf"`);
    expect(html).toContain(`href="/studio/${STUDIO.id}/statements/st-1/csv"`);
  });
});
