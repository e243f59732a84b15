import { sha256Hex } from '../certificates/sha256.hash.js';
import { canonicalize } from './canonical-json.codec.js';
import { parseOrThrow } from './license.errors.js';
import { LicenseTerms, type LicenseTermsType } from './license.schema.js';

/**
 * `"sha256:<hex>"` of the RFC 8785 canonical form of `terms`. Anyone can recompute it with any
 * JCS library and SHA-256; arrays are hashed in the order given (Clearframe always emits them
 * in vocabulary order). Throws `LicenseError('invalid_terms')` on terms that do not validate.
 */
export function termsHash(terms: LicenseTermsType): string {
  const valid = parseOrThrow(LicenseTerms, terms, 'invalid_terms', 'license terms');
  return `sha256:${sha256Hex(canonicalize(valid))}`;
}
