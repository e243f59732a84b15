import { z } from 'zod';
import { CompatibilityReason, compatibilityOf } from '../license/compatibility.check.js';
import {
  ClipPolicy,
  LicenseRequest,
  type ClipPolicyType,
  type LicenseRequestType,
} from '../license/license.schema.js';
import { divideRounded } from '../money/money.arithmetic.js';
import { allocateMinorUnits } from '../money/money.allocate.js';
import { CurrencyCode, Money, type MoneyType } from '../money/money.schema.js';
import { PricingError } from './pricing.errors.js';
import {
  MultiplierBps,
  RateCard,
  ResolutionTier,
  VolumeTier,
  volumeTierAt,
  type RateCardType,
  type ResolutionTierType,
} from './rate-card.schema.js';

// How a quote is computed (all integer arithmetic, BigInt where products can pass 2^53):
//
// 1. Each clip whose policy allows the request is priced exactly:
//      rate/min × duration ms / 60 000 × exclusivity × term × resolution × use (each bps/10 000)
//    and rounded UP to a whole minor unit, once. That is the line `amount`.
// 2. Volume tiers are marginal brackets over the bundle's minutes, like tax brackets: the
//    minutes from a tier's threshold on get that tier's discount. Minutes fill the brackets
//    in order of per-minute price, most expensive first, so the deepest discounts apply to
//    the cheapest footage. With that order, adding a clip can never lower the total.
// 3. The bundle's discount is the exact sum of those bracket discounts, rounded DOWN once;
//    it is shared among lines by largest remainder so line discounts sum to it exactly.
// 4. Per line, the platform fee is net × fee bps rounded down; the creator gets the rest.
//
// Rounding the line up and the discount down is what makes "adding a clip never lowers the
// total" hold exactly, not just before rounding; each costs the lab under one minor unit.

const MS_PER_MINUTE = 60_000n;
const BPS = 10_000n;
/** Denominator of an exact line price: ms per minute × four multipliers in bps. */
const LINE_DENOMINATOR = MS_PER_MINUTE * BPS ** 4n;

/** One clip in a bundle: its duration, resolution tier and the policy it is offered under. */
export const QuoteLine = z.strictObject({
  clipId: z.string().min(1).max(128),
  durationMs: z
    .number()
    .int()
    .min(1)
    .max(24 * 60 * 60 * 1000),
  resolution: ResolutionTier,
  policy: ClipPolicy,
});
export type QuoteLineType = z.infer<typeof QuoteLine>;

/** Everything `quote` needs. */
export const QuoteInput = z.strictObject({
  lines: z
    .array(QuoteLine)
    .max(100_000)
    .refine((lines) => new Set(lines.map((line) => line.clipId)).size === lines.length, {
      message: 'Each clip may appear in a bundle only once.',
    }),
  request: LicenseRequest,
  rateCard: RateCard,
});
export type QuoteInputType = z.infer<typeof QuoteInput>;

/** The multipliers that priced one line, in basis points. */
export const LineMultipliers = z.strictObject({
  exclusivity: MultiplierBps,
  term: MultiplierBps,
  resolution: MultiplierBps,
  use: MultiplierBps,
});

/** A priced clip. `base` (duration × rate, rounded up) is for display; `amount` is computed from the exact product. */
export const QuotedLine = z.strictObject({
  clipId: z.string(),
  durationMs: z.number().int(),
  resolution: ResolutionTier,
  ratePerMinute: Money,
  multipliersBps: LineMultipliers,
  base: Money,
  amount: Money,
  volumeDiscount: Money,
  net: Money,
  platformFee: Money,
  creatorShare: Money,
});
export type QuotedLineType = z.infer<typeof QuotedLine>;

/** A clip left out of the quote because its policy does not allow the request. */
export const ExcludedLine = z.strictObject({
  clipId: z.string(),
  reasons: z.array(CompatibilityReason).min(1),
});
export type ExcludedLineType = z.infer<typeof ExcludedLine>;

