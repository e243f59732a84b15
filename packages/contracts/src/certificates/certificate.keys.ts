import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { CertificateError } from './certificate.errors.js';

/** An Ed25519 key pair as JWKs: the private one signs, the public one goes into the JWKS. */
export interface CertificateKeyPair {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

/** The public members of an Ed25519 JWK, with `kid`, `alg` and `use` as a JWKS should list them. */
export function publicJwkOf(jwk: JWK, kid: string): JWK {
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    throw new CertificateError(
      'invalid_key',
      'Certificate keys are Ed25519 (kty OKP, crv Ed25519).',
    );
  }
  return { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid, alg: 'EdDSA', use: 'sig' };
}

/** The RFC 7638 thumbprint of a key's public members: the default `kid`, stable across restarts. */
export async function thumbprintKid(jwk: JWK): Promise<string> {
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    throw new CertificateError(
      'invalid_key',
      'Certificate keys are Ed25519 (kty OKP, crv Ed25519).',
    );
  }
  return calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: jwk.x });
}

/**
 * Generates an Ed25519 signing key pair as JWKs (extractable, so it can be stored as the
 * embedded mode's `.data/keys` or a secret). `kid` defaults to the RFC 7638 thumbprint.
 */
export async function generateCertificateKeyPair(
  options: { kid?: string } = {},
): Promise<CertificateKeyPair> {
  const { privateKey, publicKey } = await generateKeyPair('Ed25519', { extractable: true });
  const publicRaw = await exportJWK(publicKey);
  const kid = options.kid ?? (await thumbprintKid(publicRaw));
  const privateRaw = await exportJWK(privateKey);
  return {
    kid,
    privateJwk: { ...privateRaw, kid, alg: 'EdDSA', use: 'sig' },
    publicJwk: publicJwkOf(publicRaw, kid),
  };
}
