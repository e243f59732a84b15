import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  generateCertificateKeyPair,
  merkleRoot,
  signCertificate,
  type CertificateClaimsType,
} from '@clearframe/contracts/certificates';
import {
  DEFAULT_INTENDED_USE,
  type CertificateStatusType,
  type OrderType,
} from '@clearframe/contracts/demand';
import { captureIo } from '../../test/support/capture-io.js';
import {
  startFakeOrderApi,
  type FakeOrderApi,
  type FakeOrderState,
  type UnsignedEntry,
} from '../../test/support/fake-order-api.js';
import { run } from '../program.js';

const ORG_ID = '0b9d6a52-8f3e-4d71-a2c4-5e6f7a8b9c0d';
const KEY = 'cf_live_lab_key';
const TERMS_A = `sha256:${'a'.repeat(64)}`;
const TERMS_B = `sha256:${'b'.repeat(64)}`;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface Clip {
  clipId: string;
  bytes: Buffer;
  sha256: string;
  certificateId: string;
  position: number;
  /** The name it was uploaded under, as the manifest's `fileName` says. */
  uploadedName: string;
  /** The path storage serves it under. */
  urlPath: string;
  /** The file name it must land under in <out>/clips. */
  fileName: string;
}

interface Fixture {
  state: FakeOrderState;
  orderId: string;
  clips: Clip[];
  /** Certificate id → its signed root, its JWS. */
  certificates: Map<string, { root: string; jws: string; clipIds: string[] }>;
  otherKeys: { keys: unknown[] };
}

/**
 * An order with two grants: certificate A over three clips (.mp4 URLs; uploaded as .MOV, .mp4
 * and without an extension), certificate B over one clip uploaded and stored without one.
 * Each lands under its id and the uploaded name's extension, else the URL's, else none. Certificates are signed for real; each root is computed
 * here over the SHA-256s of the bytes the fake storage serves.
 */