/** The priced bundle. `subtotal − volumeDiscount = total = platformFee + creatorShare`. */
export const Quote = z.strictObject({
  rateCardId: z.string(),
  currency: CurrencyCode,
  lines: z.array(QuotedLine),
  excluded: z.array(ExcludedLine),
  totalDurationMs: z.number().int().min(0),
  volumeTier: VolumeTier,
  subtotal: Money,
  volumeDiscount: Money,
  total: Money,
  platformFee: Money,
  creatorShare: Money,
});
export type QuoteType = z.infer<typeof Quote>;

function termBps(rateCard: RateCardType, request: LicenseRequestType): number {
  if (request.term.kind === 'perpetual') return rateCard.multipliers.term.perpetual;
  const months = request.term.months;
  // The schema guarantees the last band reaches the longest possible term.
  return rateCard.multipliers.term.bands.find((band) => months <= band.upToMonths)!.bps;
}

function exclusivityBps(
  rateCard: RateCardType,
  request: LicenseRequestType,
  policy: ClipPolicyType,
): number {
  if (request.exclusivity.kind === 'none') return rateCard.multipliers.exclusivity.none;
  return policy.exclusivity.offered && policy.exclusivity.multiplierBps !== null
    ? policy.exclusivity.multiplierBps
    : rateCard.multipliers.exclusivity.exclusive;
}

function toMoney(amount: bigint, currency: MoneyType['currency'], what: string): MoneyType {
  const value = Number(amount);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new PricingError(
      'amount_too_large',
      `${what} (${amount} minor units) is beyond the safe integer range.`,
    );
  }
  return { amountMinor: value, currency };
}

interface PricedLine {
  index: number;
  line: QuoteLineType;
  multipliers: z.infer<typeof LineMultipliers>;
  /** Exact price per ms × LINE_DENOMINATOR. */
  perMs: bigint;
  amount: bigint;
  base: bigint;
  /** Exact volume discount × LINE_DENOMINATOR × 10 000. */
  discountWeight: bigint;
}

/**
 * Prices a bundle: per-clip lines (base, multipliers, amount, volume discount, platform fee,
 * creator share), clips excluded with their compatibility reasons, subtotal, volume discount
 * and total. Integer arithmetic only; each line's amount is rounded once (up) and the
 * bundle's volume discount once (down). Throws `PricingError` on invalid input or a rate in
 * another currency than the rate card's; never returns a partial quote.
 */
