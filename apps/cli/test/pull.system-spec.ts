import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { merkleRoot, verifyCertificate } from '@clearframe/contracts/certificates';
import { DEFAULT_INTENDED_USE } from '@clearframe/contracts/demand';
import {
  callApi,
  createCreatorWithKey,
  createOperator,
  freePort,
  listAll,
  ROOT,
  signIn,
  startApi,
  type RunningApi,
} from './support/api-stack.js';
import { runCli } from './support/cli-process.js';
import { noisyClip } from './support/media-fixtures.js';

// The whole way footage takes from one terminal to another, against the real built API on the
// embedded defaults: a creator uploads three generated clips with the CLI, they are verified,
// submitted and approved by an operator; a lab bundles, quotes, orders and pays them on the
// offline checkout; then `clearframe pull` with the lab's key downloads the order, and every
// file hashes to its source file's SHA-256 (computed here), the certificates verify and sign the
// Merkle root of those hashes. A damaged file is fetched again; after a refund the pull refuses,
// naming the revoked certificate.

const CLIPS = [
  { name: 'dawn.mp4', seconds: 1.2, seed: 11 },
  { name: 'harbour.mp4', seconds: 1.6, seed: 12 },
  { name: 'market.mp4', seconds: 1, seed: 13 },
];
const SIDECAR = [
  'file,title,description,tags,category,camera_motion,setting,time_of_day,country,people',
  'dawn.mp4,Dawn over the bay,First light on still water,sea;dawn,nature,static,outdoor,dawn,PT,none',
  'harbour.mp4,Harbour cranes,Cranes at work,industry;cranes,industry,pan,outdoor,day,NL,none',
  'market.mp4,Night market,Stalls under lanterns,market;night,urban,handheld,outdoor,night,TH,none',
].join('\n');
const OPERATOR = { email: 'ops-pull@example.com', password: 'operator horse battery staple' };

let api: RunningApi;
let dataDir: string;
let work: string;
let footage: string;
let out: string;
let creator: Awaited<ReturnType<typeof createCreatorWithKey>>;
let lab: Awaited<ReturnType<typeof createCreatorWithKey>>;
let operatorToken: string;
let creatorEnv: NodeJS.ProcessEnv;
let labEnv: NodeJS.ProcessEnv;
/** Source file name → its SHA-256, from the bytes on disk. */
const localSha256 = new Map<string, string>();
/** Clip id → the file name it was uploaded from. */
const sourceOf = new Map<string, string>();
let orderId: string;
let certificateIds: string[];

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns something, or fails naming what it last saw. */
async function until<T>(
  what: string,
  check: () => Promise<{ done: T | null; seen: unknown }>,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { done, seen } = await check();
    if (done !== null) return done;
    if (Date.now() > deadline)
      throw new Error(`${what} within ${timeoutMs} ms; last seen: ${JSON.stringify(seen)}`);
    await sleep(300);
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'clearframe-pull-api-'));
  work = await mkdtemp(path.join(tmpdir(), 'clearframe-pull-work-'));
  footage = path.join(work, 'footage');
  out = path.join(work, 'dataset');
  await mkdir(footage);
  // Operators come only from the API's own command, on the database before the API opens it.
  await Promise.all([
    createOperator(dataDir, OPERATOR.email, OPERATOR.password),
    ...CLIPS.map((clip) => noisyClip(path.join(footage, clip.name), clip.seconds, clip.seed)),
  ]);
  api = await startApi(dataDir, { env: { EMBEDDED_S3_PORT: String(await freePort()) } });
  await writeFile(path.join(work, 'footage.csv'), `${SIDECAR}\n`);
  for (const clip of CLIPS)
    localSha256.set(clip.name, sha256(await readFile(path.join(footage, clip.name))));
  creator = await createCreatorWithKey(api.apiUrl, dataDir, 'pull-creator', [
    'uploads:write',
    'clips:read',
    'clips:write',
  ]);
  lab = await createCreatorWithKey(api.apiUrl, dataDir, 'pull-lab', ['orders:read'], 'lab');
  operatorToken = await signIn(api.apiUrl, OPERATOR.email, OPERATOR.password);
  creatorEnv = { CLEARFRAME_CONFIG_DIR: path.join(work, 'config-creator') };
  labEnv = { CLEARFRAME_CONFIG_DIR: path.join(work, 'config-lab') };
}, 240_000);

