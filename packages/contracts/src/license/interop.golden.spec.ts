import { describe, expect, it } from '@jest/globals';
import { thrown } from '../../test/support/thrown.js';
import type { LicenseTermsV1Type, LicenseTermsV2Type } from './license.schema.js';
import { toAipref, toCawgAssertion, toRsl } from './interop.mapper.js';
import { termsHash } from './terms.hash.js';

// Exact documents, read and checked against the mapping table in the README: other systems
// parse these, so a change to any byte must be deliberate.

const README_HASH = 'sha256:fd73667176dbf301c584b4c170b4c97ab2f9c4d50027e999d6a723b43b114e52';
const readme: LicenseTermsV1Type = {
  schema: 'clearframe.license/1',
  permittedUses: ['ai-train', 'ai-eval'],
  outputModalities: ['video'],
  prohibitedUses: ['likeness-synthesis', 'biometric-identification', 'military'],
  commercial: true,
  exclusivity: { kind: 'none' },
  term: { kind: 'fixed', months: 24, modelsUsableAfterTerm: true },
  territory: { scope: 'include', countries: ['DE', 'US'] },
  attribution: { required: true, text: 'Drone footage by Ana Lima' },
  sublicensing: 'none',
  retention: { deleteSourceFilesAtTermEnd: true, withinDays: 30 },
  audit: { allowed: true, noticeDays: 30, maxPerYear: 1 },
};
/** Non-commercial input and research for non-generative and text models, outside RU and BY. */
const research: LicenseTermsV1Type = {
  ...readme,
  permittedUses: ['ai-input', 'research'],
  outputModalities: ['multimodal-understanding', 'text'],
  prohibitedUses: [],
  commercial: false,
  territory: { scope: 'exclude', countries: ['RU', 'BY'] },
};
const evaluation: LicenseTermsV1Type = {
  ...readme,
  permittedUses: ['ai-eval'],
  territory: { scope: 'worldwide' },
};
/** The README terms with a disclosure due 30 days after a model's public release. */
const V2_HASH = 'sha256:8683fbfe44adfc093e2c78f8722b77758d97fdff17a17bbde568806abc03f7f0';
const disclosed: LicenseTermsV2Type = {
  ...readme,
  schema: 'clearframe.license/2',
  disclosure: { required: true, withinDaysAfterRelease: 30 },
};
/** Non-commercial research terms whose disclosure is due before release. */
const disclosedBefore: LicenseTermsV2Type = {
  ...research,
  schema: 'clearframe.license/2',
  disclosure: { required: true, withinDaysAfterRelease: 0 },
};