async function fixture(): Promise<Fixture> {
  const keys = await generateCertificateKeyPair({ kid: 'cf-test-1' });
  const impostor = await generateCertificateKeyPair({ kid: 'cf-test-1' });
  const orderId = randomUUID();
  const certA = randomUUID();
  const certB = randomUUID();
  const sizes: Array<[string, number]> = [
    [certA, 70_001],
    [certA, 200_000],
    [certA, 1],
    [certB, 50_000],
  ];
  const clips: Clip[] = sizes.map(([certificateId, size], index) => {
    const clipId = randomUUID();
    const bytes = randomBytes(size);
    const uploadedName = ['harbour.MOV', 'skyline.mp4', 'forest', 'market'][index]!;
    return {
      clipId,
      bytes,
      sha256: sha256(bytes),
      certificateId,
      position: certificateId === certA ? index : 0,
      uploadedName,
      urlPath: certificateId === certA ? `/files/${clipId}.mp4` : `/files/${clipId}`,
      fileName: index === 0 ? `${clipId}.mov` : certificateId === certA ? `${clipId}.mp4` : clipId,
    };
  });
  const certificates = new Map<string, { root: string; jws: string; clipIds: string[] }>();
  const statuses = new Map<string, CertificateStatusType>();
  for (const [certificateId, termsHash] of [
    [certA, TERMS_A],
    [certB, TERMS_B],
  ] as const) {
    const mine = clips.filter((c) => c.certificateId === certificateId);
    const root = merkleRoot(mine.map((c) => c.sha256));
    const claims: CertificateClaimsType = {
      certificateId,
      issuer: 'http://127.0.0.1',
      licensee: { orgId: ORG_ID, name: 'Vision Lab' },
      termsHash,
      clipsMerkleRoot: root,
      clipCount: mine.length,
      totalSeconds: mine.length * 10,
      issuedAt: '2026-11-01T10:00:00Z',
      validFrom: '2026-11-01T10:00:00Z',
      validUntil: null,
    };
    const jws = await signCertificate(claims, keys.privateJwk);
    certificates.set(certificateId, { root, jws, clipIds: mine.map((c) => c.clipId) });
    statuses.set(certificateId, {
      certificateId,
      status: 'valid',
      jws,
      keyId: keys.kid,
      claims,
      revokedAt: null,
      checkedAt: '2026-12-01T10:00:00Z',
    });
  }
  const money = (amountMinor: number) => ({ amountMinor, currency: 'USD' as const });
  const order: OrderType = {
    id: orderId,
    orgId: ORG_ID,
    bundleId: randomUUID(),
    name: 'Street scenes',
    status: 'fulfilled',
    payment: 'checkout',
    intendedUse: DEFAULT_INTENDED_USE,
    rateCardId: 'rc-2026-11',
    total: money(4000),
    platformFee: money(800),
    creatorShare: money(3200),
    clipCount: 4,
    totalDurationMs: 40_000,
    terms: [
      { termsHash: TERMS_A, clipCount: 3 },
      { termsHash: TERMS_B, clipCount: 1 },
    ],
    checkout: null,
    grants: [...certificates].map(([certificateId, { root, clipIds }]) => ({
      certificateId,
      termsHash: certificateId === certA ? TERMS_A : TERMS_B,
      clipCount: clipIds.length,
      totalSeconds: clipIds.length * 10,
      clipsMerkleRoot: root,
      status: 'active' as const,
      validFrom: '2026-11-01T10:00:00Z',
      validUntil: null,
    })),
    createdAt: '2026-11-01T09:00:00Z',
    paidAt: '2026-11-01T09:30:00Z',
    fulfilledAt: '2026-11-01T10:00:00Z',
    refundedAt: null,
  };
  const entries: UnsignedEntry[] = clips.map((clip, index) => ({
    clipId: clip.clipId,
    title: `Clip ${index}`,
    fileName: clip.uploadedName,
    sha256: clip.sha256,
    bytes: clip.bytes.length,
    durationMs: 10_000,
    width: 1920,
    height: 1080,
    fps: 25,
    captions: [`A street, take ${index}`],
    termsHash: clip.certificateId === certA ? TERMS_A : TERMS_B,
    certificateId: clip.certificateId,
    position: clip.position,
  }));
  const byId = new Map(clips.map((c) => [c.clipId, c]));
  const state: FakeOrderState = {
    orgId: ORG_ID,
    orgName: 'Vision Lab',
    key: KEY,
    order,
    entries,
    filePath: (clipId) => byId.get(clipId)?.urlPath ?? `/files/${clipId}`,
    files: new Map(clips.map((c) => [c.clipId, c.bytes])),
    certificates: statuses,
    jwks: { keys: [keys.publicJwk] },
    expired: () => false,
  };
  return { state, orderId, clips, certificates, otherKeys: { keys: [impostor.publicJwk] } };
}

let api: FakeOrderApi | null = null;
afterEach(async () => {
  await api?.close();
  api = null;
});

async function start(f: Fixture): Promise<FakeOrderApi> {
  api = await startFakeOrderApi(f.state);
  return api;
}

