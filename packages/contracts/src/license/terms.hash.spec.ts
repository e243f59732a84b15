import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { canonicalize } from './canonical-json.codec.js';
import { LicenseError } from './license.errors.js';
import { LICENSE_TEMPLATES } from './license.templates.js';
import { termsHash } from './terms.hash.js';

describe('termsHash', () => {
  const terms = LICENSE_TEMPLATES['training-standard'].terms;

  it('is sha256 of the RFC 8785 form, recomputable with any SHA-256', () => {
    const expected = createHash('sha256').update(canonicalize(terms), 'utf8').digest('hex');
    expect(termsHash(terms)).toBe(`sha256:${expected}`);
  });

  it('does not depend on key order', () => {
    const reversed = Object.fromEntries(Object.entries(terms).reverse()) as typeof terms;
    expect(termsHash(reversed)).toBe(termsHash(terms));
  });

  it('changes with any term', () => {
    expect(termsHash({ ...terms, commercial: false })).not.toBe(termsHash(terms));
  });

  it('refuses invalid terms instead of hashing them', () => {
    expect(() => termsHash({ ...terms, commercial: 'yes' } as never)).toThrow(LicenseError);
  });
});
