import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { aPolicy, aRequest } from '../../test/factories/license.factory.js';
import { thrown } from '../../test/support/thrown.js';
import { ContractError, describeZodFailure } from '../contract-error.js';
import { canonicalize } from './canonical-json.codec.js';
import { checkCompatibility } from './compatibility.check.js';
import { LicenseError } from './license.errors.js';
import {
  ClipPolicy,
  CountryCode,
  LicenseRequest,
  LicenseTerms,
  type LicenseTermsType,
} from './license.schema.js';
import { LICENSE_TEMPLATES } from './license.templates.js';
import { termsFor } from './terms.builder.js';
import { termsHash } from './terms.hash.js';
import { renderTerms } from './terms.render.js';

// Every refusal says exactly what is wrong: the code for programs, the sentence for people.

const terms = (): LicenseTermsType => structuredClone(LICENSE_TEMPLATES['training-standard'].terms);

describe('compatibility reasons, in full', () => {
  const reasonsOf = (
    policy: Parameters<typeof aPolicy>[0],
    request: Parameters<typeof aRequest>[0],
  ) => checkCompatibility(aPolicy(policy), aRequest(request)).reasons;

  it.each<[string, Parameters<typeof aPolicy>[0], Parameters<typeof aRequest>[0], object]>([
    [
      'a prohibited use, only the ones the policy prohibits',
      {},
      { sensitiveUses: ['surveillance', 'military'] },
      {
        code: 'prohibited_use',
        field: 'sensitiveUses',
        values: ['military'],
        message: 'The creator prohibits military uses; a prohibition cannot be licensed.',
      },
    ],
    [
      'uses',
      {},
      { uses: ['research', 'ai-train', 'ai-input'] },
      {
        code: 'use_not_allowed',
        field: 'uses',
        values: ['ai-input', 'research'],
        message:
          'The creator does not allow giving the footage to AI models as input (for example retrieval or prompting) and research with this clip.',
      },
    ],
    [
      'modalities',
      {},
      { outputModalities: ['text', 'video', 'audio'] },
      {
        code: 'modality_not_allowed',
        field: 'outputModalities',
        values: ['audio', 'text'],
        message: 'The creator does not allow models whose output is audio and text.',
      },
    ],
    [
      'commercial use',
      { commercialUseAllowed: false },
      {},
      {
        code: 'commercial_not_allowed',
        field: 'commercial',
        values: ['commercial'],
        message: 'The creator allows only non-commercial use of this clip.',
      },
    ],
    [
      'exclusivity',
      { exclusivity: { offered: false } },
      { exclusivity: { kind: 'exclusive', until: 'term-end' } },
      {
        code: 'exclusivity_not_offered',
        field: 'exclusivity',
        values: ['exclusive'],
        message: 'The creator does not offer an exclusive license for this clip.',
      },
    ],
    [
      'a longer fixed term',
      {},
      { term: { kind: 'fixed', months: 37, modelsUsableAfterTerm: true } },
      {
        code: 'term_too_long',
        field: 'term.months',
        values: ['37'],
        message: 'The creator grants at most 36 months; the request asks for 37.',
      },
    ],
    [
      'a perpetual term',
      {},
      { term: { kind: 'perpetual' } },
      {
        code: 'term_too_long',
        field: 'term',
        values: ['perpetual'],
        message: 'The creator grants at most 36 months; the request asks for a perpetual license.',
      },
    ],
    [
      'model use after the term',
      { modelsUsableAfterTerm: false },
      {},
      {
        code: 'model_use_after_term_not_allowed',
        field: 'term.modelsUsableAfterTerm',
        values: ['true'],
        message:
          'The creator does not allow models trained on this clip to be used after the license ends.',
      },
    ],
    [
      'sublicensing',
      { sublicensing: 'none' },
      { sublicensing: 'affiliates' },
      {
        code: 'sublicensing_not_allowed',
        field: 'sublicensing',
        values: ['affiliates'],
        message: 'The creator does not allow sublicensing to affiliates.',
      },
    ],
  ])('refuses %s', (_label, policy, request, reason) => {
    expect(reasonsOf(policy, request)).toEqual([reason]);
  });

  it.each<[string, Parameters<typeof aPolicy>[0], Parameters<typeof aRequest>[0]]>([
    [
      'a sensitive use the policy does not prohibit',
      { prohibitedUses: ['military'] },
      { sensitiveUses: ['surveillance'] },
    ],
    [
      'a non-exclusive request when exclusivity is not offered',
      { exclusivity: { offered: false } },
      {},
    ],
    [
      'exactly the longest term',
      {},
      { term: { kind: 'fixed', months: 36, modelsUsableAfterTerm: true } },
    ],
    [
      'a perpetual request under a perpetual policy',
      { maxTerm: { kind: 'perpetual' }, modelsUsableAfterTerm: false },
      { term: { kind: 'perpetual' } },
    ],
    [
      'no model use after the term when the policy forbids it',
      { modelsUsableAfterTerm: false },
      { term: { kind: 'fixed', months: 12, modelsUsableAfterTerm: false } },
    ],
    [
      'no sublicensing when the policy forbids it',
      { sublicensing: 'none' },
      { sublicensing: 'none' },
    ],
    [
      'non-commercial use under a non-commercial policy',
      { commercialUseAllowed: false },
      { commercial: false },
    ],
  ])('allows %s', (_label, policy, request) => {
    expect(reasonsOf(policy, request)).toEqual([]);
  });

  it('names the invalid input in the message', () => {
    expect(thrown(() => checkCompatibility(aPolicy({ allowedUses: [] }), aRequest()))).toEqual({
      name: 'LicenseError',
      code: 'invalid_policy',
      message: 'Invalid clip policy at allowedUses: Allow at least one use.',
      issues: [{ path: 'allowedUses', message: 'Allow at least one use.', code: 'too_small' }],
    });
    expect(thrown(() => checkCompatibility(aPolicy(), aRequest({ uses: [] })))).toEqual({
      name: 'LicenseError',
      code: 'invalid_request',
      message: 'Invalid license request at uses: Request at least one use.',
      issues: [{ path: 'uses', message: 'Request at least one use.', code: 'too_small' }],
    });
  });
});

