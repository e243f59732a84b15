// A lab, an auditor or a journalist must be able to check a Clearframe certificate with any
// JOSE library and nothing from Clearframe. The certificate is issued with the package (the
// platform's side); everything after `published` uses only `jose`, `node:crypto` and JSON.
import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import {
  generateCertificateKeyPair,
  merkleRoot,
  signCertificate,
} from '../src/certificates/index.js';
import { LICENSE_TEMPLATES, canonicalize, termsHash } from '../src/license/index.js';

async function issue() {
  const keys = await generateCertificateKeyPair({ kid: 'clearframe-2026' });
  const clipDigests = ['clip-a', 'clip-b', 'clip-c'].map((clip) =>
    createHash('sha256').update(clip).digest('hex'),
  );
  const terms = LICENSE_TEMPLATES['training-standard'].terms;
  const certificate = await signCertificate(
    {
      certificateId: '3d6f1a2b-9c8e-4f7a-b6d5-0e1f2a3b4c5d',
      issuer: 'https://clearframe.dev',
      licensee: { orgId: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d', name: 'Example Lab' },
      termsHash: termsHash(terms),
      clipsMerkleRoot: merkleRoot(clipDigests),
      clipCount: clipDigests.length,
      totalSeconds: 95,
      issuedAt: '2026-03-01T12:00:00Z',
      validFrom: '2026-03-01T12:00:00Z',
      validUntil: '2028-03-01T12:00:00Z',
    },
    keys.privateJwk,
  );
  // What the platform publishes: the certificate, /.well-known/jwks.json, the terms and the clip digests.
  return {
    certificate,
    jwksJson: JSON.stringify({ keys: [keys.publicJwk] }),
    termsJson: canonicalize(terms),
    clipDigests,
  };
}

describe('a certificate verified with plain jose', () => {
  it('verifies with only the public JWKS', async () => {
    const published = await issue();

    const jwks = createLocalJWKSet(JSON.parse(published.jwksJson));
    const { payload, protectedHeader } = await jwtVerify(published.certificate, jwks, {
      algorithms: ['EdDSA'],
      issuer: 'https://clearframe.dev',
      typ: 'clearframe-cert+jwt',
      currentDate: new Date('2027-01-01T00:00:00Z'),
    });
    expect(protectedHeader).toEqual({
      alg: 'EdDSA',
      kid: 'clearframe-2026',
      typ: 'clearframe-cert+jwt',
    });
    expect(payload).toMatchObject({
      ver: 'clearframe.certificate/1',
      sub: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
      jti: '3d6f1a2b-9c8e-4f7a-b6d5-0e1f2a3b4c5d',
      licensee_name: 'Example Lab',
      clip_count: 3,
      total_seconds: 95,
      nbf: Date.parse('2026-03-01T12:00:00Z') / 1000,
      exp: Date.parse('2028-03-01T12:00:00Z') / 1000,
    });

    // The terms hash is SHA-256 over the published canonical terms.
    expect(payload.terms_hash).toBe(
      `sha256:${createHash('sha256').update(published.termsJson).digest('hex')}`,
    );

    // The clips root is the RFC 9162 Merkle tree hash of the clip digests, in order.
    const leaf = (hex: string) =>
      createHash('sha256')
        .update(Buffer.concat([Buffer.from([0]), Buffer.from(hex, 'hex')]))
        .digest();
    const node = (left: Buffer, right: Buffer) =>
      createHash('sha256')
        .update(Buffer.concat([Buffer.from([1]), left, right]))
        .digest();
    const [a, b, c] = published.clipDigests.map(leaf) as [Buffer, Buffer, Buffer];
    expect(payload.clips_root).toBe(node(node(a, b), c).toString('hex'));
  });

  it('rejects the certificate once expired, or under a key that is not in the JWKS', async () => {
    const published = await issue();
    const jwks = createLocalJWKSet(JSON.parse(published.jwksJson));
    await expect(
      jwtVerify(published.certificate, jwks, {
        algorithms: ['EdDSA'],
        currentDate: new Date('2030-01-01T00:00:00Z'),
      }),
    ).rejects.toMatchObject({
      code: 'ERR_JWT_EXPIRED',
    });
    const other = await generateCertificateKeyPair({
      kid: decodeProtectedHeader(published.certificate).kid!,
    });
    await expect(
      jwtVerify(published.certificate, createLocalJWKSet({ keys: [other.publicJwk] }), {
        algorithms: ['EdDSA'],
        currentDate: new Date('2027-01-01T00:00:00Z'),
      }),
    ).rejects.toMatchObject({
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });
  });
});
