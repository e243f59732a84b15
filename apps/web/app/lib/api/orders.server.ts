import { listOf } from '@clearframe/contracts/common';
import {
  ManifestEntry,
  type ManifestEntryType,
  OfflineCheckout,
  OfflineCheckoutConfirmed,
  Order,
  type PlaceOrderType,
} from '@clearframe/contracts/demand';
import { env } from '../env.server';
import { apiRequest, orgPath } from './client.server';

const orderPath = (orgId: string, orderId: string) =>
  `${orgPath(orgId)}/orders/${encodeURIComponent(orderId)}`;

/** A lab's orders, their delivery, and the offline provider's demo checkout. */
export const ordersApi = {
  place: (token: string, orgId: string, body: PlaceOrderType, idempotencyKey: string) =>
    apiRequest(`${orgPath(orgId)}/orders`, {
      method: 'POST',
      token,
      body,
      schema: Order,
      headers: { 'Idempotency-Key': idempotencyKey },
    }),
  list: (token: string, orgId: string) =>
    apiRequest(`${orgPath(orgId)}/orders`, { token, schema: listOf(Order) }),
  get: (token: string, orgId: string, orderId: string) =>
    apiRequest(orderPath(orgId, orderId), { token, schema: Order }),
  checkout: (sessionId: string) =>
    apiRequest(`/v1/payments/offline/checkout/${encodeURIComponent(sessionId)}`, {
      schema: OfflineCheckout,
    }),
  confirm: (sessionId: string) =>
    apiRequest(`/v1/payments/offline/checkout/${encodeURIComponent(sessionId)}/confirm`, {
      method: 'POST',
      schema: OfflineCheckoutConfirmed,
    }),
  /**
   * A delivery file (`manifest.jsonl` or `croissant.json`) as the API streams it, for the web
   * to pass on to the browser unbuffered.
   */
  async delivery(
    token: string,
    orgId: string,
    orderId: string,
    file: 'manifest.jsonl' | 'croissant.json',
  ): Promise<Response> {
    return fetch(new URL(`${orderPath(orgId, orderId)}/${file}`, env.API_URL), {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(600_000),
    });
  },
};

/**
 * The first `limit` entries of an order's manifest, read line by line from the stream (the
 * order page lists them with their download links; the full manifest is a download).
 */
export async function manifestHead(
  token: string,
  orgId: string,
  orderId: string,
  limit: number,
): Promise<{ entries: ManifestEntryType[]; more: boolean } | null> {
  const response = await ordersApi.delivery(token, orgId, orderId, 'manifest.jsonl');
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    return null;
  }
  const entries: ManifestEntryType[] = [];
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  let more = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (value) buffered += value;
      let newline = buffered.indexOf('\n');
      while (newline !== -1) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line.trim()) {
          if (entries.length === limit) {
            more = true;
            return { entries, more };
          }
          entries.push(ManifestEntry.parse(JSON.parse(line)));
        }
        newline = buffered.indexOf('\n');
      }
      if (done) break;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return { entries, more };
}
