import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  generateCertificateKeyPair,
  signCertificate,
  type CertificateClaimsType,
  type CertificateKeyPair,
} from '@clearframe/contracts/certificates';
import type {
  CertificateStatusType,
  FootageCertificateType,
  FootageLookupType,
} from '@clearframe/contracts/demand';
import { createHash } from 'node:crypto';
import { Outlet, type RouteObject } from 'react-router';
import { PublicKeySet } from '../lib/certificate-check';
import { checkFootage } from '../lib/footage-check';
import { renderRoutes, textOf, withRouteProps } from './route-render.test-helper';
import { problem, startStubApi, type StubApi } from './stub-api.test-helper';

// The public /footage page with its real loader (the no-JavaScript path: a pasted hash in a GET
// form) against a stand-in API over HTTP: certificates signed here with a key the stand-in
// publishes, and inclusion proofs built here by hand from RFC 9162 with node:crypto, not with
// the contracts code the page runs.

const CERT_ID = '3f2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d';
const OTHER_CERT_ID = '8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a';
const LAB_ID = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

const digest = (data: string | Buffer) => createHash('sha256').update(data).digest();
const CLIP_SHAS = ['harbour.mp4', 'market.mp4', 'forest.mp4'].map((name) =>
  digest(`footage of ${name}`).toString('hex'),
);
const OUTSIDER = digest('someone else’s video').toString('hex');

// RFC 9162 over three leaves, by hand: root = node(node(a, b), c); the path of c is
// [node(a, b)], of a is [b, c].
const leaf = (hex: string) => digest(Buffer.concat([Buffer.from([0]), Buffer.from(hex, 'hex')]));
const node = (left: Buffer, right: Buffer) =>
  digest(Buffer.concat([Buffer.from([1]), left, right]));
const [A, B, C] = CLIP_SHAS.map(leaf) as [Buffer, Buffer, Buffer];
const AB = node(A, B);
const ROOT = node(AB, C).toString('hex');

function claims(overrides: Partial<CertificateClaimsType> = {}): CertificateClaimsType {
  return {
    certificateId: CERT_ID,
    issuer: 'https://clearframe.example',
    licensee: { orgId: LAB_ID, name: 'Perceptron Labs' },
    termsHash: `sha256:${digest('terms').toString('hex')}`,
    clipsMerkleRoot: ROOT,
    clipCount: 3,
    totalSeconds: 90,
    issuedAt: '2026-03-01T09:00:00Z',
    validFrom: '2026-03-01T09:00:00Z',
    validUntil: '2028-03-01T09:00:00Z',
    ...overrides,
  };
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

function listed(overrides: Partial<FootageCertificateType> = {}): FootageCertificateType {
  return {
    certificateId: CERT_ID,
    licensee: { name: 'Perceptron Labs' },
    status: 'valid',
    issuedAt: '2026-03-01T09:00:00.000Z',
    validUntil: '2028-03-01T09:00:00.000Z',
    clipsMerkleRoot: ROOT,
    clipCount: 3,
    proof: { leafIndex: 2, treeSize: 3, sha256: CLIP_SHAS[2]!, path: [AB.toString('hex')] },
    ...overrides,
  };
}

function lookup(sha256: string, certificates: FootageCertificateType[]): FootageLookupType {
  return { sha256, certificates, disclosures: [], checkedAt: '2026-12-01T12:00:00.000Z' };
}

let api: StubApi;
let page: typeof import('./footage');
let relay: typeof import('./footage-lookup');
let platform: CertificateKeyPair;
let jws: string;

beforeAll(async () => {
  api = await startStubApi();
  page = await import('./footage');
  relay = await import('./footage-lookup');
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
          id: 'footage',
          path: 'footage',
          loader: page.loader as never,
          Component: withRouteProps(page.default),
        },
      ],
    },
  ];
}

async function open(query: string) {
  const { status: code, html } = await renderRoutes(
    routes(),
    new Request(`http://web.test/footage${query}`),
  );
  return { status: code, html: html.replace(/<!-- -->/g, '') };
}

/** Each listed certificate's proof outcome and status, in the order shown. */
function items(html: string): Array<[string, string, string]> {
  return [
    ...html.matchAll(/data-certificate="([^"]+)" data-proof="(\w+)" data-status="(\w+)"/g),
  ].map((m) => [m[1]!, m[2]!, m[3]!]);
}

