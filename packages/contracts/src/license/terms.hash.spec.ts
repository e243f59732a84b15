import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { aPolicy } from '../../test/factories/license.factory.js';
import { policyFromTemplate, policyTerms } from '../supply/clip-policy.js';
import { canonicalize } from './canonical-json.codec.js';
import { LicenseError } from './license.errors.js';
import type { LicenseTermsType, LicenseTermsV2Type } from './license.schema.js';
import { LICENSE_TEMPLATES, type LicenseTemplateId } from './license.templates.js';
import { termsFor } from './terms.builder.js';
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

// Certificates were issued before disclosure existed (issue 11): each carries the hash of a
// `clearframe.license/1` object. These hashes were computed from the code as it stood BEFORE
// the disclosure term was added (commit c02397c, built contracts, `termsHash(termsFor(...))`)
// and pinned here, so the change provably leaves every issued hash as it was.
describe('termsHash of terms issued before disclosure existed', () => {
  const rate = { amountMinor: 500, currency: 'USD' as const };

  it('pins termsFor of a policy without a requirement, byte for byte', () => {
    const terms = termsFor(policyFromTemplate('training-standard', rate), {
      uses: ['ai-train'],
      outputModalities: ['video'],
      sensitiveUses: [],
      commercial: true,
      exclusivity: { kind: 'none' },
      term: { kind: 'fixed', months: 12, modelsUsableAfterTerm: true },
      territory: { scope: 'include', countries: ['US', 'DE'] },
      sublicensing: 'none',
    });
    expect(canonicalize(terms)).toBe(
      '{"attribution":{"required":false},"audit":{"allowed":true,"maxPerYear":1,"noticeDays":30},' +
        '"commercial":true,"exclusivity":{"kind":"none"},"outputModalities":["video"],' +
        '"permittedUses":["ai-train"],' +
        '"prohibitedUses":["likeness-synthesis","biometric-identification","surveillance","military","political-persuasion","source-redistribution"],' +
        '"retention":{"deleteSourceFilesAtTermEnd":true,"withinDays":30},' +
        '"schema":"clearframe.license/1","sublicensing":"none",' +
        '"term":{"kind":"fixed","modelsUsableAfterTerm":true,"months":12},' +
        '"territory":{"countries":["DE","US"],"scope":"include"}}',
    );
    expect(termsHash(terms)).toBe(
      'sha256:35b3221691609b81c9507a96df54bc9f629d5120b0384f33b2d7279177fe5d33',
    );
  });

  it('pins the widest terms of every template policy, with or without { required: false }', () => {
    const before: Record<LicenseTemplateId, string> = {
      'training-standard':
        'sha256:6f87fddf938de16554f33022ff63b52c80cd149e7828e811eab917cefce4e266',
      'training-exclusive':
        'sha256:242b54ba132158bdb336947800d07407ac923692c350a04b4a95ba96728a7e63',
      'evaluation-only': 'sha256:3a7494d4f414b68214f1ee25d86d2af0576bba843cf73f73ced9de7219e11562',
      'research-noncommercial':
        'sha256:73830a013df860f3bd9eff7f61e4103ce351f505001d8068468411b8afbe5279',
    };
    for (const [id, hash] of Object.entries(before) as Array<[LicenseTemplateId, string]>) {
      expect(termsHash(policyTerms(policyFromTemplate(id, rate)))).toBe(hash);
      const explicit = {
        ...policyFromTemplate(id, rate),
        disclosure: { required: false as const },
      };
      expect(policyTerms(explicit).schema).toBe('clearframe.license/1');
      expect(termsHash(policyTerms(explicit))).toBe(hash);
    }
  });
});

describe('termsHash of clearframe.license/2 terms', () => {
  // Written out by hand in RFC 8785 order (keys sorted; `disclosure` between `commercial` and
  // `exclusivity`) and hashed with node:crypto, not with this package's SHA-256.
  const V2_CANONICAL =
    '{"attribution":{"required":true,"text":"Drone footage by Ana Lima"},' +
    '"audit":{"allowed":true,"maxPerYear":1,"noticeDays":30},"commercial":true,' +
    '"disclosure":{"required":true,"withinDaysAfterRelease":30},"exclusivity":{"kind":"none"},' +
    '"outputModalities":["video"],"permittedUses":["ai-train","ai-eval"],' +
    '"prohibitedUses":["likeness-synthesis","biometric-identification","military"],' +
    '"retention":{"deleteSourceFilesAtTermEnd":true,"withinDays":30},' +
    '"schema":"clearframe.license/2","sublicensing":"none",' +
    '"term":{"kind":"fixed","modelsUsableAfterTerm":true,"months":24},' +
    '"territory":{"countries":["DE","US"],"scope":"include"}}';
  const v2: LicenseTermsV2Type = {
    ...README_TERMS,
    schema: 'clearframe.license/2',
    disclosure: { required: true, withinDaysAfterRelease: 30 },
  };

  it('hashes the hand-built canonical text', () => {
    expect(canonicalize(v2)).toBe(V2_CANONICAL);
    const expected = `sha256:${createHash('sha256').update(V2_CANONICAL, 'utf8').digest('hex')}`;
    expect(termsHash(v2)).toBe(expected);
    // Also computed with Python's json.dumps(sort_keys=True) and hashlib.sha256.
    expect(termsHash(v2)).toBe(
      'sha256:8683fbfe44adfc093e2c78f8722b77758d97fdff17a17bbde568806abc03f7f0',
    );
  });

  it('changes with the day count and differs from the same terms without the requirement', () => {
    const before = { ...v2, disclosure: { required: true as const, withinDaysAfterRelease: 0 } };
    expect(termsHash(before)).toBe(
      'sha256:c7a3a7c081f40450c80c2573d5bdf2f9746064795f884eeedce0e4068ddfcdb9',
    );
    expect(termsHash(v2)).not.toBe(termsHash(README_TERMS));
  });

  it('is what termsFor gives for a policy that requires disclosure', () => {
    const terms = termsFor(
      aPolicy({
        allowedUses: ['ai-train', 'ai-eval'],
        attribution: { required: true, text: 'Drone footage by Ana Lima' },
        disclosure: { required: true, withinDaysAfterRelease: 30 },
      }),
      {
        uses: ['ai-eval', 'ai-train'],
        outputModalities: ['video'],
        sensitiveUses: [],
        commercial: true,
        exclusivity: { kind: 'none' },
        term: { kind: 'fixed', months: 24, modelsUsableAfterTerm: true },
        territory: { scope: 'include', countries: ['US', 'DE'] },
        sublicensing: 'none',
      },
    );
    expect(canonicalize(terms)).toBe(V2_CANONICAL);
  });
});
