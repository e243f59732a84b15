import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Outlet, type RouteObject } from 'react-router';
import { renderRoutes, textOf, withRouteProps } from './route-render.test-helper';
import { LAB, STUDIO, argsFor, startStubApi, viewerOf, type StubApi } from './stub-api.test-helper';

let api: StubApi;
let route: typeof import('./studio-statements');
let file: typeof import('./studio-statement-file');

beforeAll(async () => {
  api = await startStubApi();
  route = await import('./studio-statements');
  file = await import('./studio-statement-file');
});
afterAll(() => api.close());
beforeEach(() => api.reset());

const viewer = viewerOf([STUDIO, LAB]);
const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });
const OCTOBER = {
  id: '0e3a6c1d-4b5f-4e7a-8c9d-1f2e3a4b5c6d',
  period: '2026-10',
  currency: 'USD',
  status: 'final',
  lineCount: 4,
  opening: usd(1250),
  gross: usd(1338),
  platformFee: usd(267),
  net: usd(1071),
  refunds: usd(320),
  payouts: usd(1000),
  closing: usd(1001),
  contentSha256: 'a'.repeat(64),
  pdfSha256: 'b'.repeat(64),
  finalizedAt: '2026-11-01T02:00:04.000Z',
};

type LoaderArgs = Parameters<typeof route.loader>[0];
type FileArgs = Parameters<typeof file.loader>[0];

describe('studio statements', () => {
  it('lists the statements with their totals and PDF and CSV links', async () => {
    api.on(`GET /v1/orgs/${STUDIO.id}/statements`, { status: 200, body: { items: [OCTOBER] } });
    const url = `http://web.test/studio/${STUDIO.id}/statements`;
    const data = await route.loader(
      await argsFor<LoaderArgs>(new Request(url), viewer, { orgId: STUDIO.id }),
    );
    const routes: RouteObject[] = [
      {
        id: 'root',
        path: '/',
        Component: Outlet,
        children: [
          {
            id: 'statements',
            path: 'studio/:orgId/statements',
            loader: () => data,
            Component: withRouteProps(route.default),
          },
        ],
      },
    ];
    const { html } = await renderRoutes(routes, new Request(url));
    const cells = textOf(html, 'td');
    expect(textOf(html, 'th')).toContain('October 2026');
    // Each cell carries its column's name for narrow screens.
    expect(cells).toEqual([
      'StateFinal',
      'Opening$12.50',
      'Earnings$10.71',
      'Refunds-$3.20',
      'Payouts-$10.00',
      'Closing$10.01',
      'Issued1 Nov 2026',
      'DownloadPDFCSV',
    ]);
    expect(html).toContain(`href="/studio/${STUDIO.id}/statements/${OCTOBER.id}/pdf"`);
    expect(html).toContain(`href="/studio/${STUDIO.id}/statements/${OCTOBER.id}/csv"`);
    expect(api.calls[0]!.token).toBe(viewer.token);
  });

  it("passes the API's PDF on, and a 404 for a statement it does not find", async () => {
    api.on(`GET /v1/orgs/${STUDIO.id}/statements/${OCTOBER.id}/pdf`, {
      status: 200,
      body: '%PDF-1.3',
      type: 'application/pdf',
    });
    const args = (format: string) =>
      argsFor<FileArgs>(
        new Request(`http://web.test/studio/${STUDIO.id}/statements/${OCTOBER.id}/${format}`),
        viewer,
        { orgId: STUDIO.id, statementId: OCTOBER.id, format },
      );
    const pdf = await file.loader(await args('pdf'));
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(await pdf.text()).toBe(JSON.stringify('%PDF-1.3'));
    await expect(file.loader(await args('csv'))).rejects.toMatchObject({ status: 404 });
    await expect(file.loader(await args('exe'))).rejects.toMatchObject({ status: 404 });
  });

  it("shows a lab's id as not found", async () => {
    const url = `http://web.test/studio/${LAB.id}/statements`;
    await expect(
      route.loader(await argsFor<LoaderArgs>(new Request(url), viewer, { orgId: LAB.id })),
    ).rejects.toMatchObject({ status: 404 });
    expect(api.calls).toHaveLength(0);
  });
});