describe('termsFor refusals', () => {
  it('explains an incompatible request with every reason', () => {
    try {
      termsFor(
        aPolicy({ commercialUseAllowed: false }),
        aRequest({ sublicensing: 'affiliates', commercial: true }),
      );
      throw new Error('expected termsFor to throw');
    } catch (error) {
      const licenseError = error as LicenseError;
      expect(licenseError).toBeInstanceOf(LicenseError);
      expect(licenseError.code).toBe('incompatible');
      expect(licenseError.message).toBe(
        'The policy does not allow this request: The creator allows only non-commercial use of this clip.',
      );
      expect(licenseError.issues).toEqual([]);
      expect(licenseError.reasons.map((reason) => reason.code)).toEqual(['commercial_not_allowed']);
    }
  });

  it('names invalid input', () => {
    expect(thrown(() => termsFor({ ...aPolicy(), schema: 'x' } as never, aRequest()))).toEqual(
      expect.objectContaining({
        code: 'invalid_policy',
        message: 'Invalid clip policy at schema: Invalid input: expected "clearframe.policy/1"',
      }),
    );
    expect(thrown(() => termsFor(aPolicy(), { ...aRequest(), commercial: 'no' } as never))).toEqual(
      expect.objectContaining({
        code: 'invalid_request',
        message:
          'Invalid license request at commercial: Invalid input: expected boolean, received string',
      }),
    );
  });

  it('keeps retention for a fixed term and drops it for a perpetual one', () => {
    const fixed = termsFor(aPolicy(), aRequest());
    expect(fixed.retention).toEqual({ deleteSourceFilesAtTermEnd: true, withinDays: 30 });
    const perpetual = termsFor(
      aPolicy({ maxTerm: { kind: 'perpetual' } }),
      aRequest({ term: { kind: 'perpetual' } }),
    );
    expect(perpetual.retention).toEqual({ deleteSourceFilesAtTermEnd: false });
  });
});