afterAll(async () => {
  const lines = (api?.logs ?? []).join('').split('\n');
  const errors = lines.filter((line) => /"level":(50|60)/.test(line));
  if (errors.length) process.stderr.write(`API error log lines:\n${errors.join('\n')}\n`);
  await api?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  if (work) await rm(work, { recursive: true, force: true });
});

const PULL = (...extra: string[]) => ['pull', orderId, '--out', out, ...extra];

/** Every file in `<out>/clips` and its SHA-256. */
async function pulledFiles(): Promise<Record<string, string>> {
  const dir = path.join(out, 'clips');
  const names = (await readdir(dir)).sort();
  return Object.fromEntries(
    await Promise.all(
      names.map(async (name) => [name, sha256(await readFile(path.join(dir, name)))] as const),
    ),
  );
}

/** What `<out>/clips` must hold: each clip under `<clipId>.mp4`, with its source's SHA-256. */
function expectedFiles(): Record<string, string> {
  return Object.fromEntries(
    [...sourceOf]
      .map(([clipId, name]) => [`${clipId}.mp4`, localSha256.get(name)!] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

describe('footage uploaded, listed, ordered and paid', () => {
  it('a creator uploads with the CLI; the clips are verified, submitted and approved', async () => {
    const login = await runCli(['login', '--api-url', api.apiUrl], creatorEnv, `${creator.key}\n`);
    expect(login.code).toBe(0);
    const upload = await runCli(
      [
        'upload',
        footage,
        '--meta',
        path.join(work, 'footage.csv'),
        '--policy',
        path.join(ROOT, 'apps/cli/examples/policy.json'),
        '--json',
      ],
      creatorEnv,
    );
    expect({ code: upload.code, stderr: upload.stderr }).toEqual({
      code: 0,
      stderr: expect.any(String),
    });
    const summary = JSON.parse(upload.stdout);
    expect(
      summary.files.map((f: any) => [f.file, f.state, f.sha256, f.policyApplied]).sort(),
    ).toEqual(CLIPS.map((c) => [c.name, 'uploaded', localSha256.get(c.name), true]));
    for (const file of summary.files) sourceOf.set(file.clipId, file.file);

    // The API's verification job hashes and probes each original: every clip becomes a draft.
    const clipsRoute = `/v1/orgs/${creator.orgId}/clips`;
    await until('the clips were not all verified drafts', async () => {
      const listed = await listAll(api.apiUrl, clipsRoute, creator.token);
      const seen = listed.map((c) => `${c.fileName}: ${c.state}`).sort();
      return {
        done: (listed.length === CLIPS.length && listed.every((c) => c.state === 'draft')) || null,
        seen,
      };
    });

    // A person attests ownership (keys cannot), submits; an operator approves from the queue.
    for (const clipId of sourceOf.keys()) {
      await callApi(api.apiUrl, `${clipsRoute}/${clipId}/attest`, {
        token: creator.token,
        body: { ownsAllRights: true },
      });
      const submitted = await callApi(api.apiUrl, `${clipsRoute}/${clipId}/submit`, {
        token: creator.token,
        method: 'POST',
      });
      expect(submitted.state).toBe('in_review');
    }
    const queue = await listAll(api.apiUrl, '/v1/review/clips', operatorToken);
    expect(queue.map((item) => item.clip.id).sort()).toEqual([...sourceOf.keys()].sort());
    for (const item of queue) {
      expect(item.clip.sha256).toBe(localSha256.get(sourceOf.get(item.clip.id)!));
      await callApi(api.apiUrl, `/v1/review/clips/${item.clip.id}/approve`, {
        token: operatorToken,
        body: {},
      });
    }
    const listed = await listAll(api.apiUrl, clipsRoute, creator.token);
    expect(listed.map((c) => c.state)).toEqual(CLIPS.map(() => 'listed'));
  });

  it('a lab bundles the clips, orders them as quoted and pays on the offline checkout', async () => {
    const bundle = await callApi(api.apiUrl, `/v1/orgs/${lab.orgId}/bundles`, {
      token: lab.token,
      // The example policy allows video, image and multimodal-understanding models only.
      body: {
        name: 'Harbour and market',
        intendedUse: {
          ...DEFAULT_INTENDED_USE,
          outputModalities: ['video', 'image', 'multimodal-understanding'],
        },
      },
      status: 201,
    });
    await callApi(api.apiUrl, `/v1/orgs/${lab.orgId}/bundles/${bundle.id}/clips`, {
      token: lab.token,
      body: { clipIds: [...sourceOf.keys()] },
    });
    const quote = await callApi(api.apiUrl, `/v1/orgs/${lab.orgId}/bundles/${bundle.id}/quote`, {
      token: lab.token,
    });
    // Every clip is quotable under the example policy: all of them are in the quote's terms.
    expect({
      clipIds: quote.terms.flatMap((group: any) => group.clipIds).sort(),
      excluded: quote.excluded,
    }).toEqual({ clipIds: [...sourceOf.keys()].sort(), excluded: [] });
    const placed = await callApi(api.apiUrl, `/v1/orgs/${lab.orgId}/orders`, {
      token: lab.token,
      headers: { 'Idempotency-Key': `pull-system-${Date.now()}` },
      body: {
        bundleId: bundle.id,
        quoteToken: quote.quoteToken,
        acceptedTermsHashes: quote.terms.map((group: any) => group.termsHash),
      },
      status: 201,
    });
    expect(placed).toMatchObject({ status: 'pending_payment', clipCount: CLIPS.length });
    orderId = placed.id;
    const sessionId = (placed.checkout.url as string).split('/').pop()!;
    const page = await callApi(api.apiUrl, `/v1/payments/offline/checkout/${sessionId}`);
    expect(page).toMatchObject({ orderId, status: 'pending_payment' });
    await callApi(api.apiUrl, `/v1/payments/offline/checkout/${sessionId}/confirm`, {
      method: 'POST',
    });
    // The payment event is applied by the jobs the API works in process.
    const order = await until('the order was not fulfilled', async () => {
      const seen = await callApi(api.apiUrl, `/v1/orgs/${lab.orgId}/orders/${orderId}`, {
        token: lab.token,
      });
      return { done: seen.status === 'fulfilled' ? seen : null, seen: seen.status };
    });
    certificateIds = order.grants.map((grant: any) => grant.certificateId);
    expect(certificateIds.length).toBeGreaterThanOrEqual(1);
    expect(order.grants.reduce((n: number, g: any) => n + g.clipCount, 0)).toBe(CLIPS.length);
  });
});

describe('clearframe pull', () => {
  it('logs in with the lab key, downloads every clip with its source’s SHA-256, and verifies the certificates', async () => {
    const login = await runCli(['login', '--api-url', api.apiUrl, '--key', lab.key], labEnv);
    expect(login.code).toBe(0);
    expect(login.stdout).toContain(`(lab organization ${lab.orgId})`);

    const pulled = await runCli(PULL('--json'), labEnv);
    expect({ code: pulled.code, stderr: pulled.stderr }).toEqual({
      code: 0,
      stderr: expect.any(String),
    });
    const summary = JSON.parse(pulled.stdout);
    expect(summary).toMatchObject({
      orderId,
      outDir: out,
      files: CLIPS.length,
      downloaded: CLIPS.length,
      present: 0,
      verified: true,
      mismatches: [],
      interrupted: false,
    });
    expect(summary.certificates.map((c: any) => [c.certificateId, c.status, c.verified])).toEqual(
      certificateIds.map((id) => [id, 'valid', true]),
    );
    // Every file, under `<clipId>.mp4` (the uploaded name's extension), hashes to its source's
    // SHA-256; nothing else (no .part) is left.
    expect(await pulledFiles()).toEqual(expectedFiles());

    // The manifest on disk: one line per clip, the uploaded name and hash, and no URL at all.
    const text = await readFile(path.join(out, 'manifest.jsonl'), 'utf8');
    expect(text).not.toMatch(/https?:|X-Amz-/);
    const lines = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => [l.clipId, l.fileName, l.sha256]).sort()).toEqual(
      [...sourceOf].map(([clipId, name]) => [clipId, name, localSha256.get(name)]).sort(),
    );
    for (const line of lines) {
      expect(line).not.toHaveProperty('downloadUrl');
      expect(line).not.toHaveProperty('downloadUrlExpiresAt');
    }

    // Each certificate as written verifies here against the API's keys, licenses the lab and
    // signs the Merkle root of the source files' SHA-256s in its manifest positions.
    const jwks = await callApi(api.apiUrl, '/.well-known/jwks.json');
    for (const certificateId of certificateIds) {
      const jws = await readFile(path.join(out, 'certificates', `${certificateId}.jws`), 'utf8');
      const status = JSON.parse(
        await readFile(path.join(out, 'certificates', `${certificateId}.json`), 'utf8'),
      );
      expect(status).toMatchObject({ certificateId, status: 'valid', jws });
      const claims = await verifyCertificate(jws, jwks);
      const mine = lines
        .filter((l) => l.certificateId === certificateId)
        .sort((a, b) => a.position - b.position);
      expect(mine.map((l) => l.position)).toEqual(mine.map((_, i) => i));
      expect(claims).toMatchObject({
        certificateId,
        licensee: { orgId: lab.orgId },
        clipCount: mine.length,
        clipsMerkleRoot: merkleRoot(mine.map((l) => localSha256.get(sourceOf.get(l.clipId)!)!)),
      });
    }
  });

  it('a damaged file is fetched again on the rerun; the others are only hashed', async () => {
    const [damagedId] = [...sourceOf.keys()];
    const file = path.join(out, 'clips', `${damagedId}.mp4`);
    // Same size, one byte flipped in the middle: only the hash can tell.
    const handle = await open(file, 'r+');
    try {
      const { size } = await handle.stat();
      const byte = Buffer.alloc(1);
      await handle.read(byte, 0, 1, Math.floor(size / 2));
      byte[0] = byte[0]! ^ 0xff;
      await handle.write(byte, 0, 1, Math.floor(size / 2));
    } finally {
      await handle.close();
    }
    expect((await pulledFiles())[`${damagedId}.mp4`]).not.toBe(
      localSha256.get(sourceOf.get(damagedId!)!),
    );

    const rerun = await runCli(PULL('--json'), labEnv);
    expect({ code: rerun.code, stderr: rerun.stderr }).toEqual({
      code: 0,
      stderr: expect.any(String),
    });
    expect(JSON.parse(rerun.stdout)).toMatchObject({
      files: CLIPS.length,
      downloaded: 1,
      present: CLIPS.length - 1,
      verified: true,
      mismatches: [],
    });
    expect(await pulledFiles()).toEqual(expectedFiles());
  });

  it('after a refund: exit 1 naming the revoked certificate, and what was pulled is left as it was', async () => {
    await callApi(api.apiUrl, `/v1/operator/orders/${orderId}/refund`, {
      token: operatorToken,
      method: 'POST',
    });
    await until('the order was not refunded', async () => {
      const seen = await callApi(api.apiUrl, `/v1/orgs/${lab.orgId}/orders/${orderId}`, {
        token: lab.token,
      });
      return { done: seen.status === 'refunded' || null, seen: seen.status };
    });
    for (const certificateId of certificateIds)
      expect((await callApi(api.apiUrl, `/v1/certificates/${certificateId}`)).status).toBe(
        'revoked',
      );
    const manifestBefore = await readFile(path.join(out, 'manifest.jsonl'), 'utf8');

    const refused = await runCli(PULL(), labEnv);
    expect({ code: refused.code, stdout: refused.stdout }).toEqual({ code: 1, stdout: '' });
    expect(refused.stderr).toContain(`Order ${orderId} is refunded, not fulfilled`);
    for (const certificateId of certificateIds)
      expect(refused.stderr).toMatch(
        new RegExp(
          `certificate ${certificateId}: revoked \\(since [^)]+\\); clips pulled under it are no longer licensed`,
        ),
      );
    expect(await pulledFiles()).toEqual(expectedFiles());
    expect(await readFile(path.join(out, 'manifest.jsonl'), 'utf8')).toBe(manifestBefore);
    expect(existsSync(path.join(out, 'manifest.jsonl.part'))).toBe(false);
  });
});
