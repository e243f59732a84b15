// The order-placing client of orders.bench.mjs, in its own process (as a lab's scripts or the
// web app are): places the orders listed in the job file through `POST /v1/orgs/:orgId/orders`,
// `concurrency` at a time, and prints one JSON line: each order's latency (request to last byte),
// the wall time, the statuses and the placed order ids.
//
//   node orders/place-client.mjs <job.json>
//   job: { api, token, orgId, concurrency, orders: [{ bundleId, quoteToken, acceptedTermsHashes, key }] }
import fs from 'node:fs/promises';

const job = JSON.parse(await fs.readFile(process.argv[2], 'utf8'));
const latencies = [];
const statuses = {};
const ids = [];
const errors = [];
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: job.concurrency }, async () => {
    while (next < job.orders.length) {
      const order = job.orders[next++];
      const t0 = performance.now();
      const res = await fetch(`${job.api}/v1/orgs/${job.orgId}/orders`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${job.token}`,
          'content-type': 'application/json',
          'idempotency-key': order.key,
        },
        body: JSON.stringify({
          bundleId: order.bundleId,
          quoteToken: order.quoteToken,
          acceptedTermsHashes: order.acceptedTermsHashes,
        }),
      });
      const text = await res.text();
      latencies.push(performance.now() - t0);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (res.status === 201) ids.push(JSON.parse(text).id);
      else if (errors.length < 3) errors.push(`${res.status} ${text.slice(0, 300)}`);
    }
  }),
);
const elapsedMs = performance.now() - started;
process.stdout.write(`${JSON.stringify({ latencies, elapsedMs, statuses, ids, errors })}\n`);
