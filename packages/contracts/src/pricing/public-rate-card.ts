import { MAX_TERM_MONTHS } from '../license/license.schema.js';
import { RateCard, type RateCardType } from './rate-card.schema.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}

/**
 * The rate card the public catalog quotes with, until operators publish rate cards as data:
 * the default. USD; every clip policy listed in the catalog is priced in its currency. The
 * numbers are the platform's published defaults (exclusivity ×3, longer terms and 4K dearer,
 * non-commercial use at 40 %, volume discounts from an hour of footage, a 20 % platform fee).
 * A change makes a new `id`: quotes and orders name the card they were priced with.
 */
export const PUBLIC_RATE_CARD: RateCardType = deepFreeze(
  RateCard.parse({
    id: 'public-usd-2026-12',
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
  }),
);
