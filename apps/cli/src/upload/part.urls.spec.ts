import { describe, expect, it } from '@jest/globals';
import type { SignedPartType } from '../api/api.responses.js';
import { PartUrls } from './part.urls.js';

/** A signer that records each call and signs for `ttlMs` from the fake clock's now. */
function signer(clock: { now: number }, ttlMs: number) {
  const calls: number[][] = [];
  let serial = 0;
  const sign = async (numbers: number[]): Promise<SignedPartType[]> => {
    calls.push(numbers);
    serial += 1;
    return numbers.map((partNumber) => ({
      partNumber,
      url: `http://storage.test/part/${partNumber}?sig=${serial}`,
      headers: {},
      expiresAt: new Date(clock.now + ttlMs).toISOString(),
    }));
  };
  return { sign, calls };
}

describe('PartUrls', () => {
  it('signs the asked part and the next ones in line in one call, then serves them from the batch', async () => {
    const clock = { now: Date.parse('2026-12-01T12:00:00Z') };
    const { sign, calls } = signer(clock, 900_000);
    const urls = new PartUrls({
      sign,
      order: [2, 3, 5, 7, 8],
      batchSize: 3,
      now: () => new Date(clock.now),
    });
    expect((await urls.get(2)).url).toBe('http://storage.test/part/2?sig=1');
    expect((await urls.get(5)).url).toBe('http://storage.test/part/5?sig=1');
    expect((await urls.get(7)).url).toBe('http://storage.test/part/7?sig=2');
    expect(calls).toEqual([
      [2, 3, 5],
      [7, 8],
    ]);
  });

  it('asks once when several parts of one batch are wanted at the same time', async () => {
    const clock = { now: 0 };
    const { sign, calls } = signer(clock, 900_000);
    const urls = new PartUrls({
      sign,
      order: [1, 2, 3, 4],
      batchSize: 100,
      now: () => new Date(clock.now),
    });
    const got = await Promise.all([1, 2, 3, 4].map((n) => urls.get(n)));
    expect(got.map((p) => p.partNumber)).toEqual([1, 2, 3, 4]);
    expect(calls).toEqual([[1, 2, 3, 4]]);
  });

  it('signs again a URL with less than a minute left, and one that was forgotten', async () => {
    const clock = { now: 0 };
    const { sign, calls } = signer(clock, 900_000);
    const urls = new PartUrls({
      sign,
      order: [1, 2],
      batchSize: 1,
      now: () => new Date(clock.now),
    });
    await urls.get(1);
    clock.now += 839_000; // 61 s left: still used
    expect((await urls.get(1)).url).toBe('http://storage.test/part/1?sig=1');
    clock.now += 2_000; // 59 s left: signed again
    expect((await urls.get(1)).url).toBe('http://storage.test/part/1?sig=2');
    urls.forget(1);
    expect((await urls.get(1)).url).toBe('http://storage.test/part/1?sig=3');
    expect(calls).toEqual([[1], [1], [1]]);
  });

  it('keeps a quarter of a short lifetime as its margin', async () => {
    const clock = { now: 0 };
    const { sign, calls } = signer(clock, 20_000);
    const urls = new PartUrls({ sign, order: [1], batchSize: 10, now: () => new Date(clock.now) });
    await urls.get(1);
    clock.now += 14_000; // 6 s of 20 left (more than 5): used
    await urls.get(1);
    clock.now += 2_000; // 4 s left: signed again
    await urls.get(1);
    expect(calls).toEqual([[1], [1]]);
  });

  it('says so when the API leaves a part out of its answer', async () => {
    const urls = new PartUrls({
      sign: async () => [],
      order: [1],
      batchSize: 10,
      now: () => new Date(0),
    });
    await expect(urls.get(1)).rejects.toThrow('The API did not sign part 1.');
  });
});
