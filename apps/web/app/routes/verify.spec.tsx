import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  generateCertificateKeyPair,
  signCertificate,
  type CertificateClaimsType,
  type CertificateKeyPair,
} from '@clearframe/contracts/certificates';
import type { CertificateStatusType, ManifestEntryType } from '@clearframe/contracts/demand';
import { createHash } from 'node:crypto';
import { Outlet, type RouteObject } from 'react-router';
import { renderRoutes, textOf, withRouteProps } from './route-render.test-helper';
import { formPost, startStubApi, type StubApi } from './stub-api.test-helper';

// The public /verify page with its real loader and action against a stand-in API over HTTP: a
// certificate signed here with a key the stand-in publishes as the platform's JWKS, and a
// manifest whose sha256s and Merkle root are computed here with node:crypto (RFC 9162), not
// with the contracts code the page runs. Forms post as multipart, as a browser without
// JavaScript sends a form with a file input.

const CERT_ID = '3f2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d';
const OTHER_CERT_ID = '8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a';
const LAB_ID = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const CLIP_IDS = [
  '00000000-0000-4000-8000-000000000001',
  '00000000-0000-4000-8000-000000000002',
  '00000000-0000-4000-8000-000000000003',
];

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest();
const CLIP_SHAS = ['harbour.mp4', 'market.mp4', 'forest.mp4'].map((name) =>
  sha256(`footage of ${name}`).toString('hex'),
);

/** RFC 9162 over three leaves, by hand: root = node(node(leaf0, leaf1), leaf2). */
function rootOfThree(hexes: string[]): string {
  const leaf = (hex: string) => sha256(Buffer.concat([Buffer.from([0]), Buffer.from(hex, 'hex')]));
  const node = (left: Buffer, right: Buffer) =>
    sha256(Buffer.concat([Buffer.from([1]), left, right]));
  const [a, b, c] = hexes.map(leaf) as [Buffer, Buffer, Buffer];
  return node(node(a, b), c).toString('hex');
}
const CLIPS_ROOT = rootOfThree(CLIP_SHAS);
const TERMS_HASH = `sha256:${sha256('clearframe.license/1 terms').toString('hex')}`;

function claims(overrides: Partial<CertificateClaimsType> = {}): CertificateClaimsType {
  return {
    certificateId: CERT_ID,
    issuer: 'https://clearframe.example',
    licensee: { orgId: LAB_ID, name: 'Perceptron Labs' },
    termsHash: TERMS_HASH,
    clipsMerkleRoot: CLIPS_ROOT,
    clipCount: 3,
    totalSeconds: 3725,
    issuedAt: '2026-03-01T09:00:00Z',
    validFrom: '2026-03-01T09:00:00Z',
    validUntil: '2036-03-01T09:00:00Z',
    ...overrides,
  };
}

function entry(
  index: number,
  overrides: Partial<ManifestEntryType> = {},
): Partial<ManifestEntryType> {
  return {
    clipId: CLIP_IDS[index]!,
    title: `Clip ${index + 1}`,
    sha256: CLIP_SHAS[index]!,
    bytes: 1_000_000 + index,
    durationMs: 12_000,
    width: 1920,
    height: 1080,
    fps: 25,
    captions: ['a harbour at dawn'],
    termsHash: TERMS_HASH,
    certificateId: CERT_ID,
    position: index,
    downloadUrl: `https://s3.example/clips/${index}?X-Amz-Signature=abc`,
    downloadUrlExpiresAt: '2026-12-01T10:00:00Z',
    ...overrides,
  };
}

/** The delivery manifest: this certificate's clips out of order, and another order's clip. */
function manifest(entries: Array<Partial<ManifestEntryType>> = defaultEntries()): File {
  return new File(
    [entries.map((line) => JSON.stringify(line)).join('\n') + '\n'],
    'manifest.jsonl',
    {
      type: 'application/jsonl',
    },
  );
}
function defaultEntries() {
  return [
    entry(2),
    entry(0, { clipId: '00000000-0000-4000-8000-000000000009', certificateId: OTHER_CERT_ID }),
    entry(0),
    entry(1),
  ];
}

