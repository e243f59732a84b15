import { setTimeout as sleep } from 'node:timers/promises';
import { isRetryable } from './api.errors.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Pause before the second attempt; doubles each time up to `maxDelayMs`, jittered. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * About two minutes of trying (0.5 + 1 + 2 + 4 + 8 + 16 + 30 + 30 + 30 s at most) before a file is
 * given up: long enough to ride out a restarted API or a dropped Wi-Fi, short enough that a
 * person watching notices. A rerun resumes from what storage holds anyway.
 */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 10, baseDelayMs: 500, maxDelayMs: 30_000 };

/** The pause before attempt `attempt + 1` (attempt counts from 1): exponential, between half and all of it at random so many clients do not retry in step. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}

/**
 * Runs `work` until it succeeds, fails with an error that is not worth retrying, runs out of
 * attempts or `signal` aborts. `onRetry` hears each failure that will be retried.
 */
export async function withRetry<T>(
  work: (attempt: number) => Promise<T>,
  options: {
    policy: RetryPolicy;
    signal?: AbortSignal;
    retryable?: (error: unknown) => boolean;
    onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  },
): Promise<T> {
  const retryable = options.retryable ?? isRetryable;
  for (let attempt = 1; ; attempt += 1) {
    options.signal?.throwIfAborted();
    try {
      return await work(attempt);
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (attempt >= options.policy.attempts || !retryable(error)) throw error;
      const delayMs = backoffDelay(options.policy, attempt);
      options.onRetry?.(error, attempt, delayMs);
      try {
        await sleep(delayMs, undefined, { signal: options.signal });
      } catch (error) {
        throw options.signal?.aborted ? options.signal.reason : error;
      }
    }
  }
}