describe('license schema messages', () => {
  it.each<[unknown, string]>([
    ['XK', 'XK is not an assigned ISO 3166-1 alpha-2 country code.'],
    ['us', 'Enter a country as a two-letter upper-case ISO 3166-1 code such as US or DE.'],
    ['USA', 'Enter a country as a two-letter upper-case ISO 3166-1 code such as US or DE.'],
    ['1XK', 'Enter a country as a two-letter upper-case ISO 3166-1 code such as US or DE.'],
    ['X', 'Enter a country as a two-letter upper-case ISO 3166-1 code such as US or DE.'],
    [42, 'Enter a country as a two-letter upper-case ISO 3166-1 code such as US or DE.'],
  ])('CountryCode %j', (input, message) => {
    expect(CountryCode.safeParse(input).error!.issues[0]!.message).toBe(message);
  });

  it('refuses a perpetual term that ends exclusivity or deletes files "at term end"', () => {
    const perpetual = {
      ...terms(),
      term: { kind: 'perpetual' as const },
      retention: { deleteSourceFilesAtTermEnd: false as const },
    };
    expect(LicenseTerms.safeParse(perpetual).success).toBe(true);
    expect(
      LicenseTerms.safeParse({
        ...perpetual,
        exclusivity: { kind: 'exclusive', until: '2030-01-01' },
      }).success,
    ).toBe(true);
    expect(
      LicenseTerms.safeParse({
        ...perpetual,
        exclusivity: { kind: 'exclusive', until: 'term-end' },
      }).error!.issues,
    ).toEqual([
      {
        code: 'custom',
        path: ['exclusivity', 'until'],
        message: 'A perpetual term has no end: give a date.',
      },
    ]);
    expect(
      LicenseTerms.safeParse({ ...terms(), exclusivity: { kind: 'exclusive', until: 'term-end' } })
        .success,
    ).toBe(true);
    expect(
      LicenseTerms.safeParse({
        ...perpetual,
        retention: { deleteSourceFilesAtTermEnd: true, withinDays: 5 },
      }).error!.issues,
    ).toEqual([
      {
        code: 'custom',
        path: ['retention', 'deleteSourceFilesAtTermEnd'],
        message: 'A perpetual term has no end at which to delete files.',
      },
    ]);
  });

  it('refuses a perpetual request exclusive "until term end", and only that', () => {
    const perpetual = aRequest({ term: { kind: 'perpetual' } });
    expect(LicenseRequest.safeParse(perpetual).success).toBe(true);
    expect(
      LicenseRequest.safeParse({
        ...perpetual,
        exclusivity: { kind: 'exclusive', until: '2030-01-01' },
      }).success,
    ).toBe(true);
    expect(
      LicenseRequest.safeParse(aRequest({ exclusivity: { kind: 'exclusive', until: 'term-end' } }))
        .success,
    ).toBe(true);
    expect(
      LicenseRequest.safeParse({
        ...perpetual,
        exclusivity: { kind: 'exclusive', until: 'term-end' },
      }).error!.issues,
    ).toEqual([
      {
        code: 'custom',
        path: ['exclusivity', 'until'],
        message: 'A perpetual term has no end: give a date.',
      },
    ]);
    expect(ClipPolicy.safeParse(aPolicy()).success).toBe(true);
  });
});

describe('disclosure requirement refusals', () => {
  const DAYS = 'Enter the number of days as a whole number from 0 to 365.';
  it.each<[string, unknown, string, string]>([
    [
      'a negative day count',
      -1,
      'too_small',
      'Enter 0 (before release) or a number of days up to 365.',
    ],
    ['more than a year', 366, 'too_big', 'A disclosure can be due at most 365 days after release.'],
    ['a fraction of a day', 1.5, 'invalid_type', DAYS],
    ['days as a string', '30', 'invalid_type', DAYS],
    ['NaN days', Number.NaN, 'invalid_type', DAYS],
    ['infinite days', Number.POSITIVE_INFINITY, 'invalid_type', DAYS],
    ['no day count', undefined, 'invalid_type', DAYS],
  ])('refuses %s in a policy, naming the field', (_label, days, code, message) => {
    const policy = {
      ...aPolicy(),
      disclosure: {
        required: true,
        ...(days === undefined ? {} : { withinDaysAfterRelease: days }),
      },
    };
    const path = 'disclosure.withinDaysAfterRelease';
    expect(thrown(() => termsFor(policy as never, aRequest()))).toEqual({
      name: 'LicenseError',
      code: 'invalid_policy',
      message: `Invalid clip policy at ${path}: ${message}`,
      issues: [{ path, message, code }],
    });
    expect(thrown(() => checkCompatibility(policy as never, aRequest())).code).toBe(
      'invalid_policy',
    );
    expect(ClipPolicy.safeParse(policy).success).toBe(false);
  });

  it('accepts the bounds, 0 (before release) and 365', () => {
    for (const withinDaysAfterRelease of [0, 365]) {
      const terms = termsFor(
        aPolicy({ disclosure: { required: true, withinDaysAfterRelease } }),
        aRequest(),
      );
      expect(terms).toEqual(
        expect.objectContaining({
          schema: 'clearframe.license/2',
          disclosure: { required: true, withinDaysAfterRelease },
        }),
      );
    }
  });

  it('refuses terms that mix the versions, in every terms function', () => {
    const v2WithoutRequirement = {
      ...terms(),
      schema: 'clearframe.license/2',
      disclosure: { required: false },
    } as never;
    const message =
      'clearframe.license/2 terms always require a disclosure; terms without one are clearframe.license/1.';
    for (const fn of [
      () => termsHash(v2WithoutRequirement),
      () => renderTerms(v2WithoutRequirement, { format: 'text' }),
    ]) {
      expect(thrown(fn)).toEqual(
        expect.objectContaining({
          code: 'invalid_terms',
          message: `Invalid license terms at disclosure.required: ${message}`,
        }),
      );
    }
    const v1WithDisclosure = {
      ...terms(),
      disclosure: { required: true, withinDaysAfterRelease: 30 },
    } as never;
    expect(thrown(() => termsHash(v1WithDisclosure))).toEqual(
      expect.objectContaining({
        code: 'invalid_terms',
        message: 'Invalid license terms at disclosure: Unknown field: disclosure.',
      }),
    );
    const v2Missing = { ...terms(), schema: 'clearframe.license/2' } as never;
    expect(thrown(() => termsHash(v2Missing)).code).toBe('invalid_terms');
    expect(LicenseTerms.safeParse({ ...terms(), schema: 'clearframe.license/3' }).success).toBe(
      false,
    );
  });
});

