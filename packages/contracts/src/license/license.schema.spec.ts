import { describe, expect, it } from '@jest/globals';
import { aPolicy, aRequest } from '../../test/factories/license.factory.js';
import { ClipPolicy, LicenseRequest, LicenseTerms } from './license.schema.js';
import { LICENSE_TEMPLATES } from './license.templates.js';

function firstPath(
  schema: {
    safeParse(value: unknown): {
      success: boolean;
      error?: { issues: Array<{ path: PropertyKey[] }> };
    };
  },
  value: unknown,
): string | undefined {
  const result = schema.safeParse(value);
  return result.success ? undefined : result.error!.issues[0]!.path.map(String).join('.');
}

const terms = () => structuredClone(LICENSE_TEMPLATES['training-standard'].terms);

describe('license schemas reject bad input with a path', () => {
  it('keeps an attribution in any script exactly as written, up to 500 code points', () => {
    for (const text of ['Footage by علی\u200cرضا', '映像: 山田 太郎 🎥', '😀'.repeat(500)]) {
      const withText = { ...terms(), attribution: { required: true as const, text } };
      expect(LicenseTerms.parse(withText).attribution).toEqual({ required: true, text });
    }
  });

  it.each([
    ['unknown field', { ...terms(), extra: 1 }, ''],
    ['unknown schema id', { ...terms(), schema: 'clearframe.license/3' }, 'schema'],
    ['/2 without a disclosure', { ...terms(), schema: 'clearframe.license/2' }, 'disclosure'],
    [
      '/1 with a disclosure',
      { ...terms(), disclosure: { required: true, withinDaysAfterRelease: 30 } },
      '',
    ],
    [
      '/2 with a disclosure not required',
      { ...terms(), schema: 'clearframe.license/2', disclosure: { required: false } },
      'disclosure.required',
    ],
    ['unknown use', { ...terms(), permittedUses: ['ai-train', 'mining'] }, 'permittedUses.1'],
    ['duplicate use', { ...terms(), permittedUses: ['ai-train', 'ai-train'] }, 'permittedUses'],
    ['no use', { ...terms(), permittedUses: [] }, 'permittedUses'],
    ['unknown modality', { ...terms(), outputModalities: ['smell'] }, 'outputModalities.0'],
    ['unknown exclusivity kind', { ...terms(), exclusivity: { kind: 'semi' } }, 'exclusivity.kind'],
    [
      'malformed date',
      { ...terms(), exclusivity: { kind: 'exclusive', until: '2027-02-30' } },
      'exclusivity.until',
    ],
    [
      'fractional months',
      { ...terms(), term: { kind: 'fixed', months: 1.5, modelsUsableAfterTerm: true } },
      'term.months',
    ],
    [
      'term too long',
      { ...terms(), term: { kind: 'fixed', months: 1000, modelsUsableAfterTerm: true } },
      'term.months',
    ],
    [
      'lower-case country',
      { ...terms(), territory: { scope: 'include', countries: ['us'] } },
      'territory.countries.0',
    ],
    [
      'three-letter country',
      { ...terms(), territory: { scope: 'include', countries: ['USA'] } },
      'territory.countries.0',
    ],
    [
      'unassigned country',
      { ...terms(), territory: { scope: 'include', countries: ['XK'] } },
      'territory.countries.0',
    ],
    [
      'empty country list',
      { ...terms(), territory: { scope: 'exclude', countries: [] } },
      'territory.countries',
    ],
    [
      'attribution with padding',
      { ...terms(), attribution: { required: true, text: ' Credit ' } },
      'attribution.text',
    ],
    [
      'attribution with a right-to-left override',
      { ...terms(), attribution: { required: true, text: 'Footage by \u202eamiL anA' } },
      'attribution.text',
    ],
    [
      'attribution with a NUL',
      { ...terms(), attribution: { required: true, text: 'Footage\u0000' } },
      'attribution.text',
    ],
    [
      'attribution not in NFC (hashed as given, so never normalised)',
      { ...terms(), attribution: { required: true, text: 'Footage by Zoe\u0308' } },
      'attribution.text',
    ],
    [
      'attribution longer than 500 code points',
      { ...terms(), attribution: { required: true, text: 'a'.repeat(501) } },
      'attribution.text',
    ],
    ['unknown nested field', { ...terms(), audit: { allowed: false, noticeDays: 3 } }, 'audit'],
    [
      'perpetual term with deletion',
      { ...terms(), term: { kind: 'perpetual' } },
      'retention.deleteSourceFilesAtTermEnd',
    ],
  ])('LicenseTerms: %s', (_label, value, path) => {
    expect(firstPath(LicenseTerms, value)).toBe(path);
  });

  it.each<[string, unknown, string]>([
    [
      'negative rate',
      aPolicy({ ratePerMinute: { amountMinor: -1, currency: 'USD' } }),
      'ratePerMinute.amountMinor',
    ],
    [
      'fractional rate',
      aPolicy({ ratePerMinute: { amountMinor: 0.5, currency: 'USD' } }),
      'ratePerMinute.amountMinor',
    ],
    [
      'unsafe rate',
      aPolicy({ ratePerMinute: { amountMinor: 2 ** 53 + 2, currency: 'USD' } }),
      'ratePerMinute.amountMinor',
    ],
    [
      'unknown currency',
      aPolicy({ ratePerMinute: { amountMinor: 1, currency: 'BTC' as never } }),
      'ratePerMinute.currency',
    ],
    [
      'exclusivity multiplier below 1×',
      aPolicy({ exclusivity: { offered: true, multiplierBps: 9_000 } }),
      'exclusivity.multiplierBps',
    ],
    ['unknown field', { ...aPolicy(), note: 'hi' }, ''],
    [
      'disclosure days on a disclosure not required',
      { ...aPolicy(), disclosure: { required: false, withinDaysAfterRelease: 3 } },
      'disclosure',
    ],
    [
      'disclosure required as a string',
      { ...aPolicy(), disclosure: { required: 'yes' } },
      'disclosure.required',
    ],
    [
      'attribution with a zero-width space',
      aPolicy({ attribution: { required: true, text: 'Ana\u200bLima' } }),
      'attribution.text',
    ],
  ])('ClipPolicy: %s', (_label, value, path) => {
    expect(firstPath(ClipPolicy, value)).toBe(path);
  });

  it.each([
    ['unknown sensitive use', aRequest({ sensitiveUses: ['spying' as never] }), 'sensitiveUses.0'],
    ['wrong sublicensing', aRequest({ sublicensing: 'everyone' as never }), 'sublicensing'],
    [
      'exclusive until term end of a perpetual term',
      aRequest({
        term: { kind: 'perpetual' },
        exclusivity: { kind: 'exclusive', until: 'term-end' },
      }),
      'exclusivity.until',
    ],
    ['string for boolean', { ...aRequest(), commercial: 'yes' }, 'commercial'],
  ])('LicenseRequest: %s', (_label, value, path) => {
    expect(firstPath(LicenseRequest, value)).toBe(path);
  });
});
