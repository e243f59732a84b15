import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { sqlRows } from '../database/sql.js';
import { UnitOfWork } from '../database/unit-of-work.js';

/** How `penalize` turns repeated failures into growing waits. */
export interface BackoffPolicy {
  /** Failures in a window before the first wait. */
  free: number;
  baseSeconds: number;
  maxSeconds: number;
  /** Failures are forgotten this long after the first one of the window. */
  windowSeconds: number;
}

/**
 * Fixed-window counters kept in PostgreSQL, not in process memory, so every API instance behind
 * the load balancer sees the same count. One upsert per hit; no read-modify-write race.
 * Hits are counted outside any unit of work: a use case that fails (a wrong password) must still
 * count, so a rollback may not take the hit with it.
 */
@Injectable()
export class RateLimiter {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /** Counts one hit against each key; throws `rate_limited` if any key is over `max` in its window. */
  async hit(keys: string[], max: number, windowSeconds: number): Promise<void> {
    this.refuseInTransaction();
    const now = this.clock.now();
    const windowStartFloor = new Date(now.getTime() - windowSeconds * 1000);
    for (const key of keys) {
      const rows = await sqlRows<{ hits: number; window_start: Date }>(
        this.uow.manager(),
        `INSERT INTO rate_limit_buckets (key, window_start, hits) VALUES ($1, $2, 1)
         ON CONFLICT (key) DO UPDATE SET
           hits = CASE WHEN rate_limit_buckets.window_start <= $3 THEN 1 ELSE rate_limit_buckets.hits + 1 END,
           window_start = CASE WHEN rate_limit_buckets.window_start <= $3 THEN $2 ELSE rate_limit_buckets.window_start END
         RETURNING hits, window_start`,
        [key, now, windowStartFloor],
      );
      const row = rows[0]!;
      if (row.hits > max) {
        const resetAt = new Date(row.window_start).getTime() + windowSeconds * 1000;
        throw new DomainError('rate_limited', 'Too many attempts. Wait a while and try again.', {
          retryAfterSeconds: Math.max(1, Math.ceil((resetAt - now.getTime()) / 1000)),
        });
      }
    }
  }

  /**
   * Throws `rate_limited` while any of `keys` is in a backoff wait set by `penalize`; counts
   * nothing, so it can run before the work it protects.
   */
  async assertNotBlocked(keys: string[]): Promise<void> {
    this.refuseInTransaction();
    const now = this.clock.now();
    const rows = await sqlRows<{ until: Date | null }>(
      this.uow.manager(),
      `SELECT max(blocked_until) AS until FROM rate_limit_buckets
       WHERE key = ANY($1) AND blocked_until > $2`,
      [keys, now],
    );
    const until = rows[0]?.until;
    if (until) {
      throw new DomainError('rate_limited', 'Too many attempts. Wait a while and try again.', {
        retryAfterSeconds: Math.max(
          1,
          Math.ceil((new Date(until).getTime() - now.getTime()) / 1000),
        ),
      });
    }
  }

  /**
   * Counts one failure against `key` in a fixed window. From the `free`-th failure of the window
   * on, the key waits `baseSeconds`, doubled for each further failure, at most `maxSeconds`.
   */
  async penalize(key: string, policy: BackoffPolicy): Promise<void> {
    this.refuseInTransaction();
    const now = this.clock.now();
    const windowStartFloor = new Date(now.getTime() - policy.windowSeconds * 1000);
    const rows = await sqlRows<{ hits: number }>(
      this.uow.manager(),
      `INSERT INTO rate_limit_buckets (key, window_start, hits) VALUES ($1, $2, 1)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN rate_limit_buckets.window_start <= $3 THEN 1 ELSE rate_limit_buckets.hits + 1 END,
         window_start = CASE WHEN rate_limit_buckets.window_start <= $3 THEN $2 ELSE rate_limit_buckets.window_start END
       RETURNING hits`,
      [key, now, windowStartFloor],
    );
    const failures = rows[0]!.hits;
    if (failures < policy.free) return;
    const waitSeconds = Math.min(
      policy.maxSeconds,
      policy.baseSeconds * 2 ** (failures - policy.free),
    );
    // GREATEST: of two failures counted at once, the one that earned the longer wait wins.
    await this.uow.manager().query(
      `UPDATE rate_limit_buckets SET blocked_until = GREATEST(COALESCE(blocked_until, $2), $2)
       WHERE key = $1`,
      [key, new Date(now.getTime() + waitSeconds * 1000)],
    );
  }

  /** Forgets a key, e.g. the per-email sign-in counter after a successful sign-in. */
  async clear(key: string): Promise<void> {
    this.refuseInTransaction();
    await this.uow.manager().query(`DELETE FROM rate_limit_buckets WHERE key = $1`, [key]);
  }

  private refuseInTransaction(): void {
    if (this.uow.inTransaction()) {
      throw new Error('Rate limits are counted before a unit of work opens, never inside one');
    }
  }
}
