// The uploader of supply.bench.mjs, in a process of its own as a browser or the CLI would be: it
// starts an upload through the API, signs the parts, PUTs them straight to the presigned storage
// URLs `parallel` at a time and completes the upload. Prints one JSON line: what it sent where and
// how long each phase took.
//
//   node upload-client.mjs '{"api":"http://127.0.0.1:…","token":"…","orgId":"…","sizeBytes":…,"parallel":4}'
import { randomFillSync } from 'node:crypto';

const { api, token, orgId, sizeBytes, parallel } = JSON.parse(process.argv[2] ?? '{}');
const MAX_PARTS_PER_SIGN_REQUEST = 100;

let apiCalls = 0;
async function call(method, path, body) {
  apiCalls++;
  const res = await fetch(`${api}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

const started = performance.now();
const { upload } = await call('POST', `/v1/orgs/${orgId}/uploads`, {
  fileName: 'bench.mp4',
  contentType: 'video/mp4',
  sizeBytes,
});

const signedAt = performance.now();
const signed = [];
for (let first = 1; first <= upload.partCount; first += MAX_PARTS_PER_SIGN_REQUEST) {
  const partNumbers = [];
  for (let n = first; n < first + MAX_PARTS_PER_SIGN_REQUEST && n <= upload.partCount; n++) {
    partNumbers.push(n);
  }
  const { parts } = await call('POST', `/v1/orgs/${orgId}/uploads/${upload.id}/parts`, {
    partNumbers,
  });
  signed.push(...parts);
}

// The file: one block of random bytes, each part a copy stamped with its number, so no two parts
// are equal and generating a gigabyte costs a memcpy per part rather than a gigabyte of randomness.
const block = randomFillSync(Buffer.allocUnsafe(upload.partSizeBytes));
const partBytes = (partNumber) => {
  const start = (partNumber - 1) * upload.partSizeBytes;
  const length = Math.min(upload.partSizeBytes, sizeBytes - start);
  const bytes = Buffer.allocUnsafe(length);
  block.copy(bytes, 0, 0, length);
  bytes.writeUInt32BE(partNumber, 0);
  return bytes;
};

const putsAt = performance.now();
const etags = new Map();
let next = 0;
let sentBytes = 0;
async function putWorker() {
  while (next < signed.length) {
    const part = signed[next++];
    const body = partBytes(part.partNumber);
    const res = await fetch(part.url, { method: 'PUT', headers: part.headers, body });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`PUT part ${part.partNumber}: ${res.status}`);
    etags.set(part.partNumber, res.headers.get('etag'));
    sentBytes += body.length;
  }
}
await Promise.all(Array.from({ length: parallel }, putWorker));
const putsDone = performance.now();

const completed = await call('POST', `/v1/orgs/${orgId}/uploads/${upload.id}/complete`, {
  parts: [...etags].sort(([a], [b]) => a - b).map(([partNumber, etag]) => ({ partNumber, etag })),
});
const done = performance.now();

const cpu = process.cpuUsage();
process.stdout.write(
  `${JSON.stringify({
    uploadId: upload.id,
    state: completed.upload.state,
    partSizeBytes: upload.partSizeBytes,
    partCount: upload.partCount,
    sentBytes,
    apiCalls,
    ms: {
      create: signedAt - started,
      sign: putsAt - signedAt,
      puts: putsDone - putsAt,
      complete: done - putsDone,
      total: done - started,
    },
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  })}\n`,
);
