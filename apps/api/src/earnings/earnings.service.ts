import { Injectable } from '@nestjs/common';
import {
  EARNINGS_MAX_MONTHS,
  type EarningsQueryType,
  type EarningsSeriesType,
  type EarningsType,
  monthsBetween,
} from '@clearframe/contracts/money';
import type { OrgContext } from '../access/principal.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { decodeLicenseeCursor, encodeLicenseeCursor } from './earnings-cursor.js';
import { type EarningsRange, EarningsRepository } from './earnings.repository.js';

/** Months shown when the request names none: the current one and the eleven before it. */
const DEFAULT_MONTHS = 12;

/**
 * A creator studio's earnings: the ledger's monthly movements on its payable accounts, its
 * sales by clip and by lab, and who licensed which clip under which certificate.
 */
@Injectable()
export class EarningsService {
  constructor(
    private readonly earnings: EarningsRepository,
    private readonly clock: Clock,
  ) {}

  async get(ctx: OrgContext, query: EarningsQueryType): Promise<EarningsType> {
    const orgId = ctx.org.id;
    const { from, to } = this.months(query);
    const range: EarningsRange = { start: monthStart(from), end: monthStart(addMonths(to, 1)) };
    const after = query.cursor ? decodeLicenseeCursor(query.cursor) : undefined;
    const [ledger, sales, byClip, byLab, licensees] = [
      await this.earnings.ledgerMonths(orgId, range),
      await this.earnings.salesMonths(orgId, range),
      await this.earnings.byClip(orgId, range),
      await this.earnings.byLab(orgId, range),
      await this.earnings.licensees(orgId, range, query.limit, after),
    ];
    const page = licensees.slice(0, query.limit);
    const last = page.at(-1);
    return {
      from,
      to,
      series: series(from, to, ledger, sales),
      byClip: byClip.map((row) => ({
        clipId: row.clipId,
        title: row.title,
        timesLicensed: row.timesLicensed,
        totalDurationMs: row.totalDurationMs,
        gross: { amountMinor: row.grossMinor, currency: row.currency },
        net: { amountMinor: row.netMinor, currency: row.currency },
      })),
      byLab: byLab.map((row) => ({
        labOrgId: row.labOrgId,
        labName: row.labName,
        orders: row.orders,
        clips: row.clips,
        gross: { amountMinor: row.grossMinor, currency: row.currency },
        net: { amountMinor: row.netMinor, currency: row.currency },
      })),
      licensees: {
        items: page.map((row) => ({
          orderId: row.orderId,
          clipId: row.clipId,
          clipTitle: row.clipTitle,
          labOrgId: row.labOrgId,
          labName: row.labName,
          uses: row.intendedUse.uses,
          term: row.intendedUse.term,
          paidAt: row.paidAt.toISOString(),
          amount: { amountMinor: row.amountMinor, currency: row.currency },
          certificateId: row.certificateId,
          // A grant is revoked by a refund or dispute; before one exists, the order says.
          status:
            row.grantStatus ??
            (row.orderStatus === 'paid' || row.orderStatus === 'fulfilled' ? 'active' : 'revoked'),
        })),
        nextCursor: licensees.length > query.limit && last ? encodeLicenseeCursor(last) : null,
      },
    };
  }

  /** The request's months, or the twelve up to the current one (UTC). */
  private months(query: EarningsQueryType): { from: string; to: string } {
    const to = query.to ?? monthOf(this.clock.now());
    const from = query.from ?? addMonths(to, 1 - DEFAULT_MONTHS);
    const span = monthsBetween(from, to);
    if (span < 1 || span > EARNINGS_MAX_MONTHS) {
      throw new DomainError('validation_failed', 'The months are not valid.', {
        errors: [
          {
            path: 'from',
            message:
              span < 1
                ? 'Start on or before the last month.'
                : `Ask for at most ${EARNINGS_MAX_MONTHS} months at a time.`,
            code: 'invalid_range',
          },
        ],
      });
    }
    return { from, to };
  }
}

/** Every month of the range for every currency the studio earned in, zeros included. */
function series(
  from: string,
  to: string,
  ledger: Awaited<ReturnType<EarningsRepository['ledgerMonths']>>,
  sales: Awaited<ReturnType<EarningsRepository['salesMonths']>>,
): EarningsSeriesType[] {
  const currencies = [...new Set([...ledger, ...sales].map((row) => row.currency))].sort();
  const months: string[] = [];
  for (let month = from; month <= to; month = addMonths(month, 1)) months.push(month);
  return currencies.map((currency) => ({
    currency,
    months: months.map((month) => {
      const moved = ledger.find((row) => row.month === month && row.currency === currency);
      const sold = sales.find((row) => row.month === month && row.currency === currency);
      const credited = moved?.creditedMinor ?? 0;
      const reversed = moved?.reversedMinor ?? 0;
      return {
        month,
        gross: { amountMinor: sold?.grossMinor ?? 0, currency },
        platformFee: { amountMinor: sold?.platformFeeMinor ?? 0, currency },
        net: { amountMinor: credited, currency },
        reversals: { amountMinor: reversed, currency },
        balanceChange: { amountMinor: credited - reversed, currency },
      };
    }),
  }));
}

function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

function monthStart(month: string): Date {
  return new Date(`${month}-01T00:00:00.000Z`);
}

/** `YYYY-MM` moved by `count` months (negative moves back). */
export function addMonths(month: string, count: number): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (monthNumber - 1) + count;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}
