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
import { thrown } from '../../test/support/thrown.js';
import {
  RateCard,
  resolutionTierFor,
  volumeTierAt,
  type RateCardType,
} from './rate-card.schema.js';

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

  // Worked by hand, not by the calculator: each expectation below is arithmetic in the comment.
  const twelveMonths = aRequest({
    term: { kind: 'fixed', months: 12, modelsUsableAfterTerm: true },
  });
  const tenDollarsAMinute = aPolicy({ ratePerMinute: { amountMinor: 1000, currency: 'USD' } });

  it('rounds the exact product once, not the base and then the product', () => {
    // 1 s of UHD at $10.00/min for 12 months: 1000 × 1/60 × 1.5 = 25 cents exactly.
    // Rounding the base first would give ⌈16.67⌉ = 17, × 1.5 = 25.5 → 26.
    const oneSecond = aLine({ durationMs: 1000, resolution: 'uhd', policy: tenDollarsAMinute });
    const result = quote({ lines: [oneSecond], request: twelveMonths, rateCard: aRateCard() });
    expect(result.lines[0]!.base.amountMinor).toBe(17);
    expect(result.lines[0]!.amount.amountMinor).toBe(25);
  });

  it('rounds once after every multiplier, not after each', () => {
    // 1 s of UHD at $10.00/min for 24 months: 1000/60 × 1.25 × 1.5 = 31.25 → 32 cents.
    // Rounding after each step would give ⌈16.67⌉ = 17 → ⌈21.25⌉ = 22 → 33.
    const oneSecond = aLine({ durationMs: 1000, resolution: 'uhd', policy: tenDollarsAMinute });
    const result = quote({ lines: [oneSecond], request: aRequest(), rateCard: aRateCard() });
    expect(result.lines[0]!.amount.amountMinor).toBe(32);
  });

  it('prices the README example: fee rounded down, creator gets the rest', () => {
    // aerial: 95 s × $12/min = 1900 cents; × 1.25 (24 months) × 1.5 (UHD) = 3562.5 → 3563.
    //   fee 20 % of 3563 = 712.6 → 712; creator 3563 − 712 = 2851.
    // street: 42.5 s × $12/min = 850 cents; × 1.25 = 1062.5 → 1063; fee 212.6 → 212; creator 851.
    const policy = aPolicy({ ratePerMinute: { amountMinor: 1200, currency: 'USD' } });
    const result = quote({
      lines: [
        aLine({ clipId: 'aerial', durationMs: 95_000, resolution: 'uhd', policy }),
        aLine({ clipId: 'street', durationMs: 42_500, resolution: 'hd', policy }),
      ],
      request: aRequest(),
      rateCard: aRateCard(),
    });
    const cents = (line: QuoteType['lines'][number]) => [
      line.clipId,
      line.base.amountMinor,
      line.amount.amountMinor,
      line.volumeDiscount.amountMinor,
      line.net.amountMinor,
      line.platformFee.amountMinor,
      line.creatorShare.amountMinor,
    ];
    expect(result.lines.map(cents)).toEqual([
      ['aerial', 1900, 3563, 0, 3563, 712, 2851],
      ['street', 850, 1063, 0, 1063, 212, 851],
    ]);
    expect(result.lines[0]!.multipliersBps).toEqual({
      exclusivity: 10_000,
      term: 12_500,
      resolution: 15_000,
      use: 10_000,
    });
    expect(result.lines[0]!.ratePerMinute).toEqual({ amountMinor: 1200, currency: 'USD' });
    expect([result.lines[0]!.durationMs, result.lines[0]!.resolution]).toEqual([95_000, 'uhd']);
    expect(result).toMatchObject({
      rateCardId: 'example-usd-2026',
      currency: 'USD',
      totalDurationMs: 137_500,
      subtotal: { amountMinor: 4626, currency: 'USD' },
      volumeDiscount: { amountMinor: 0, currency: 'USD' },
      total: { amountMinor: 4626, currency: 'USD' },
      platformFee: { amountMinor: 924, currency: 'USD' },
      creatorShare: { amountMinor: 3702, currency: 'USD' },
      excluded: [],
    });
  });

  it('rounds the bundle discount down once and shares it by largest remainder', () => {
    // Tiers: minutes 0–1 undiscounted, from minute 1 on 50 % off. The $10/min clip fills
    // minute 0–1 (1000 cents, no discount); the two 1 s clips at $1/min (100/60 = 1.67 → 2
    // cents each) fall past minute 1, each discounted by 1.67 × 50 % = 0.83 cents.
    // Bundle discount ⌊0.83 + 0.83⌋ = ⌊1.67⌋ = 1 cent (per-line rounding down would give 0,
    // up 2), given to the earlier of the two equal remainders.
    // Fees at 20 %, rounded down: ⌊1000 × 0.2⌋ = 200, ⌊(2 − 1) × 0.2⌋ = 0, ⌊2 × 0.2⌋ = 0.
    const oneDollar = aPolicy({ ratePerMinute: { amountMinor: 100, currency: 'USD' } });
    const result = quote({
      lines: [
        aLine({ clipId: 'b', durationMs: 1000, policy: oneDollar }),
        aLine({ clipId: 'a', durationMs: 60_000, policy: tenDollarsAMinute }),
        aLine({ clipId: 'c', durationMs: 1000, policy: oneDollar }),
      ],
      request: twelveMonths,
      rateCard: aRateCard({
        volumeTiers: [
          { fromMinutes: 0, discountBps: 0 },
          { fromMinutes: 1, discountBps: 5_000 },
        ],
      }),
    });
    expect(
      result.lines.map((line) => [
        line.clipId,
        line.amount.amountMinor,
        line.volumeDiscount.amountMinor,
        line.platformFee.amountMinor,
        line.creatorShare.amountMinor,
      ]),
    ).toEqual([
      ['b', 2, 1, 0, 1],
      ['a', 1000, 0, 200, 800],
      ['c', 2, 0, 0, 2],
    ]);
    expect(result.subtotal.amountMinor).toBe(1004);
    expect(result.volumeDiscount.amountMinor).toBe(1);
    expect(result.total.amountMinor).toBe(1003);
    expect(result.platformFee.amountMinor).toBe(200);
    expect(result.creatorShare.amountMinor).toBe(803);
    expect(result.volumeTier).toEqual({ fromMinutes: 1, discountBps: 5_000 });
    expect(result.totalDurationMs).toBe(62_000);
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

  it('uses the rate card exclusive multiplier when the policy sets none', () => {
    const result = quote({
      lines: [aLine({ policy: aPolicy({ exclusivity: { offered: true, multiplierBps: null } }) })],
      request: aRequest({ exclusivity: { kind: 'exclusive', until: '2027-06-30' } }),
      rateCard: aRateCard(),
    });
    // 90 s at $12/min = 1800 × 3 (exclusive) × 1.25 (24 months) = 6750 cents.
    expect(result.lines[0]!.multipliersBps.exclusivity).toBe(30_000);
    expect(result.lines[0]!.amount.amountMinor).toBe(6750);
  });

  it('discounts the part of one clip that crosses a tier threshold', () => {
    // 90 s at $10/min = 1500 cents; the 30 s past minute 1 are 50 % off: 500 × 0.5 = 250.
    const result = quote({
      lines: [aLine({ durationMs: 90_000, policy: tenDollarsAMinute })],
      request: twelveMonths,
      rateCard: aRateCard({
        volumeTiers: [
          { fromMinutes: 0, discountBps: 0 },
          { fromMinutes: 1, discountBps: 5_000 },
        ],
      }),
    });
    expect([
      result.subtotal.amountMinor,
      result.volumeDiscount.amountMinor,
      result.total.amountMinor,
    ]).toEqual([1500, 250, 1250]);
  });

  it('fills equally priced minutes in the order the clips were given', () => {
    // Same price: "first" (90 s) fills minute 0–1.5, "second" (30 s) 1.5–2. Past minute 1 at
    // 50 % off: 30 s of "first" (250 cents) and all 30 s of "second" (250 cents).
    const result = quote({
      lines: [
        aLine({ clipId: 'first', durationMs: 90_000, policy: tenDollarsAMinute }),
        aLine({ clipId: 'second', durationMs: 30_000, policy: tenDollarsAMinute }),
      ],
      request: twelveMonths,
      rateCard: aRateCard({
        volumeTiers: [
          { fromMinutes: 0, discountBps: 0 },
          { fromMinutes: 1, discountBps: 5_000 },
        ],
      }),
    });
    expect(result.lines.map((line) => [line.clipId, line.volumeDiscount.amountMinor])).toEqual([
      ['first', 250],
      ['second', 250],
    ]);
    const reversed = quote({
      lines: [
        aLine({ clipId: 'second', durationMs: 30_000, policy: tenDollarsAMinute }),
        aLine({ clipId: 'first', durationMs: 90_000, policy: tenDollarsAMinute }),
      ],
      request: twelveMonths,
      rateCard: aRateCard({
        volumeTiers: [
          { fromMinutes: 0, discountBps: 0 },
          { fromMinutes: 1, discountBps: 5_000 },
        ],
      }),
    });
    // Now "second" fills 0–0.5 and "first" 0.5–2: 60 s of "first" discounted (500 cents).
    expect(reversed.lines.map((line) => [line.clipId, line.volumeDiscount.amountMinor])).toEqual([
      ['second', 0],
      ['first', 500],
    ]);
  });

  it('reports the tier of the last minute actually in the bundle', () => {
    const tiers = aRateCard({
      volumeTiers: [
        { fromMinutes: 0, discountBps: 0 },
        { fromMinutes: 1, discountBps: 5_000 },
      ],
    });
    const exactlyOneMinute = quote({
      lines: [aLine({ durationMs: 60_000 })],
      request: aRequest(),
      rateCard: tiers,
    });
    expect(exactlyOneMinute.volumeTier).toEqual({ fromMinutes: 0, discountBps: 0 });
    const justOver = quote({
      lines: [aLine({ durationMs: 60_001 })],
      request: aRequest(),
      rateCard: tiers,
    });
    expect(justOver.volumeTier).toEqual({ fromMinutes: 1, discountBps: 5_000 });
  });

  it('names the figure that would not be exact', () => {
    const at = (rate: number, durationMs: number, count = 1) =>
      thrown(() =>
        quote({
          lines: Array.from({ length: count }, (_, index) =>
            aLine({
              clipId: `clip-${index + 1}`,
              durationMs,
              policy: aPolicy({ ratePerMinute: { amountMinor: rate, currency: 'USD' } }),
            }),
          ),
          request: aRequest(),
          rateCard: aRateCard(),
        }),
      );
    expect(at(2 ** 50, 24 * 60 * 60 * 1000)).toEqual({
      name: 'PricingError',
      code: 'amount_too_large',
      message: 'Base of clip-1 (1621295865853378560 minor units) is beyond the safe integer range.',
      issues: [],
    });
    // 8e15 cents a minute for one minute is safe; × 1.25 for 24 months is not.
    expect(at(8e15, 60_000).message).toBe(
      'Amount of clip-1 (10000000000000000 minor units) is beyond the safe integer range.',
    );
    // Two lines of 5e15 each are safe; their sum is not.
    expect(at(4e15, 60_000, 2).message).toBe(
      'Subtotal (10000000000000000 minor units) is beyond the safe integer range.',
    );
  });

  it('says which clip is in the wrong currency, and refuses invalid input by path', () => {
    const euro = aLine({
      policy: aPolicy({ ratePerMinute: { amountMinor: 100, currency: 'EUR' } }),
    });
    expect(
      thrown(() =>
        quote({
          lines: [aLine({ clipId: 'ok' }), euro],
          request: aRequest(),
          rateCard: aRateCard(),
        }),
      ),
    ).toEqual({
      name: 'PricingError',
      code: 'currency_mismatch',
      message: 'Clip clip-1 is priced in EUR, the rate card in USD.',
      issues: [
        {
          path: 'lines.1.policy.ratePerMinute.currency',
          message: 'Use USD.',
          code: 'currency_mismatch',
        },
      ],
    });
    expect(
      thrown(() =>
        quote({ lines: [aLine({ durationMs: 0 })], request: aRequest(), rateCard: aRateCard() }),
      ),
    ).toEqual({
      name: 'PricingError',
      code: 'invalid_input',
      message: 'Invalid quote input at lines.0.durationMs: Too small: expected number to be >=1',
      issues: [
        {
          path: 'lines.0.durationMs',
          message: 'Too small: expected number to be >=1',
          code: 'too_small',
        },
      ],
    });
  });

  it('refuses rate cards whose bands or tiers are out of order, saying where', () => {
    const issuesOf = (card: RateCardType) => RateCard.safeParse(card).error?.issues ?? [];
    const bands = (upTo: number[]) => {
      const card = aRateCard();
      card.multipliers.term.bands = upTo.map((upToMonths) => ({ upToMonths, bps: 10_000 }));
      return card;
    };
    expect(issuesOf(bands([12, 240]))).toEqual([]);
    expect(issuesOf(bands([24, 24, 240]))).toEqual([
      {
        code: 'custom',
        path: ['multipliers', 'term', 'bands', 1, 'upToMonths'],
        message: 'Term bands must be in increasing order of months.',
      },
    ]);
    expect(issuesOf(bands([12, 120]))).toEqual([
      {
        code: 'custom',
        path: ['multipliers', 'term', 'bands', 1, 'upToMonths'],
        message: 'The last term band must reach 240 months so every fixed term has a price.',
      },
    ]);
    const tiers = (volumeTiers: RateCardType['volumeTiers']) =>
      issuesOf(aRateCard({ volumeTiers }));
    expect(tiers([{ fromMinutes: 1, discountBps: 0 }])).toEqual([
      {
        code: 'custom',
        path: ['volumeTiers', 0, 'fromMinutes'],
        message: 'The first volume tier must start at 0 minutes.',
      },
    ]);
    expect(
      tiers([
        { fromMinutes: 0, discountBps: 0 },
        { fromMinutes: 0, discountBps: 100 },
      ]),
    ).toEqual([
      {
        code: 'custom',
        path: ['volumeTiers', 1, 'fromMinutes'],
        message: 'Volume tiers must be in increasing order of minutes.',
      },
    ]);
    expect(
      tiers([
        { fromMinutes: 0, discountBps: 100 },
        { fromMinutes: 10, discountBps: 100 },
        { fromMinutes: 20, discountBps: 50 },
      ]),
    ).toEqual([
      {
        code: 'custom',
        path: ['volumeTiers', 2, 'discountBps'],
        message: 'A larger volume tier cannot have a smaller discount.',
      },
    ]);
  });

  it('finds the tier that starts exactly at a minute', () => {
    const card = aRateCard();
    expect(volumeTierAt(card, 59.9).fromMinutes).toBe(0);
    expect(volumeTierAt(card, 60).fromMinutes).toBe(60);
    expect(volumeTierAt(card, 6_000).fromMinutes).toBe(6_000);
  });

  it('puts the resolution thresholds on the long side, inclusive', () => {
    expect(resolutionTierFor(1279, 720)).toBe('sd');
    expect(resolutionTierFor(1280, 720)).toBe('hd');
    expect(resolutionTierFor(720, 1280)).toBe('hd');
    expect(resolutionTierFor(3839, 2160)).toBe('hd');
    expect(resolutionTierFor(2160, 3840)).toBe('uhd');
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
