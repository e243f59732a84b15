import fc from 'fast-check';
import {
  COUNTRY_CODES,
  OUTPUT_MODALITIES,
  PERMITTED_USES,
  PROHIBITED_USES,
  type ClipPolicyType,
  type LicenseRequestType,
  type TerritoryType,
} from '../../src/license/index.js';

/** A policy that allows the common training request below; override what a test is about. */
export function aPolicy(overrides: Partial<ClipPolicyType> = {}): ClipPolicyType {
  return {
    schema: 'clearframe.policy/1',
    allowedUses: ['ai-train', 'ai-finetune', 'ai-eval'],
    allowedModalities: ['video', 'image', 'multimodal-understanding'],
    prohibitedUses: ['likeness-synthesis', 'biometric-identification', 'military'],
    commercialUseAllowed: true,
    exclusivity: { offered: true, multiplierBps: null },
    maxTerm: { kind: 'months', months: 36 },
    modelsUsableAfterTerm: true,
    territory: { scope: 'exclude', countries: ['RU'] },
    attribution: { required: false },
    sublicensing: 'affiliates',
    retention: { deleteSourceFilesAtTermEnd: true, withinDays: 30 },
    audit: { allowed: true, noticeDays: 30, maxPerYear: 1 },
    ratePerMinute: { amountMinor: 1200, currency: 'USD' },
    ...overrides,
  };
}

/** A commercial, non-exclusive 24-month training request for video models in the US and Germany. */
export function aRequest(overrides: Partial<LicenseRequestType> = {}): LicenseRequestType {
  return {
    uses: ['ai-train'],
    outputModalities: ['video'],
    sensitiveUses: [],
    commercial: true,
    exclusivity: { kind: 'none' },
    term: { kind: 'fixed', months: 24, modelsUsableAfterTerm: true },
    territory: { scope: 'include', countries: ['US', 'DE'] },
    sublicensing: 'none',
    ...overrides,
  };
}

const subset = <T>(values: readonly T[], minLength = 0) => fc.subarray([...values], { minLength });
const countries = fc.subarray([...COUNTRY_CODES.slice(0, 12)], { minLength: 1 });

export const territoryArb: fc.Arbitrary<TerritoryType> = fc.oneof(
  fc.constant({ scope: 'worldwide' as const }),
  countries.map((list) => ({ scope: 'include' as const, countries: list })),
  countries.map((list) => ({ scope: 'exclude' as const, countries: list })),
);

/** Any valid clip policy, with or without a disclosure member. */
export const policyArb: fc.Arbitrary<ClipPolicyType> = fc.record(
  {
    schema: fc.constant('clearframe.policy/1' as const),
    allowedUses: subset(PERMITTED_USES, 1),
    allowedModalities: subset(OUTPUT_MODALITIES, 1),
    prohibitedUses: subset(PROHIBITED_USES),
    commercialUseAllowed: fc.boolean(),
    exclusivity: fc.oneof(
      fc.constant({ offered: false as const }),
      fc.record({
        offered: fc.constant(true as const),
        multiplierBps: fc.option(fc.integer({ min: 10_000, max: 50_000 }), { nil: null }),
      }),
    ),
    maxTerm: fc.oneof(
      fc.constant({ kind: 'perpetual' as const }),
      fc.integer({ min: 1, max: 240 }).map((months) => ({ kind: 'months' as const, months })),
    ),
    modelsUsableAfterTerm: fc.boolean(),
    territory: territoryArb,
    attribution: fc.oneof(
      fc.constant({ required: false as const }),
      fc.constant({ required: true as const, text: 'Footage: Clearframe creators' }),
    ),
    sublicensing: fc.constantFrom('none' as const, 'affiliates' as const),
    retention: fc.oneof(
      fc.constant({ deleteSourceFilesAtTermEnd: false as const }),
      fc
        .integer({ min: 1, max: 365 })
        .map((withinDays) => ({ deleteSourceFilesAtTermEnd: true as const, withinDays })),
    ),
    audit: fc.oneof(
      fc.constant({ allowed: false as const }),
      fc.constant({ allowed: true as const, noticeDays: 30, maxPerYear: 1 }),
    ),
    ratePerMinute: fc
      .integer({ min: 0, max: 100_000 })
      .map((amountMinor) => ({ amountMinor, currency: 'USD' as const })),
    disclosure: fc.oneof(
      fc.constant({ required: false as const }),
      fc
        .integer({ min: 0, max: 365 })
        .map((withinDaysAfterRelease) => ({ required: true as const, withinDaysAfterRelease })),
    ),
  },
  {
    requiredKeys: [
      'schema',
      'allowedUses',
      'allowedModalities',
      'prohibitedUses',
      'commercialUseAllowed',
      'exclusivity',
      'maxTerm',
      'modelsUsableAfterTerm',
      'territory',
      'attribution',
      'sublicensing',
      'retention',
      'audit',
      'ratePerMinute',
    ],
  },
);

/** Any valid license request. */
export const requestArb: fc.Arbitrary<LicenseRequestType> = fc
  .record({
    uses: subset(PERMITTED_USES, 1),
    outputModalities: subset(OUTPUT_MODALITIES, 1),
    sensitiveUses: subset(PROHIBITED_USES),
    commercial: fc.boolean(),
    term: fc.oneof(
      fc.constant({ kind: 'perpetual' as const }),
      fc.record({
        kind: fc.constant('fixed' as const),
        months: fc.integer({ min: 1, max: 240 }),
        modelsUsableAfterTerm: fc.boolean(),
      }),
    ),
    exclusive: fc.boolean(),
    territory: territoryArb,
    sublicensing: fc.constantFrom('none' as const, 'affiliates' as const),
  })
  .map(({ exclusive, ...rest }) => ({
    ...rest,
    exclusivity: exclusive
      ? { kind: 'exclusive' as const, until: '2030-06-30' }
      : { kind: 'none' as const },
  }));
