import { describe, expect, it } from '@jest/globals';
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
});
