import { describe, expect, it } from '@jest/globals';
import { aPolicy, aRequest } from '../../test/factories/license.factory.js';
import { LicenseError } from './license.errors.js';
import { termsFor } from './terms.builder.js';
import { termsHash } from './terms.hash.js';

describe('termsFor', () => {
  it('takes uses, term and territory from the request and protections from the policy', () => {
    const terms = termsFor(
      aPolicy({ attribution: { required: true, text: 'Footage by Ana' } }),
      aRequest({
        uses: ['ai-eval', 'ai-train'],
        outputModalities: ['image', 'video'],
        territory: { scope: 'include', countries: ['US', 'DE'] },
      }),
    );
    expect(terms).toEqual({
      schema: 'clearframe.license/1',
      permittedUses: ['ai-train', 'ai-eval'],
      outputModalities: ['video', 'image'],
      prohibitedUses: ['likeness-synthesis', 'biometric-identification', 'military'],
      commercial: true,
      exclusivity: { kind: 'none' },
      term: { kind: 'fixed', months: 24, modelsUsableAfterTerm: true },
      territory: { scope: 'include', countries: ['DE', 'US'] },
      attribution: { required: true, text: 'Footage by Ana' },
      sublicensing: 'none',
      retention: { deleteSourceFilesAtTermEnd: true, withinDays: 30 },
      audit: { allowed: true, noticeDays: 30, maxPerYear: 1 },
    });
  });

  it('gives clearframe.license/2 terms with the policy’s requirement, whatever the request', () => {
    const policy = aPolicy({
      maxTerm: { kind: 'perpetual' },
      disclosure: { required: true, withinDaysAfterRelease: 0 },
    });
    for (const request of [
      aRequest(),
      aRequest({ uses: ['ai-eval'], term: { kind: 'perpetual' } }),
    ]) {
      const terms = termsFor(policy, request);
      expect(terms.schema).toBe('clearframe.license/2');
      expect(terms).toHaveProperty('disclosure', { required: true, withinDaysAfterRelease: 0 });
    }
    const fixed = termsFor(
      aPolicy({ disclosure: { required: true, withinDaysAfterRelease: 90 } }),
      aRequest(),
    );
    expect(fixed).toEqual({
      ...termsFor(aPolicy(), aRequest()),
      schema: 'clearframe.license/2',
      disclosure: { required: true, withinDaysAfterRelease: 90 },
    });
  });

  it('gives clearframe.license/1 terms, with no disclosure member, when none is required', () => {
    const absent = termsFor(aPolicy(), aRequest());
    const notRequired = termsFor(aPolicy({ disclosure: { required: false } }), aRequest());
    expect(notRequired).toEqual(absent);
    expect(notRequired.schema).toBe('clearframe.license/1');
    expect(Object.keys(notRequired)).not.toContain('disclosure');
    expect(termsHash(notRequired)).toBe(termsHash(absent));
  });

  it('gives the same hash whatever order the request lists things in', () => {
    const a = termsFor(
      aPolicy(),
      aRequest({
        uses: ['ai-train', 'ai-eval'],
        territory: { scope: 'include', countries: ['US', 'DE'] },
      }),
    );
    const b = termsFor(
      aPolicy(),
      aRequest({
        uses: ['ai-eval', 'ai-train'],
        territory: { scope: 'include', countries: ['DE', 'US'] },
      }),
    );
    expect(termsHash(a)).toBe(termsHash(b));
  });

  it('drops deletion at term end for a perpetual license', () => {
    const terms = termsFor(
      aPolicy({ maxTerm: { kind: 'perpetual' } }),
      aRequest({ term: { kind: 'perpetual' } }),
    );
    expect(terms.retention).toEqual({ deleteSourceFilesAtTermEnd: false });
  });

  it('throws a typed error carrying every reason when the policy does not allow the request', () => {
    try {
      termsFor(aPolicy({ commercialUseAllowed: false }), aRequest({ sensitiveUses: ['military'] }));
      throw new Error('expected termsFor to throw');
    } catch (error) {
      expect(error).toBeInstanceOf(LicenseError);
      expect((error as LicenseError).code).toBe('incompatible');
      expect((error as LicenseError).reasons.map((reason) => reason.code)).toEqual([
        'prohibited_use',
        'commercial_not_allowed',
      ]);
    }
  });
});
