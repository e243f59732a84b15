import { describe, expect, it } from '@jest/globals';
import { CLIP_STATES } from '@clearframe/contracts/supply';
import { DomainError } from '../common/domain-error.js';
import { assertEditable, EDITABLE_STATES, mergeTags, resolvePolicy } from './clip-rules.js';

describe('assertEditable', () => {
  it('never lets a clip in review or a failed one change, and a listed one only describe and price', () => {
    for (const aspect of Object.keys(EDITABLE_STATES) as (keyof typeof EDITABLE_STATES)[]) {
      for (const state of ['in_review', 'failed'] as const) {
        expect(() => assertEditable({ state }, aspect)).toThrow(
          expect.objectContaining({ code: 'clip_not_editable' }),
        );
      }
    }
    expect(() => assertEditable({ state: 'listed' }, 'description')).not.toThrow();
    expect(() => assertEditable({ state: 'listed' }, 'policy')).not.toThrow();
    expect(() => assertEditable({ state: 'listed' }, 'people')).toThrow(DomainError);
    expect(() => assertEditable({ state: 'listed' }, 'ownership')).toThrow(DomainError);
    for (const state of CLIP_STATES.filter((s) => !['in_review', 'failed', 'listed'].includes(s))) {
      expect(() => assertEditable({ state }, 'people')).not.toThrow();
    }
  });
});

describe('mergeTags', () => {
  it('adds new tags in order, keeps existing spellings, removes ignoring case', () => {
    expect(mergeTags(['Sea', 'night'], ['sea', 'fog', 'Dawn'], ['NIGHT'])).toEqual([
      'Sea',
      'fog',
      'Dawn',
    ]);
  });

  it('does not add a tag it is told to remove', () => {
    expect(mergeTags([], ['fog'], ['Fog'])).toEqual([]);
  });

  it('refuses more than 30 tags', () => {
    const current = Array.from({ length: 30 }, (_, i) => `t${i}`);
    expect(mergeTags(current, ['t0'], [])).toHaveLength(30);
    expect(() => mergeTags(current, ['one more'], [])).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
  });
});

describe('resolvePolicy', () => {
  const usd = { amountMinor: 100, currency: 'USD' as const };

  it('builds a policy from a template and remembers which', () => {
    const resolved = resolvePolicy({ templateId: 'evaluation-only', ratePerMinute: usd });
    expect(resolved.templateId).toBe('evaluation-only');
    expect(resolved.policy.allowedUses).toEqual(['ai-eval']);
  });

  it('keeps a template’s disclosure requirement and stores “not required” as no member', () => {
    const required = resolvePolicy({
      templateId: 'evaluation-only',
      ratePerMinute: usd,
      disclosure: { required: true, withinDaysAfterRelease: 0 },
    });
    expect(required.policy.disclosure).toEqual({ required: true, withinDaysAfterRelease: 0 });
    const plain = resolvePolicy({ templateId: 'evaluation-only', ratePerMinute: usd }).policy;
    const whole = resolvePolicy({ policy: { ...plain, disclosure: { required: false } } });
    expect(whole.policy).toEqual(plain);
    expect(Object.keys(whole.policy)).not.toContain('disclosure');
  });

  it('refuses a rate outside the public rate card’s currency', () => {
    expect(() =>
      resolvePolicy({
        templateId: 'evaluation-only',
        ratePerMinute: { amountMinor: 100, currency: 'JPY' },
      }),
    ).toThrow(expect.objectContaining({ code: 'policy_currency_unsupported' }));
  });
});
