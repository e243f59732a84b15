import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { ClipPolicy, type ClipPolicyType } from '../license/license.schema.js';
import { LicenseError } from '../license/license.errors.js';
import { LICENSE_TEMPLATES, LICENSE_TEMPLATE_IDS } from '../license/license.templates.js';
import { renderTerms } from '../license/terms.render.js';
import { PricingError } from '../pricing/pricing.errors.js';
import { PUBLIC_RATE_CARD } from '../pricing/public-rate-card.js';
import {
  canonicalPolicy,
  listPricePerMinute,
  listPriceRequest,
  policyFromTemplate,
  policyHash,
  policyTerms,
  SetClipPolicy,
  summarizePolicy,
} from './clip-policy.js';

const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' as const });

describe('policyFromTemplate', () => {
  it('turns every template into a valid policy at the given rate', () => {
    for (const id of LICENSE_TEMPLATE_IDS) {
      const policy = policyFromTemplate(id, usd(450));
      expect(ClipPolicy.safeParse(policy).success).toBe(true);
      expect(policy.ratePerMinute).toEqual(usd(450));
      const terms = LICENSE_TEMPLATES[id].terms;
      expect(policy.allowedUses).toEqual(terms.permittedUses);
      expect(policy.prohibitedUses).toEqual(terms.prohibitedUses);
      expect(policy.commercialUseAllowed).toBe(terms.commercial);
      expect(policy.territory).toEqual(terms.territory);
    }
  });

  it('offers the template term as the longest term and exclusivity only for the exclusive one', () => {
    const standard = policyFromTemplate('training-standard', usd(100));
    expect(standard.maxTerm).toEqual({ kind: 'months', months: 24 });
    expect(standard.exclusivity).toEqual({ offered: false });
    expect(standard.modelsUsableAfterTerm).toBe(true);
    const exclusive = policyFromTemplate('training-exclusive', usd(100));
    expect(exclusive.exclusivity).toEqual({ offered: true, multiplierBps: null });
    expect(exclusive.maxTerm).toEqual({ kind: 'months', months: 12 });
    expect(policyFromTemplate('evaluation-only', usd(100)).modelsUsableAfterTerm).toBe(false);
  });

  it('does not share objects with the frozen templates', () => {
    const policy = policyFromTemplate('research-noncommercial', usd(100));
    policy.allowedUses.push('ai-input');
    expect(LICENSE_TEMPLATES['research-noncommercial'].terms.permittedUses).not.toContain(
      'ai-input',
    );
  });

  it('refuses an unknown template and an invalid rate', () => {
    expect(() => policyFromTemplate('everything' as never, usd(100))).toThrow(
      expect.objectContaining({ code: 'invalid_option' }),
    );
    expect(() => policyFromTemplate('training-standard', usd(-1))).toThrow(LicenseError);
    expect(() => policyFromTemplate('training-standard', usd(1.5))).toThrow(
      expect.objectContaining({ code: 'invalid_policy' }),
    );
  });
});

describe('policyFromTemplate with a disclosure requirement', () => {
  it('adds a required disclosure, and leaves a policy without one exactly as before', () => {
    const required = policyFromTemplate('training-standard', usd(500), {
      required: true,
      withinDaysAfterRelease: 30,
    });
    expect(required.disclosure).toEqual({ required: true, withinDaysAfterRelease: 30 });
    expect(policyTerms(required)).toEqual({
      ...policyTerms(policyFromTemplate('training-standard', usd(500))),
      schema: 'clearframe.license/2',
      disclosure: { required: true, withinDaysAfterRelease: 30 },
    });
    for (const none of [undefined, { required: false as const }]) {
      const policy = policyFromTemplate('training-standard', usd(500), none);
      expect(Object.keys(policy)).not.toContain('disclosure');
    }
  });

  it('refuses an invalid day count', () => {
    expect(() =>
      policyFromTemplate('training-standard', usd(500), {
        required: true,
        withinDaysAfterRelease: 366,
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'invalid_policy',
        message:
          'Invalid clip policy at disclosure.withinDaysAfterRelease: A disclosure can be due at most 365 days after release.',
      }) as never,
    );
  });
});