describe('the footage look-up without JavaScript (the loader)', () => {
  it('lists the certificate that includes the file, with its proof verified on the server', async () => {
    const hash = CLIP_SHAS[2]!;
    api.on(`GET /v1/footage/${hash}`, { status: 200, body: lookup(hash, [listed()]) });
    api.on(`GET /v1/certificates/${CERT_ID}`, { status: 200, body: status(jws) });
    // Pasted in upper case with spaces around it, as copied from a terminal.
    const { status: code, html } = await open(`?sha256=%20${hash.toUpperCase()}%20`);
    expect(code).toBe(200);
    expect(items(html)).toEqual([[CERT_ID, 'verified', 'valid']]);
    expect(html).toContain('data-checked-in="server"');
    expect(textOf(html, 'h2')).toContain('1 certificate includes this file');
    expect(html).toContain('Proof verified');
    expect(html).toContain('Perceptron Labs');
    expect(html).toContain('Clip 3 of 3');
    expect(html).toContain(`/verify?id=${CERT_ID}`);
    expect(html).toContain('Only the hash is sent, never the file.');
    expect(api.calls.map((call) => [call.method, call.path, call.token])).toEqual([
      ['GET', '/.well-known/jwks.json', null],
      ['GET', `/v1/footage/${hash}`, null],
      ['GET', `/v1/certificates/${CERT_ID}`, null],
    ]);
  });

  it('names a public model whose disclosure cites the certificate, proof verified through it', async () => {
    const hash = CLIP_SHAS[2]!;
    const DISCLOSURE_ID = '5b3f1c2a-8d4e-4f6a-9b7c-1d2e3f4a5b6c';
    api.on(`GET /v1/footage/${hash}`, {
      status: 200,
      body: {
        ...lookup(hash, [listed()]),
        disclosures: [
          {
            disclosureId: DISCLOSURE_ID,
            model: { name: 'Tidewater', version: '2.1' },
            lab: { orgId: '7c9e6679-7425-40de-944b-e07fc1f90ae7', name: 'Perceptron Labs' },
            publishedAt: '2026-11-20T10:00:00.000Z',
            certificateIds: [CERT_ID],
          },
        ],
      },
    });
    api.on(`GET /v1/certificates/${CERT_ID}`, { status: 200, body: status(jws) });
    const { html } = await open(`?sha256=${hash}`);
    expect(html).toContain('Models that declared training on it');
    expect(html).toMatch(new RegExp(`data-disclosure="${DISCLOSURE_ID}" data-proof="verified"`));
    expect(html).toContain('Tidewater 2.1');
    expect(html).toContain(`/disclosures/${DISCLOSURE_ID}`);
  });

  it('fails a proof that does not lead to the signed root, and a certificate signed by someone else', async () => {
    const hash = CLIP_SHAS[0]!;
    const stranger = await generateCertificateKeyPair({ kid: 'clearframe-2026-03' });
    const forgedJws = await signCertificate(
      claims({ certificateId: OTHER_CERT_ID }),
      stranger.privateJwk,
    );
    api.on(`GET /v1/footage/${hash}`, {
      status: 200,
      body: lookup(hash, [
        // The right siblings in the wrong order: a forged path.
        listed({
          proof: {
            leafIndex: 0,
            treeSize: 3,
            sha256: hash,
            path: [C.toString('hex'), B.toString('hex')],
          },
        }),
        listed({
          certificateId: OTHER_CERT_ID,
          proof: {
            leafIndex: 0,
            treeSize: 3,
            sha256: hash,
            path: [B.toString('hex'), C.toString('hex')],
          },
        }),
      ]),
    });
    api.on(`GET /v1/certificates/${CERT_ID}`, { status: 200, body: status(jws) });
    api.on(`GET /v1/certificates/${OTHER_CERT_ID}`, {
      status: 200,
      body: status(forgedJws, { certificateId: OTHER_CERT_ID }),
    });
    const { html } = await open(`?sha256=${hash}`);
    expect(items(html)).toEqual([
      [CERT_ID, 'failed', 'valid'],
      [OTHER_CERT_ID, 'failed', 'valid'],
    ]);
    expect(html).toContain('does not lead to the Merkle root');
    expect(html).toContain('signature does not verify');
    expect(html).not.toContain('Proof verified');
  });

  it('the same proof, correct, verifies; so does a revoked certificate, shown as revoked', async () => {
    const hash = CLIP_SHAS[0]!;
    api.on(`GET /v1/footage/${hash}`, {
      status: 200,
      body: lookup(hash, [
        listed({
          status: 'revoked',
          proof: {
            leafIndex: 0,
            treeSize: 3,
            sha256: hash,
            path: [B.toString('hex'), C.toString('hex')],
          },
        }),
      ]),
    });
    api.on(`GET /v1/certificates/${CERT_ID}`, {
      status: 200,
      body: status(jws, { status: 'revoked', revokedAt: '2026-11-20T10:30:00.000Z' }),
    });
    const { html } = await open(`?sha256=${hash}`);
    expect(items(html)).toEqual([[CERT_ID, 'verified', 'revoked']]);
    expect(html).toContain('Revoked');
  });

  it('says plainly when no certificate includes the file', async () => {
    api.on(`GET /v1/footage/${OUTSIDER}`, { status: 200, body: lookup(OUTSIDER, []) });
    const { status: code, html } = await open(`?sha256=${OUTSIDER}`);
    expect(code).toBe(200);
    expect(items(html)).toEqual([]);
    expect(textOf(html, 'h2')).toContain('No Clearframe certificate includes this file');
  });

  it('refuses a malformed hash next to the field without asking the API', async () => {
    const { status: code, html } = await open('?sha256=not-a-hash');
    expect(code).toBe(400);
    expect(html).toContain('Enter the file’s SHA-256: 64 characters');
    expect(html).toContain('value="not-a-hash"');
    expect(api.calls.map((call) => call.path)).toEqual(['/.well-known/jwks.json']);
  });

  it('shows the form and nothing else without a hash; an API that is down is a notice', async () => {
    const empty = await open('');
    expect(empty.status).toBe(200);
    expect(empty.html).toContain('name="sha256"');
    expect(empty.html).toContain('method="get"');
    expect(items(empty.html)).toEqual([]);
    api.on(`GET /v1/footage/${OUTSIDER}`, problem(503, 'service_unavailable'));
    const down = await open(`?sha256=${OUTSIDER}`);
    expect(down.html).toContain('Clearframe cannot be reached right now');
  });
});

