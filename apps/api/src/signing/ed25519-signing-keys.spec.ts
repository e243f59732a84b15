import { createHash, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  CertificateError,
  verifyCertificate,
  type CertificateClaimsType,
} from '@clearframe/contracts/certificates';
import {
  DISCLOSURE_TYPE,
  verifyDisclosure,
  type DisclosureContentType,
} from '@clearframe/contracts/transparency';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { AppConfig } from '../config/app-config.js';
import { Ed25519SigningKeys, KEY_FILE } from './ed25519-signing-keys.js';

const claims: CertificateClaimsType = {
  certificateId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  issuer: 'https://clearframe.test',
  licensee: { orgId: '7c9e6679-7425-40de-944b-e07fc1f90ae7', name: 'Perceptron Labs' },
  termsHash: `sha256:${'a'.repeat(64)}`,
  clipsMerkleRoot: 'b'.repeat(64),
  clipCount: 3,
  totalSeconds: 42,
  issuedAt: '2026-03-01T00:00:00Z',
  validFrom: '2026-03-01T00:00:00Z',
  validUntil: null,
};
const verifyAt = { now: new Date('2026-06-01T00:00:00Z') };

async function failure(promise: Promise<unknown>): Promise<CertificateError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CertificateError) return error;
    throw error;
  }
  throw new Error('expected verification to fail');
}

/** RFC 7638: SHA-256 over the required members in lexicographic order, base64url. */
function rfc7638(x: string): string {
  return createHash('sha256')
    .update(JSON.stringify({ crv: 'Ed25519', kty: 'OKP', x }))
    .digest('base64url');
}

