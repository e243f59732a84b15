import type { CertificateClaimsType } from '@clearframe/contracts/certificates';
import type { DisclosureContentType } from '@clearframe/contracts/transparency';

/** A public key as a JWKS lists it (no private members). */
export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

/**
 * The platform's certificate signing key. Certificates are EdDSA (Ed25519) JWS that anyone
 * verifies offline against the public JWKS (`/.well-known/jwks.json`) with the contracts'
 * `verifyCertificate`; the private key never leaves the adapter.
 */
export abstract class SigningKeys {
  /** The `kid` certificates are signed under. */
  abstract readonly keyId: string;

  /** The public key set to publish. */
  abstract jwks(): { keys: PublicJwk[] };

  /** Signs license certificate claims as a compact JWS. */
  abstract signCertificate(claims: CertificateClaimsType): Promise<string>;

  /**
   * Signs a training-data disclosure as a compact JWS under the same key (`typ:
   * "clearframe-disclosure+jwt"`), so one JWKS verifies certificates and disclosures alike.
   */
  abstract signDisclosure(payload: DisclosureContentType): Promise<string>;

  /**
   * A 32-byte secret for `purpose` (HKDF-SHA256 from the private key), for the MACs of tokens
   * the API hands out and reads back, such as catalog cursors: every instance that shares the
   * signing key derives the same one, and no purpose's key reveals another's.
   */
  abstract deriveSecret(purpose: string): Buffer;
}