describe('toRsl output', () => {
  it('writes the README terms with every option, escaping URLs', () => {
    expect(termsHash(readme)).toBe(README_HASH);
    expect(
      toRsl(readme, {
        contentUrl: "https://clearframe.dev/clips/a?x=1&y='2'",
        price: { amountMinor: 3563, currency: 'USD' },
        licenseUrl: 'https://clearframe.dev/l?a=b&c=d',
        termsUrl: 'https://clearframe.dev/t&x',
      }),
    ).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rsl xmlns="https://rslstandard.org/rsl">',
        '  <content url="https://clearframe.dev/clips/a?x=1&amp;y=&apos;2&apos;">',
        '    <terms>https://clearframe.dev/t&amp;x</terms>',
        '    <license>',
        '      <permits type="usage">ai-train</permits>',
        '      <prohibits type="usage">ai-input ai-index search</prohibits>',
        '      <permits type="geo">DE US</permits>',
        '      <payment type="purchase">',
        '        <amount currency="USD">35.63</amount>',
        '        <custom>https://clearframe.dev/l?a=b&amp;c=d</custom>',
        '      </payment>',
        `      <cf:terms xmlns:cf="https://clearframe.dev/ns/license/1" schema="clearframe.license/1" hash="${README_HASH}">`,
        '        <cf:permits>ai-train ai-eval</cf:permits>',
        '        <cf:outputs>video</cf:outputs>',
        '        <cf:prohibits>likeness-synthesis biometric-identification military</cf:prohibits>',
        '      </cf:terms>',
        '    </license>',
        '  </content>',
        '</rsl>',
        '',
      ].join('\n'),
    );
  });

  it('writes non-commercial input terms with excluded countries and no options', () => {
    expect(toRsl(research, { contentUrl: '/clips/*' })).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rsl xmlns="https://rslstandard.org/rsl">',
        '  <content url="/clips/*">',
        '    <license>',
        '      <permits type="usage">ai-input</permits>',
        '      <prohibits type="usage">ai-train ai-index search</prohibits>',
        '      <permits type="user">non-commercial</permits>',
        '      <prohibits type="geo">RU BY</prohibits>',
        '      <payment type="purchase"/>',
        `      <cf:terms xmlns:cf="https://clearframe.dev/ns/license/1" schema="clearframe.license/1" hash="${termsHash(research)}">`,
        '        <cf:permits>ai-input research</cf:permits>',
        '        <cf:outputs>multimodal-understanding text</cf:outputs>',
        '      </cf:terms>',
        '    </license>',
        '  </content>',
        '</rsl>',
        '',
      ].join('\n'),
    );
  });

  it('prohibits all usage for evaluation-only terms, with a license URL but no price', () => {
    expect(toRsl(evaluation, { contentUrl: '/x', licenseUrl: '/buy' })).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rsl xmlns="https://rslstandard.org/rsl">',
        '  <content url="/x">',
        '    <license>',
        '      <prohibits type="usage">all</prohibits>',
        '      <payment type="purchase">',
        '        <custom>/buy</custom>',
        '      </payment>',
        `      <cf:terms xmlns:cf="https://clearframe.dev/ns/license/1" schema="clearframe.license/1" hash="${termsHash(evaluation)}">`,
        '        <cf:permits>ai-eval</cf:permits>',
        '        <cf:outputs>video</cf:outputs>',
        '        <cf:prohibits>likeness-synthesis biometric-identification military</cf:prohibits>',
        '      </cf:terms>',
        '    </license>',
        '  </content>',
        '</rsl>',
        '',
      ].join('\n'),
    );
  });

  it('carries a disclosure requirement only in the Clearframe extension (RSL has no term for it)', () => {
    expect(termsHash(disclosed)).toBe(V2_HASH);
    expect(toRsl(disclosed, { contentUrl: '/clips/a' })).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rsl xmlns="https://rslstandard.org/rsl">',
        '  <content url="/clips/a">',
        '    <license>',
        '      <permits type="usage">ai-train</permits>',
        '      <prohibits type="usage">ai-input ai-index search</prohibits>',
        '      <permits type="geo">DE US</permits>',
        '      <payment type="purchase"/>',
        `      <cf:terms xmlns:cf="https://clearframe.dev/ns/license/1" schema="clearframe.license/2" hash="${V2_HASH}">`,
        '        <cf:permits>ai-train ai-eval</cf:permits>',
        '        <cf:outputs>video</cf:outputs>',
        '        <cf:prohibits>likeness-synthesis biometric-identification military</cf:prohibits>',
        '        <cf:disclosure withinDaysAfterRelease="30"/>',
        '      </cf:terms>',
        '    </license>',
        '  </content>',
        '</rsl>',
        '',
      ].join('\n'),
    );
    expect(toRsl(disclosedBefore, { contentUrl: '/clips/*' })).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rsl xmlns="https://rslstandard.org/rsl">',
        '  <content url="/clips/*">',
        '    <license>',
        '      <permits type="usage">ai-input</permits>',
        '      <prohibits type="usage">ai-train ai-index search</prohibits>',
        '      <permits type="user">non-commercial</permits>',
        '      <prohibits type="geo">RU BY</prohibits>',
        '      <payment type="purchase"/>',
        `      <cf:terms xmlns:cf="https://clearframe.dev/ns/license/1" schema="clearframe.license/2" hash="${termsHash(disclosedBefore)}">`,
        '        <cf:permits>ai-input research</cf:permits>',
        '        <cf:outputs>multimodal-understanding text</cf:outputs>',
        '        <cf:disclosure withinDaysAfterRelease="0"/>',
        '      </cf:terms>',
        '    </license>',
        '  </content>',
        '</rsl>',
        '',
      ].join('\n'),
    );
  });

  it('refuses bad options, naming the option', () => {
    const badUrl = (path: string) => ({
      name: 'LicenseError',
      code: 'invalid_option',
      message: `${path} must be a URL or path without spaces.`,
      issues: [{ path, message: 'Enter a URL or path without spaces.', code: 'invalid_value' }],
    });
    expect(thrown(() => toRsl(readme, { contentUrl: '' }))).toEqual(badUrl('contentUrl'));
    expect(thrown(() => toRsl(readme, { contentUrl: `/${'a'.repeat(2048)}` }))).toEqual(
      badUrl('contentUrl'),
    );
    expect(toRsl(readme, { contentUrl: `/${'a'.repeat(2047)}` })).toContain('a'.repeat(2047));
    expect(thrown(() => toRsl(readme, { contentUrl: '/x', licenseUrl: 'a b' }))).toEqual(
      badUrl('licenseUrl'),
    );
    expect(thrown(() => toRsl(readme, { contentUrl: '/x', termsUrl: '' }))).toEqual(
      badUrl('termsUrl'),
    );
    expect(thrown(() => toRsl(readme, null as never))).toEqual({
      name: 'LicenseError',
      code: 'invalid_option',
      message: 'Give options with a contentUrl.',
      issues: [],
    });
    expect(
      thrown(() =>
        toRsl(readme, { contentUrl: '/x', price: { amountMinor: -1, currency: 'USD' } }),
      ),
    ).toEqual({
      name: 'LicenseError',
      code: 'invalid_option',
      message: 'Invalid price at amountMinor: Amounts cannot be negative.',
      issues: [{ path: 'amountMinor', message: 'Amounts cannot be negative.', code: 'too_small' }],
    });
    expect(
      thrown(() => toRsl({ ...readme, commercial: 1 } as never, { contentUrl: '/x' })),
    ).toEqual(
      expect.objectContaining({
        code: 'invalid_terms',
        message:
          'Invalid license terms at commercial: Invalid input: expected boolean, received number',
      }),
    );
  });
});

