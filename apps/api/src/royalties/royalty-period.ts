/** A statement period: one calendar month in UTC, written `YYYY-MM`. */
export interface RoyaltyPeriod {
  id: string;
  /** The first instant of the month (inclusive). */
  start: Date;
  /** The first instant of the next month (exclusive). */
  end: Date;
}

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The period `YYYY-MM` names, or null when it is not one. */
export function parsePeriod(id: string): RoyaltyPeriod | null {
  const match = PERIOD.exec(id);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]) - 1;
  return {
    id,
    start: new Date(Date.UTC(year, month, 1)),
    end: new Date(Date.UTC(year, month + 1, 1)),
  };
}

/** The period an instant falls in. */
export function periodOf(instant: Date): RoyaltyPeriod {
  const id = `${instant.getUTCFullYear().toString().padStart(4, '0')}-${String(instant.getUTCMonth() + 1).padStart(2, '0')}`;
  return parsePeriod(id)!;
}

/** The month before the one `instant` falls in: what the run on the 1st states. */
export function previousPeriod(instant: Date): RoyaltyPeriod {
  const start = periodOf(instant).start;
  return periodOf(new Date(start.getTime() - 1));
}

/** "October 2026". */
export function periodLabel(period: RoyaltyPeriod): string {
  return period.start.toLocaleDateString('en-US', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
