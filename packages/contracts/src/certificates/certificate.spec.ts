import { describe, expect, it } from '@jest/globals';
import { generateKeyPair, SignJWT, base64url, type JWK } from 'jose';
import { CertificateError, type CertificateErrorCode } from './certificate.errors.js';
import { generateCertificateKeyPair, publicJwkOf } from './certificate.keys.js';
import { CERTIFICATE_TYPE, type CertificateClaimsType } from './certificate.schema.js';
import { signCertificate } from './certificate.signer.js';
import { verifyCertificate } from './certificate.verifier.js';

const claims: CertificateClaimsType = {
  certificateId: '6f1c2a9e-4b7d-4c1e-9a53-2d8e7f0b1c3a',
  issuer: 'https://clearframe.dev',
  licensee: { orgId: '0b9d6a52-8f3e-4d71-a2c4-5e6f7a8b9c0d', name: 'Example Lab' },
  termsHash: `sha256:${'a'.repeat(64)}`,
  clipsMerkleRoot: 'b'.repeat(64),
  clipCount: 3,
  totalSeconds: 271.5,
  issuedAt: '2026-01-15T10:00:00Z',
  validFrom: '2026-01-15T10:00:00Z',
  validUntil: '2028-01-15T10:00:00Z',
};
const during = { now: new Date('2027-01-01T00:00:00Z') };

async function failure(promise: Promise<unknown>): Promise<CertificateErrorCode> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(CertificateError);
    return (error as CertificateError).code;
  }
  throw new Error('expected a CertificateError');
}