describe('canonicalPolicy', () => {
  it('leaves out { required: false }, so the policy hashes as one stored without it', () => {
    const stored = policyFromTemplate('evaluation-only', usd(250));
    const explicit = { ...stored, disclosure: { required: false as const } };
    expect(canonicalPolicy(explicit)).toEqual(stored);
    expect(policyHash(canonicalPolicy(explicit))).toBe(policyHash(stored));
    expect(explicit.disclosure).toEqual({ required: false }); // the input is not changed
    const required = {
      ...stored,
      disclosure: { required: true as const, withinDaysAfterRelease: 5 },
    };
    expect(canonicalPolicy(required)).toBe(required);
  });
});

describe('policyTerms', () => {
  it('is the widest grant: every allowed use, the longest term, the policy territory', () => {
    const policy: ClipPolicyType = {
      ...policyFromTemplate('training-standard', usd(100)),
      territory: { scope: 'exclude', countries: ['US', 'CN'] },
    };
    const terms = policyTerms(policy);
    expect(terms.permittedUses).toEqual(['ai-train', 'ai-finetune', 'ai-eval']);
    expect(terms.term).toEqual({ kind: 'fixed', months: 24, modelsUsableAfterTerm: true });
    expect(terms.exclusivity).toEqual({ kind: 'none' });
    expect(terms.territory).toEqual({ scope: 'exclude', countries: ['CN', 'US'] });
    expect(renderTerms(terms, { format: 'markdown' })).toContain('24 months');
  });

  it('keeps no deletion duty for a perpetual policy', () => {
    const policy: ClipPolicyType = {
      ...policyFromTemplate('training-standard', usd(100)),
      maxTerm: { kind: 'perpetual' },
    };
    expect(policyTerms(policy).retention).toEqual({ deleteSourceFilesAtTermEnd: false });
    expect(policyTerms(policy).term).toEqual({ kind: 'perpetual' });
  });

  it('refuses an invalid policy', () => {
    expect(() => policyTerms({ schema: 'clearframe.policy/1' } as never)).toThrow(
      expect.objectContaining({ code: 'invalid_policy' }),
    );
  });
});

describe('policyHash', () => {
  it('is the SHA-256 of the canonical JSON, the same for the same policy in any key order', () => {
    const policy = policyFromTemplate('evaluation-only', usd(250));
    const reordered = Object.fromEntries(Object.entries(policy).reverse()) as ClipPolicyType;
    expect(policyHash(reordered)).toBe(policyHash(policy));
    // An independent canonical form: keys sorted at every level, no whitespace.
    const canonical = (value: unknown): string =>
      Array.isArray(value)
        ? `[${value.map(canonical).join(',')}]`
        : value !== null && typeof value === 'object'
          ? `{${Object.keys(value)
              .sort()
              .map((key) => `${JSON.stringify(key)}:${canonical((value as never)[key])}`)
              .join(',')}}`
          : JSON.stringify(value);
    expect(policyHash(policy)).toBe(
      `sha256:${createHash('sha256').update(canonical(policy)).digest('hex')}`,
    );
    expect(policyHash({ ...policy, ratePerMinute: usd(251) })).not.toBe(policyHash(policy));
  });

  // Stored versions (`clip_policy_versions.policy_hash`) must keep their hashes. Computed from
  // the code before the disclosure member existed (commit c02397c), rate $5.00.
  it('keeps the hash of every template policy stored before disclosure existed', () => {
    expect(
      LICENSE_TEMPLATE_IDS.map((id) => [id, policyHash(policyFromTemplate(id, usd(500)))]),
    ).toEqual([
      [
        'training-standard',
        'sha256:689717c123c57b909b965e20efd49b70caa52fddc4528c992f87eb03c305e6ae',
      ],
      [
        'training-exclusive',
        'sha256:a564329851cf5a88fc241596e78e1405c24ab1d5c974ae5f8f5076107dbecfab',
      ],
      [
        'evaluation-only',
        'sha256:2b39c418b1ae66fa72a49bf989cf38edd1242d5891d123bcf37e37f6d4a033a4',
      ],
      [
        'research-noncommercial',
        'sha256:1218a17f6f94291926e875de01381b9483db94e3034640fef830019c224cb34d',
      ],
    ]);
  });
});

