import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { Token, parseDictionary } from 'structured-headers';
import { aPolicy } from '../../test/factories/license.factory.js';
import { LicenseError } from './license.errors.js';
import {
  OUTPUT_MODALITIES,
  PERMITTED_USES,
  PROHIBITED_USES,
  type LicenseTermsType,
} from './license.schema.js';
import { LICENSE_TEMPLATES, LICENSE_TEMPLATE_IDS } from './license.templates.js';
import {
  AIPREF_VOCABULARY_VERSION,
  RSL_NAMESPACE,
  toAipref,
  toCawgAssertion,
  toRsl,
} from './interop.mapper.js';
import { termsHash } from './terms.hash.js';

const template = (id: (typeof LICENSE_TEMPLATE_IDS)[number]): LicenseTermsType =>
  structuredClone(LICENSE_TEMPLATES[id].terms);

/** Any valid terms, built from the templates with random uses, modalities and prohibitions. */
const termsArb = fc
  .record({
    base: fc.constantFrom(...LICENSE_TEMPLATE_IDS),
    uses: fc.subarray([...PERMITTED_USES], { minLength: 1 }),
    modalities: fc.subarray([...OUTPUT_MODALITIES], { minLength: 1 }),
    prohibited: fc.subarray([...PROHIBITED_USES]),
    commercial: fc.boolean(),
    territory: fc.constantFrom<LicenseTermsType['territory']>(
      { scope: 'worldwide' },
      { scope: 'include', countries: ['US', 'CA'] },
      { scope: 'exclude', countries: ['RU'] },
    ),
  })
  .map(({ base, uses, modalities, prohibited, commercial, territory }) => ({
    ...template(base),
    permittedUses: uses,
    outputModalities: modalities,
    prohibitedUses: prohibited,
    commercial,
    territory,
  }));

function aiprefPreferences(text: string): Map<string, string> {
  // Strict RFC 9651 dictionary parsing: throws on anything that is not a valid dictionary.
  const dictionary = parseDictionary(text);
  const preferences = new Map<string, string>();
  for (const [key, [value, parameters]] of dictionary) {
    expect(value).toBeInstanceOf(Token);
    expect(parameters.size).toBe(0);
    preferences.set(key, (value as Token).toString());
  }
  return preferences;
}

describe('toAipref', () => {
  it(`follows ${AIPREF_VOCABULARY_VERSION}`, () => {
    expect(AIPREF_VOCABULARY_VERSION).toMatch(/^draft-ietf-aipref-vocab-\d{2}$/);
  });

  it.each([
    ['training-standard', 'train-ai=y, ai-use=n, search=n'],
    ['training-exclusive', 'train-ai=y, ai-use=n, search=n'],
    ['evaluation-only', 'train-ai=n, ai-use=n, search=n'],
    ['research-noncommercial', 'train-ai=y, ai-use=n, search=n'],
  ] as const)('maps %s', (id, expected) => {
    expect(toAipref(template(id))).toBe(expected);
  });

  it('says y to ai-use only for ai-input into a generative model, and to train-ai only for generative training', () => {
    const inputOnly = { ...template('evaluation-only'), permittedUses: ['ai-input' as const] };
    expect(toAipref(inputOnly)).toBe('train-ai=n, ai-use=y, search=n');
    const understandingOnly = {
      ...template('training-standard'),
      outputModalities: ['multimodal-understanding' as const],
    };
    expect(toAipref(understandingOnly)).toBe('train-ai=n, ai-use=n, search=n');
  });

  it('always parses as an RFC 9651 dictionary of y/n tokens for the three vocabulary labels', () => {
    fc.assert(
      fc.property(termsArb, (terms) => {
        const preferences = aiprefPreferences(toAipref(terms));
        expect([...preferences.keys()]).toEqual(['train-ai', 'ai-use', 'search']);
        for (const value of preferences.values()) expect(['y', 'n']).toContain(value);
        expect(preferences.get('search')).toBe('n');
        // Unknown never means allowed: y only when the terms license the category.
        if (preferences.get('train-ai') === 'y')
          expect(
            terms.permittedUses.some((use) => use === 'ai-train' || use === 'ai-finetune'),
          ).toBe(true);
        if (preferences.get('ai-use') === 'y') expect(terms.permittedUses).toContain('ai-input');
      }),
      { numRuns: 300 },
    );
  });
});

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['permits', 'prohibits'].includes(name),
});