function status(
  jws: string,
  overrides: Partial<CertificateStatusType> = {},
): CertificateStatusType {
  return {
    certificateId: CERT_ID,
    status: 'valid',
    jws,
    keyId: platform.kid,
    claims: claims(),
    revokedAt: null,
    checkedAt: '2026-12-01T12:00:00.000Z',
    ...overrides,
  };
}

let api: StubApi;
let page: typeof import('./verify');
let relay: typeof import('./verify-status');
let platform: CertificateKeyPair;
let jws: string;

beforeAll(async () => {
  api = await startStubApi();
  page = await import('./verify');
  relay = await import('./verify-status');
  platform = await generateCertificateKeyPair({ kid: 'clearframe-2026-03' });
  jws = await signCertificate(claims(), platform.privateJwk);
});
afterAll(() => api.close());
beforeEach(() => {
  api.reset();
  api.on('GET /.well-known/jwks.json', { status: 200, body: { keys: [platform.publicJwk] } });
});

function routes(): RouteObject[] {
  return [
    {
      id: 'root',
      path: '/',
      Component: Outlet,
      children: [
        {
          id: 'verify',
          path: 'verify',
          loader: page.loader as never,
          action: page.action as never,
          Component: withRouteProps(page.default),
        },
      ],
    },
  ];
}

async function submit(fields: Array<[string, string | Blob]>) {
  const { status: code, html } = await renderRoutes(
    routes(),
    formPost('http://web.test/verify', fields),
  );
  return { status: code, html: html.replace(/<!-- -->/g, '') };
}

/** Each check's outcome, in the order shown. */
function outcomes(html: string): Record<string, string> {
  return Object.fromEntries(
    [...html.matchAll(/data-check="(\w+)" data-outcome="(\w+)"/g)].map((m) => [m[1], m[2]]),
  );
}

/** The explanation line of one check. */
function explanation(html: string, check: string): string {
  const item = new RegExp(`<li[^>]*data-check="${check}"[^>]*>([\\s\\S]*?)</li>`).exec(html);
  return textOf(item?.[0] ?? '', 'p')[1] ?? '';
}

