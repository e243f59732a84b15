import { describe, expect, it } from '@jest/globals';
import { ApiProblemError, isRetryable, NetworkError } from './api.errors.js';
import { backoffDelay, withRetry, type RetryPolicy } from './retry.js';

const fast: RetryPolicy = { attempts: 4, baseDelayMs: 1, maxDelayMs: 4 };
const problem = (status: number) => new ApiProblemError(status, `http_${status}`, 'T', 'D');

describe('isRetryable', () => {
  it('retries network errors, 5xx, 429 and 408, never other 4xx or plain errors', () => {
    expect(isRetryable(new NetworkError('http://127.0.0.1:1/x', new Error('reset')))).toBe(true);
    for (const status of [500, 502, 503, 504, 429, 408])
      expect(isRetryable(problem(status))).toBe(true);
    for (const status of [400, 401, 403, 404, 409, 410, 422])
      expect(isRetryable(problem(status))).toBe(false);
    expect(isRetryable(new Error('bug'))).toBe(false);
  });
});

describe('backoffDelay', () => {
  it('doubles from the base up to the ceiling, jittered between half and all of it', () => {
    const policy: RetryPolicy = { attempts: 10, baseDelayMs: 500, maxDelayMs: 30_000 };
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((a) => backoffDelay(policy, a, () => 1))).toEqual([
      500, 1000, 2000, 4000, 8000, 16000, 30000, 30000,
    ]);
    expect([1, 2, 7].map((a) => backoffDelay(policy, a, () => 0))).toEqual([250, 500, 15000]);
  });
});

describe('withRetry', () => {
  it('tries again after a retryable failure and returns the first success', async () => {
    const seen: number[] = [];
    const result = await withRetry(
      async (attempt) => {
        seen.push(attempt);
        if (attempt < 3) throw problem(503);
        return 'ok';
      },
      { policy: fast },
    );
    expect({ result, seen }).toEqual({ result: 'ok', seen: [1, 2, 3] });
  });

  it('gives up at once on an error not worth retrying, and after the last attempt otherwise', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls += 1;
          throw problem(422);
        },
        { policy: fast },
      ),
    ).rejects.toThrow('D [http_422, HTTP 422]');
    expect(calls).toBe(1);
    calls = 0;
    const retried: number[] = [];
    await expect(
      withRetry(
        async () => {
          calls += 1;
          throw problem(500);
        },
        { policy: fast, onRetry: (_e, attempt) => retried.push(attempt) },
      ),
    ).rejects.toThrow('[http_500, HTTP 500]');
    expect({ calls, retried }).toEqual({ calls: 4, retried: [1, 2, 3] });
  });

  it('stops waiting when the signal aborts', async () => {
    const controller = new AbortController();
    const slow: RetryPolicy = { attempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000 };
    const started = Date.now();
    const pending = withRetry(
      async () => {
        throw problem(500);
      },
      { policy: slow, signal: controller.signal },
    );
    setTimeout(() => controller.abort(new Error('stop')), 20);
    await expect(pending).rejects.toThrow('stop');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