describe('checkFootage', () => {
  it('does not vouch for anything when the keys could not be loaded', async () => {
    const hash = CLIP_SHAS[2]!;
    const outcome = await checkFootage({
      sha256: hash,
      jwks: null,
      lookup: async () => ({ kind: 'found', lookup: lookup(hash, [listed()]) }),
      lookupStatus: async () => ({ kind: 'found', status: status(jws) }),
    });
    expect(outcome.report?.items.map((item) => item.proof)).toEqual(['not_checked']);
  });

  it('fails a listed proof for another file than the one asked about', async () => {
    const outcome = await checkFootage({
      sha256: CLIP_SHAS[0]!,
      jwks: PublicKeySet.parse({ keys: [platform.publicJwk] }),
      lookup: async () => ({ kind: 'found', lookup: lookup(CLIP_SHAS[0]!, [listed()]) }),
      lookupStatus: async () => ({ kind: 'found', status: status(jws) }),
    });
    expect(outcome.report?.items.map((item) => item.proof)).toEqual(['failed']);
  });
});

describe('checkFootage with many certificates', () => {
  it('checks every one, in the order listed, a few at a time', async () => {
    const hash = CLIP_SHAS[2]!;
    const ids = Array.from(
      { length: 9 },
      (_, index) => `00000000-0000-4000-8000-00000000000${index}`,
    );
    let inFlight = 0;
    let most = 0;
    const outcome = await checkFootage({
      sha256: hash,
      jwks: PublicKeySet.parse({ keys: [platform.publicJwk] }),
      lookup: async () => ({
        kind: 'found',
        lookup: lookup(
          hash,
          ids.map((certificateId) => listed({ certificateId })),
        ),
      }),
      lookupStatus: async () => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight -= 1;
        return { kind: 'found', status: status(jws) };
      },
    });
    // Every certificate id here differs from the one signed, so each is refused, and none skipped.
    expect(outcome.report?.items.map((item) => [item.certificateId, item.proof])).toEqual(
      ids.map((id) => [id, 'failed']),
    );
    expect(most).toBe(4);
  });
});

describe('the look-up relay the browser uses', () => {
  type LoaderArgs = Parameters<typeof relay.loader>[0];
  const ask = (sha256: string) =>
    relay.loader({
      request: new Request(`http://web.test/footage/lookup/${sha256}`, {
        headers: { 'X-Forwarded-For': '203.0.113.7' },
      }),
      params: { sha256 },
    } as unknown as LoaderArgs);

  it("relays the API's answer uncached, refuses a malformed hash, and reports an API that is down", async () => {
    const hash = CLIP_SHAS[1]!;
    const body = lookup(hash, [listed()]);
    api.on(`GET /v1/footage/${hash}`, { status: 200, body });
    const found = await ask(hash);
    expect(found.status).toBe(200);
    expect(found.headers.get('cache-control')).toBe('no-store');
    expect(await found.json()).toEqual(body);
    expect(api.calls[0]?.headers['x-forwarded-for']).toBe('203.0.113.7');

    const malformed = await ask('abc');
    expect(malformed.status).toBe(422);
    expect((await malformed.json()).code).toBe('validation_failed');
    expect(api.calls).toHaveLength(1);

    api.on(`GET /v1/footage/${OUTSIDER}`, problem(500, 'internal_error'));
    const down = await ask(OUTSIDER);
    expect(down.status).toBe(503);
  });
});
