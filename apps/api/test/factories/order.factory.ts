import type { LicenseRequestType } from '@clearframe/contracts/license';
import { BundleQuote, Order, type OrderType } from '@clearframe/contracts/demand';
import type { ApiResponse, TestApp } from '../support/test-app.js';
import { uniqueSuffix } from './ids.js';

export interface PaidOrderOptions {
  /** The bundle's intended use; the API's default (commercial training) when left out. */
  intendedUse?: LicenseRequestType;
  name?: string;
  idempotencyKey?: string;
}

function expectStatus(step: string, res: ApiResponse, status: number): void {
  if (res.status !== status) {
    throw new Error(`${step}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/**
 * A lab's order of `clipIds` taken the way a lab takes it, over the API: a bundle, its quote, the
 * order with the quote's terms hashes, the offline checkout confirmed, then the queued jobs
 * worked. Throws unless the order ends `fulfilled`. The clock is left where it was: callers that
 * need orders apart in time advance it between calls.
 */
export async function placePaidOrder(
  t: TestApp,
  lab: { orgId: string; token: string },
  clipIds: string[],
  options: PaidOrderOptions = {},
): Promise<OrderType> {
  const { orgId, token } = lab;
  const bundle = await t.request('POST', `/v1/orgs/${orgId}/bundles`, {
    token,
    body: {
      name: options.name ?? `Bundle ${uniqueSuffix()}`,
      ...(options.intendedUse ? { intendedUse: options.intendedUse } : {}),
    },
  });
  expectStatus('bundle', bundle, 201);
  const bundleId = bundle.body.id as string;
  const added = await t.request('POST', `/v1/orgs/${orgId}/bundles/${bundleId}/clips`, {
    token,
    body: { clipIds },
  });
  expectStatus('add clips', added, 200);
  const quoted = await t.request('GET', `/v1/orgs/${orgId}/bundles/${bundleId}/quote`, { token });
  expectStatus('quote', quoted, 200);
  const quote = BundleQuote.parse(quoted.body);
  const placed = await t.request('POST', `/v1/orgs/${orgId}/orders`, {
    token,
    headers: { 'Idempotency-Key': options.idempotencyKey ?? `order-${bundleId}` },
    body: {
      bundleId,
      quoteToken: quote.quoteToken,
      acceptedTermsHashes: quote.terms.map((group) => group.termsHash),
    },
  });
  expectStatus('order', placed, 201);
  const sessionId = (placed.body as OrderType).checkout!.url.split('/').pop()!;
  expectStatus(
    'checkout',
    await t.request('POST', `/v1/payments/offline/checkout/${sessionId}/confirm`),
    200,
  );
  await t.drainJobs();
  const fetched = await t.request('GET', `/v1/orgs/${orgId}/orders/${placed.body.id}`, { token });
  expectStatus('order read', fetched, 200);
  const order = Order.parse(fetched.body);
  if (order.status !== 'fulfilled') throw new Error(`order ${order.id} is ${order.status}`);
  return order;
}
