import { describe, expect, it } from '@jest/globals';
import { LicenseTerms } from './license.schema.js';
import {
  LICENSE_TEMPLATES,
  LICENSE_TEMPLATE_IDS,
  type LicenseTemplateId,
} from './license.templates.js';
import { renderTerms } from './terms.render.js';
import { termsHash } from './terms.hash.js';

describe('LICENSE_TEMPLATES', () => {
  it('has the four documented templates, each keyed by its id', () => {
    expect(Object.keys(LICENSE_TEMPLATES).sort()).toEqual([...LICENSE_TEMPLATE_IDS].sort());
    for (const id of LICENSE_TEMPLATE_IDS) {
      expect(LICENSE_TEMPLATES[id].id).toBe(id);
      expect(LICENSE_TEMPLATES[id].title.length).toBeGreaterThan(0);
      expect(LICENSE_TEMPLATES[id].description.length).toBeGreaterThan(20);
    }
  });

  it('cannot be changed by a caller', () => {
    const terms = LICENSE_TEMPLATES['training-standard'].terms;
    expect(() => {
      (terms.permittedUses as string[]).push('ai-input');
    }).toThrow(TypeError);
  });

  const expectations: Record<
    LicenseTemplateId,
    (terms: (typeof LICENSE_TEMPLATES)[LicenseTemplateId]['terms']) => void
  > = {
    'training-standard': (terms) => {
      expect(terms.permittedUses).toEqual(['ai-train', 'ai-finetune', 'ai-eval']);
      expect(terms.commercial).toBe(true);
      expect(terms.exclusivity).toEqual({ kind: 'none' });
      expect(terms.term).toEqual({ kind: 'fixed', months: 24, modelsUsableAfterTerm: true });
      expect(terms.sublicensing).toBe('affiliates');
    },
    'training-exclusive': (terms) => {
      expect(terms.exclusivity).toEqual({ kind: 'exclusive', until: 'term-end' });
      expect(terms.term).toEqual({ kind: 'fixed', months: 12, modelsUsableAfterTerm: true });
      expect(terms.sublicensing).toBe('none');
    },
    'evaluation-only': (terms) => {
      expect(terms.permittedUses).toEqual(['ai-eval']);
      expect(terms.term).toMatchObject({ modelsUsableAfterTerm: false });
    },
    'research-noncommercial': (terms) => {
      expect(terms.commercial).toBe(false);
      expect(terms.permittedUses).toContain('research');
      expect(terms.attribution).toEqual({
        required: true,
        text: 'Includes footage licensed from Clearframe creators.',
      });
    },
  };

  it.each(LICENSE_TEMPLATE_IDS)(
    '%s is complete, valid, strict about prohibitions and renders',
    (id) => {
      const { terms } = LICENSE_TEMPLATES[id];
      expect(LicenseTerms.parse(terms)).toEqual(terms);
      expect(terms.prohibitedUses).toHaveLength(6);
      expectations[id](terms);
      expect(termsHash(terms)).toMatch(/^sha256:[0-9a-f]{64}$/);
      const text = renderTerms(terms, { format: 'text' });
      expect(text).toContain(termsHash(terms));
    },
  );

  it('gives every template a different hash', () => {
    const hashes = LICENSE_TEMPLATE_IDS.map((id) => termsHash(LICENSE_TEMPLATES[id].terms));
    expect(new Set(hashes).size).toBe(hashes.length);
  });
});
