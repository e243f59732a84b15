// @clearframe/contracts/certificates — signed, offline-verifiable license certificates.
export {
  CERTIFICATE_ERROR_CODES,
  CertificateError,
  type CertificateErrorCode,
} from './certificate.errors.js';
export {
  CERTIFICATE_TYPE,
  CERTIFICATE_VERSION,
  CertificateClaims,
  CertificatePayload,
  claimsFromPayload,
  type CertificateClaimsType,
  type CertificatePayloadType,
} from './certificate.schema.js';
export {
  generateCertificateKeyPair,
  publicJwkOf,
  thumbprintKid,
  type CertificateKeyPair,
} from './certificate.keys.js';
export { signCertificate, type CertificateSigningKey } from './certificate.signer.js';
export { verifyCertificate, type VerifyCertificateOptions } from './certificate.verifier.js';
export {
  InclusionProof,
  MERKLE_ALGORITHM,
  inclusionProof,
  merkleRoot,
  verifyInclusion,
  type InclusionProofType,
} from './merkle.tree.js';
export { sha256, sha256Hex, toHex } from './sha256.hash.js';
