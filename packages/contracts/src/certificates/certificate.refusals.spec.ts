import { createPrivateKey, sign } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import {
  base64url,
  CompactSign,
  errors,
  generateKeyPair,
  importJWK,
  SignJWT,
  type JWK,
  type JWTPayload,
} from 'jose';
import { rejected, thrown } from '../../test/support/thrown.js';
import { CertificateError } from './certificate.errors.js';
import {
  generateCertificateKeyPair,
  publicJwkOf,
  thumbprintKid,
  type CertificateKeyPair,
} from './certificate.keys.js';
import { CERTIFICATE_TYPE, type CertificateClaimsType } from './certificate.schema.js';
import { signCertificate } from './certificate.signer.js';
import { verifyCertificate } from './certificate.verifier.js';
import { merkleRoot } from './merkle.tree.js';

// Every refusal says exactly what is wrong: the code for programs, the sentence for people.

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

const failure = (code: string, message: string) => ({
  name: 'CertificateError',
  code,
  message,
  issues: [],
});

async function setup(): Promise<{ keys: CertificateKeyPair; jws: string; payload: JWTPayload }> {
  const keys = await generateCertificateKeyPair({ kid: 'k' });
  const jws = await signCertificate(claims, keys.privateJwk);
  const payload = JSON.parse(new TextDecoder().decode(base64url.decode(jws.split('.')[1]!)));
  return { keys, jws, payload };
}

/** Signs any header and payload with the key directly, bypassing jose's own header checks. */
function signRaw(header: object, payload: string, privateJwk: JWK): string {
  const input = `${base64url.encode(JSON.stringify(header))}.${payload}`;
  const key = createPrivateKey({ key: privateJwk as never, format: 'jwk' });
  return `${input}.${base64url.encode(sign(null, Buffer.from(input), key))}`;
}

