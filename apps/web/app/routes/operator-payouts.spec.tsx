import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Outlet, type RouteObject } from 'react-router';
import { renderRoutes, textOf, withRouteProps } from './route-render.test-helper';
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

let api: StubApi;
let route: typeof import('./operator-payouts');
let reconciliation: typeof import('./operator-payouts-reconciliation');

beforeAll(async () => {
  api = await startStubApi();
  route = await import('./operator-payouts');
  reconciliation = await import('./operator-payouts-reconciliation');
});
afterAll(() => api.close());
beforeEach(() => api.reset());

const operator = viewerOf([OPS], { isOperator: true });
const url = 'http://web.test/operator/payouts';
type LoaderArgs = Parameters<typeof route.loader>[0];
type ActionArgs = Parameters<typeof route.action>[0];
type ReportArgs = Parameters<typeof reconciliation.loader>[0];

const FAILED = {
  id: '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
  statementId: '0e3a6c1d-4b5f-4e7a-8c9d-1f2e3a4b5c6d',
  orgId: STUDIO.id,
  orgName: 'Harbour Films',
  period: '2026-10',
  amountMinor: 4250,
  currency: 'USD',
  state: 'failed',
  providerTransferId: null,
  failureReason: 'not_found: The payment account was not found.',
  attempts: 2,
  createdAt: '2026-11-01T02:00:05.000Z',
  lastAttemptAt: '2026-11-01T02:05:05.000Z',
  paidAt: null,
};

const render = async (
  component: unknown,
  loaderData: unknown,
  path = 'operator/payouts',
  at = url,
) => {
  const routes: RouteObject[] = [
    {
      id: 'root',
      path: '/',
      Component: Outlet,
      children: [
        { id: 'page', path, loader: () => loaderData, Component: withRouteProps(component) },
      ],
    },
  ];
  return (await renderRoutes(routes, new Request(at))).html;
};

describe('operator payouts page', () => {
  it('is a 404 for anyone but an operator, without asking the API', async () => {
    const thrown = await route
      .loader(await argsFor<LoaderArgs>(new Request(url), viewerOf([STUDIO]), {}))
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect((thrown as Response).status).toBe(404);
    expect(api.calls).toEqual([]);
  });

  it('shows what will be paid, what carries, and a failed payout with its reason and retry', async () => {
    api.on('GET /v1/operator/payouts', {
      status: 200,
      body: {
        thresholdMinor: 1000,
        provider: 'stripe',
        upcoming: [
          {
            statementId: '1e3a6c1d-4b5f-4e7a-8c9d-1f2e3a4b5c6d',
            orgId: STUDIO.id,
            orgName: 'Pebble Pictures',
            period: '2026-11',
            currency: 'USD',
            closingMinor: 840,
            amountMinor: 840,
            payable: false,
          },
          {
            statementId: '2f4b7d2e-5c6a-4f8b-9d0e-2a3b4c5d6e7f',
            orgId: STUDIO.id,
            orgName: 'Lumen Studio',
            period: '2026-11',
            currency: 'USD',
            closingMinor: 2500,
            amountMinor: 2500,
            payable: true,
          },
        ],
        payouts: [FAILED],
      },
    });
    const data = await route.loader(await argsFor<LoaderArgs>(new Request(url), operator, {}));
    const html = await render(route.default, data);
    expect(textOf(html, 'th')).toEqual(
      expect.arrayContaining(['Pebble Pictures', 'Harbour Films']),
    );
    const cells = textOf(html, 'td');
    // The carried balance shows as the closing balance only: this run pays none of it.
    expect(cells).toEqual(
      expect.arrayContaining([
        'Closing balance$8.40',
        'To payNothing this run',
        'Next runCarries (below threshold)',
        'To pay$25.00',
        'Next runPays',
      ]),
    );
    expect(cells).not.toContain('To pay$8.40');
    expect(cells).toContain('Whynot_found: The payment account was not found.');
    expect(html).toContain(`name="payoutId" value="${FAILED.id}"`);
    expect(html).toContain('value="retry"');
    expect(html).toContain('$10.00');
    expect(api.calls[0]!.token).toBe(operator.token);
  });

  it('retries a failed payout and says when the API refuses', async () => {
    api.on(`POST /v1/operator/payouts/${FAILED.id}/retry`, {
      status: 409,
      body: {
        ...(problem(409, 'conflict').body as object),
        detail: 'The studio has no ready payout account to pay into.',
      },
    });
    const refused = await route.action(
      await argsFor<ActionArgs>(
        formPost(url, [
          ['intent', 'retry'],
          ['payoutId', FAILED.id],
        ]),
        operator,
        {},
      ),
    );
    expect((refused as any).init.status).toBe(409);
    expect((refused as any).data).toEqual({
      tone: 'danger',
      message: 'The studio has no ready payout account to pay into.',
    });
    expect(api.calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      `POST /v1/operator/payouts/${FAILED.id}/retry`,
    ]);
  });

  it('lists every reconciliation mismatch', async () => {
    api.on('GET /v1/operator/payouts/reconciliation', {
      status: 200,
      body: {
        provider: 'stripe',
        checkedAt: '2026-11-02T09:00:00.000Z',
        payouts: 3,
        transfers: 3,
        matched: 2,
        mismatches: [
          {
            kind: 'amount_differs',
            payoutId: FAILED.id,
            statementId: FAILED.statementId,
            orgId: STUDIO.id,
            transferId: 'tr_123',
            ledgerMinor: 4250,
            providerMinor: 4200,
            currency: 'USD',
            detail: 'The ledger paid 4250 USD, the provider transferred 4200 USD.',
          },
        ],
      },
    });
    const at = 'http://web.test/operator/payouts/reconciliation';
    const data = await reconciliation.loader(
      await argsFor<ReportArgs>(new Request(at), operator, {}),
    );
    const html = await render(reconciliation.default, data, 'operator/payouts/reconciliation', at);
    expect(textOf(html, 'th')).toContain('Amounts differ');
    expect(textOf(html, 'td')).toEqual([
      'Transfertr_123',
      'Ledger$42.50',
      'Provider$42.00',
      'DetailThe ledger paid 4250 USD, the provider transferred 4200 USD.',
    ]);
    expect(html).toMatch(/role="alert"[^>]*>.*1(<!-- -->)? mismatch(<!-- -->)? to look into\./);
  });
});
