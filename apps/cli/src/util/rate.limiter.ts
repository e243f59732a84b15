import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Holds senders to `bytesPerSecond` on average (a token bucket holding at most one second's
 * worth), shared by every part in flight: `--max-rate` for a shared uplink.
 */
export class RateLimiter {
  private available: number;
  private last: number;

  constructor(
    readonly bytesPerSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(bytesPerSecond > 0)) throw new Error(`A rate must be positive, not ${bytesPerSecond}.`);
    this.available = bytesPerSecond;
    this.last = now();
  }

  /** Waits until `bytes` may be sent. A request larger than the bucket borrows against the future. */
  async take(bytes: number, signal?: AbortSignal): Promise<void> {
    this.refill();
    this.available -= bytes;
    if (this.available >= 0) return;
    const waitMs = (-this.available / this.bytesPerSecond) * 1000;
    await sleep(Math.ceil(waitMs), undefined, { signal });
  }

  private refill(): void {
    const now = this.now();
    this.available = Math.min(
      this.bytesPerSecond,
      this.available + ((now - this.last) / 1000) * this.bytesPerSecond,
    );
    this.last = now;
  }
}

const UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/**
 * A rate such as `500K`, `16M`, `16MiB/s` or `2G` as bytes per second (binary units, like
 * curl's `--limit-rate`); null when it is not one.
 */
export function parseRate(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?(?:\/s)?\s*$/i.exec(text);
  if (!match) return null;
  const value = Number(match[1]) * UNITS[match[2]!.toLowerCase()]!;
  return value >= 1 ? Math.floor(value) : null;
}
