import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { aPolicy, aRequest } from '../../test/factories/license.factory.js';
import {
  aLine,
  aRateCard,
  lineArb,
  rateCardArb,
  withIds,
} from '../../test/factories/pricing.factory.js';
import { PricingError } from './pricing.errors.js';
import { quote, type QuoteType } from './quote.calculator.js';
import { RateCard, resolutionTierFor, volumeTierAt } from './rate-card.schema.js';

function checkSums(result: QuoteType) {
  const total = (pick: (line: QuoteType['lines'][number]) => number) =>
    result.lines.reduce((sum, line) => sum + pick(line), 0);
  expect(total((line) => line.amount.amountMinor)).toBe(result.subtotal.amountMinor);
  expect(total((line) => line.volumeDiscount.amountMinor)).toBe(result.volumeDiscount.amountMinor);
  expect(result.subtotal.amountMinor - result.volumeDiscount.amountMinor).toBe(
    result.total.amountMinor,
  );
  expect(total((line) => line.platformFee.amountMinor)).toBe(result.platformFee.amountMinor);
  expect(total((line) => line.creatorShare.amountMinor)).toBe(result.creatorShare.amountMinor);
  expect(result.platformFee.amountMinor + result.creatorShare.amountMinor).toBe(
    result.total.amountMinor,
  );
  for (const line of result.lines) {
    expect(line.net.amountMinor).toBe(line.amount.amountMinor - line.volumeDiscount.amountMinor);
    expect(line.net.amountMinor).toBeGreaterThanOrEqual(0);
  }
}