describe('Ed25519SigningKeys', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearframe-keys-'));
  });
  afterEach(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const embedded = () => AppConfig.fromEnv({ DATA_DIR: dataDir }).signing;

  it('generates the embedded key once and reuses it, readable only by its owner', async () => {
    const [first, concurrent] = await Promise.all([
      Ed25519SigningKeys.load(embedded()),
      Ed25519SigningKeys.load(embedded()),
    ]);
    const later = await Ed25519SigningKeys.load(embedded());
    expect(concurrent.keyId).toBe(first.keyId);
    expect(later.jwks()).toEqual(first.jwks());
    const file = path.join(dataDir, 'keys', KEY_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    // A certificate signed before the restart still verifies after it.
    const jws = await first.signCertificate(claims);
    expect(await verifyCertificate(jws, later.jwks(), verifyAt)).toEqual(claims);
  });

  it('derives per-purpose secrets that every instance on the key shares, and no other key has', async () => {
    const keys = await Ed25519SigningKeys.load(embedded());
    const again = await Ed25519SigningKeys.load(embedded());
    const secret = keys.deriveSecret('catalog-cursor/1');
    expect(secret).toHaveLength(32);
    expect(again.deriveSecret('catalog-cursor/1').equals(secret)).toBe(true);
    expect(keys.deriveSecret('other/1').equals(secret)).toBe(false);
    const otherDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearframe-keys-'));
    try {
      const other = await Ed25519SigningKeys.load(
        AppConfig.fromEnv({ DATA_DIR: otherDir }).signing,
      );
      expect(other.deriveSecret('catalog-cursor/1').equals(secret)).toBe(false);
    } finally {
      fs.rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('publishes only the public key, under its RFC 7638 thumbprint', async () => {
    const keys = await Ed25519SigningKeys.load(embedded());
    const [jwk] = keys.jwks().keys;
    expect(Object.keys(jwk!).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(keys.keyId).toBe(rfc7638(jwk!.x));
    expect(jwk!.kid).toBe(keys.keyId);
  });

  it('signs with CERT_SIGNING_KEY from the environment, as PEM or as a JWK with its kid', async () => {
    const pair = generateKeyPairSync('ed25519');
    const pem = pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const x = pair.publicKey.export({ format: 'jwk' }).x!;
    const fromPem = await Ed25519SigningKeys.load(
      AppConfig.fromEnv({ CERT_SIGNING_KEY: pem }).signing,
    );
    expect(fromPem.keyId).toBe(rfc7638(x));
    expect(fromPem.jwks().keys[0]!.x).toBe(x);
    const fromJwk = await Ed25519SigningKeys.load(
      AppConfig.fromEnv({
        CERT_SIGNING_KEY: JSON.stringify({
          ...pair.privateKey.export({ format: 'jwk' }),
          kid: 'k-2026',
        }),
      }).signing,
    );
    expect(fromJwk.keyId).toBe('k-2026');
    const jws = await fromJwk.signCertificate(claims);
    expect(await verifyCertificate(jws, fromJwk.jwks(), verifyAt)).toEqual(claims);
    // Nothing was written: the key lives in the secret store only.
    expect(fs.existsSync(path.join(dataDir, 'keys'))).toBe(false);
  });

  it('makes certificates that fail against another key or once altered', async () => {
    const keys = await Ed25519SigningKeys.load(embedded());
    const other = await Ed25519SigningKeys.load(
      AppConfig.fromEnv({ DATA_DIR: path.join(dataDir, 'other') }).signing,
    );
    const jws = await keys.signCertificate(claims);
    expect((await failure(verifyCertificate(jws, other.jwks(), verifyAt))).code).toBe(
      'unknown_key',
    );
    const forged = await other.signCertificate(claims);
    const [, payload, signature] = forged.split('.');
    const [header] = jws.split('.');
    expect(
      (await failure(verifyCertificate(`${header}.${payload}.${signature}`, keys.jwks(), verifyAt)))
        .code,
    ).toBe('bad_signature');
  });

  it('signs disclosures under the same key and kid, as a JWS plain jose verifies', async () => {
    const keys = await Ed25519SigningKeys.load(embedded());
    const content: DisclosureContentType = {
      schema: 'clearframe.disclosure/1',
      disclosureId: '11111111-1111-4111-8111-111111111111',
      issuer: 'https://clearframe.test',
      publishedAt: '2026-12-01T12:00:00.000Z',
      lab: { orgId: claims.licensee.orgId, name: 'Perceptron Labs' },
      model: {
        id: '33333333-3333-4333-8333-333333333333',
        name: 'Tidewater',
        version: '1.0',
        releaseDate: null,
        outputModalities: ['video'],
      },
      stages: [],
      certificates: [
        {
          certificateId: claims.certificateId,
          termsHash: claims.termsHash,
          clipsMerkleRoot: claims.clipsMerkleRoot,
          clipCount: 3,
          totalSeconds: 42,
          validFrom: '2026-03-01T00:00:00.000Z',
          validUntil: null,
          stages: ['pre-training'],
        },
      ],
      totals: { clips: 3, seconds: 42, hours: 0.012, distinctCreators: 1 },
      footage: {
        modality: 'video',
        licensePeriod: { from: '2026-03-01T00:00:00.000Z', until: null },
        listingPeriod: { from: '2026-02-01T00:00:00.000Z', until: '2026-02-02T00:00:00.000Z' },
      },
    };
    const jws = await keys.signDisclosure(content);
    const { payload, protectedHeader } = await jwtVerify(jws, createLocalJWKSet(keys.jwks()), {
      typ: DISCLOSURE_TYPE,
    });
    expect(protectedHeader).toEqual({
      alg: 'EdDSA',
      kid: keys.keyId,
      typ: 'clearframe-disclosure+jwt',
    });
    expect(payload).toEqual({
      iss: 'https://clearframe.test',
      sub: '33333333-3333-4333-8333-333333333333',
      jti: '11111111-1111-4111-8111-111111111111',
      iat: Date.parse('2026-12-01T12:00:00.000Z') / 1000,
      disclosure: content,
    });
    expect(await verifyDisclosure(jws, keys.jwks())).toEqual(content);
    // A certificate is not a disclosure, even under the same key.
    await expect(verifyDisclosure(await keys.signCertificate(claims), keys.jwks())).rejects.toThrow(
      /typ/,
    );
  });

  it('refuses to start on a damaged key file instead of replacing the key', async () => {
    const file = path.join(dataDir, 'keys', KEY_FILE);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{"kty":"OKP"');
    await expect(Ed25519SigningKeys.load(embedded())).rejects.toThrow(
      `${file} does not hold an Ed25519 private key`,
    );
    expect(fs.readFileSync(file, 'utf8')).toBe('{"kty":"OKP"');
  });

  it('publishes retired keys after the current one, so certificates they signed keep verifying', async () => {
    const old = await Ed25519SigningKeys.load(embedded());
    const oldJws = await old.signCertificate(claims);
    const [oldKey] = old.jwks().keys;
    const rotatedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearframe-keys-rotated-'));
    try {
      const rotated = await Ed25519SigningKeys.load({
        source: 'file',
        dir: rotatedDir,
        retiredKeys: [{ kty: 'OKP', crv: 'Ed25519', x: oldKey!.x, kid: oldKey!.kid }],
      });
      const jwks = rotated.jwks();
      expect(jwks.keys.map((key) => key.kid)).toEqual([rotated.keyId, old.keyId]);
      expect(jwks.keys[1]).toEqual({ ...oldKey });
      expect(JSON.stringify(jwks)).not.toContain('"d"');
      await expect(verifyCertificate(oldJws, jwks, verifyAt)).resolves.toMatchObject({
        certificateId: claims.certificateId,
      });
      const fresh = await rotated.signCertificate(claims);
      await expect(verifyCertificate(fresh, jwks, verifyAt)).resolves.toBeDefined();
      // Without the retired key published, the old certificate no longer verifies.
      expect(
        (await failure(verifyCertificate(oldJws, { keys: [jwks.keys[0]!] }, verifyAt))).code,
      ).toBe('unknown_key');
    } finally {
      fs.rmSync(rotatedDir, { recursive: true, force: true });
    }
  });
});