describe('listPricePerMinute', () => {
  // PUBLIC_RATE_CARD: 12-month band ×1, sd ×0.6, hd ×1, uhd ×1.5, non-commercial ×0.4.
  it('applies the rate card’s resolution and use multipliers to the creator’s rate', () => {
    const standard = policyFromTemplate('training-standard', usd(500));
    expect(listPricePerMinute(standard, 'hd', PUBLIC_RATE_CARD)).toEqual(usd(500));
    expect(listPricePerMinute(standard, 'uhd', PUBLIC_RATE_CARD)).toEqual(usd(750));
    expect(listPricePerMinute(standard, 'sd', PUBLIC_RATE_CARD)).toEqual(usd(300));
  });

  it('prices non-commercial policies as non-commercial and rounds up once', () => {
    const research = policyFromTemplate('research-noncommercial', usd(333));
    expect(listPriceRequest(research).commercial).toBe(false);
    // 333 × 0.6 × 0.4 = 79.92 → 80
    expect(listPricePerMinute(research, 'sd', PUBLIC_RATE_CARD)).toEqual(usd(80));
  });

  it('quotes 12 months, or the policy’s longest term if shorter', () => {
    const base = policyFromTemplate('training-standard', usd(500));
    expect(listPriceRequest(base).term).toMatchObject({ kind: 'fixed', months: 12 });
    expect(
      listPriceRequest({ ...base, maxTerm: { kind: 'months', months: 6 } }).term,
    ).toMatchObject({ months: 6 });
    expect(listPriceRequest({ ...base, maxTerm: { kind: 'perpetual' } }).term).toMatchObject({
      months: 12,
    });
  });

  it('refuses a policy in another currency than the rate card’s', () => {
    const euro = {
      ...policyFromTemplate('training-standard', usd(500)),
      ratePerMinute: { amountMinor: 500, currency: 'EUR' as const },
    };
    expect(() => listPricePerMinute(euro, 'hd', PUBLIC_RATE_CARD)).toThrow(PricingError);
  });
});

describe('summarizePolicy', () => {
  it('names the uses, commercial use, term, territory and rate in one line', () => {
    const summary = summarizePolicy(policyFromTemplate('training-exclusive', usd(1250)), 3);
    expect(summary).toMatchObject({ version: 3, exclusivityOffered: true, territory: 'worldwide' });
    expect(summary.text).toBe(
      'Training AI models, fine-tuning existing AI models and evaluating and benchmarking AI models · commercial · up to 12 months · worldwide · exclusivity available · $12.50/min',
    );
  });

  it('names a disclosure requirement', () => {
    const text = (withinDaysAfterRelease: number) =>
      summarizePolicy(
        policyFromTemplate('evaluation-only', usd(100), { required: true, withinDaysAfterRelease }),
        1,
      ).text;
    expect(text(0)).toBe(
      'Evaluating and benchmarking AI models · commercial · up to 12 months · worldwide · model disclosure before release · $1.00/min',
    );
    expect(text(1)).toContain(' · model disclosure within 1 day of release · ');
    expect(text(30)).toContain(' · model disclosure within 30 days of release · ');
  });
});

describe('SetClipPolicy', () => {
  it('takes a template and a rate, or a whole policy, and nothing in between', () => {
    expect(
      SetClipPolicy.safeParse({ templateId: 'evaluation-only', ratePerMinute: usd(1) }).success,
    ).toBe(true);
    expect(
      SetClipPolicy.safeParse({ policy: policyFromTemplate('evaluation-only', usd(1)) }).success,
    ).toBe(true);
    expect(SetClipPolicy.safeParse({ templateId: 'evaluation-only' }).success).toBe(false);
    for (const disclosure of [{ required: false }, { required: true, withinDaysAfterRelease: 7 }])
      expect(
        SetClipPolicy.safeParse({
          templateId: 'evaluation-only',
          ratePerMinute: usd(1),
          disclosure,
        }).success,
      ).toBe(true);
    expect(
      SetClipPolicy.safeParse({
        templateId: 'evaluation-only',
        ratePerMinute: usd(1),
        disclosure: { required: true, withinDaysAfterRelease: -1 },
      }).success,
    ).toBe(false);
    expect(
      SetClipPolicy.safeParse({ templateId: 'no-such-template', ratePerMinute: usd(1) }).success,
    ).toBe(false);
  });
});