describe('certificates', () => {
  it('signs a compact EdDSA JWS with a kid and verifies it back to the same claims', async () => {
    const keys = await generateCertificateKeyPair({ kid: 'cf-2026-01' });
    const jws = await signCertificate(claims, keys.privateJwk);
    expect(jws.split('.')).toHaveLength(3);
    const header = JSON.parse(new TextDecoder().decode(base64url.decode(jws.split('.')[0]!)));
    expect(header).toEqual({ alg: 'EdDSA', kid: 'cf-2026-01', typ: CERTIFICATE_TYPE });
    await expect(verifyCertificate(jws, { keys: [keys.publicJwk] }, during)).resolves.toEqual(
      claims,
    );
  });

  it('names the key by its RFC 7638 thumbprint when no kid is given, and supports perpetual certificates', async () => {
    const keys = await generateCertificateKeyPair();
    expect(keys.kid).toMatch(/^[\w-]{43}$/);
    const { kid: _kid, ...withoutKid } = keys.privateJwk;
    const perpetual = { ...claims, validUntil: null };
    const jws = await signCertificate(perpetual, withoutKid);
    await expect(
      verifyCertificate(jws, { keys: [keys.publicJwk] }, { now: new Date('2090-01-01T00:00:00Z') }),
    ).resolves.toEqual(perpetual);
  });

  it('signs with a CryptoKey and an explicit kid', async () => {
    const { privateKey, publicKey } = await generateKeyPair('Ed25519');
    const { exportJWK } = await import('jose');
    const jws = await signCertificate(claims, { kid: 'crypto-key', key: privateKey });
    await expect(
      verifyCertificate(
        jws,
        { keys: [publicJwkOf(await exportJWK(publicKey), 'crypto-key')] },
        during,
      ),
    ).resolves.toEqual(claims);
  });

  it('fails on any changed byte', async () => {
    const keys = await generateCertificateKeyPair({ kid: 'k' });
    const jws = await signCertificate(claims, keys.privateJwk);
    const jwks = { keys: [keys.publicJwk] };
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let index = 0; index < jws.length; index++) {
      if (jws[index] === '.') continue;
      const replacement = alphabet[(alphabet.indexOf(jws[index]!) + 1) % alphabet.length]!;
      const tampered = jws.slice(0, index) + replacement + jws.slice(index + 1);
      const code = await failure(verifyCertificate(tampered, jwks, during));
      expect(['bad_signature', 'malformed', 'unknown_key', 'unsupported_algorithm']).toContain(
        code,
      );
    }
  });

  it('fails with a wrong key under the same kid, and with an unknown kid', async () => {
    const signer = await generateCertificateKeyPair({ kid: 'k' });
    const other = await generateCertificateKeyPair({ kid: 'k' });
    const jws = await signCertificate(claims, signer.privateJwk);
    expect(await failure(verifyCertificate(jws, { keys: [other.publicJwk] }, during))).toBe(
      'bad_signature',
    );
    const unknown = await generateCertificateKeyPair({ kid: 'someone-else' });
    expect(await failure(verifyCertificate(jws, { keys: [unknown.publicJwk] }, during))).toBe(
      'unknown_key',
    );
  });

  it('fails when expired or not yet valid', async () => {
    const keys = await generateCertificateKeyPair({ kid: 'k' });
    const jws = await signCertificate(claims, keys.privateJwk);
    const jwks = { keys: [keys.publicJwk] };
    expect(
      await failure(verifyCertificate(jws, jwks, { now: new Date('2028-01-15T10:00:01Z') })),
    ).toBe('expired');
    expect(
      await failure(verifyCertificate(jws, jwks, { now: new Date('2026-01-15T09:59:59Z') })),
    ).toBe('not_yet_valid');
    await expect(
      verifyCertificate(jws, jwks, {
        now: new Date('2028-01-15T10:00:30Z'),
        clockToleranceSeconds: 60,
      }),
    ).resolves.toEqual(claims);
  });

  it('counts the clock tolerance in seconds, to the second, on both ends', async () => {
    const keys = await generateCertificateKeyPair({ kid: 'k' });
    const jws = await signCertificate(claims, keys.privateJwk);
    const jwks = { keys: [keys.publicJwk] };
    const at = (now: string, clockToleranceSeconds?: number) =>
      verifyCertificate(jws, jwks, { now: new Date(now), clockToleranceSeconds });
    // validUntil is 2028-01-15T10:00:00Z and validFrom 2026-01-15T10:00:00Z.
    await expect(at('2028-01-15T09:59:59Z')).resolves.toEqual(claims);
    expect(await failure(at('2028-01-15T10:00:00Z'))).toBe('expired');
    await expect(at('2028-01-15T10:00:59Z', 60)).resolves.toEqual(claims);
    expect(await failure(at('2028-01-15T10:01:00Z', 60))).toBe('expired');
    expect(await failure(at('2028-01-15T10:01:01Z', 60))).toBe('expired');
    await expect(at('2026-01-15T10:00:00Z')).resolves.toEqual(claims);
    await expect(at('2026-01-15T09:59:00Z', 60)).resolves.toEqual(claims);
    expect(await failure(at('2026-01-15T09:58:59Z', 60))).toBe('not_yet_valid');
  });

  it('refuses a licensee name with invisible or direction-changing characters, signing or verifying', async () => {
    const keys = await generateCertificateKeyPair({ kid: 'k' });
    for (const name of [
      'Example\u202ebaL',
      'Exam\u200bple Lab',
      'Example\u0000Lab',
      ' Example Lab',
    ]) {
      try {
        await signCertificate(
          { ...claims, licensee: { ...claims.licensee, name } },
          keys.privateJwk,
        );
        throw new Error('expected signCertificate to throw');
      } catch (error) {
        expect((error as CertificateError).code).toBe('invalid_claims');
        expect((error as CertificateError).issues[0]!.path).toBe('licensee.name');
      }
    }
    // Signed by hand with the right key, so only the name is wrong.
    const jws = await signCertificate(claims, keys.privateJwk);
    const payload = JSON.parse(new TextDecoder().decode(base64url.decode(jws.split('.')[1]!)));
    const privateKey = await (await import('jose')).importJWK(keys.privateJwk, 'EdDSA');
    const spoofed = await new SignJWT({ ...payload, licensee_name: 'Example\u202ebaL' })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'k', typ: CERTIFICATE_TYPE })
      .sign(privateKey);
    try {
      await verifyCertificate(spoofed, { keys: [keys.publicJwk] }, during);
      throw new Error('expected verifyCertificate to throw');
    } catch (error) {
      expect((error as CertificateError).code).toBe('malformed');
      expect((error as CertificateError).issues[0]!.path).toBe('licensee.name');
    }
    const international = {
      ...claims,
      licensee: { ...claims.licensee, name: 'مختبر علی\u200cرضا' },
    };
    await expect(
      verifyCertificate(
        await signCertificate(international, keys.privateJwk),
        { keys: [keys.publicJwk] },
        during,
      ),
    ).resolves.toEqual(international);
  });

  it('rejects alg "none" and other algorithms', async () => {
    const keys = await generateCertificateKeyPair({ kid: 'k' });
    const jws = await signCertificate(claims, keys.privateJwk);
    const [, payload] = jws.split('.');
    const header = base64url.encode(
      JSON.stringify({ alg: 'none', kid: 'k', typ: CERTIFICATE_TYPE }),
    );
    expect(
      await failure(verifyCertificate(`${header}.${payload}.`, { keys: [keys.publicJwk] }, during)),
    ).toBe('unsupported_algorithm');
    const hs256 = await new SignJWT({
      ...JSON.parse(new TextDecoder().decode(base64url.decode(payload!))),
    })
      .setProtectedHeader({ alg: 'HS256', kid: 'k', typ: CERTIFICATE_TYPE })
      .sign(new Uint8Array(32));
    expect(await failure(verifyCertificate(hs256, { keys: [keys.publicJwk] }, during))).toBe(
      'unsupported_algorithm',
    );
  });

  it('rejects malformed input, a wrong issuer, a foreign token type and a missing kid', async () => {
    const keys = await generateCertificateKeyPair({ kid: 'k' });
    const jwks = { keys: [keys.publicJwk] };
    expect(await failure(verifyCertificate('not a jws', jwks, during))).toBe('malformed');
    expect(await failure(verifyCertificate(42 as never, jwks, during))).toBe('malformed');
    expect(await failure(verifyCertificate('abcde.abcd.abcd', jwks, during))).toBe('malformed');
    expect(await failure(verifyCertificate(`${'a'.repeat(20_000)}.b.c`, jwks, during))).toBe(
      'malformed',
    );
    const jws = await signCertificate(claims, keys.privateJwk);
    expect(
      await failure(verifyCertificate(jws, jwks, { ...during, issuer: 'https://evil.example' })),
    ).toBe('wrong_issuer');
    const { privateKey } = {
      privateKey: await (await import('jose')).importJWK(keys.privateJwk, 'EdDSA'),
    };
    const foreign = await new SignJWT({ sub: 'x' })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'k', typ: 'JWT' })
      .sign(privateKey);
    expect(await failure(verifyCertificate(foreign, jwks, during))).toBe('malformed');
    const noKid = await new SignJWT({ sub: 'x' })
      .setProtectedHeader({ alg: 'EdDSA', typ: CERTIFICATE_TYPE })
      .sign(privateKey);
    expect(await failure(verifyCertificate(noKid, jwks, during))).toBe('malformed');
    const wrongPayload = await new SignJWT({ sub: 'x', iss: 'i', jti: 'j', nbf: 0, iat: 0 })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'k', typ: CERTIFICATE_TYPE })
      .sign(privateKey);
    expect(await failure(verifyCertificate(wrongPayload, jwks, during))).toBe('malformed');
    expect(await failure(verifyCertificate(jws, { keys: 'nope' } as never, during))).toBe(
      'invalid_key_set',
    );
  });

  it('refuses invalid claims and keys when signing, naming the field', async () => {
    const keys = await generateCertificateKeyPair();
    try {
      await signCertificate({ ...claims, clipCount: 0 }, keys.privateJwk);
      throw new Error('expected signCertificate to throw');
    } catch (error) {
      expect((error as CertificateError).code).toBe('invalid_claims');
      expect((error as CertificateError).issues[0]!.path).toBe('clipCount');
    }
    expect(
      await failure(
        signCertificate({ ...claims, issuedAt: '2026-01-15T10:00:00.500Z' }, keys.privateJwk),
      ),
    ).toBe('invalid_claims');
    expect(
      await failure(signCertificate({ ...claims, validUntil: claims.validFrom }, keys.privateJwk)),
    ).toBe('invalid_claims');
    expect(await failure(signCertificate({ ...claims, extra: 1 } as never, keys.privateJwk))).toBe(
      'invalid_claims',
    );
    expect(await failure(signCertificate(claims, keys.publicJwk))).toBe('invalid_key');
    expect(
      await failure(
        signCertificate(claims, { kty: 'EC', crv: 'P-256', d: 'x', x: 'y', y: 'z' } as JWK),
      ),
    ).toBe('invalid_key');
  });
});
