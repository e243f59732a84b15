import fc from 'fast-check';
import {
  EXAMPLE_RATE_CARD,
  type QuoteLineType,
  type RateCardType,
} from '../../src/pricing/index.js';
import { aPolicy } from './license.factory.js';

/** A priced clip line under the standard test policy. */
export function aLine(overrides: Partial<QuoteLineType> = {}): QuoteLineType {
  return {
    clipId: 'clip-1',
    durationMs: 90_000,
    resolution: 'hd',
    policy: aPolicy(),
    ...overrides,
  };
}

/** The example rate card, copied so a test can change it freely. */
export function aRateCard(overrides: Partial<RateCardType> = {}): RateCardType {
  return { ...structuredClone(EXAMPLE_RATE_CARD), ...overrides };
}

/** Any valid rate card in USD: increasing tiers with non-decreasing discounts. */
export const rateCardArb: fc.Arbitrary<RateCardType> = fc
  .record({
    bps: fc.array(fc.integer({ min: 1, max: 60_000 }), { minLength: 9, maxLength: 9 }),
    tierGaps: fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 4 }),
    discountSteps: fc.array(fc.integer({ min: 0, max: 2_500 }), { minLength: 5, maxLength: 5 }),
    platformFeeBps: fc.integer({ min: 0, max: 10_000 }),
  })
  .map(({ bps, tierGaps, discountSteps, platformFeeBps }) => {
    let from = 0;
    let discount = 0;
    const volumeTiers = [{ fromMinutes: 0, discountBps: 0 }];
    tierGaps.forEach((gap, index) => {
      from += gap;
      discount = Math.min(10_000, discount + discountSteps[index]!);
      volumeTiers.push({ fromMinutes: from, discountBps: discount });
    });
    return {
      id: 'generated',
      currency: 'USD' as const,
      multipliers: {
        exclusivity: { none: bps[0]!, exclusive: bps[1]! },
        term: {
          bands: [
            { upToMonths: 12, bps: bps[2]! },
            { upToMonths: 240, bps: bps[3]! },
          ],
          perpetual: bps[4]!,
        },
        resolution: { sd: bps[5]!, hd: bps[6]!, uhd: bps[7]! },
        use: { commercial: bps[8]!, nonCommercial: bps[8]! },
      },
      volumeTiers,
      platformFeeBps,
    };
  });

/** Any bundle line (unique ids are assigned by the caller). */
export const lineArb: fc.Arbitrary<Omit<QuoteLineType, 'clipId'>> = fc
  .record({
    durationMs: fc.integer({ min: 1, max: 20 * 60_000 }),
    resolution: fc.constantFrom('sd' as const, 'hd' as const, 'uhd' as const),
    rate: fc.integer({ min: 0, max: 50_000 }),
  })
  .map(({ durationMs, resolution, rate }) => ({
    durationMs,
    resolution,
    policy: aPolicy({ ratePerMinute: { amountMinor: rate, currency: 'USD' } }),
  }));

/** Gives lines unique ids in order. */
export function withIds(lines: ReadonlyArray<Omit<QuoteLineType, 'clipId'>>): QuoteLineType[] {
  return lines.map((line, index) => ({ clipId: `clip-${index}`, ...line }));
}