describe('canonicalize refusals', () => {
  const refusal = (path: string, message: string) => ({
    name: 'LicenseError',
    code: 'not_canonicalizable',
    message: `Cannot canonicalize ${path || '(root)'}: ${message}`,
    issues: [{ path, message, code: 'not_canonicalizable' }],
  });

  it.each<[string, unknown, string, string]>([
    ['NaN at the root', Number.NaN, '', 'NaN is not a JSON number.'],
    [
      'Infinity in an array',
      { a: [1, Number.POSITIVE_INFINITY] },
      'a.1',
      'Infinity is not a JSON number.',
    ],
    ['undefined in an object', { x: { y: undefined } }, 'x.y', 'undefined is not a JSON value.'],
    ['undefined at the root', undefined, '', 'undefined is not a JSON value.'],
    ['a function in an array', [0, [() => 1]], '1.0', 'function is not a JSON value.'],
    ['a bigint', { n: 1n }, 'n', 'bigint is not a JSON value.'],
    ['a symbol', { s: Symbol('s') }, 's', 'symbol is not a JSON value.'],
    ['a Date', { when: new Date(0) }, 'when', 'only plain objects and arrays are JSON.'],
    ['a Map', [new Map()], '0', 'only plain objects and arrays are JSON.'],
    [
      'a lone surrogate',
      { t: '\ud800' },
      't',
      'string contains a lone surrogate (not valid I-JSON).',
    ],
  ])('refuses %s, naming the path', (_label, value, path, message) => {
    expect(thrown(() => canonicalize(value))).toEqual(refusal(path, message));
  });

  it('accepts objects without a prototype as plain objects', () => {
    const bare = Object.assign(Object.create(null) as object, { b: 1, a: [true] });
    expect(canonicalize(bare)).toBe('{"a":[true],"b":1}');
  });

  it('refuses invalid terms in every terms function, with the field', () => {
    const invalid = { ...terms(), commercial: 'yes' } as never;
    const expected = {
      name: 'LicenseError',
      code: 'invalid_terms',
      message:
        'Invalid license terms at commercial: Invalid input: expected boolean, received string',
      issues: [
        {
          path: 'commercial',
          message: 'Invalid input: expected boolean, received string',
          code: 'invalid_type',
        },
      ],
    };
    expect(thrown(() => termsHash(invalid))).toEqual(expected);
    expect(thrown(() => renderTerms(invalid, { format: 'text' }))).toEqual(expected);
    expect(thrown(() => renderTerms(terms(), { format: 'pdf' as never }))).toEqual({
      name: 'LicenseError',
      code: 'invalid_option',
      message: 'Unknown format pdf: use "text" or "markdown".',
      issues: [{ path: 'format', message: 'Use "text" or "markdown".', code: 'invalid_value' }],
    });
  });
});

describe('contract errors', () => {
  it('default to no issues and no reasons, and carry their class name', () => {
    const error = new LicenseError('invalid_terms', 'bad');
    expect([error.name, error.code, error.message, error.issues, error.reasons]).toEqual([
      'LicenseError',
      'invalid_terms',
      'bad',
      [],
      [],
    ]);
    const base = new ContractError('some_code', 'message');
    expect(base.issues).toEqual([]);
    expect(base).toBeInstanceOf(Error);
  });

  it('describe a zod failure by its first field, or the root', () => {
    const atField = LicenseTerms.safeParse({ ...terms(), commercial: 1 }).error!;
    expect(describeZodFailure('license terms', atField).message).toBe(
      'Invalid license terms at commercial: Invalid input: expected boolean, received number',
    );
    const atRoot = LicenseTerms.safeParse(42).error!;
    expect(describeZodFailure('license terms', atRoot)).toEqual({
      message: 'Invalid license terms at (root): Invalid input: expected object, received number',
      issues: [
        {
          path: '',
          message: 'Invalid input: expected object, received number',
          code: 'invalid_type',
        },
      ],
    });
    const empty = new z.ZodError([]);
    expect(describeZodFailure('license terms', empty)).toEqual({
      message: 'Invalid license terms',
      issues: [],
    });
  });
});