describe('verifyCertificate refusals', () => {
  it.each([
    ['not a JWS at all', 'not a jws'],
    ['a leading non-base64url character', '!abc.def.ghi'],
    ['a trailing non-base64url character', 'abc.def.ghi!'],
    ['four parts', 'abc.def.ghi.jkl'],
    ['something huge', `${'a'.repeat(20_000)}.b.c`],
  ])('refuses %s before parsing it', async (_label, jws) => {
    const { keys } = await setup();
    expect(await rejected(verifyCertificate(jws, { keys: [keys.publicJwk] }, during))).toEqual(
      failure(
        'malformed',
        'A certificate is a compact JWS: three base64url parts separated by dots.',
      ),
    );
  });

  it('refuses a non-string and a well-formed certificate longer than 16 KiB', async () => {
    const { keys, payload } = await setup();
    const jwks = { keys: [keys.publicJwk] };
    const compact = 'A certificate is a compact JWS: three base64url parts separated by dots.';
    expect(await rejected(verifyCertificate(42 as never, jwks, during))).toEqual(
      failure('malformed', compact),
    );
    // Validly signed, so only the size check can refuse it.
    const padded = await new SignJWT({ ...payload, pad: 'x'.repeat(16_000) })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'k', typ: CERTIFICATE_TYPE })
      .sign(await importJWK(keys.privateJwk, 'EdDSA'));
    expect(await rejected(verifyCertificate(padded, jwks, during))).toEqual(
      failure('malformed', compact),
    );
  });

  it('refuses a signature with non-canonical base64url spare bits', async () => {
    const { keys, jws } = await setup();
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(jws.at(-1)!);
    const tampered = `${jws.slice(0, -1)}${alphabet[last ^ 1]}`; // same bytes, other spare bits
    expect(await rejected(verifyCertificate(tampered, { keys: [keys.publicJwk] }, during))).toEqual(
      failure('malformed', 'The certificate is not canonically base64url-encoded.'),
    );
  });

  it('names the algorithm it refuses, the missing kid and the wrong type', async () => {
    const { keys, jws, payload } = await setup();
    const jwks = { keys: [keys.publicJwk] };
    const body = jws.split('.')[1]!;
    const none = `${base64url.encode(JSON.stringify({ alg: 'none', kid: 'k', typ: CERTIFICATE_TYPE }))}.${body}.`;
    expect(await rejected(verifyCertificate(none, jwks, during))).toEqual(
      failure('unsupported_algorithm', 'Algorithm none is not accepted; certificates use EdDSA.'),
    );
    const privateKey = await importJWK(keys.privateJwk, 'EdDSA');
    for (const kid of [undefined, '']) {
      const noKid = await new SignJWT(payload)
        .setProtectedHeader({
          alg: 'EdDSA',
          typ: CERTIFICATE_TYPE,
          ...(kid === undefined ? {} : { kid }),
        })
        .sign(privateKey);
      expect(await rejected(verifyCertificate(noKid, jwks, during))).toEqual(
        failure('malformed', 'The certificate header has no kid.'),
      );
    }
    const wrongType = await new SignJWT(payload)
      .setProtectedHeader({ alg: 'EdDSA', kid: 'k', typ: 'JWT' })
      .sign(privateKey);
    expect(await rejected(verifyCertificate(wrongType, jwks, during))).toEqual(
      failure('malformed', 'The certificate type must be clearframe-cert+jwt.'),
    );
    const unknownCritical = signRaw(
      { alg: 'EdDSA', kid: 'k', typ: CERTIFICATE_TYPE, crit: ['x'], x: 1 },
      body,
      keys.privateJwk,
    );
    expect(await rejected(verifyCertificate(unknownCritical, jwks, during))).toEqual(
      failure('unsupported_algorithm', 'Certificates are signed with EdDSA (Ed25519) only.'),
    );
  });

  it('explains signature, key and key-set failures, keeping the cause', async () => {
    const { keys, jws } = await setup();
    const [header, body, signature] = jws.split('.') as [string, string, string];
    const flipped = `${header}.${body}.${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    expect(await rejected(verifyCertificate(flipped, { keys: [keys.publicJwk] }, during))).toEqual(
      failure('bad_signature', 'The signature does not match the certificate.'),
    );
    const other = await generateCertificateKeyPair({ kid: 'other' });
    expect(await rejected(verifyCertificate(jws, { keys: [other.publicJwk] }, during))).toEqual(
      failure('unknown_key', "No key in the key set matches the certificate's kid."),
    );
    expect(
      await rejected(verifyCertificate(jws, { keys: [keys.publicJwk, keys.publicJwk] }, during)),
    ).toEqual(failure('invalid_key_set', 'The key set lists more than one key for this kid.'));
    expect(await rejected(verifyCertificate(jws, null as never, during))).toEqual(
      failure('invalid_key_set', 'The key set is not a valid JWKS.'),
    );
    expect(
      await rejected(
        verifyCertificate(jws, { keys: [{ ...keys.publicJwk, x: 123 as never }] }, during),
      ),
    ).toEqual(failure('malformed', 'The certificate could not be read.'));
    try {
      await verifyCertificate(flipped, { keys: [keys.publicJwk] }, during);
    } catch (error) {
      expect((error as CertificateError).cause).toBeInstanceOf(
        errors.JWSSignatureVerificationFailed,
      );
    }
  });

  it('explains time and issuer failures', async () => {
    const { keys, jws } = await setup();
    const jwks = { keys: [keys.publicJwk] };
    expect(
      await rejected(verifyCertificate(jws, jwks, { now: new Date('2029-01-01T00:00:00Z') })),
    ).toEqual(failure('expired', 'The certificate has expired.'));
    expect(
      await rejected(verifyCertificate(jws, jwks, { now: new Date('2025-01-01T00:00:00Z') })),
    ).toEqual(failure('not_yet_valid', 'The certificate is not valid yet.'));
    expect(
      await rejected(verifyCertificate(jws, jwks, { ...during, issuer: 'https://evil.example' })),
    ).toEqual(failure('wrong_issuer', 'The certificate was issued by someone else.'));
    await expect(
      verifyCertificate(jws, jwks, { ...during, issuer: 'https://clearframe.dev' }),
    ).resolves.toEqual(claims);
  });

  it('requires every registered claim, and a payload and claims that validate', async () => {
    const { keys, payload } = await setup();
    const jwks = { keys: [keys.publicJwk] };
    const privateKey = await importJWK(keys.privateJwk, 'EdDSA');
    const signed = (body: JWTPayload) =>
      new SignJWT(body)
        .setProtectedHeader({ alg: 'EdDSA', kid: 'k', typ: CERTIFICATE_TYPE })
        .sign(privateKey);
    for (const claim of ['iss', 'sub', 'jti', 'iat', 'nbf']) {
      const { [claim]: _dropped, ...rest } = payload;
      expect(await rejected(verifyCertificate(await signed(rest), jwks, during))).toEqual(
        failure('malformed', `The certificate has no ${claim} claim.`),
      );
    }
    expect(
      await rejected(
        verifyCertificate(await signed({ ...payload, iat: 'today' as never }), jwks, during),
      ),
    ).toEqual(failure('malformed', "The certificate's iat claim is invalid."));
    const notJson = await new CompactSign(new TextEncoder().encode('not json'))
      .setProtectedHeader({ alg: 'EdDSA', kid: 'k', typ: CERTIFICATE_TYPE })
      .sign(privateKey);
    expect(await rejected(verifyCertificate(notJson, jwks, during))).toEqual(
      failure('malformed', 'The certificate is malformed (ERR_JWT_INVALID).'),
    );
    expect(
      await rejected(verifyCertificate(await signed({ ...payload, ver: 'v2' }), jwks, during)),
    ).toEqual({
      name: 'CertificateError',
      code: 'malformed',
      message:
        'Invalid certificate payload at ver: Invalid input: expected "clearframe.certificate/1"',
      issues: [
        {
          path: 'ver',
          message: 'Invalid input: expected "clearframe.certificate/1"',
          code: 'invalid_value',
        },
      ],
    });
    expect(
      await rejected(verifyCertificate(await signed({ ...payload, clip_count: 0 }), jwks, during)),
    ).toEqual({
      name: 'CertificateError',
      code: 'malformed',
      message: 'Invalid certificate claims at clipCount: Too small: expected number to be >=1',
      issues: [
        { path: 'clipCount', message: 'Too small: expected number to be >=1', code: 'too_small' },
      ],
    });
  });
});

describe('signCertificate refusals', () => {
  it('refuses claims with the field and a sentence', async () => {
    const { keys } = await setup();
    expect(
      await rejected(signCertificate({ ...claims, validUntil: claims.validFrom }, keys.privateJwk)),
    ).toEqual({
      name: 'CertificateError',
      code: 'invalid_claims',
      message: 'Invalid certificate claims at validUntil: validUntil must be after validFrom.',
      issues: [
        { path: 'validUntil', message: 'validUntil must be after validFrom.', code: 'custom' },
      ],
    });
  });

  it('refuses keys that are not Ed25519 private keys, saying which', async () => {
    const { keys } = await setup();
    const { privateKey, publicKey } = await generateKeyPair('Ed25519');
    const cases: Array<[unknown, string]> = [
      [null, 'Give an Ed25519 private JWK or { kid, key }.'],
      ['secret', 'Give an Ed25519 private JWK or { kid, key }.'],
      [{ kid: 'k', key: publicKey }, 'The signing key must be an Ed25519 private CryptoKey.'],
      [{ kid: 'k', key: {} }, 'The signing key must be an Ed25519 private CryptoKey.'],
      [{ kid: 'k', key: undefined }, 'The signing key must be an Ed25519 private CryptoKey.'],
      [{ kid: '', key: privateKey }, 'The kid must not be empty.'],
      // Without a string kid it is not the { kid, key } form, so it is read as a JWK.
      [
        { key: privateKey },
        'The signing key must be an Ed25519 private JWK (kty OKP, crv Ed25519, with d).',
      ],
      [
        keys.publicJwk,
        'The signing key must be an Ed25519 private JWK (kty OKP, crv Ed25519, with d).',
      ],
      [
        { ...keys.privateJwk, kty: 'EC' },
        'The signing key must be an Ed25519 private JWK (kty OKP, crv Ed25519, with d).',
      ],
      [
        { ...keys.privateJwk, crv: 'X25519' },
        'The signing key must be an Ed25519 private JWK (kty OKP, crv Ed25519, with d).',
      ],
      [{ ...keys.privateJwk, d: 'not-a-key' }, 'The signing JWK could not be imported.'],
    ];
    for (const [key, message] of cases) {
      expect(await rejected(signCertificate(claims, key as never))).toEqual(
        failure('invalid_key', message),
      );
    }
    try {
      await signCertificate(claims, { ...keys.privateJwk, d: 'not-a-key' });
    } catch (error) {
      expect((error as CertificateError).cause).toBeTruthy();
    }
  });

  it('names an unnamed or empty-kid JWK by its thumbprint, and signs as EdDSA', async () => {
    const { keys } = await setup();
    const thumbprint = await thumbprintKid(keys.publicJwk);
    for (const kid of [undefined, '']) {
      const jws = await signCertificate(claims, { ...keys.privateJwk, kid, alg: undefined });
      const header = JSON.parse(new TextDecoder().decode(base64url.decode(jws.split('.')[0]!)));
      expect(header).toEqual({ alg: 'EdDSA', kid: thumbprint, typ: CERTIFICATE_TYPE });
    }
  });
});

describe('certificate keys', () => {
  it('generates JWKs that say what they are for', async () => {
    const keys = await generateCertificateKeyPair({ kid: 'k' });
    expect(keys.privateJwk).toMatchObject({
      kty: 'OKP',
      crv: 'Ed25519',
      kid: 'k',
      alg: 'EdDSA',
      use: 'sig',
    });
    expect(Object.keys(keys.publicJwk).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);
  });

  it.each([
    ['an EC key', { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' }],
    ['an X25519 key', { kty: 'OKP', crv: 'X25519', x: 'x' }],
    ['a key without x', { kty: 'OKP', crv: 'Ed25519' }],
  ])('refuses to publish or name %s', async (_label, jwk) => {
    const expected = failure('invalid_key', 'Certificate keys are Ed25519 (kty OKP, crv Ed25519).');
    expect(thrown(() => publicJwkOf(jwk as JWK, 'k'))).toEqual(expected);
    expect(await rejected(thumbprintKid(jwk as JWK))).toEqual(expected);
  });
});

describe('merkleRoot refusals', () => {
  const valid = 'c'.repeat(64);
  const notHex = (index: number) => ({
    name: 'CertificateError',
    code: 'invalid_hash',
    message: `Hash ${index} contains a character that is not hex.`,
    issues: [
      {
        path: String(index),
        message: 'Expected a SHA-256 digest as 64 hex characters.',
        code: 'invalid_format',
      },
    ],
  });

  it('says which hash has the wrong length', () => {
    for (const [input, index] of [
      [['abc'], 0],
      [[valid, 'c'.repeat(65)], 1],
      [[valid, valid, 42], 2],
    ] as const) {
      expect(thrown(() => merkleRoot(input as never))).toEqual({
        name: 'CertificateError',
        code: 'invalid_hash',
        message: `Hash ${index} is not 64 hex characters.`,
        issues: [
          {
            path: String(index),
            message: 'Expected a SHA-256 digest as 64 hex characters.',
            code: 'invalid_format',
          },
        ],
      });
    }
  });

  it.each([
    ['a letter past f', 'g'],
    ['a non-ASCII letter', 'é'],
    ['the first non-ASCII code point', '\u0080'],
    ['an Arabic-Indic digit', '\u0660'],
    ['a space', ' '],
  ])('refuses %s in a hash', (_label, char) => {
    expect(thrown(() => merkleRoot([valid, `${'0'.repeat(63)}${char}`]))).toEqual(notHex(1));
    expect(thrown(() => merkleRoot([`${char}${'0'.repeat(63)}`]))).toEqual(notHex(0));
  });

  it('refuses an empty list and a non-list', () => {
    const empty = failure('invalid_input', 'A Merkle root needs at least one hash.');
    expect(thrown(() => merkleRoot([]))).toEqual(empty);
    expect(thrown(() => merkleRoot('abc' as never))).toEqual(empty);
  });
});
