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
