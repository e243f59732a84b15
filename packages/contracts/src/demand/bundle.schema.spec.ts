import { describe, expect, it } from '@jest/globals';
import { checkCompatibility, LicenseRequest } from '../license/index.js';
import { LICENSE_TEMPLATES } from '../license/license.templates.js';
import { policyFromTemplate } from '../supply/clip-policy.js';
import { PUBLIC_RATE_CARD } from '../pricing/public-rate-card.js';
import {
  AddBundleClips,
  AddSearchResults,
  BUNDLE_ADD_MAX,
  BundleExclusionReason,
  CreateBundle,
  DEFAULT_INTENDED_USE,
  PublishRateCard,
  UpdateBundle,
} from './bundle.schema.js';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('bundle schemas', () => {
  it('start a bundle with an intended use the standard training template allows', () => {
    expect(LicenseRequest.parse(DEFAULT_INTENDED_USE)).toEqual(DEFAULT_INTENDED_USE);
    const policy = policyFromTemplate('training-standard', { amountMinor: 500, currency: 'USD' });
    expect(checkCompatibility(policy, DEFAULT_INTENDED_USE)).toEqual({
      allowed: true,
      reasons: [],
    });
    expect(LICENSE_TEMPLATES['training-standard'].terms.term).toEqual(DEFAULT_INTENDED_USE.term);
  });

  it('name a bundle on one line, trimmed, and refuse an empty one', () => {
    expect(CreateBundle.parse({ name: '  Aerial set  ' })).toEqual({ name: 'Aerial set' });
    expect(CreateBundle.safeParse({ name: '   ' }).success).toBe(false);
    expect(CreateBundle.safeParse({ name: 'a\nb' }).success).toBe(false);
    expect(CreateBundle.safeParse({ name: 'x', price: 1 }).success).toBe(false);
  });

  it('change the name, the intended use or both, never nothing', () => {
    expect(UpdateBundle.safeParse({}).success).toBe(false);
    expect(UpdateBundle.parse({ name: 'New' })).toEqual({ name: 'New' });
    const narrower = { ...DEFAULT_INTENDED_USE, commercial: false };
    expect(UpdateBundle.parse({ intendedUse: narrower })).toEqual({ intendedUse: narrower });
    const perpetualTermEnd = {
      ...DEFAULT_INTENDED_USE,
      term: { kind: 'perpetual' },
      exclusivity: { kind: 'exclusive', until: 'term-end' },
    };
    const refused = UpdateBundle.safeParse({ intendedUse: perpetualTermEnd });
    expect(refused.success).toBe(false);
    expect(refused.error!.issues[0]!.path).toEqual(['intendedUse', 'exclusivity', 'until']);
  });

  it(`add between 1 and ${BUNDLE_ADD_MAX} clip ids at once, repeats allowed`, () => {
    expect(AddBundleClips.safeParse({ clipIds: [] }).success).toBe(false);
    expect(AddBundleClips.parse({ clipIds: [id(1), id(1)] }).clipIds).toHaveLength(2);
    const full = Array.from({ length: BUNDLE_ADD_MAX }, (_, i) => id(i));
    expect(AddBundleClips.safeParse({ clipIds: full }).success).toBe(true);
    const over = AddBundleClips.safeParse({ clipIds: [...full, id(BUNDLE_ADD_MAX)] });
    expect(over.error!.issues[0]!.message).toBe(
      'Add at most 500 clips at once; send the rest in another add.',
    );
    expect(AddBundleClips.safeParse({ clipIds: ['not-a-uuid'] }).success).toBe(false);
  });

  it('add a search by its words, facets and sort: empty fields unset, no cursor or limit', () => {
    expect(
      AddSearchResults.parse({ q: ' harbour ', category: 'aerial', fps: '25', sort: 'newest' }),
    ).toEqual({ q: 'harbour', category: 'aerial', fps: 25, sort: 'newest' });
    expect(AddSearchResults.parse({ q: '', resolution: '' })).toEqual({});
    expect(AddSearchResults.safeParse({ cursor: 'abc' }).success).toBe(false);
    expect(AddSearchResults.safeParse({ limit: 10 }).success).toBe(false);
    expect(AddSearchResults.safeParse({ category: 'space' }).success).toBe(false);
  });

  it('give exclusions the compatibility codes and the two a bundle adds', () => {
    for (const code of ['term_too_long', 'not_listed', 'currency_not_on_rate_card']) {
      expect(BundleExclusionReason.safeParse({ code, message: 'm' }).success).toBe(true);
    }
    expect(BundleExclusionReason.safeParse({ code: 'other', message: 'm' }).success).toBe(false);
  });

  it('publish a rate card only when it is a valid rate card', () => {
    expect(PublishRateCard.parse({ ...PUBLIC_RATE_CARD, id: 'public-usd-2027-01' }).id).toBe(
      'public-usd-2027-01',
    );
    const noZeroTier = {
      ...PUBLIC_RATE_CARD,
      volumeTiers: [{ fromMinutes: 5, discountBps: 0 }],
    };
    expect(PublishRateCard.safeParse(noZeroTier).success).toBe(false);
  });

  it('name a rate card version in plain lower-case characters (a NUL once reached PostgreSQL)', () => {
    for (const id of [
      '\u0000',
      'Public USD',
      'public-usd\n',
      '-leading-dash',
      '',
      'x'.repeat(101),
    ]) {
      expect({ id, ok: PublishRateCard.safeParse({ ...PUBLIC_RATE_CARD, id }).success }).toEqual({
        id,
        ok: false,
      });
    }
    for (const id of ['public-usd-2027-01', 'eu_2027.1', '7', 'x'.repeat(100)]) {
      expect(PublishRateCard.safeParse({ ...PUBLIC_RATE_CARD, id }).success).toBe(true);
    }
  });
});
