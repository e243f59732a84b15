import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { aPolicy, aRequest, policyArb, requestArb } from '../../test/factories/license.factory.js';
import {
  COMPATIBILITY_CODES,
  checkCompatibility,
  type CompatibilityCodeType,
} from './compatibility.check.js';
import { LicenseError } from './license.errors.js';
import { COUNTRY_CODES } from './country.data.js';
import type { ClipPolicyType, LicenseRequestType, TerritoryType } from './license.schema.js';
import { termsFor } from './terms.builder.js';

describe('checkCompatibility', () => {
  it('allows a request the policy covers, with no reasons', () => {
    expect(checkCompatibility(aPolicy(), aRequest())).toEqual({ allowed: true, reasons: [] });
  });

  // One example per reason code: the request, the policy, and the sentence a person reads.
  const cases: Array<[CompatibilityCodeType, ClipPolicyType, LicenseRequestType, RegExp]> = [
    [
      'prohibited_use',
      aPolicy(),
      aRequest({ sensitiveUses: ['biometric-identification'] }),
      /prohibits biometric identification/,
    ],
    [
      'use_not_allowed',
      aPolicy(),
      aRequest({ uses: ['ai-train', 'ai-input'] }),
      /does not allow giving the footage to AI models as input/,
    ],
    [
      'modality_not_allowed',
      aPolicy(),
      aRequest({ outputModalities: ['video', 'audio'] }),
      /output is audio/,
    ],
    [
      'commercial_not_allowed',
      aPolicy({ commercialUseAllowed: false }),
      aRequest(),
      /only non-commercial/,
    ],
    [
      'exclusivity_not_offered',
      aPolicy({ exclusivity: { offered: false } }),
      aRequest({ exclusivity: { kind: 'exclusive', until: '2027-01-31' } }),
      /exclusive/,
    ],
    [
      'term_too_long',
      aPolicy(),
      aRequest({ term: { kind: 'fixed', months: 48, modelsUsableAfterTerm: true } }),
      /at most 36 months; the request asks for 48/,
    ],
    [
      'model_use_after_term_not_allowed',
      aPolicy({ modelsUsableAfterTerm: false }),
      aRequest(),
      /used after the license ends/,
    ],
    [
      'territory_not_covered',
      aPolicy(),
      aRequest({ territory: { scope: 'include', countries: ['US', 'RU'] } }),
      /does not license this clip in RU/,
    ],
    [
      'sublicensing_not_allowed',
      aPolicy({ sublicensing: 'none' }),
      aRequest({ sublicensing: 'affiliates' }),
      /sublicensing/,
    ],
  ];

  it('has an example for every code', () => {
    expect(cases.map(([code]) => code).sort()).toEqual([...COMPATIBILITY_CODES].sort());
  });

  it.each(cases)('explains %s', (code, policy, request, sentence) => {
    const result = checkCompatibility(policy, request);
    expect(result.allowed).toBe(false);
    expect(result.reasons).toHaveLength(1);
    expect(result.reasons[0]!.code).toBe(code);
    expect(result.reasons[0]!.message).toMatch(sentence);
    expect(result.reasons[0]!.message).toMatch(/\.$/);
  });

  it('refuses a perpetual request when the policy has a maximum term', () => {
    const result = checkCompatibility(aPolicy(), aRequest({ term: { kind: 'perpetual' } }));
    expect(result.reasons[0]).toMatchObject({
      code: 'term_too_long',
      field: 'term',
      values: ['perpetual'],
    });
  });

  it.each([
    [
      'include policy, worldwide request',
      { scope: 'include', countries: ['US'] },
      { scope: 'worldwide' },
      false,
    ],
    [
      'include policy, exclude request',
      { scope: 'include', countries: ['US'] },
      { scope: 'exclude', countries: ['CN'] },
      false,
    ],
    [
      'include policy, subset request',
      { scope: 'include', countries: ['US', 'CA'] },
      { scope: 'include', countries: ['CA'] },
      true,
    ],
    [
      'exclude policy, worldwide request',
      { scope: 'exclude', countries: ['RU'] },
      { scope: 'worldwide' },
      false,
    ],
    [
      'exclude policy, request excluding more',
      { scope: 'exclude', countries: ['RU'] },
      { scope: 'exclude', countries: ['RU', 'BY'] },
      true,
    ],
    [
      'exclude policy, request excluding other',
      { scope: 'exclude', countries: ['RU'] },
      { scope: 'exclude', countries: ['BY'] },
      false,
    ],
    ['worldwide policy, any request', { scope: 'worldwide' }, { scope: 'worldwide' }, true],
  ] as const)('territory: %s', (_label, policyTerritory, requestTerritory, allowed) => {
    const result = checkCompatibility(
      aPolicy({ territory: structuredClone(policyTerritory) as ClipPolicyType['territory'] }),
      aRequest({ territory: structuredClone(requestTerritory) as LicenseRequestType['territory'] }),
    );
    expect(result.allowed).toBe(allowed);
  });

  const territoryReason = (policy: TerritoryType, request: TerritoryType) =>
    checkCompatibility(aPolicy({ territory: policy }), aRequest({ territory: request })).reasons;

  it('refuses "everywhere except US" against a policy for only US and CA, and says why', () => {
    expect(
      territoryReason(
        { scope: 'include', countries: ['US', 'CA'] },
        { scope: 'exclude', countries: ['US'] },
      ),
    ).toEqual([
      {
        code: 'territory_not_covered',
        field: 'territory',
        values: [],
        message:
          'The creator licenses this clip only in CA and US; the request covers other countries too.',
      },
    ]);
    expect(
      territoryReason({ scope: 'include', countries: ['US', 'CA'] }, { scope: 'worldwide' }),
    ).toHaveLength(1);
  });

  it('allows "everywhere but X" or worldwide only when the policy lists every other country', () => {
    const allBut = (...left: string[]) =>
      COUNTRY_CODES.filter((country) => !left.includes(country));
    expect(
      territoryReason(
        { scope: 'include', countries: allBut('RU') },
        { scope: 'exclude', countries: ['RU'] },
      ),
    ).toEqual([]);
    expect(
      territoryReason({ scope: 'include', countries: allBut() }, { scope: 'worldwide' }),
    ).toEqual([]);
    expect(
      territoryReason(
        { scope: 'include', countries: allBut('RU') },
        { scope: 'exclude', countries: ['BY'] },
      ),
    ).toHaveLength(1);
    expect(
      territoryReason({ scope: 'include', countries: allBut('RU') }, { scope: 'worldwide' }),
    ).toHaveLength(1);
  });

  it.each<[TerritoryType, TerritoryType, string[], string]>([
    [
      { scope: 'include', countries: ['US', 'DE', 'CA'] },
      { scope: 'include', countries: ['FR', 'US', 'BR'] },
      ['BR', 'FR'],
      'The creator licenses this clip only in CA, DE and US; BR and FR are outside that territory.',
    ],
    [
      { scope: 'include', countries: ['US'] },
      { scope: 'include', countries: ['FR'] },
      ['FR'],
      'The creator licenses this clip only in US; FR is outside that territory.',
    ],
    [
      { scope: 'exclude', countries: ['RU', 'BY'] },
      { scope: 'worldwide' },
      ['BY', 'RU'],
      'The creator does not license this clip in BY and RU; the request covers the whole world.',
    ],
    [
      { scope: 'exclude', countries: ['RU', 'BY', 'KP'] },
      { scope: 'include', countries: ['US', 'RU', 'BY'] },
      ['BY', 'RU'],
      'The creator does not license this clip in BY and RU.',
    ],
    [
      { scope: 'exclude', countries: ['RU', 'BY', 'KP'] },
      { scope: 'exclude', countries: ['RU'] },
      ['BY', 'KP'],
      'The creator does not license this clip in BY and KP; the request must exclude them.',
    ],
    [
      { scope: 'exclude', countries: ['RU', 'BY'] },
      { scope: 'exclude', countries: ['BY', 'CN'] },
      ['RU'],
      'The creator does not license this clip in RU; the request must exclude it.',
    ],
  ])('explains a territory refusal: %j against %j', (policy, request, values, message) => {
    expect(territoryReason(policy, request)).toEqual([
      { code: 'territory_not_covered', field: 'territory', values, message },
    ]);
  });

  // The oracle: the set of assigned countries a territory covers.
  const covered = (territory: TerritoryType): Set<string> =>
    new Set(
      territory.scope === 'worldwide'
        ? COUNTRY_CODES
        : territory.scope === 'include'
          ? territory.countries
          : COUNTRY_CODES.filter((country) => !territory.countries.includes(country)),
    );
  const pool = ['US', 'CA', 'DE', 'FR', 'RU', 'BY', 'CN', 'BR'] as const;
  const someCountries = fc.subarray([...pool], { minLength: 1 });
  const wideTerritory: fc.Arbitrary<TerritoryType> = fc.oneof(
    fc.constant({ scope: 'worldwide' as const }),
    someCountries.map((countries) => ({ scope: 'include' as const, countries })),
    someCountries.map((countries) => ({ scope: 'exclude' as const, countries })),
    // An include list of (almost) every country, so "worldwide minus a few" can fit it.
    fc.subarray([...pool]).map((left) => ({
      scope: 'include' as const,
      countries: COUNTRY_CODES.filter((country) => !(left as string[]).includes(country)),
    })),
  );

  it('refuses a territory exactly when the request covers a country the policy does not', () => {
    fc.assert(
      fc.property(wideTerritory, wideTerritory, (policy, request) => {
        const policyCountries = covered(policy);
        const fits = [...covered(request)].every((country) => policyCountries.has(country));
        expect(territoryReason(policy, request)).toHaveLength(fits ? 0 : 1);
      }),
      { numRuns: 500 },
    );
  });

  it('lists every reason, prohibitions first', () => {
    const result = checkCompatibility(
      aPolicy({ commercialUseAllowed: false }),
      aRequest({ uses: ['research', 'ai-train'], sensitiveUses: ['military'] }),
    );
    expect(result.reasons.map((reason) => reason.code)).toEqual([
      'prohibited_use',
      'use_not_allowed',
      'commercial_not_allowed',
    ]);
  });

  it('throws a typed error, never an answer, for an unknown value', () => {
    const unknownUse = aRequest({ uses: ['ai-agentic' as never] });
    expect(() => checkCompatibility(aPolicy(), unknownUse)).toThrow(LicenseError);
    try {
      checkCompatibility(aPolicy(), unknownUse);
    } catch (error) {
      expect((error as LicenseError).code).toBe('invalid_request');
      expect((error as LicenseError).issues[0]!.path).toBe('uses.0');
    }
    const unknownPolicyField = { ...aPolicy(), allowsEverything: true } as never;
    expect(() => checkCompatibility(unknownPolicyField, aRequest())).toThrow(
      expect.objectContaining({ code: 'invalid_policy' }) as never,
    );
  });

  it('gives a request no way to opt out of the policy’s disclosure requirement', () => {
    const policy = aPolicy({ disclosure: { required: true, withinDaysAfterRelease: 14 } });
    // A requirement refuses nothing: it is an obligation that comes with the license.
    expect(checkCompatibility(policy, aRequest())).toEqual({ allowed: true, reasons: [] });
    // A request has no disclosure member to waive it with, like attribution.
    for (const waiver of [{ required: false }, { required: true, withinDaysAfterRelease: 365 }]) {
      const request = { ...aRequest(), disclosure: waiver } as never;
      expect(() => checkCompatibility(policy, request)).toThrow(
        expect.objectContaining({
          code: 'invalid_request',
          message: 'Invalid license request at disclosure: Unknown field: disclosure.',
        }) as never,
      );
      expect(() => termsFor(policy, request)).toThrow(
        expect.objectContaining({ code: 'invalid_request' }) as never,
      );
    }
  });

  it('carries the policy’s disclosure requirement into every grant, and none without one', () => {
    fc.assert(
      fc.property(policyArb, requestArb, (policy, request) => {
        if (!checkCompatibility(policy, request).allowed) return;
        const terms = termsFor(policy, request);
        if (policy.disclosure?.required) {
          expect(terms.schema).toBe('clearframe.license/2');
          expect(terms).toHaveProperty('disclosure', policy.disclosure);
        } else {
          expect(terms.schema).toBe('clearframe.license/1');
          expect(terms).not.toHaveProperty('disclosure');
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('never lets a request override a prohibition in the policy', () => {
    fc.assert(
      fc.property(policyArb, requestArb, (policy, request) => {
        const result = checkCompatibility(policy, request);
        const clash = request.sensitiveUses.some((use) => policy.prohibitedUses.includes(use));
        if (clash) {
          expect(result.allowed).toBe(false);
          expect(result.reasons.map((reason) => reason.code)).toContain('prohibited_use');
        }
        if (result.allowed) {
          // Granted terms carry every prohibition of the policy.
          const terms = termsFor(policy, request);
          for (const prohibition of policy.prohibitedUses)
            expect(terms.prohibitedUses).toContain(prohibition);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('allows only what the policy lists', () => {
    fc.assert(
      fc.property(policyArb, requestArb, (policy, request) => {
        const { allowed } = checkCompatibility(policy, request);
        if (!allowed) return;
        for (const use of request.uses) expect(policy.allowedUses).toContain(use);
        for (const modality of request.outputModalities)
          expect(policy.allowedModalities).toContain(modality);
        if (request.commercial) expect(policy.commercialUseAllowed).toBe(true);
        if (request.exclusivity.kind !== 'none') expect(policy.exclusivity.offered).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
