import { Clock } from '../../src/common/clock.js';

/** A clock tests move by hand; starts at the real time so database defaults stay plausible. */
export class FakeClock extends Clock {
  private current = new Date();

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