async function pull(server: FakeOrderApi, args: string[], interrupt?: AbortSignal) {
  const io = captureIo({
    interrupt,
    env: {
      XDG_CONFIG_HOME: await mkdtemp(path.join(tmpdir(), 'clearframe-config-')),
      CLEARFRAME_API_KEY: KEY,
      CLEARFRAME_API_URL: server.apiUrl,
    },
  });
  const code = await run(['pull', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

const outDir = () => mkdtemp(path.join(tmpdir(), 'clearframe-pull-'));
const fileGets = (server: FakeOrderApi) =>
  server.requests.filter((r) => r.path.startsWith('/files/'));

describe('clearframe pull', () => {
  it('downloads every clip, writes the manifest without URLs and the certificates, verifies them, exit 0; a rerun fetches nothing', async () => {
    const f = await fixture();
    const server = await start(f);
    const out = await outDir();
    const { code, out: stdout, err } = await pull(server, [f.orderId, '--out', out, '--json']);
    expect({ code, err }).toEqual({ code: 0, err: expect.any(String) });
    const summary = JSON.parse(stdout);
    expect(summary).toEqual({
      orderId: f.orderId,
      outDir: out,
      files: 4,
      bytes: 70_001 + 200_000 + 1 + 50_000,
      downloaded: 4,
      present: 0,
      verified: true,
      certificates: [...f.certificates].map(([certificateId, { clipIds }]) => ({
        certificateId,
        status: 'valid',
        clipCount: clipIds.length,
        verified: true,
      })),
      mismatches: [],
      interrupted: false,
    });
    // Every file under its name, byte for byte; no .part left behind.
    expect((await readdir(path.join(out, 'clips'))).sort()).toEqual(
      f.clips.map((c) => c.fileName).sort(),
    );
    for (const clip of f.clips)
      expect(sha256(await readFile(path.join(out, 'clips', clip.fileName)))).toBe(clip.sha256);
    // The manifest as served, minus the secrets.
    const lines = (await readFile(path.join(out, 'manifest.jsonl'), 'utf8')).trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line))).toEqual(f.state.entries);
    expect(lines.join('\n')).not.toMatch(/downloadUrl|X-Amz|secret/);
    for (const [id, { jws }] of f.certificates) {
      expect(await readFile(path.join(out, 'certificates', `${id}.jws`), 'utf8')).toBe(jws);
      expect(
        JSON.parse(await readFile(path.join(out, 'certificates', `${id}.json`), 'utf8')),
      ).toEqual(f.state.certificates.get(id));
    }
    // The API key went to the API; storage got no Authorization header.
    expect(server.requests.find((r) => r.path.endsWith('/manifest.jsonl'))?.authorization).toBe(
      `Bearer ${KEY}`,
    );
    expect(fileGets(server).map((r) => r.authorization)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);

    // Run again: the files are hashed, not fetched.
    const before = fileGets(server).length;
    const again = await pull(server, [f.orderId, '--out', out]);
    expect(again.code).toBe(0);
    expect(fileGets(server).length).toBe(before);
    expect(again.out).toBe(
      `Order ${f.orderId}: 4 files (312.5 KiB) in ${out}: 0 downloaded, 4 already there.\n2 certificates of 2 verified.\n`,
    );
  });

  it('resumes a .part with Range: bytes=N- and ends with the right hash', async () => {
    const f = await fixture();
    const server = await start(f);
    const out = await outDir();
    const big = f.clips[1]!;
    await mkdir(path.join(out, 'clips'), { recursive: true });
    await writeFile(
      path.join(out, 'clips', `${big.fileName}.part`),
      big.bytes.subarray(0, 123_456),
    );
    const { code } = await pull(server, [f.orderId, '--out', out]);
    expect(code).toBe(0);
    const gets = fileGets(server);
    expect(gets.filter((r) => r.path.includes(big.clipId)).map((r) => r.range)).toEqual([
      'bytes=123456-',
    ]);
    expect(gets.filter((r) => !r.path.includes(big.clipId)).map((r) => r.range)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(sha256(await readFile(path.join(out, 'clips', big.fileName)))).toBe(big.sha256);
    expect(existsSync(path.join(out, 'clips', `${big.fileName}.part`))).toBe(false);
  });

  it('a .part from elsewhere is fetched again whole; a server that ignores Range (200) replaces the part', async () => {
    const f = await fixture();
    const [wrong, ignored] = [f.clips[0]!, f.clips[1]!];
    f.state.ignoreRange = (clipId) => clipId === ignored.clipId;
    const server = await start(f);
    const out = await outDir();
    await mkdir(path.join(out, 'clips'), { recursive: true });
    await writeFile(path.join(out, 'clips', `${wrong.fileName}.part`), randomBytes(1000));
    await writeFile(
      path.join(out, 'clips', `${ignored.fileName}.part`),
      ignored.bytes.subarray(0, 10),
    );
    const { code } = await pull(server, [f.orderId, '--out', out]);
    expect(code).toBe(0);
    expect(
      fileGets(server)
        .filter((r) => r.path.includes(wrong.clipId))
        .map((r) => r.range),
    ).toEqual(['bytes=1000-', undefined]);
    for (const clip of [wrong, ignored])
      expect(sha256(await readFile(path.join(out, 'clips', clip.fileName)))).toBe(clip.sha256);
  });

  it('retries a 503 and a connection dropped midway, resuming the part with Range', async () => {
    const f = await fixture();
    const [busy, dropped] = [f.clips[0]!, f.clips[1]!];
    f.state.fault = (clipId, nth) =>
      nth === 1 && clipId === busy.clipId
        ? 503
        : nth === 1 && clipId === dropped.clipId
          ? 'drop-midway'
          : null;
    const server = await start(f);
    const out = await outDir();
    const { code, err } = await pull(server, [f.orderId, '--out', out]);
    expect(code).toBe(0);
    expect(err).toContain(
      `${busy.clipId}: storage refused the download: Reduce your rate [SlowDown, HTTP 503]; retry 1 in`,
    );
    const ranges = (clip: Clip) =>
      fileGets(server)
        .filter((r) => r.path.includes(clip.clipId))
        .map((r) => r.range);
    expect(ranges(busy)).toEqual([undefined, undefined]);
    expect(ranges(dropped)).toEqual([undefined, `bytes=${dropped.bytes.length / 2}-`]);
    for (const clip of [busy, dropped])
      expect(sha256(await readFile(path.join(out, 'clips', clip.fileName)))).toBe(clip.sha256);
  });

  it('Ctrl-C midway: exit 130 with the part kept; the rerun resumes it', async () => {
    const f = await fixture();
    const slow = f.clips[1]!;
    f.state.fault = (clipId, nth) => (nth === 1 && clipId === slow.clipId ? 'hang-midway' : null);
    const server = await start(f);
    const out = await outDir();
    const part = path.join(out, 'clips', `${slow.fileName}.part`);
    const interrupt = new AbortController();
    const watch = setInterval(() => {
      if (existsSync(part) && statSync(part).size === slow.bytes.length / 2)
        interrupt.abort(new Error('Interrupted by SIGINT.'));
    }, 5);
    const first = await pull(server, [f.orderId, '--out', out, '--json'], interrupt.signal);
    clearInterval(watch);
    expect(first.code).toBe(130);
    expect(JSON.parse(first.out)).toMatchObject({ interrupted: true, verified: false });
    expect(first.err).toContain('Interrupted. Run the same command again to resume.');
    expect(statSync(part).size).toBe(slow.bytes.length / 2);

    const second = await pull(server, [f.orderId, '--out', out]);
    expect(second.code).toBe(0);
    expect(
      fileGets(server)
        .filter((r) => r.path.includes(slow.clipId))
        .map((r) => r.range),
    ).toEqual([undefined, `bytes=${slow.bytes.length / 2}-`]);
    expect(sha256(await readFile(path.join(out, 'clips', slow.fileName)))).toBe(slow.sha256);
  });

  it('a corrupted file: exit 1 naming the clip, and it is not kept under its name', async () => {
    const f = await fixture();
    const bad = f.clips[0]!;
    const served = Buffer.from(bad.bytes);
    served[500] = served[500]! ^ 0xff;
    f.state.files.set(bad.clipId, served);
    const server = await start(f);
    const out = await outDir();
    const { code, out: stdout } = await pull(server, [f.orderId, '--out', out, '--json']);
    expect(code).toBe(1);
    const summary = JSON.parse(stdout);
    expect(summary).toMatchObject({ files: 3, verified: false });
    expect(summary.mismatches).toEqual([
      {
        clipId: bad.clipId,
        problem: `sha256 is ${sha256(served)}, the manifest says ${bad.sha256}`,
      },
    ]);
    expect(existsSync(path.join(out, 'clips', bad.fileName))).toBe(false);
    expect(existsSync(path.join(out, 'clips', `${bad.fileName}.part`))).toBe(false);
  });

  it('manifest entries that do not make the certificate’s root: exit 1 naming the certificate', async () => {
    const f = await fixture();
    // The server lists certificate A's first two clips with their positions swapped.
    const [first, second] = f.state.entries;
    f.state.entries[0] = { ...first!, position: 1 };
    f.state.entries[1] = { ...second!, position: 0 };
    const server = await start(f);
    const certA = f.clips[0]!.certificateId;
    const swapped = merkleRoot([f.clips[1]!.sha256, f.clips[0]!.sha256, f.clips[2]!.sha256]);
    const out = await outDir();
    const { code, out: stdout } = await pull(server, [f.orderId, '--out', out]);
    expect(code).toBe(1);
    expect(stdout).toBe(
      [
        `Order ${f.orderId}: 4 files (312.5 KiB) in ${out}: 4 downloaded, 0 already there.`,
        '1 certificate of 2 verified.',
        '1 mismatch:',
        `  certificate ${certA}: the Merkle root of the manifest's SHA-256s is ${swapped}, the certificate signs ${f.certificates.get(certA)!.root}`,
        '',
      ].join('\n'),
    );
  });

  it('a revoked certificate: exit 1, its clips are not delivered', async () => {
    const f = await fixture();
    const certB = f.clips[3]!.certificateId;
    f.state.certificates.set(certB, {
      ...f.state.certificates.get(certB)!,
      status: 'revoked',
      revokedAt: '2026-11-20T08:00:00Z',
    });
    f.state.order!.grants = f.state.order!.grants.map((g) =>
      g.certificateId === certB ? { ...g, status: 'revoked' } : g,
    );
    f.state.entries = f.state.entries.filter((e) => e.certificateId !== certB);
    const server = await start(f);
    const { code, out: stdout } = await pull(server, [
      f.orderId,
      '--out',
      await outDir(),
      '--json',
    ]);
    expect(code).toBe(1);
    const summary = JSON.parse(stdout);
    expect(summary).toMatchObject({ files: 3, verified: false });
    expect(summary.mismatches).toEqual([
      {
        certificateId: certB,
        problem: 'the certificate is revoked (since 2026-11-20T08:00:00Z), not valid',
      },
      { certificateId: certB, problem: 'the manifest lists none of its 1 clip' },
    ]);
  });

  it('a signature the API’s keys do not verify (JWKS with another key): exit 1 for each certificate', async () => {
    const f = await fixture();
    f.state.jwks = f.otherKeys;
    const server = await start(f);
    const { code, out: stdout } = await pull(server, [
      f.orderId,
      '--out',
      await outDir(),
      '--json',
    ]);
    expect(code).toBe(1);
    const summary = JSON.parse(stdout);
    expect(summary.files).toBe(4);
    expect(summary.mismatches).toEqual(
      [...f.certificates.keys()].map((certificateId) => ({
        certificateId,
        problem:
          "the signature does not verify against the API's keys (/.well-known/jwks.json): The signature does not match the certificate. [bad_signature]",
      })),
    );
  });

  it('a download URL that expired (403): a fresh manifest is fetched and the pull succeeds', async () => {
    const f = await fixture();
    const late = f.clips[2]!;
    f.state.expired = (generation, clipId) => generation === 1 && clipId === late.clipId;
    const server = await start(f);
    const out = await outDir();
    const { code, err } = await pull(server, [f.orderId, '--out', out]);
    expect({ code, err }).toEqual({
      code: 0,
      err: expect.stringContaining(
        'Storage refused 1 download URL (expired?); asking the API for a fresh manifest.',
      ),
    });
    expect(server.manifests()).toBe(2);
    expect(fileGets(server).filter((r) => r.path.includes(late.clipId))).toHaveLength(2);
    expect(sha256(await readFile(path.join(out, 'clips', late.fileName)))).toBe(late.sha256);
    // The manifest on disk is the first one, written once.
    expect(
      (await readFile(path.join(out, 'manifest.jsonl'), 'utf8')).trimEnd().split('\n'),
    ).toHaveLength(4);
  });

  it('an unknown order: a clear message, exit 1, nothing written', async () => {
    const f = await fixture();
    const server = await start(f);
    const out = path.join(await outDir(), 'dataset');
    const unknown = randomUUID();
    const { code, out: stdout, err } = await pull(server, [unknown, '--out', out]);
    expect({ code, stdout, err }).toEqual({
      code: 1,
      stdout: '',
      err: `clearframe: Vision Lab has no order ${unknown}: No such order. [not_found, HTTP 404]\n`,
    });
    expect(existsSync(out)).toBe(false);
  });

  it('an order not fulfilled yet: exit 1, the manifest is not asked for', async () => {
    const f = await fixture();
    f.state.order!.status = 'paid';
    const server = await start(f);
    const { code, err } = await pull(server, [f.orderId, '--out', await outDir()]);
    expect({ code, err }).toEqual({
      code: 1,
      err: `clearframe: Order ${f.orderId} is paid, not fulfilled: it has nothing to download yet.\n`,
    });
    expect(server.requests.some((r) => r.path.endsWith('manifest.jsonl'))).toBe(false);
  });

  it('a refunded order: exit 1 naming each certificate revoked since, by its live status', async () => {
    const f = await fixture();
    const [certA] = [...f.certificates.keys()];
    f.state.order!.status = 'refunded';
    // The order's grant still says active: the certificate's live status is what counts.
    f.state.order!.grants = f.state.order!.grants.map((g) => ({
      ...g,
      status: g.certificateId === certA ? 'revoked' : 'active',
    }));
    f.state.certificates.set(certA!, {
      ...f.state.certificates.get(certA!)!,
      status: 'revoked',
      revokedAt: '2026-12-01T11:00:00.000Z',
    });
    const server = await start(f);
    const out = await outDir();
    const { code, out: stdout, err } = await pull(server, [f.orderId, '--out', out]);
    expect({ code, stdout, err }).toEqual({
      code: 1,
      stdout: '',
      err:
        `clearframe: Order ${f.orderId} is refunded, not fulfilled: it has nothing to download.\n` +
        `  certificate ${certA}: revoked (since 2026-12-01T11:00:00.000Z); clips pulled under it are no longer licensed\n`,
    });
    expect(server.requests.some((r) => r.path.endsWith('manifest.jsonl'))).toBe(false);
    expect(await readdir(out)).toEqual([]);
  });
});

describe('clearframe pull usage', () => {
  it.each([
    [['--out', 'x'], "error: missing required argument 'order-id'"],
    [[randomUUID()], "error: required option '--out <dir>' not specified"],
    [
      ['ord_123', '--out', 'x'],
      'clearframe: <order-id>: give the order\'s id (a UUID), not "ord_123".',
    ],
    [
      [randomUUID(), '--out', 'x', '--concurrency', '0'],
      'clearframe: --concurrency: give a whole number from 1 to 32, not "0".',
    ],
  ])('%j exits 2', async (args, message) => {
    const io = captureIo({ env: { XDG_CONFIG_HOME: await mkdtemp(path.join(tmpdir(), 'cf-')) } });
    const code = await run(['pull', ...args], io);
    expect({ code, first: io.err().split('\n')[0] }).toEqual({ code: 2, first: message });
    expect(io.out()).toBe('');
  });

  it('--help shows examples', async () => {
    const io = captureIo();
    expect(await run(['pull', '--help'], io)).toBe(0);
    expect(io.out()).toContain('Examples:\n  $ clearframe pull ');
  });
});
