import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_INTENDED_USE, type OrderType } from '@clearframe/contracts/demand';
import { Outlet, type RouteObject } from 'react-router';
import { formatDateTime } from '../lib/labels';
import { renderRoutes, textOf, withRouteProps } from './route-render.test-helper';
import { LAB, startStubApi, type StubApi } from './stub-api.test-helper';
import { uuid } from './supply-fixtures.test-helper';

let api: StubApi;
let orderPage: typeof import('./order');

beforeAll(async () => {
  api = await startStubApi();
  orderPage = await import('./order');
});
afterAll(() => api.close());

const ORDER_ID = uuid();
const pending = (payment: OrderType['payment'], url: string): OrderType => ({
  id: ORDER_ID,
  orgId: LAB.id,
  bundleId: uuid(),
  name: 'Harbours',
  status: 'pending_payment',
  payment,
  intendedUse: DEFAULT_INTENDED_USE,
  rateCardId: 'public-usd-2026-12',
  total: { amountMinor: 938, currency: 'USD' },
  platformFee: { amountMinor: 187, currency: 'USD' },
  creatorShare: { amountMinor: 751, currency: 'USD' },
  clipCount: 1,
  totalDurationMs: 90_000,
  terms: [],
  checkout: { url, expiresAt: '2026-12-31T10:00:00.000Z' },
  grants: [],
  createdAt: '2026-12-01T10:00:00.000Z',
  paidAt: null,
  fulfilledAt: null,
  refundedAt: null,
});

async function render(order: OrderType) {
  const routes: RouteObject[] = [
    {
      id: 'root',
      path: '/',
      Component: Outlet,
      children: [
        {
          id: 'page',
          path: 'orders/:orgId/:orderId',
          loader: () => ({ org: LAB, order, settling: false, delivery: null }),
          Component: withRouteProps(orderPage.default),
        },
      ],
    },
  ];
  const request = new Request(`http://web.test/orders/${LAB.id}/${ORDER_ID}`);
  return (await renderRoutes(routes, request)).html.replace(/<!-- -->/g, '');
}

describe('order page', () => {
  it('says an invoiced order’s invoice was sent, when it is due, and links to it', async () => {
    const url = 'https://invoice.stripe.com/i/acct_1/test_abc';
    const html = await render(pending('invoice', url));
    const due = formatDateTime('2026-12-31T10:00:00.000Z');
    expect(textOf(html, 'p')).toContain(
      `Invoice sent, due ${due}; until then exclusive clips stay held for you.`,
    );
    expect(html).toContain(`href="${url}"`);
    expect(textOf(html, 'a')).toContain('View and pay the invoice $9.38');
    expect(html).not.toContain('Pay before');
  });

  it('asks for payment at checkout otherwise', async () => {
    const url = 'http://web.test/checkout/cs_offline_0123456789abcdef01234567';
    const html = await render(pending('checkout', url));
    expect(textOf(html, 'p')).toContain(
      `Pay before ${formatDateTime('2026-12-31T10:00:00.000Z')}; until then exclusive clips stay held for you.`,
    );
    expect(textOf(html, 'a')).toContain('Pay $9.38');
    expect(html).not.toContain('Invoice sent');
  });
});
