import type { z } from 'zod';
import { ContractError, describeZodFailure } from '../contract-error.js';

/**
 * Stable codes for certificate failures. Verification failures: `bad_signature`,
 * `unknown_key`, `expired`, `not_yet_valid`, `wrong_issuer`, `unsupported_algorithm`,
 * `malformed`. Input failures: `invalid_claims`, `invalid_key`, `invalid_key_set`,
 * `invalid_hash`, `invalid_input`.
 */
export const CERTIFICATE_ERROR_CODES = [
  'bad_signature',
  'unknown_key',
  'expired',
  'not_yet_valid',
  'wrong_issuer',
  'unsupported_algorithm',
  'malformed',
  'invalid_claims',
  'invalid_key',
  'invalid_key_set',
  'invalid_hash',
  'invalid_input',
] as const;
export type CertificateErrorCode = (typeof CERTIFICATE_ERROR_CODES)[number];

/** Thrown by certificate and Merkle functions; a certificate that fails to verify never yields claims. */
export class CertificateError extends ContractError<CertificateErrorCode> {
  override readonly name = 'CertificateError';

  /** Wraps a zod failure so the first problem and its path appear in the message. */
  static fromZod(code: CertificateErrorCode, what: string, error: z.ZodError): CertificateError {
    const { message, issues } = describeZodFailure(what, error);
    return new CertificateError(code, message, issues);
  }
}
