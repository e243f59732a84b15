import { describe, expect, it } from '@jest/globals';
import { canonicalize } from './canonical-json.codec.js';
import { LicenseError } from './license.errors.js';
import type { LicenseTermsType } from './license.schema.js';
import { LICENSE_TEMPLATES, type LicenseTemplateId } from './license.templates.js';
import { termsHash } from './terms.hash.js';

// Reference values computed OUTSIDE this code base, once, and pinned. A template's hash is
// part of every certificate issued under it, so it must never change by accident.
//
// - Template hashes: each template's terms, as plain JSON, fed to a throwaway Python RFC 8785
//   canonicaliser (keys sorted by code point, which equals UTF-16 order for these ASCII keys;
//   integers, booleans and strings as JSON writes them; no whitespace), then hashlib.sha256.
//   training-standard was also checked by hand: the canonical text below piped through
//   `printf '%s' '<text>' | openssl dgst -sha256`.
// - The README example and the international attribution: the object literals below through
//   `json.dumps(terms, sort_keys=True, separators=(',', ':'), ensure_ascii=False)` and
//   `hashlib.sha256(text.encode('utf-8'))`.
const TEMPLATE_HASHES: Record<LicenseTemplateId, string> = {
  'training-standard': 'sha256:6f87fddf938de16554f33022ff63b52c80cd149e7828e811eab917cefce4e266',
  'training-exclusive': 'sha256:a3b22cc058ff7f3f3c5f1f29eb4aab8ba59a3ab20c94266137918440b4125cba',
  'evaluation-only': 'sha256:3a7494d4f414b68214f1ee25d86d2af0576bba843cf73f73ced9de7219e11562',
  'research-noncommercial':
    'sha256:73830a013df860f3bd9eff7f61e4103ce351f505001d8068468411b8afbe5279',
};

const TRAINING_STANDARD_CANONICAL =
  '{"attribution":{"required":false},"audit":{"allowed":true,"maxPerYear":1,"noticeDays":30},' +
  '"commercial":true,"exclusivity":{"kind":"none"},' +
  '"outputModalities":["video","image","audio","text","multimodal-understanding"],' +
  '"permittedUses":["ai-train","ai-finetune","ai-eval"],' +
  '"prohibitedUses":["likeness-synthesis","biometric-identification","surveillance","military","political-persuasion","source-redistribution"],' +
  '"retention":{"deleteSourceFilesAtTermEnd":true,"withinDays":30},' +
  '"schema":"clearframe.license/1","sublicensing":"affiliates",' +
  '"term":{"kind":"fixed","modelsUsableAfterTerm":true,"months":24},' +
  '"territory":{"scope":"worldwide"}}';

/** The terms of the README's worked example. */
const README_TERMS: LicenseTermsType = {
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

describe('termsHash', () => {
  it.each(Object.entries(TEMPLATE_HASHES))('pins the hash of template %s', (id, hash) => {
    expect(termsHash(LICENSE_TEMPLATES[id as LicenseTemplateId].terms)).toBe(hash);
  });

  it('has a pinned hash for every template', () => {
    expect(Object.keys(TEMPLATE_HASHES).sort()).toEqual(Object.keys(LICENSE_TEMPLATES).sort());
  });

  it('hashes the RFC 8785 text written out by hand', () => {
    expect(canonicalize(LICENSE_TEMPLATES['training-standard'].terms)).toBe(
      TRAINING_STANDARD_CANONICAL,
    );
  });

  it('pins the README example, and hashes UTF-8 of non-ASCII text unescaped', () => {
    expect(termsHash(README_TERMS)).toBe(
      'sha256:fd73667176dbf301c584b4c170b4c97ab2f9c4d50027e999d6a723b43b114e52',
    );
    const international: LicenseTermsType = {
      ...README_TERMS,
      attribution: { required: true, text: '映像: 山田 太郎 — Zoë 👩\u200d💻' },
    };
    expect(termsHash(international)).toBe(
      'sha256:3de7397820423155100e0338867a04f9de2fbe9f51d5365e30db3d2231ba2f83',
    );
  });

  it('does not depend on key order', () => {
    const reversed = Object.fromEntries(Object.entries(README_TERMS).reverse()) as LicenseTermsType;
    expect(termsHash(reversed)).toBe(termsHash(README_TERMS));
  });

  it('changes with any term', () => {
    expect(termsHash({ ...README_TERMS, commercial: false })).not.toBe(termsHash(README_TERMS));
  });

  it('refuses invalid terms instead of hashing them', () => {
    expect(() => termsHash({ ...README_TERMS, commercial: 'yes' } as never)).toThrow(LicenseError);
    try {
      termsHash({ ...README_TERMS, extra: true } as never);
      throw new Error('expected termsHash to throw');
    } catch (error) {
      expect((error as LicenseError).code).toBe('invalid_terms');
    }
  });
});