describe('quote', () => {
  it('prices one clip: rate × minutes × multipliers, rounded up once', () => {
    // 90 s at $12.00/min = $18.00; hd ×1, commercial ×1, none ×1, 24 months ×1.25 → $22.50.
    const result = quote({ lines: [aLine()], request: aRequest(), rateCard: aRateCard() });
    expect(result.lines[0]).toMatchObject({
      clipId: 'clip-1',
      multipliersBps: { exclusivity: 10_000, term: 12_500, resolution: 10_000, use: 10_000 },
      base: { amountMinor: 1800, currency: 'USD' },
      amount: { amountMinor: 2250, currency: 'USD' },
      volumeDiscount: { amountMinor: 0, currency: 'USD' },
      platformFee: { amountMinor: 450, currency: 'USD' },
      creatorShare: { amountMinor: 1800, currency: 'USD' },
    });
    expect(result.total).toEqual({ amountMinor: 2250, currency: 'USD' });
    expect(result.volumeTier).toEqual({ fromMinutes: 0, discountBps: 0 });
    checkSums(result);
  });

  it('rounds a fraction of a cent up on the line, never down', () => {
    // 1 s at $0.07/min = 0.1166… cents → 1 cent.
    const line = aLine({
      durationMs: 1000,
      policy: aPolicy({ ratePerMinute: { amountMinor: 7, currency: 'USD' } }),
    });
    const result = quote({
      lines: [line],
      request: aRequest({ term: { kind: 'fixed', months: 12, modelsUsableAfterTerm: true } }),
      rateCard: aRateCard(),
    });
    expect(result.lines[0]!.amount.amountMinor).toBe(1);
  });

  it('applies the exclusivity, perpetual, resolution and research multipliers, and the policy exclusivity price', () => {
    const request = aRequest({
      exclusivity: { kind: 'exclusive', until: '2027-06-30' },
      term: { kind: 'perpetual' },
      commercial: false,
    });
    const policy = aPolicy({
      maxTerm: { kind: 'perpetual' },
      exclusivity: { offered: true, multiplierBps: 40_000 },
    });
    const result = quote({
      lines: [aLine({ resolution: 'uhd', policy, durationMs: 60_000 })],
      request,
      rateCard: aRateCard(),
    });
    expect(result.lines[0]!.multipliersBps).toEqual({
      exclusivity: 40_000,
      term: 25_000,
      resolution: 15_000,
      use: 4_000,
    });
    // $12 × 4 × 2.5 × 1.5 × 0.4 = $72.00
    expect(result.lines[0]!.amount.amountMinor).toBe(7200);
  });

  it('gives marginal volume discounts: only minutes past a threshold are discounted, cheapest footage last', () => {
    const rateCard = aRateCard({
      volumeTiers: [
        { fromMinutes: 0, discountBps: 0 },
        { fromMinutes: 2, discountBps: 5_000 },
      ],
    });
    const request = aRequest({ term: { kind: 'fixed', months: 12, modelsUsableAfterTerm: true } });
    const expensive = aLine({
      clipId: 'expensive',
      durationMs: 120_000,
      policy: aPolicy({ ratePerMinute: { amountMinor: 1000, currency: 'USD' } }),
    });
    const cheap = aLine({
      clipId: 'cheap',
      durationMs: 120_000,
      policy: aPolicy({ ratePerMinute: { amountMinor: 100, currency: 'USD' } }),
    });
    const result = quote({ lines: [cheap, expensive], request, rateCard });
    // The expensive clip fills minutes 0–2 (no discount); the cheap one minutes 2–4 at 50 %.
    expect(result.subtotal.amountMinor).toBe(2200);
    expect(result.volumeDiscount.amountMinor).toBe(100);
    expect(result.lines.map((line) => [line.clipId, line.volumeDiscount.amountMinor])).toEqual([
      ['cheap', 100],
      ['expensive', 0],
    ]);
    expect(result.volumeTier).toEqual({ fromMinutes: 2, discountBps: 5_000 });
    checkSums(result);
  });

  it('excludes clips whose policy refuses the request, with the reasons', () => {
    const refusing = aLine({
      clipId: 'no-commercial',
      policy: aPolicy({ commercialUseAllowed: false }),
    });
    const result = quote({
      lines: [aLine(), refusing],
      request: aRequest(),
      rateCard: aRateCard(),
    });
    expect(result.lines.map((line) => line.clipId)).toEqual(['clip-1']);
    expect(result.excluded).toEqual([
      {
        clipId: 'no-commercial',
        reasons: [expect.objectContaining({ code: 'commercial_not_allowed' })],
      },
    ]);
  });

  it('quotes an empty bundle as zero', () => {
    const result = quote({ lines: [], request: aRequest(), rateCard: aRateCard() });
    expect(result.total).toEqual({ amountMinor: 0, currency: 'USD' });
  });

  it.each([
    ['a duplicate clip', { lines: [aLine(), aLine()] }, 'lines'],
    ['a fractional duration', { lines: [aLine({ durationMs: 1.5 })] }, 'lines.0.durationMs'],
    [
      'an unknown resolution',
      { lines: [aLine({ resolution: '8k' as never })] },
      'lines.0.resolution',
    ],
    [
      'a negative rate',
      {
        lines: [
          aLine({ policy: aPolicy({ ratePerMinute: { amountMinor: -1, currency: 'USD' } }) }),
        ],
      },
      'lines.0.policy.ratePerMinute.amountMinor',
    ],
    ['an unknown field', { lines: [{ ...aLine(), discount: 5 }] }, 'lines.0.discount'],
    [
      'a rate card whose larger tier discounts less',
      {
        rateCard: aRateCard({
          volumeTiers: [
            { fromMinutes: 0, discountBps: 500 },
            { fromMinutes: 10, discountBps: 100 },
          ],
        }),
      },
      'rateCard.volumeTiers.1.discountBps',
    ],
    [
      'a rate card not starting at 0 minutes',
      { rateCard: aRateCard({ volumeTiers: [{ fromMinutes: 5, discountBps: 0 }] }) },
      'rateCard.volumeTiers.0.fromMinutes',
    ],
    [
      'an unknown currency',
      { rateCard: aRateCard({ currency: 'XBT' as never }) },
      'rateCard.currency',
    ],
  ])('refuses %s with a path', (_label, override, path) => {
    const input = { lines: [aLine()], request: aRequest(), rateCard: aRateCard(), ...override };
    try {
      quote(input as never);
      throw new Error('expected quote to throw');
    } catch (error) {
      expect(error).toBeInstanceOf(PricingError);
      expect((error as PricingError).code).toBe('invalid_input');
      expect((error as PricingError).issues[0]!.path).toBe(path);
    }
  });

  it('refuses a clip priced in another currency', () => {
    const euro = aLine({
      policy: aPolicy({ ratePerMinute: { amountMinor: 100, currency: 'EUR' } }),
    });
    expect(() => quote({ lines: [euro], request: aRequest(), rateCard: aRateCard() })).toThrow(
      expect.objectContaining({ code: 'currency_mismatch' }) as never,
    );
  });

  it('refuses a quote whose total would not be exact', () => {
    const huge = aLine({
      durationMs: 24 * 60 * 60 * 1000,
      policy: aPolicy({ ratePerMinute: { amountMinor: 2 ** 50, currency: 'USD' } }),
    });
    expect(() => quote({ lines: [huge], request: aRequest(), rateCard: aRateCard() })).toThrow(
      expect.objectContaining({ code: 'amount_too_large' }) as never,
    );
  });

  it('maps frame sizes to resolution tiers by the long side', () => {
    expect(resolutionTierFor(640, 480)).toBe('sd');
    expect(resolutionTierFor(1080, 1920)).toBe('hd');
    expect(resolutionTierFor(3840, 2160)).toBe('uhd');
  });

  const bundle = fc.array(lineArb, { minLength: 0, maxLength: 25 });
  const request = aRequest();

  it('never quotes a negative amount, and every split sums to its whole', () => {
    fc.assert(
      fc.property(bundle, rateCardArb, (lines, rateCard) => {
        const result = quote({ lines: withIds(lines), request, rateCard });
        expect(result.total.amountMinor).toBeGreaterThanOrEqual(0);
        for (const line of result.lines) {
          for (const amount of [
            line.amount,
            line.volumeDiscount,
            line.net,
            line.platformFee,
            line.creatorShare,
          ])
            expect(amount.amountMinor).toBeGreaterThanOrEqual(0);
        }
        checkSums(result);
      }),
      { numRuns: 300 },
    );
  });

  it('never lowers the total when a clip is added', () => {
    fc.assert(
      fc.property(bundle, lineArb, fc.nat(), rateCardArb, (lines, extra, position, rateCard) => {
        const before = quote({ lines: withIds(lines), request, rateCard });
        const grown = [...lines];
        grown.splice(position % (lines.length + 1), 0, extra);
        const after = quote({ lines: withIds(grown), request, rateCard });
        expect(after.total.amountMinor).toBeGreaterThanOrEqual(before.total.amountMinor);
      }),
      { numRuns: 500 },
    );
  });

  it('never raises the per-minute price in a larger volume tier', () => {
    fc.assert(
      fc.property(rateCardArb, fc.nat({ max: 200 }), fc.nat({ max: 200 }), (rateCard, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        // The discount of the tier a minute falls in never shrinks as the bundle grows…
        expect(volumeTierAt(rateCard, high).discountBps).toBeGreaterThanOrEqual(
          volumeTierAt(rateCard, low).discountBps,
        );
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(rateCardArb, fc.integer({ min: 1, max: 40 }), (rateCard, count) => {
        // …so the marginal cost of one more identical minute-long clip never rises.
        const minuteClip = {
          durationMs: 60_000,
          resolution: 'hd' as const,
          policy: aPolicy({ ratePerMinute: { amountMinor: 100_000, currency: 'USD' } }),
        };
        const cost = (n: number) =>
          quote({ lines: withIds(Array.from({ length: n }, () => minuteClip)), request, rateCard })
            .total.amountMinor;
        const previous = cost(count) - cost(count - 1);
        const next = cost(count + 1) - cost(count);
        expect(next).toBeLessThanOrEqual(previous + 1); // +1: the bundle's single rounding of the discount
      }),
      { numRuns: 100 },
    );
  });

  it('rejects a generated rate card only when its tiers are out of order', () => {
    fc.assert(
      fc.property(rateCardArb, (rateCard) => {
        expect(RateCard.safeParse(rateCard).success).toBe(true);
      }),
    );
  });
});
