import { describe, expect, it } from '@jest/globals';
import type { LicenseTermsType, LicenseTermsV1Type, LicenseTermsV2Type } from './license.schema.js';
import { LICENSE_TEMPLATES } from './license.templates.js';
import { renderTerms } from './terms.render.js';

describe('renderTerms', () => {
  const headings = [
    'Permitted uses',
    'Model outputs',
    'Prohibited uses',
    'Commercial use',
    'Exclusivity',
    'Term',
    'Territory',
    'Attribution',
    'Sublicensing',
    'Retention',
    'Audit',
  ];

  it.each(['text', 'markdown'] as const)('renders every field in %s', (format) => {
    for (const template of Object.values(LICENSE_TEMPLATES)) {
      const rendered = renderTerms(template.terms, { format });
      for (const heading of headings) expect(rendered).toContain(heading);
      expect(rendered).toContain('clearframe.license/1');
    }
  });

  it('says in words what each template grants', () => {
    const research = renderTerms(LICENSE_TEMPLATES['research-noncommercial'].terms, {
      format: 'text',
    });
    expect(research).toContain('Non-commercial use only');
    expect(research).toContain(
      'credit the footage with "Includes footage licensed from Clearframe creators."',
    );
    expect(research).toContain('The licensor has no audit rights.');
    const exclusive = renderTerms(LICENSE_TEMPLATES['training-exclusive'].terms, {
      format: 'text',
    });
    expect(exclusive).toContain('Exclusive until the end of the term');
    const evaluation = renderTerms(LICENSE_TEMPLATES['evaluation-only'].terms, { format: 'text' });
    expect(evaluation).toContain('may not be used after the term ends');
  });

  it('names countries and escapes markdown in attribution text', () => {
    const terms = {
      ...LICENSE_TEMPLATES['research-noncommercial'].terms,
      territory: { scope: 'exclude' as const, countries: ['RU' as const] },
      attribution: { required: true as const, text: 'Footage *by* [Ana](x)' },
    };
    expect(renderTerms(terms, { format: 'text' })).toContain('Worldwide except Russia (RU).');
    expect(renderTerms(terms, { format: 'markdown' })).toContain(
      'Footage \\*by\\* \\[Ana\\]\\(x\\)',
    );
  });

  it('refuses an unknown format', () => {
    expect(() =>
      renderTerms(LICENSE_TEMPLATES['evaluation-only'].terms, { format: 'html' as never }),
    ).toThrow(expect.objectContaining({ code: 'invalid_option' }) as never);
  });

  // The rendered sentences are the license a person agrees to, so they are pinned word for
  // word (read and reviewed, not generated): a change to the wording must be deliberate.
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
  const readmeHash = 'sha256:fd73667176dbf301c584b4c170b4c97ab2f9c4d50027e999d6a723b43b114e52';
  const readmeClauses = [
    'The licensee may use the footage for training AI models and evaluating and benchmarking AI models. Any use not listed here is not licensed.',
    'Models built with the footage may produce video, and no other kind of output.',
    'The footage, and any model trained on it, must never be used for synthesizing the likeness of any identifiable person shown in the footage, biometric identification of people and military uses. These prohibitions apply whatever else these terms allow.',
    'Commercial use is allowed.',
    'Non-exclusive: the creator may license the same footage to others.',
    '24 months from the start of the grant. Models trained during the term may still be used after it ends; no new training may use the footage.',
    'Only in Germany (DE) and United States (US).',
    'Required: credit the footage with QUOTE wherever the model or its training data is described.',
    'Not allowed: only the licensee may use the footage.',
    'When the term ends, the licensee must delete every copy of the source files within 30 days.',
    "The licensor may audit compliance up to 1 time a year, with 30 days' notice.",
  ];

  it('renders the README terms as text, word for word', () => {
    expect(renderTerms(readme, { format: 'text' })).toBe(
      [
        'Clearframe license terms (clearframe.license/1)',
        `Terms hash: ${readmeHash}`,
        '',
        ...readmeClauses.map(
          (clause, index) =>
            `${index + 1}. ${headings[index]}: ${clause.replace('QUOTE', '"Drone footage by Ana Lima"')}`,
        ),
        '',
      ].join('\n'),
    );
  });

  it('renders the README terms as markdown, word for word', () => {
    expect(renderTerms(readme, { format: 'markdown' })).toBe(
      [
        '# Clearframe license terms',
        '',
        `Schema \`clearframe.license/1\` · terms hash \`${readmeHash}\``,
        '',
        ...readmeClauses.map(
          (clause, index) =>
            `${index + 1}. **${headings[index]}.** ${clause.replace('QUOTE', '“Drone footage by Ana Lima”')}`,
        ),
        '',
      ].join('\n'),
    );
  });

  const clauseOf = (terms: LicenseTermsType, heading: string) =>
    renderTerms(terms, { format: 'text' })
      .split('\n')
      .find((line) => line.includes(`. ${heading}: `))!
      .replace(/^\d+\. [^:]+: /, '');

  it.each<[string, Partial<LicenseTermsV1Type>, string, string]>([
    [
      'other uses',
      { permittedUses: ['ai-finetune', 'ai-input', 'research'] },
      'Permitted uses',
      'The licensee may use the footage for fine-tuning existing AI models, giving the footage to AI models as input (for example retrieval or prompting) and research. Any use not listed here is not licensed.',
    ],
    [
      'other outputs',
      { outputModalities: ['image', 'audio', 'text', 'multimodal-understanding'] },
      'Model outputs',
      'Models built with the footage may produce images, audio, text and multimodal understanding (analysis, no generated media), and no other kind of output.',
    ],
    [
      'no prohibitions',
      { prohibitedUses: [] },
      'Prohibited uses',
      'No use is singled out as prohibited; uses not listed as permitted are still not licensed.',
    ],
    [
      'the other prohibitions',
      { prohibitedUses: ['surveillance', 'political-persuasion', 'source-redistribution'] },
      'Prohibited uses',
      'The footage, and any model trained on it, must never be used for surveillance, political persuasion or campaigning and redistributing the source files. These prohibitions apply whatever else these terms allow.',
    ],
    [
      'non-commercial',
      { commercial: false },
      'Commercial use',
      'Non-commercial use only: neither the footage nor models trained on it may be part of a product or service that is sold or earns revenue.',
    ],
    [
      'exclusive until a date',
      { exclusivity: { kind: 'exclusive', until: '2027-06-30' } },
      'Exclusivity',
      'Exclusive until 2027-06-30 (UTC): the creator will not license this footage to anyone else before then.',
    ],
    [
      'exclusive until the term ends',
      { exclusivity: { kind: 'exclusive', until: 'term-end' } },
      'Exclusivity',
      'Exclusive until the end of the term: the creator will not license this footage to anyone else before then.',
    ],
    [
      'perpetual',
      { term: { kind: 'perpetual' }, retention: { deleteSourceFilesAtTermEnd: false } },
      'Term',
      'Perpetual: the license does not expire.',
    ],
    [
      'one month, models not usable after',
      { term: { kind: 'fixed', months: 1, modelsUsableAfterTerm: false } },
      'Term',
      '1 month from the start of the grant. Models trained on the footage may not be used after the term ends.',
    ],
    ['worldwide', { territory: { scope: 'worldwide' } }, 'Territory', 'Worldwide.'],
    [
      'worldwide except',
      { territory: { scope: 'exclude', countries: ['RU', 'BY'] } },
      'Territory',
      'Worldwide except Russia (RU) and Belarus (BY).',
    ],
    ['no attribution', { attribution: { required: false } }, 'Attribution', 'Not required.'],
    [
      'affiliates',
      { sublicensing: 'affiliates' },
      'Sublicensing',
      "Allowed to the licensee's affiliates (companies that control, are controlled by or share control with the licensee), under these same terms.",
    ],
    [
      'one day to delete',
      { retention: { deleteSourceFilesAtTermEnd: true, withinDays: 1 } },
      'Retention',
      'When the term ends, the licensee must delete every copy of the source files within 1 day.',
    ],
    [
      'files kept after a fixed term',
      { retention: { deleteSourceFilesAtTermEnd: false } },
      'Retention',
      'The licensee may keep the source files after the term, but may not use them for anything these terms do not permit.',
    ],
    [
      'files of a perpetual license',
      { term: { kind: 'perpetual' }, retention: { deleteSourceFilesAtTermEnd: false } },
      'Retention',
      'The license is perpetual, so no deletion falls due.',
    ],
    [
      'audits twice a year with a day of notice',
      { audit: { allowed: true, noticeDays: 1, maxPerYear: 2 } },
      'Audit',
      "The licensor may audit compliance up to 2 times a year, with 1 day's notice.",
    ],
    ['no audit', { audit: { allowed: false } }, 'Audit', 'The licensor has no audit rights.'],
  ])('words %s exactly', (_label, change, heading, sentence) => {
    expect(clauseOf({ ...readme, ...change }, heading)).toBe(sentence);
  });

  describe('the disclosure clause of clearframe.license/2 terms', () => {
    const v2: LicenseTermsV2Type = {
      ...readme,
      schema: 'clearframe.license/2',
      disclosure: { required: true, withinDaysAfterRelease: 30 },
    };
    // termsHash of v2: pinned in terms.hash.spec.ts from a hand-built canonical string.
    const v2Hash = 'sha256:8683fbfe44adfc093e2c78f8722b77758d97fdff17a17bbde568806abc03f7f0';
    const disclosure =
      "Required: the licensee must publish the training-data disclosure of every model trained, fine-tuned or evaluated with the footage, citing this license, no later than 30 days after that model's public release.";

    it('is clause 12, after audit, in text, word for word', () => {
      expect(renderTerms(v2, { format: 'text' })).toBe(
        [
          'Clearframe license terms (clearframe.license/2)',
          `Terms hash: ${v2Hash}`,
          '',
          ...readmeClauses.map(
            (clause, index) =>
              `${index + 1}. ${headings[index]}: ${clause.replace('QUOTE', '"Drone footage by Ana Lima"')}`,
          ),
          `12. Disclosure: ${disclosure}`,
          '',
        ].join('\n'),
      );
    });

    it('is clause 12 in markdown, word for word', () => {
      expect(renderTerms(v2, { format: 'markdown' })).toBe(
        [
          '# Clearframe license terms',
          '',
          `Schema \`clearframe.license/2\` · terms hash \`${v2Hash}\``,
          '',
          ...readmeClauses.map(
            (clause, index) =>
              `${index + 1}. **${headings[index]}.** ${clause.replace('QUOTE', '“Drone footage by Ana Lima”')}`,
          ),
          `12. **Disclosure.** ${disclosure}`,
          '',
        ].join('\n'),
      );
    });

    it.each<[number, string]>([
      [
        0,
        "Required: the licensee must publish the training-data disclosure of every model trained, fine-tuned or evaluated with the footage, citing this license, before that model's public release.",
      ],
      [
        1,
        "Required: the licensee must publish the training-data disclosure of every model trained, fine-tuned or evaluated with the footage, citing this license, no later than 1 day after that model's public release.",
      ],
      [
        365,
        "Required: the licensee must publish the training-data disclosure of every model trained, fine-tuned or evaluated with the footage, citing this license, no later than 365 days after that model's public release.",
      ],
    ])('words a deadline of %i days exactly', (days, sentence) => {
      const terms = {
        ...v2,
        disclosure: { required: true as const, withinDaysAfterRelease: days },
      };
      expect(clauseOf(terms, 'Disclosure')).toBe(sentence);
    });

    it('is absent from clearframe.license/1 terms, which render as they always did', () => {
      expect(renderTerms(readme, { format: 'text' })).not.toContain('Disclosure');
      expect(renderTerms(readme, { format: 'markdown' })).not.toContain('Disclosure');
    });
  });

  it('escapes every markdown metacharacter in attribution text, and nothing else', () => {
    const text = 'a\\b`c*d_e{f}g[h]i(j)k#l+m-n.o!p|q<r>s t&u';
    const rendered = renderTerms(
      { ...readme, attribution: { required: true, text } },
      { format: 'markdown' },
    );
    expect(rendered).toContain(
      '“a\\\\b\\`c\\*d\\_e\\{f\\}g\\[h\\]i\\(j\\)k\\#l\\+m\\-n\\.o\\!p\\|q\\<r\\>s t&u”',
    );
  });

  it('refuses invalid terms with a typed error', () => {
    expect(() =>
      renderTerms({ ...readme, commercial: 'yes' } as never, { format: 'text' }),
    ).toThrow(expect.objectContaining({ code: 'invalid_terms' }) as never);
    expect(() => renderTerms(readme, undefined as never)).toThrow(
      expect.objectContaining({ code: 'invalid_option' }) as never,
    );
  });
});