describe('certificate verification without JavaScript (the action)', () => {
  it('passes every check for a genuine certificate and its manifest, and shows what it says', async () => {
    api.on(`GET /v1/certificates/${CERT_ID}`, { status: 200, body: status(jws) });
    const { status: code, html } = await submit([
      ['certificate', `  ${jws.slice(0, 40)}\n${jws.slice(40)}\n`],
      ['manifest', manifest()],
    ]);
    expect(code).toBe(200);
    expect(outcomes(html)).toEqual({
      signature: 'pass',
      window: 'pass',
      status: 'pass',
      manifest: 'pass',
    });
    expect(html).toContain('Certificate verified');
    expect(html).toContain('data-checked-in="server"');
    expect(explanation(html, 'signature')).toContain('published key "clearframe-2026-03"');
    expect(explanation(html, 'window')).toBe(
      'Valid from 1 Mar 2026, 09:00 UTC until 1 Mar 2036, 09:00 UTC; now (' +
        explanation(html, 'window').split('now (')[1],
    );
    expect(explanation(html, 'status')).toContain('valid: it has not been revoked');
    expect(explanation(html, 'manifest')).toContain(
      "3 of the file's 4 entries belong to this certificate.",
    );
    // The claims, as signed.
    expect(html).toContain('Perceptron Labs');
    expect(html).toContain(LAB_ID);
    expect(html).toContain(TERMS_HASH);
    expect(html).toContain(CLIPS_ROOT);
    expect(html).toContain('1:02:05');
    expect(html).toContain('1 Mar 2036, 09:00 UTC');
    // The API was asked, anonymously, for the keys and this certificate's status (the action),
    // then for the keys again (the page's loader after the post).
    expect(api.calls.map((call) => [call.method, call.path, call.token])).toEqual([
      ['GET', '/.well-known/jwks.json', null],
      ['GET', `/v1/certificates/${CERT_ID}`, null],
      ['GET', '/.well-known/jwks.json', null],
    ]);
  });

  it("accepts a pull's written manifest (no download URLs) the same way", async () => {
    api.on(`GET /v1/certificates/${CERT_ID}`, { status: 200, body: status(jws) });
    const withoutUrls = defaultEntries().map(
      ({ downloadUrl: _url, downloadUrlExpiresAt: _expires, ...rest }) => rest,
    );
    const { html } = await submit([
      ['certificate', jws],
      ['manifest', manifest(withoutUrls)],
    ]);
    expect(outcomes(html).manifest).toBe('pass');
  });

  it('fails the manifest check when one clip checksum differs, naming both roots', async () => {
    api.on(`GET /v1/certificates/${CERT_ID}`, { status: 200, body: status(jws) });
    const changed = sha256('a different file').toString('hex');
    const entries = defaultEntries();
    entries[3] = entry(1, { sha256: changed });
    const { html } = await submit([
      ['certificate', jws],
      ['manifest', manifest(entries)],
    ]);
    expect(outcomes(html)).toEqual({
      signature: 'pass',
      window: 'pass',
      status: 'pass',
      manifest: 'fail',
    });
    const wrongRoot = rootOfThree([CLIP_SHAS[0]!, changed, CLIP_SHAS[2]!]);
    expect(explanation(html, 'manifest')).toBe(
      `3 of the file's 4 entries belong to this certificate; their Merkle root is ${wrongRoot}, but the certificate's clips root is ${CLIPS_ROOT}: at least one clip's checksum or position differs from what was licensed.`,
    );
    expect(html).toContain('Certificate not verified');
  });

  it('fails the manifest check when the file lacks one of the clips', async () => {
    api.on(`GET /v1/certificates/${CERT_ID}`, { status: 200, body: status(jws) });
    const { html } = await submit([
      ['certificate', jws],
      ['manifest', manifest([entry(0), entry(1)])],
    ]);
    expect(outcomes(html).manifest).toBe('fail');
    expect(explanation(html, 'manifest')).toContain(
      'the file lists 2 of its clips, but the certificate covers 3',
    );
  });

  it('fails a revoked certificate and says when it was revoked', async () => {
    api.on(`GET /v1/certificates/${CERT_ID}`, {
      status: 200,
      body: status(jws, { status: 'revoked', revokedAt: '2026-11-20T10:30:00.000Z' }),
    });
    const { html } = await submit([['certificate', jws]]);
    expect(outcomes(html)).toEqual({
      signature: 'pass',
      window: 'pass',
      status: 'fail',
      manifest: 'skipped',
    });
    expect(explanation(html, 'status')).toContain(
      'Clearframe revoked this certificate on 20 Nov 2026, 10:30 UTC',
    );
    expect(html).toContain('Certificate not verified');
  });

  it('fails a certificate the platform does not know', async () => {
    api.on(`GET /v1/certificates/${CERT_ID}`, {
      status: 404,
      body: { type: 'x', title: 'Not found', status: 404, code: 'not_found' },
    });
    const { html } = await submit([['certificate', jws]]);
    expect(outcomes(html).status).toBe('fail');
    expect(explanation(html, 'status')).toBe(
      `Clearframe has no certificate with id ${CERT_ID}: the platform does not know it.`,
    );
  });

  it('fails the window of an expired certificate, whose signature still holds', async () => {
    const expired = await signCertificate(
      claims({
        issuedAt: '2025-01-01T00:00:00Z',
        validFrom: '2025-01-01T00:00:00Z',
        validUntil: '2026-01-01T00:00:00Z',
      }),
      platform.privateJwk,
    );
    api.on(`GET /v1/certificates/${CERT_ID}`, {
      status: 200,
      body: status(expired, { status: 'expired' }),
    });
    const { html } = await submit([['certificate', expired]]);
    expect(outcomes(html)).toMatchObject({ signature: 'pass', window: 'fail', status: 'fail' });
    expect(explanation(html, 'window')).toMatch(
      /^Valid from 1 Jan 2025, 00:00 UTC until 1 Jan 2026, 00:00 UTC: it has expired \(now: /,
    );
  });

  it('fails a certificate signed by another key, and trusts nothing it says', async () => {
    const impostor = await generateCertificateKeyPair({ kid: platform.kid });
    const forged = await signCertificate(claims(), impostor.privateJwk);
    const { html } = await submit([['certificate', forged]]);
    expect(outcomes(html)).toEqual({
      signature: 'fail',
      window: 'skipped',
      status: 'skipped',
      manifest: 'skipped',
    });
    expect(explanation(html, 'signature')).toContain(
      'The signature does not match key "clearframe-2026-03"',
    );
    // Unverified claims are neither shown nor looked up.
    expect(html).not.toContain('Perceptron Labs');
    expect(api.calls.map((call) => call.path)).not.toContain(`/v1/certificates/${CERT_ID}`);

    const stranger = await generateCertificateKeyPair({ kid: 'someone-else' });
    const foreign = await signCertificate(claims(), stranger.privateJwk);
    const second = await submit([['certificate', foreign]]);
    expect(outcomes(second.html).signature).toBe('fail');
    expect(explanation(second.html, 'signature')).toBe(
      'It names signing key "someone-else", which is not one of the keys Clearframe publishes ("clearframe-2026-03"). Clearframe did not sign it.',
    );
  });

  it('fails a certificate changed after signing', async () => {
    const [header, payload, signature] = jws.split('.') as [string, string, string];
    const body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const tampered = Buffer.from(JSON.stringify({ ...body, clip_count: 4 })).toString('base64url');
    const { html } = await submit([['certificate', `${header}.${tampered}.${signature}`]]);
    expect(outcomes(html).signature).toBe('fail');
  });

  it('explains garbage, a token of another type, and a manifest line that is not JSON', async () => {
    const garbage = await submit([['certificate', 'hello, is this my licence?']]);
    expect(garbage.status).toBe(400);
    expect(garbage.html).toContain('This is not a certificate.');
    expect(garbage.html).toContain('aria-invalid="true"');
    // What was pasted comes back, so it can be corrected.
    expect(garbage.html).toContain('hello, is this my licence?');
    expect(outcomes(garbage.html)).toEqual({});

    const header = Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: 'JWT', kid: platform.kid }));
    const idToken = `${header.toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}.c2ln`;
    const wrongType = await submit([['certificate', idToken]]);
    expect(wrongType.status).toBe(400);
    expect(textOf(wrongType.html, 'p').join(' ')).toContain(
      'This is a token of type "JWT", not a Clearframe certificate (type "clearframe-cert+jwt").',
    );

    const badLine = new File([`${JSON.stringify(entry(0))}\n{"clipId": oops}\n`], 'm.jsonl');
    const badManifest = await submit([
      ['certificate', jws],
      ['manifest', badLine],
    ]);
    expect(badManifest.status).toBe(400);
    expect(badManifest.html).toContain('Line 2 of the manifest is not valid JSON.');

    const notAnEntry = new File([`${JSON.stringify({ ...entry(0), sha256: 'abc' })}\n`], 'm.jsonl');
    const wrongShape = await submit([
      ['certificate', jws],
      ['manifest', notAnEntry],
    ]);
    expect(wrongShape.html).toContain('Line 1 of the manifest is not a manifest entry (sha256:');
    // Input errors stop before any status look-up.
    expect(api.calls.map((call) => call.path)).not.toContain(`/v1/certificates/${CERT_ID}`);
  });

  it('says so when the platform keys cannot be loaded, instead of passing or failing the signature', async () => {
    api.on('GET /.well-known/jwks.json', {
      status: 503,
      body: { type: 'x', title: 'Unavailable', status: 503, code: 'service_unavailable' },
    });
    const { html } = await submit([['certificate', jws]]);
    expect(outcomes(html).signature).toBe('skipped');
    expect(html).toContain('Certificate not verified');
    expect(html).toContain('signing keys could not be loaded');
  });
});