function rslLicense(document: string) {
  expect(XMLValidator.validate(document)).toBe(true);
  const parsed = xml.parse(document);
  expect(parsed.rsl['@xmlns']).toBe(RSL_NAMESPACE);
  const license = parsed.rsl.content.license;
  const byType = (element: 'permits' | 'prohibits') =>
    Object.fromEntries(
      ((license[element] ?? []) as Array<{ '#text': string; '@type': string }>).map((entry) => [
        entry['@type'],
        entry['#text'].split(' '),
      ]),
    );
  return { parsed, license, permits: byType('permits'), prohibits: byType('prohibits') };
}

describe('toRsl', () => {
  it('writes a well-formed RSL 1.0 document with permits, prohibits, payment and the terms hash', () => {
    const terms = {
      ...template('training-standard'),
      territory: { scope: 'include' as const, countries: ['DE' as const, 'US' as const] },
    };
    const document = toRsl(terms, {
      contentUrl: 'https://clearframe.dev/clips/8f0c?a=1&b=2',
      price: { amountMinor: 12345, currency: 'USD' },
      licenseUrl: 'https://clearframe.dev/license/8f0c',
      termsUrl: 'https://clearframe.dev/terms/8f0c',
    });
    const { parsed, license, permits, prohibits } = rslLicense(document);
    expect(parsed.rsl.content['@url']).toBe('https://clearframe.dev/clips/8f0c?a=1&b=2');
    expect(parsed.rsl.content.terms).toBe('https://clearframe.dev/terms/8f0c');
    expect(permits).toEqual({ usage: ['ai-train'], geo: ['DE', 'US'] });
    expect(prohibits).toEqual({ usage: ['ai-input', 'ai-index', 'search'] });
    expect(license.payment['@type']).toBe('purchase');
    expect(license.payment.amount).toEqual({ '#text': 123.45, '@currency': 'USD' });
    expect(license.payment.custom).toBe('https://clearframe.dev/license/8f0c');
    expect(license['cf:terms']['@hash']).toBe(termsHash(terms));
    expect(license['cf:terms']['cf:prohibits'].split(' ')).toEqual([...PROHIBITED_USES]);
  });

  it('restricts the user class and excluded countries', () => {
    const terms = {
      ...template('research-noncommercial'),
      territory: { scope: 'exclude' as const, countries: ['RU' as const] },
    };
    const { permits, prohibits } = rslLicense(toRsl(terms, { contentUrl: '/clips/*' }));
    expect(permits.user).toEqual(['non-commercial']);
    expect(prohibits.geo).toEqual(['RU']);
  });

  it('prohibits all usage when nothing the terms allow has an RSL token (evaluation only)', () => {
    const { permits, prohibits } = rslLicense(
      toRsl(template('evaluation-only'), { contentUrl: '/clips/1' }),
    );
    expect(permits).toEqual({});
    expect(prohibits).toEqual({ usage: ['all'] });
  });

  it('is well-formed for any terms', () => {
    fc.assert(
      fc.property(termsArb, (terms) => {
        const { permits, prohibits } = rslLicense(
          toRsl(terms, { contentUrl: 'https://clearframe.dev/c?a=1&b=2' }),
        );
        for (const usage of permits.usage ?? []) expect(prohibits.usage).not.toContain(usage);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a missing or unsafe content URL and an invalid price', () => {
    const terms = template('training-standard');
    expect(() => toRsl(terms, {} as never)).toThrow(LicenseError);
    expect(() => toRsl(terms, { contentUrl: 'https://x/"><evil/>' })).toThrow(LicenseError);
    expect(() =>
      toRsl(terms, { contentUrl: '/c', price: { amountMinor: 1.5, currency: 'USD' } }),
    ).toThrow(expect.objectContaining({ code: 'invalid_option' }) as never);
  });
});

describe('toCawgAssertion', () => {
  it('marks licensed uses constrained by the terms hash and the rest notAllowed', () => {
    const terms = template('training-standard');
    const assertion = toCawgAssertion(terms);
    expect(assertion.label).toBe('cawg.training-mining');
    const { entries } = assertion.data;
    expect(entries['cawg.ai_generative_training'].use).toBe('constrained');
    expect(entries['cawg.ai_generative_training'].constraint_info).toContain(termsHash(terms));
    expect(entries['cawg.ai_training'].use).toBe('constrained');
    expect(entries['cawg.ai_inference'].use).toBe('constrained'); // ai-eval
    expect(entries['cawg.data_mining']).toEqual({ use: 'notAllowed' });
  });

  it('never says a plain "allowed"', () => {
    fc.assert(
      fc.property(termsArb, (terms) => {
        for (const entry of Object.values(toCawgAssertion(terms).data.entries))
          expect(['constrained', 'notAllowed']).toContain(entry.use);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses invalid terms', () => {
    expect(() => toCawgAssertion({ ...aPolicy() } as never)).toThrow(LicenseError);
  });
});
