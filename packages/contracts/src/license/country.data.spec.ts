import { describe, expect, it } from '@jest/globals';
import { COUNTRY_CODES, COUNTRY_NAMES, countryName } from './index.js';

describe('country names', () => {
  it('names every assigned code, and nothing else', () => {
    expect(Object.keys(COUNTRY_NAMES).sort()).toEqual([...COUNTRY_CODES].sort());
    for (const code of COUNTRY_CODES) expect(COUNTRY_NAMES[code]).toMatch(/^\S.*\S$/);
  });

  it('gives the fixed English name, whatever the runtime’s CLDR says', () => {
    // The four names on which Node 24 and Chromium disagree (the cause of a hydration mismatch).
    expect(countryName('HK')).toBe('Hong Kong SAR China');
    expect(countryName('MO')).toBe('Macao SAR China');
    expect(countryName('PS')).toBe('Palestinian Territories');
    expect(countryName('FK')).toBe('Falkland Islands');
    expect(countryName('CI')).toBe('Côte d’Ivoire');
    expect(countryName('DE')).toBe('Germany');
    expect(countryName('ZZ')).toBe('ZZ');
  });
});
