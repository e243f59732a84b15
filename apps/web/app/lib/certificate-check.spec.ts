import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  generateCertificateKeyPair,
  signCertificate,
  type CertificateClaimsType,
  type CertificateKeyPair,
} from '@clearframe/contracts/certificates';
import type { CertificateStatusType } from '@clearframe/contracts/demand';
import { createHash } from 'node:crypto';
import {
  parseManifest,
  PublicKeySet,
  readCertificateInput,
  runVerification,
  type StatusLookup,
} from './certificate-check';

// The checks the browser runs (the route spec drives the same code through the action), with
// the clock pinned and the status look-up answered in the test.

const CERT_ID = '3f2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d';
const hex = (text: string) => createHash('sha256').update(text).digest('hex');
const SHA = hex('one clip');
// RFC 9162 over one leaf: the root is the leaf hash, SHA-256(0x00 || digest).
const ROOT = createHash('sha256')
  .update(Buffer.concat([Buffer.from([0]), Buffer.from(SHA, 'hex')]))
  .digest('hex');

const CLAIMS: CertificateClaimsType = {
  certificateId: CERT_ID,
  issuer: 'https://clearframe.example',
  licensee: { orgId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', name: 'Perceptron Labs' },
  termsHash: `sha256:${hex('terms')}`,
  clipsMerkleRoot: ROOT,
  clipCount: 1,
  totalSeconds: 12,
  issuedAt: '2026-03-01T09:00:00Z',
  validFrom: '2026-03-01T09:00:00Z',
  validUntil: null,
};

let keys: CertificateKeyPair;
let jws: string;
beforeAll(async () => {
  keys = await generateCertificateKeyPair({ kid: 'k1' });
  jws = await signCertificate(CLAIMS, keys.privateJwk);
});

function found(overrides: Partial<CertificateStatusType> = {}): StatusLookup {
  return {
    kind: 'found',
    status: {
      certificateId: CERT_ID,
      status: 'valid',
      jws,
      keyId: 'k1',
      claims: CLAIMS,
      revokedAt: null,
      checkedAt: '2026-12-01T12:00:00Z',
      ...overrides,
    },
  };
}

const line = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    clipId: '00000000-0000-4000-8000-000000000001',
    sha256: SHA,
    certificateId: CERT_ID,
    position: 0,
    ...overrides,
  });

async function run(
  options: { lookup?: StatusLookup; manifest?: string; now?: string; certificate?: string } = {},
) {
  const asked: string[] = [];
  const outcome = await runVerification({
    certificate: options.certificate ?? jws,
    manifest:
      options.manifest === undefined ? null : new File([options.manifest], 'manifest.jsonl'),
    jwks: PublicKeySet.parse({ keys: [keys.publicJwk] }),
    lookupStatus: async (id) => {
      asked.push(id);
      return options.lookup ?? found();
    },
    now: new Date(options.now ?? '2026-12-01T12:00:00Z'),
  });
  const byId = Object.fromEntries((outcome.report?.checks ?? []).map((check) => [check.id, check]));
  return { outcome, byId, asked };
}

describe('runVerification', () => {
  it('passes a perpetual certificate and says it has no end date', async () => {
    const { outcome, byId, asked } = await run({ manifest: `\uFEFF${line()}\r\n\r\n` });
    expect(outcome.report?.verified).toBe(true);
    expect(byId.window?.explanation).toBe(
      'Valid from 1 Mar 2026, 09:00 UTC, with no end date; now (1 Dec 2026, 12:00 UTC) is inside that period.',
    );
    expect(byId.manifest?.outcome).toBe('pass');
    expect(asked).toEqual([CERT_ID]);
  });

  it('fails before its start, with the signature still good', async () => {
    const { outcome, byId } = await run({ now: '2026-02-01T00:00:00Z' });
    expect(byId.signature?.outcome).toBe('pass');
    expect(byId.window).toMatchObject({ outcome: 'fail' });
    expect(byId.window?.explanation).toContain('it is not valid yet (now: 1 Feb 2026, 00:00 UTC)');
    expect(outcome.report?.verified).toBe(false);
  });

  it('does not call a certificate verified when its status could not be asked', async () => {
    const { outcome, byId } = await run({ lookup: { kind: 'unavailable' } });
    expect(byId.status?.outcome).toBe('skipped');
    expect(outcome.report?.verified).toBe(false);
  });

  it('fails when the platform holds a different certificate under the id', async () => {
    const other = await signCertificate({ ...CLAIMS, totalSeconds: 13 }, keys.privateJwk);
    const { byId } = await run({ lookup: found({ jws: other }) });
    expect(byId.status?.outcome).toBe('fail');
    expect(byId.status?.explanation).toContain('holds a different certificate');
  });

  it('fails a manifest whose entries repeat a position, or belong to another certificate', async () => {
    const twice = await run({ manifest: [line(), line({ clipId: CERT_ID })].join('\n') });
    expect(twice.byId.manifest?.explanation).toContain('two of them claim position 0');
    const other = await run({
      manifest: line({ certificateId: '8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a' }),
    });
    expect(other.byId.manifest).toMatchObject({ outcome: 'fail' });
    expect(other.byId.manifest?.explanation).toContain("None of the file's 1 entry belongs");
  });

  it('refuses an empty manifest file and an empty certificate', async () => {
    expect((await run({ manifest: '\n\n' })).outcome).toEqual({
      report: null,
      field: 'manifest',
      error: 'The manifest file has no entries.',
    });
    expect((await run({ certificate: ' \n ' })).outcome).toMatchObject({
      field: 'certificate',
      error: 'Paste a certificate to verify.',
    });
  });
});

describe('input readers', () => {
  it('reads a wrapped certificate and names the key', () => {
    expect(readCertificateInput(`${jws.slice(0, 10)}\n  ${jws.slice(10)}`)).toEqual({
      ok: true,
      value: { jws, keyId: 'k1' },
    });
  });

  it('names the line of a manifest that is not JSON', () => {
    expect(parseManifest(`${line()}\n\n${line()}\nnot json`)).toEqual({
      ok: false,
      message: 'Line 4 of the manifest is not valid JSON.',
    });
  });
});
