import { z } from 'zod';
import { Id, PageQuery, Timestamp } from '../common.js';
import { PermittedUse, Term } from '../license/license.schema.js';
import { Money, SignedMoney } from './money.schema.js';

// A creator studio's earnings as the ledger records them (DESIGN §3 "Ledger", §5): what each
// month credited and reversed on the studio's payable account, which clips sold and to whom.

/** The longest range one earnings request covers, in months. */
export const EARNINGS_MAX_MONTHS = 60;

/** A calendar month in UTC, `YYYY-MM`, from 1970 on. */
export const EarningsMonth = z.string().regex(/^(19[7-9]\d|[2-9]\d{3})-(0[1-9]|1[0-2])$/, {
  message: 'Give a month as YYYY-MM, e.g. 2026-11.',
});
export type EarningsMonthType = z.infer<typeof EarningsMonth>;

/** How many calendar months `from` through `to` span, both included. */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm) + 1;
}

/**
 * `GET /v1/orgs/:orgId/earnings`: the months `from` through `to` (UTC, both included; by
 * default the twelve months up to the current one), and a page of "who licensed my clips"
 * (`cursor`, `limit`).
 */
export const EarningsQuery = PageQuery.extend({
  from: EarningsMonth.optional(),
  to: EarningsMonth.optional(),
}).superRefine((query, ctx) => {
  if (!query.from || !query.to) return;
  const span = monthsBetween(query.from, query.to);
  if (span < 1) {
    ctx.addIssue({ code: 'custom', path: ['from'], message: 'Start on or before the last month.' });
  } else if (span > EARNINGS_MAX_MONTHS) {
    ctx.addIssue({
      code: 'custom',
      path: ['from'],
      message: `Ask for at most ${EARNINGS_MAX_MONTHS} months at a time.`,
    });
  }
});
export type EarningsQueryType = z.infer<typeof EarningsQuery>;

/**
 * One month in one currency, from the studio's `creator-payable` ledger lines by the time
 * each entry was recorded. `gross` and `platformFee` are the studio's clip lines of the sales
 * recorded that month; `net` is what the month credited to the studio (sales, disputes won);
 * `reversals` what it took back (refunds, disputes); `balanceChange` is `net − reversals`.
 */
export const EarningsMonthRow = z.strictObject({
  month: EarningsMonth,
  gross: Money,
  platformFee: Money,
  net: Money,
  reversals: Money,
  balanceChange: SignedMoney,
});
export type EarningsMonthRowType = z.infer<typeof EarningsMonthRow>;

/** Every month of the range in one currency, zeros included, oldest first. */
export const EarningsSeries = z.strictObject({
  currency: Money.shape.currency,
  months: z.array(EarningsMonthRow),
});
export type EarningsSeriesType = z.infer<typeof EarningsSeries>;

/** One clip's sales in the range (as sold, before refunds: the monthly series shows those). */
export const EarningsByClip = z.strictObject({
  clipId: Id,
  title: z.string(),
  timesLicensed: z.number().int().min(0),
  totalDurationMs: z.number().int().min(0),
  gross: Money,
  net: Money,
});
export type EarningsByClipType = z.infer<typeof EarningsByClip>;

/** One lab's purchases of the studio's clips in the range (as sold, before refunds). */
export const EarningsByLab = z.strictObject({
  labOrgId: Id,
  labName: z.string(),
  orders: z.number().int().min(0),
  clips: z.number().int().min(0),
  gross: Money,
  net: Money,
});
export type EarningsByLabType = z.infer<typeof EarningsByLab>;

/** One clip of the studio in one paid order: who licensed it, for what, and its certificate. */
export const ClipLicensee = z.strictObject({
  orderId: Id,
  clipId: Id,
  clipTitle: z.string(),
  labOrgId: Id,
  labName: z.string(),
  uses: z.array(PermittedUse),
  term: Term,
  paidAt: Timestamp,
  /** The studio's share of this clip's line. */
  amount: Money,
  /** The id `/verify` and `GET /v1/certificates/:id` take; null only before it is issued. */
  certificateId: Id.nullable(),
  status: z.enum(['active', 'revoked']),
});
export type ClipLicenseeType = z.infer<typeof ClipLicensee>;

/** `GET /v1/orgs/:orgId/earnings`. */
export const Earnings = z.strictObject({
  from: EarningsMonth,
  to: EarningsMonth,
  series: z.array(EarningsSeries),
  byClip: z.array(EarningsByClip),
  byLab: z.array(EarningsByLab),
  /** Newest paid first; `nextCursor` continues it (pass the same `from` and `to`). */
  licensees: z.strictObject({ items: z.array(ClipLicensee), nextCursor: z.string().nullable() }),
});
export type EarningsType = z.infer<typeof Earnings>;