export function quote(input: {
  lines: readonly QuoteLineType[];
  request: LicenseRequestType;
  rateCard: RateCardType;
}): QuoteType {
  const parsed = QuoteInput.safeParse(input);
  if (!parsed.success) throw PricingError.fromZod(parsed.error);
  const { lines, request, rateCard } = parsed.data;
  const currency = rateCard.currency;

  const priced: PricedLine[] = [];
  const excluded: ExcludedLineType[] = [];
  lines.forEach((line, index) => {
    if (line.policy.ratePerMinute.currency !== currency) {
      throw new PricingError(
        'currency_mismatch',
        `Clip ${line.clipId} is priced in ${line.policy.ratePerMinute.currency}, the rate card in ${currency}.`,
        [
          {
            path: `lines.${index}.policy.ratePerMinute.currency`,
            message: `Use ${currency}.`,
            code: 'currency_mismatch',
          },
        ],
      );
    }
    const compatibility = compatibilityOf(line.policy, request);
    if (!compatibility.allowed) {
      excluded.push({ clipId: line.clipId, reasons: compatibility.reasons });
      return;
    }
    const multipliers = {
      exclusivity: exclusivityBps(rateCard, request, line.policy),
      term: termBps(rateCard, request),
      resolution: rateCard.multipliers.resolution[line.resolution as ResolutionTierType],
      use: request.commercial
        ? rateCard.multipliers.use.commercial
        : rateCard.multipliers.use.nonCommercial,
    };
    const rate = BigInt(line.policy.ratePerMinute.amountMinor);
    const perMs =
      rate *
      BigInt(multipliers.exclusivity) *
      BigInt(multipliers.term) *
      BigInt(multipliers.resolution) *
      BigInt(multipliers.use);
    const duration = BigInt(line.durationMs);
    priced.push({
      index,
      line,
      multipliers,
      perMs,
      amount: divideRounded(perMs * duration, LINE_DENOMINATOR, 'ceil'),
      base: divideRounded(rate * duration, MS_PER_MINUTE, 'ceil'),
      discountWeight: 0n,
    });
  });

  // Marginal volume brackets, filled by the most expensive minutes first (see the top note).
  const tiers = rateCard.volumeTiers;
  const byPrice = [...priced].sort((a, b) =>
    a.perMs > b.perMs ? -1 : a.perMs < b.perMs ? 1 : a.index - b.index,
  );
  let cursor = 0n;
  let tierIndex = 0;
  for (const entry of byPrice) {
    const end = cursor + BigInt(entry.line.durationMs);
    let weight = 0n;
    let position = cursor;
    while (position < end) {
      while (
        tierIndex + 1 < tiers.length &&
        BigInt(tiers[tierIndex + 1]!.fromMinutes) * MS_PER_MINUTE <= position
      )
        tierIndex++;
      const next =
        tierIndex + 1 < tiers.length
          ? BigInt(tiers[tierIndex + 1]!.fromMinutes) * MS_PER_MINUTE
          : end;
      const stop = next < end ? next : end;
      weight += (stop - position) * BigInt(tiers[tierIndex]!.discountBps);
      position = stop;
    }
    entry.discountWeight = weight * entry.perMs;
    cursor = end;
  }

  const totalWeight = priced.reduce((total, entry) => total + entry.discountWeight, 0n);
  const discount = totalWeight / (LINE_DENOMINATOR * BPS);
  const discountShares =
    discount === 0n
      ? priced.map(() => 0n)
      : allocateMinorUnits(
          discount,
          priced.map((entry) => entry.discountWeight),
        );

  let subtotal = 0n;
  let platformFee = 0n;
  let creatorShare = 0n;
  const quoted: QuotedLineType[] = priced.map((entry, position) => {
    const lineDiscount = discountShares[position]!;
    const net = entry.amount - lineDiscount;
    const fee = (net * BigInt(rateCard.platformFeeBps)) / BPS;
    subtotal += entry.amount;
    platformFee += fee;
    creatorShare += net - fee;
    return {
      clipId: entry.line.clipId,
      durationMs: entry.line.durationMs,
      resolution: entry.line.resolution,
      ratePerMinute: entry.line.policy.ratePerMinute,
      multipliersBps: entry.multipliers,
      base: toMoney(entry.base, currency, `Base of ${entry.line.clipId}`),
      amount: toMoney(entry.amount, currency, `Amount of ${entry.line.clipId}`),
      volumeDiscount: toMoney(lineDiscount, currency, `Discount of ${entry.line.clipId}`),
      net: toMoney(net, currency, `Net of ${entry.line.clipId}`),
      platformFee: toMoney(fee, currency, `Fee of ${entry.line.clipId}`),
      creatorShare: toMoney(net - fee, currency, `Creator share of ${entry.line.clipId}`),
    };
  });

  const totalDurationMs = priced.reduce((total, entry) => total + entry.line.durationMs, 0);
  // The tier of the last minute actually in the bundle (the first tier for an empty bundle).
  const lastMinute = totalDurationMs === 0 ? 0 : (totalDurationMs - 1) / 60_000;
  return {
    rateCardId: rateCard.id,
    currency,
    lines: quoted,
    excluded,
    totalDurationMs,
    volumeTier: { ...volumeTierAt(rateCard, lastMinute) },
    subtotal: toMoney(subtotal, currency, 'Subtotal'),
    volumeDiscount: toMoney(discount, currency, 'Volume discount'),
    total: toMoney(subtotal - discount, currency, 'Total'),
    platformFee: toMoney(platformFee, currency, 'Platform fee'),
    creatorShare: toMoney(creatorShare, currency, 'Creator share'),
  };
}