describe('the page before a check', () => {
  it('is public, loads the platform keys for the browser and prefills ?id= from the API', async () => {
    api.on(`GET /v1/certificates/${CERT_ID}`, { status: 200, body: status(jws) });
    // A member the page has no use for (here a private one, as a broken key store might
    // serve) does not reach the browser.
    api.on('GET /.well-known/jwks.json', {
      status: 200,
      body: { keys: [{ ...platform.publicJwk, d: platform.privateJwk.d }] },
    });
    type LoaderArgs = Parameters<typeof page.loader>[0];
    const loaderData = await page.loader({
      request: new Request(`http://web.test/verify?id=${CERT_ID}`, {
        headers: { 'X-Forwarded-For': '203.0.113.7' },
      }),
    } as LoaderArgs);
    expect(loaderData).toEqual({
      jwks: { keys: [platform.publicJwk] },
      certificate: jws,
      notice: null,
    });
    expect(JSON.stringify(loaderData)).not.toContain(platform.privateJwk.d!);
    // The API sees the visitor's address on both look-ups, so it rate-limits per visitor.
    expect(api.calls.map((call) => call.headers['x-forwarded-for'])).toEqual([
      '203.0.113.7',
      '203.0.113.7',
    ]);
    const { html } = await renderRoutes(
      routes(),
      new Request(`http://web.test/verify?id=${CERT_ID}`),
    );
    expect(textOf(html, 'textarea')).toEqual([jws]);
    // React 18 writes the attribute as encType; HTML attribute names ignore case.
    expect(html).toContain('encType="multipart/form-data"');
    expect(html).toContain('method="post"');
    expect(html).toContain('type="file"');
  });

  it('says when ?id= names no certificate', async () => {
    const { html } = await renderRoutes(
      routes(),
      new Request(`http://web.test/verify?id=${OTHER_CERT_ID}`),
    );
    expect(html).toContain(`Clearframe has no certificate with id ${OTHER_CERT_ID}.`);
    expect(textOf(html, 'textarea')).toEqual(['']);
    const junk = await renderRoutes(routes(), new Request('http://web.test/verify?id=../admin'));
    expect(junk.html).toContain('That link does not carry a certificate id.');
    expect(api.calls.map((call) => call.path)).not.toContain('/v1/certificates/..%2Fadmin');
  });
});

