import { z } from 'zod';
import { MAX_TERM_MONTHS } from '../license/license.schema.js';
import { CurrencyCode } from '../money/money.schema.js';

/** A multiplier in basis points: 10 000 = ×1, 15 000 = ×1.5. Between ×0.0001 and ×100. */
export const MultiplierBps = z.number().int().min(1).max(1_000_000);

/** Resolution tiers by the long side of the frame: `uhd` ≥ 3840 px, `hd` ≥ 1280 px, else `sd`. */
export const RESOLUTION_TIERS = ['sd', 'hd', 'uhd'] as const;
export const ResolutionTier = z.enum(RESOLUTION_TIERS);
export type ResolutionTierType = z.infer<typeof ResolutionTier>;

/** The resolution tier of a frame size (orientation does not matter). */
export function resolutionTierFor(width: number, height: number): ResolutionTierType {
  const longSide = Math.max(width, height);
  if (longSide >= 3840) return 'uhd';
  if (longSide >= 1280) return 'hd';
  return 'sd';
}

/** A fixed term of up to `upToMonths` months is priced with `bps`. */
export const TermBand = z.strictObject({
  upToMonths: z.number().int().min(1).max(MAX_TERM_MONTHS),
  bps: MultiplierBps,
});

/** From `fromMinutes` of bundle footage on, each further minute is discounted by `discountBps`. */
export const VolumeTier = z.strictObject({
  fromMinutes: z.number().int().min(0),
  discountBps: z.number().int().min(0).max(10_000),
});
export type VolumeTierType = z.infer<typeof VolumeTier>;

/**
 * The platform's pricing data: multipliers applied to each clip's per-minute rate, volume
 * tiers by total bundle minutes, and the platform fee — all integers in basis points.
 */
export const RateCard = z
  .strictObject({
    /** The version's name, as quotes and certificates cite it: `public-usd-2026-12`. */
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, {
      message:
        'Use up to 100 lower-case letters, digits, dots, dashes and underscores, starting with a letter or digit.',
    }),
    currency: CurrencyCode,
    multipliers: z.strictObject({
      exclusivity: z.strictObject({ none: MultiplierBps, exclusive: MultiplierBps }),
      term: z.strictObject({ bands: z.array(TermBand).min(1), perpetual: MultiplierBps }),
      resolution: z.strictObject({ sd: MultiplierBps, hd: MultiplierBps, uhd: MultiplierBps }),
      use: z.strictObject({ commercial: MultiplierBps, nonCommercial: MultiplierBps }),
    }),
    volumeTiers: z.array(VolumeTier).min(1),
    platformFeeBps: z.number().int().min(0).max(10_000),
  })
  .superRefine((card, ctx) => {
    const bands = card.multipliers.term.bands;
    bands.forEach((band, index) => {
      if (index > 0 && band.upToMonths <= bands[index - 1]!.upToMonths) {
        ctx.addIssue({
          code: 'custom',
          path: ['multipliers', 'term', 'bands', index, 'upToMonths'],
          message: 'Term bands must be in increasing order of months.',
        });
      }
    });
    if (bands.at(-1)!.upToMonths !== MAX_TERM_MONTHS) {
      ctx.addIssue({
        code: 'custom',
        path: ['multipliers', 'term', 'bands', bands.length - 1, 'upToMonths'],
        message: `The last term band must reach ${MAX_TERM_MONTHS} months so every fixed term has a price.`,
      });
    }
    const tiers = card.volumeTiers;
    if (tiers[0]!.fromMinutes !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['volumeTiers', 0, 'fromMinutes'],
        message: 'The first volume tier must start at 0 minutes.',
      });
    }
    tiers.forEach((tier, index) => {
      if (index === 0) return;
      const previous = tiers[index - 1]!;
      if (tier.fromMinutes <= previous.fromMinutes) {
        ctx.addIssue({
          code: 'custom',
          path: ['volumeTiers', index, 'fromMinutes'],
          message: 'Volume tiers must be in increasing order of minutes.',
        });
      }
      // A larger tier may never make a minute more expensive.
      if (tier.discountBps < previous.discountBps) {
        ctx.addIssue({
          code: 'custom',
          path: ['volumeTiers', index, 'discountBps'],
          message: 'A larger volume tier cannot have a smaller discount.',
        });
      }
    });
  });
export type RateCardType = z.infer<typeof RateCard>;
export type RateCard = RateCardType;

/** The volume tier that prices the minute of bundle footage starting at `minutes`. */
export function volumeTierAt(rateCard: RateCardType, minutes: number): VolumeTierType {
  let current = rateCard.volumeTiers[0]!;
  for (const tier of rateCard.volumeTiers) {
    if (tier.fromMinutes <= minutes) current = tier;
  }
  return current;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}

/**
 * An example rate card in USD, used by the README, tests and benchmark. Real rate cards are
 * data the operator configures; nothing here is a commitment to these numbers.
 */
export const EXAMPLE_RATE_CARD: RateCardType = deepFreeze({
  id: 'example-usd-2026',
  currency: 'USD',
  multipliers: {
    exclusivity: { none: 10_000, exclusive: 30_000 },
    term: {
      bands: [
        { upToMonths: 12, bps: 10_000 },
        { upToMonths: 24, bps: 12_500 },
        { upToMonths: 60, bps: 15_000 },
        { upToMonths: MAX_TERM_MONTHS, bps: 20_000 },
      ],
      perpetual: 25_000,
    },
    resolution: { sd: 6_000, hd: 10_000, uhd: 15_000 },
    use: { commercial: 10_000, nonCommercial: 4_000 },
  },
  volumeTiers: [
    { fromMinutes: 0, discountBps: 0 },
    { fromMinutes: 60, discountBps: 500 },
    { fromMinutes: 600, discountBps: 1_000 },
    { fromMinutes: 6_000, discountBps: 2_000 },
  ],
  platformFeeBps: 2_000,
});
