import { SignJWT, importJWK, type CryptoKey, type JWK } from 'jose';
import { CertificateError } from './certificate.errors.js';
import { thumbprintKid } from './certificate.keys.js';
import {
  CERTIFICATE_TYPE,
  CertificateClaims,
  payloadFromClaims,
  type CertificateClaimsType,
} from './certificate.schema.js';

/** A private key to sign with: an Ed25519 private JWK (its `kid`, or else its thumbprint, names it), or a CryptoKey with an explicit `kid`. */
export type CertificateSigningKey = JWK | { kid: string; key: CryptoKey };

async function resolveKey(
  privateKey: CertificateSigningKey,
): Promise<{ kid: string; key: CryptoKey | Uint8Array }> {
  if (typeof privateKey !== 'object' || privateKey === null) {
    throw new CertificateError('invalid_key', 'Give an Ed25519 private JWK or { kid, key }.');
  }
  if ('key' in privateKey && typeof privateKey.kid === 'string') {
    const key = privateKey.key as CryptoKey;
    if (key?.type !== 'private' || key.algorithm?.name !== 'Ed25519') {
      throw new CertificateError(
        'invalid_key',
        'The signing key must be an Ed25519 private CryptoKey.',
      );
    }
    if (privateKey.kid.length === 0)
      throw new CertificateError('invalid_key', 'The kid must not be empty.');
    return { kid: privateKey.kid, key };
  }
  const jwk = privateKey as JWK;
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.d !== 'string') {
    throw new CertificateError(
      'invalid_key',
      'The signing key must be an Ed25519 private JWK (kty OKP, crv Ed25519, with d).',
    );
  }
  try {
    const key = await importJWK({ ...jwk, alg: 'EdDSA' }, 'EdDSA');
    return {
      kid: typeof jwk.kid === 'string' && jwk.kid.length > 0 ? jwk.kid : await thumbprintKid(jwk),
      key,
    };
  } catch (cause) {
    throw new CertificateError('invalid_key', 'The signing JWK could not be imported.', [], {
      cause,
    });
  }
}

/**
 * Signs `claims` as a compact JWS (a JWT with `alg: "EdDSA"`, Ed25519, `typ:
 * "clearframe-cert+jwt"` and the key's `kid`). Throws `CertificateError` (`invalid_claims`,
 * `invalid_key`) on bad input.
 */
export async function signCertificate(
  claims: CertificateClaimsType,
  privateKey: CertificateSigningKey,
): Promise<string> {
  const parsed = CertificateClaims.safeParse(claims);
  if (!parsed.success)
    throw CertificateError.fromZod('invalid_claims', 'certificate claims', parsed.error);
  const { kid, key } = await resolveKey(privateKey);
  return new SignJWT(payloadFromClaims(parsed.data))
    .setProtectedHeader({ alg: 'EdDSA', kid, typ: CERTIFICATE_TYPE })
    .sign(key);
}
