// The manifest downloader of orders.bench.mjs, in its own process (as `clearframe pull` is), so
// the API process's memory holds only the server's side of the stream. Streams
// `GET /v1/orgs/:orgId/orders/:orderId/manifest.jsonl`, parses every line, checks the positions
// run 0, 1, 2, … (one certificate) and the first and last lines against the contract, and prints
// one JSON line: lines, bytes, time to the first byte and to the last.
//
//   node orders/manifest-client.mjs '{"url": "...", "token": "...", "expected": 100000}'
import { ManifestEntry } from '@clearframe/contracts/demand';

const { url, token, expected } = JSON.parse(process.argv[2]);
const started = performance.now();
const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
if (res.status !== 200) {
  process.stderr.write(`manifest: HTTP ${res.status} ${(await res.text()).slice(0, 300)}\n`);
  process.exit(1);
}
let firstByteMs = null;
let bytes = 0;
let lines = 0;
let rest = '';
let first = null;
let last = null;
const decoder = new TextDecoder();
const take = (line) => {
  const entry = JSON.parse(line);
  if (entry.position !== lines) {
    throw new Error(`line ${lines} has position ${entry.position}: out of order`);
  }
  if (lines === 0) first = entry;
  last = entry;
  lines++;
};
for await (const chunk of res.body) {
  firstByteMs ??= performance.now() - started;
  bytes += chunk.byteLength;
  const text = rest + decoder.decode(chunk, { stream: true });
  const parts = text.split('\n');
  rest = parts.pop();
  for (const line of parts) take(line);
}
if (rest.length > 0) take(rest);
const totalMs = performance.now() - started;
ManifestEntry.parse(first);
ManifestEntry.parse(last);
if (lines !== expected) throw new Error(`expected ${expected} lines, got ${lines}`);
process.stdout.write(
  `${JSON.stringify({ lines, bytes, firstByteMs, totalMs, cpuSeconds: process.cpuUsage().user / 1e6 })}\n`,
);
