import { describe, expect, it } from '@jest/globals';
import { formatBytes, formatDuration } from './format.js';
import { parseRate, RateLimiter } from './rate.limiter.js';
import { Semaphore } from './semaphore.js';

describe('parseRate', () => {
  it('reads bytes per second with binary units, like curl --limit-rate', () => {
    expect(parseRate('500K')).toBe(512_000);
    expect(parseRate('16M')).toBe(16_777_216);
    expect(parseRate('16MiB/s')).toBe(16_777_216);
    expect(parseRate('1.5g')).toBe(1_610_612_736);
    expect(parseRate('2048')).toBe(2048);
    for (const bad of ['fast', '', '-1M', '0', '0.5', '16 T', 'M'])
      expect(parseRate(bad)).toBeNull();
  });
});

describe('RateLimiter', () => {
  it('lets a second’s worth through at once, then holds senders to the rate', async () => {
    let now = 0;
    const limiter = new RateLimiter(1000, () => now);
    const started = performance.now();
    await limiter.take(1000);
    expect(performance.now() - started).toBeLessThan(50);
    // The bucket is empty: 100 bytes more cost 100 ms of waiting.
    const before = performance.now();
    await limiter.take(100);
    expect(performance.now() - before).toBeGreaterThanOrEqual(95);
    // Time passing refills it, up to one second's worth.
    now += 10_000;
    const refilled = performance.now();
    await limiter.take(1000);
    expect(performance.now() - refilled).toBeLessThan(50);
    expect(() => new RateLimiter(0)).toThrow('A rate must be positive, not 0.');
  });
});

describe('Semaphore', () => {
  it('lets at most `size` holders in, the next in arrival order, and drops waiters that abort', async () => {
    const slots = new Semaphore(2);
    const order: string[] = [];
    const first = await slots.acquire();
    const second = await slots.acquire();
    const controller = new AbortController();
    const third = slots.acquire().then((release) => (order.push('third'), release));
    const aborted = slots.acquire(controller.signal).then(
      () => order.push('aborted got in'),
      () => order.push('aborted gave up'),
    );
    const fourth = slots.acquire().then((release) => (order.push('fourth'), release));
    controller.abort(new Error('stop'));
    await aborted;
    first();
    first(); // releasing twice frees one place, not two
    (await third)();
    second();
    (await fourth)();
    expect(order).toEqual(['aborted gave up', 'third', 'fourth']);
    expect(() => new Semaphore(0)).toThrow('A semaphore needs a size ≥ 1, not 0.');
  });
});

describe('formatBytes and formatDuration', () => {
  it('writes sizes and times for people', () => {
    expect([0, 1023, 1024, 8 * 1024 * 1024, 20 * 1024 ** 3 + 1].map(formatBytes)).toEqual([
      '0 B',
      '1023 B',
      '1.00 KiB',
      '8.00 MiB',
      '20.0 GiB',
    ]);
    expect([0.42, 12.4, 185].map(formatDuration)).toEqual(['0.4 s', '12 s', '3 min 05 s']);
  });
});