describe('toCawgAssertion output', () => {
  it('constrains licensed uses by the terms hash and names the prohibitions', () => {
    const constrained = {
      use: 'constrained',
      constraint_info: `Licensed only under Clearframe terms ${README_HASH} (clearframe.license/1); prohibited: likeness-synthesis, biometric-identification, military`,
    };
    expect(toCawgAssertion(readme)).toEqual({
      label: 'cawg.training-mining',
      data: {
        entries: {
          'cawg.data_mining': { use: 'notAllowed' },
          'cawg.ai_inference': constrained,
          'cawg.ai_generative_training': constrained,
          'cawg.ai_training': { use: 'notAllowed' },
        },
      },
    });
  });

  it('says non-commercial, and nothing about prohibitions when there are none', () => {
    const constrained = {
      use: 'constrained',
      constraint_info: `Licensed only under Clearframe terms ${termsHash(research)} (clearframe.license/1); non-commercial only`,
    };
    expect(toCawgAssertion(research).data.entries).toEqual({
      'cawg.data_mining': constrained,
      'cawg.ai_inference': constrained,
      'cawg.ai_generative_training': { use: 'notAllowed' },
      'cawg.ai_training': { use: 'notAllowed' },
    });
  });

  it('names a disclosure requirement in constraint_info, before release or within days', () => {
    const constrained = {
      use: 'constrained',
      constraint_info: `Licensed only under Clearframe terms ${V2_HASH} (clearframe.license/2); prohibited: likeness-synthesis, biometric-identification, military; model disclosure required within 30 days after public release`,
    };
    expect(toCawgAssertion(disclosed)).toEqual({
      label: 'cawg.training-mining',
      data: {
        entries: {
          'cawg.data_mining': { use: 'notAllowed' },
          'cawg.ai_inference': constrained,
          'cawg.ai_generative_training': constrained,
          'cawg.ai_training': { use: 'notAllowed' },
        },
      },
    });
    expect(toCawgAssertion(disclosedBefore).data.entries['cawg.data_mining']).toEqual({
      use: 'constrained',
      constraint_info: `Licensed only under Clearframe terms ${termsHash(disclosedBefore)} (clearframe.license/2); non-commercial only; model disclosure required before public release`,
    });
    const oneDay = {
      ...disclosed,
      disclosure: { required: true as const, withinDaysAfterRelease: 1 },
    };
    expect(toCawgAssertion(oneDay).data.entries['cawg.ai_inference'].constraint_info).toMatch(
      /; model disclosure required within 1 day after public release$/,
    );
  });

  it('separates generative from non-generative training', () => {
    const understanding = toCawgAssertion({
      ...readme,
      permittedUses: ['ai-finetune'],
      outputModalities: ['multimodal-understanding'],
    }).data.entries;
    expect(understanding['cawg.ai_training'].use).toBe('constrained');
    expect(understanding['cawg.ai_generative_training'].use).toBe('notAllowed');
    expect(understanding['cawg.ai_inference'].use).toBe('notAllowed');
    const imageOnly = toCawgAssertion({
      ...readme,
      permittedUses: ['ai-finetune'],
      outputModalities: ['image'],
    }).data.entries;
    expect(imageOnly['cawg.ai_training'].use).toBe('notAllowed');
    expect(imageOnly['cawg.ai_generative_training'].use).toBe('constrained');
  });
});

describe('toAipref output', () => {
  it.each<[string, Partial<LicenseTermsV1Type>, string]>([
    ['input to a text model', {}, 'train-ai=n, ai-use=y, search=n'],
    [
      'input to a non-generative model',
      { outputModalities: ['multimodal-understanding'] },
      'train-ai=n, ai-use=n, search=n',
    ],
    [
      'fine-tuning an image model',
      { permittedUses: ['ai-finetune'], outputModalities: ['image'] },
      'train-ai=y, ai-use=n, search=n',
    ],
    [
      'training a non-generative model',
      { permittedUses: ['ai-train'], outputModalities: ['multimodal-understanding'] },
      'train-ai=n, ai-use=n, search=n',
    ],
  ])('maps %s', (_label, change, expected) => {
    expect(toAipref({ ...research, ...change })).toBe(expected);
  });

  it('cannot express a disclosure requirement, so the statement is that of the same /1 terms', () => {
    expect(toAipref(disclosed)).toBe('train-ai=y, ai-use=n, search=n');
    expect(toAipref(disclosed)).toBe(toAipref(readme));
    expect(toAipref(disclosedBefore)).toBe(toAipref(research));
  });

  it('refuses invalid terms', () => {
    expect(thrown(() => toAipref({ ...readme, permittedUses: [] }))).toEqual({
      name: 'LicenseError',
      code: 'invalid_terms',
      message: 'Invalid license terms at permittedUses: Permit at least one use.',
      issues: [{ path: 'permittedUses', message: 'Permit at least one use.', code: 'too_small' }],
    });
    expect(thrown(() => toCawgAssertion({ ...readme, permittedUses: [] })).code).toBe(
      'invalid_terms',
    );
  });
});