describe('the status relay the browser check uses', () => {
  type LoaderArgs = Parameters<typeof relay.loader>[0];
  const ask = (id: string) =>
    relay.loader({
      request: new Request(`http://web.test/verify/status/${id}`, {
        headers: { 'X-Forwarded-For': '203.0.113.7' },
      }),
      params: { id },
    } as unknown as LoaderArgs);

  it("relays the API's status uncached, and a 404 for an unknown or malformed id", async () => {
    const revoked = status(jws, { status: 'revoked', revokedAt: '2026-11-20T10:30:00.000Z' });
    api.on(`GET /v1/certificates/${CERT_ID}`, { status: 200, body: revoked });
    const found = await ask(CERT_ID);
    expect(found.status).toBe(200);
    expect(found.headers.get('cache-control')).toBe('no-store');
    expect(await found.json()).toEqual(revoked);
    expect(api.calls[0]?.headers['x-forwarded-for']).toBe('203.0.113.7');

    const unknown = await ask(OTHER_CERT_ID);
    expect(unknown.status).toBe(404);
    const malformed = await ask('not-an-id');
    expect(malformed.status).toBe(404);
    expect(api.calls.map((call) => call.path)).toEqual([
      `/v1/certificates/${CERT_ID}`,
      `/v1/certificates/${OTHER_CERT_ID}`,
    ]);
  });
});
