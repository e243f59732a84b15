import {
  base64url,
  createLocalJWKSet,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JSONWebKeySet,
} from 'jose';
import { CertificateError, type CertificateErrorCode } from './certificate.errors.js';
import {
  CERTIFICATE_TYPE,
  CertificateClaims,
  CertificatePayload,
  claimsFromPayload,
  type CertificateClaimsType,
} from './certificate.schema.js';

/** Options for `verifyCertificate`. */
export interface VerifyCertificateOptions {
  /** The time to check validity at; defaults to now. Lets tests and offline audits pin the clock. */
  now?: Date;
  /** When given, the certificate's `iss` must equal it. */
  issuer?: string;
  /** Allowed clock skew in seconds for `nbf`/`exp` (default 0). */
  clockToleranceSeconds?: number;
}

// A certificate is a few hundred bytes; anything far larger is not one and is refused before parsing.
const MAX_CERTIFICATE_LENGTH = 16 * 1024;

function translate(error: unknown): CertificateError {
  if (error instanceof CertificateError) return error;
  const fail = (code: CertificateErrorCode, message: string) =>
    new CertificateError(code, message, [], { cause: error });
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return fail('bad_signature', 'The signature does not match the certificate.');
  if (error instanceof errors.JWKSNoMatchingKey)
    return fail('unknown_key', "No key in the key set matches the certificate's kid.");
  if (error instanceof errors.JWKSMultipleMatchingKeys)
    return fail('invalid_key_set', 'The key set lists more than one key for this kid.');
  if (error instanceof errors.JWKSInvalid)
    return fail('invalid_key_set', 'The key set is not a valid JWKS.');
  if (error instanceof errors.JWTExpired) return fail('expired', 'The certificate has expired.');
  if (error instanceof errors.JWTClaimValidationFailed) {
    // Checked first: a missing iss or nbf is a malformed certificate, not a wrong or early one.
    if (error.reason === 'missing')
      return fail('malformed', `The certificate has no ${error.claim} claim.`);
    if (error.claim === 'nbf') return fail('not_yet_valid', 'The certificate is not valid yet.');
    if (error.claim === 'iss')
      return fail('wrong_issuer', 'The certificate was issued by someone else.');
    return fail('malformed', `The certificate's ${error.claim} claim is invalid.`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return fail('unsupported_algorithm', 'Certificates are signed with EdDSA (Ed25519) only.');
  }
  if (error instanceof errors.JOSEError)
    return fail('malformed', `The certificate is malformed (${error.code}).`);
  return fail('malformed', 'The certificate could not be read.');
}

/**
 * Verifies a certificate against a JWKS and returns its claims, or throws `CertificateError`:
 * `bad_signature`, `unknown_key` (no key with its kid), `expired`, `not_yet_valid`,
 * `wrong_issuer`, `unsupported_algorithm` (anything but EdDSA, including `none`) or
 * `malformed`. Pure apart from the clock, which `options.now` replaces.
 */
export async function verifyCertificate(
  jws: string,
  jwks: JSONWebKeySet,
  options: VerifyCertificateOptions = {},
): Promise<CertificateClaimsType> {
  if (
    typeof jws !== 'string' ||
    jws.length > MAX_CERTIFICATE_LENGTH ||
    !/^[\w-]+\.[\w-]+\.[\w-]*$/.test(jws)
  ) {
    throw new CertificateError(
      'malformed',
      'A certificate is a compact JWS: three base64url parts separated by dots.',
    );
  }
  try {
    // Base64url leaves spare bits in a segment's last character; decoders ignore them, so a
    // changed character there would still verify. Only the canonical encoding is accepted.
    if (jws.split('.').some((segment) => base64url.encode(base64url.decode(segment)) !== segment)) {
      throw new CertificateError(
        'malformed',
        'The certificate is not canonically base64url-encoded.',
      );
    }
    // Checked before any key lookup so `alg: none` and friends fail the same way whatever the JWKS holds.
    const header = decodeProtectedHeader(jws);
    if (header.alg !== 'EdDSA')
      throw new CertificateError(
        'unsupported_algorithm',
        `Algorithm ${String(header.alg)} is not accepted; certificates use EdDSA.`,
      );
    if (typeof header.kid !== 'string' || header.kid.length === 0)
      throw new CertificateError('malformed', 'The certificate header has no kid.');
    if (header.typ !== CERTIFICATE_TYPE)
      throw new CertificateError('malformed', `The certificate type must be ${CERTIFICATE_TYPE}.`);
    const keySet = createLocalJWKSet(jwks);
    const { payload } = await jwtVerify(jws, keySet, {
      algorithms: ['EdDSA'],
      typ: CERTIFICATE_TYPE,
      currentDate: options.now,
      clockTolerance: options.clockToleranceSeconds ?? 0,
      requiredClaims: ['iss', 'sub', 'jti', 'iat', 'nbf'],
      ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
    });
    const parsedPayload = CertificatePayload.safeParse(payload);
    if (!parsedPayload.success)
      throw CertificateError.fromZod('malformed', 'certificate payload', parsedPayload.error);
    const claims = CertificateClaims.safeParse(claimsFromPayload(parsedPayload.data));
    if (!claims.success)
      throw CertificateError.fromZod('malformed', 'certificate claims', claims.error);
    return claims.data;
  } catch (error) {
    throw translate(error);
  }
}
