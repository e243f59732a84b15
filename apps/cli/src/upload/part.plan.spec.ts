import { describe, expect, it } from '@jest/globals';
import { MAX_PART_COUNT, partCountFor, partSizeFor } from '@clearframe/contracts/supply';
import fc from 'fast-check';
import { partsToSend, planParts, progressOf, signingBatches } from './part.plan.js';

const MiB = 1024 * 1024;

describe('planParts', () => {
  it('cuts a file into equal parts and a shorter last one', () => {
    expect(planParts(20 * MiB + 1, 8 * MiB, 3)).toEqual([
      { partNumber: 1, start: 0, end: 8_388_608 },
      { partNumber: 2, start: 8_388_608, end: 16_777_216 },
      { partNumber: 3, start: 16_777_216, end: 20_971_521 },
    ]);
  });

  it('makes an exact multiple into full parts only, a small file into one, an empty file into one empty part', () => {
    expect(planParts(16 * MiB, 8 * MiB, 2).map((p) => p.end - p.start)).toEqual([8 * MiB, 8 * MiB]);
    expect(planParts(1, 8 * MiB, 1)).toEqual([{ partNumber: 1, start: 0, end: 1 }]);
    expect(planParts(0, 8 * MiB, 1)).toEqual([{ partNumber: 1, start: 0, end: 0 }]);
  });

  it('refuses an answer whose part count does not fit the size', () => {
    expect(() => planParts(20 * MiB, 8 * MiB, 2)).toThrow(
      'The API cut 20971520 bytes into 2 parts of 8388608 bytes; that takes 3.',
    );
    expect(() => planParts(-1, 8 * MiB, 1)).toThrow(
      'A file size must be a whole number of bytes, not -1.',
    );
    expect(() => planParts(10, 0, 1)).toThrow(
      'A part size must be a positive whole number of bytes, not 0.',
    );
  });

  it('covers every byte once, in order, under the contracts part-size rule', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 * 1024 * 1024 * 1024 }), (size) => {
        const partSize = partSizeFor(size);
        const plan = planParts(size, partSize, partCountFor(size));
        // Plain comparisons per part (thousands of them), one assertion per run.
        const wrong = plan.filter(
          (part, i) =>
            part.partNumber !== i + 1 ||
            part.start !== (i === 0 ? 0 : plan[i - 1]!.end) ||
            (i < plan.length - 1 ? part.end - part.start !== partSize : part.end !== size) ||
            (size > 0 && part.end <= part.start),
        );
        expect({ size, count: plan.length <= MAX_PART_COUNT, wrong }).toEqual({
          size,
          count: true,
          wrong: [],
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('partsToSend', () => {
  const plan = planParts(20 * MiB + 1, 8 * MiB, 3);

  it('keeps the parts storage holds at their planned size and sends the rest', () => {
    const { missing, kept } = partsToSend(plan, [
      { partNumber: 3, sizeBytes: 4 * MiB + 1, etag: '"c"' },
      { partNumber: 1, sizeBytes: 8 * MiB, etag: '"a"' },
    ]);
    expect(missing.map((p) => p.partNumber)).toEqual([2]);
    expect([...kept]).toEqual([
      [1, '"a"'],
      [3, '"c"'],
    ]);
  });

  it('sends again a part held at another size, and ignores parts outside the plan', () => {
    const { missing, kept } = partsToSend(plan, [
      { partNumber: 1, sizeBytes: 5 * MiB, etag: '"short"' },
      { partNumber: 2, sizeBytes: 8 * MiB, etag: '"b"' },
      { partNumber: 4, sizeBytes: 8 * MiB, etag: '"extra"' },
    ]);
    expect(missing.map((p) => p.partNumber)).toEqual([1, 3]);
    expect([...kept.keys()]).toEqual([2]);
  });

  it('sends everything when storage holds nothing', () => {
    expect(partsToSend(plan, []).missing).toEqual(plan);
  });
});

describe('signingBatches and progressOf', () => {
  it('splits part numbers into batches of at most the limit, in order', () => {
    const numbers = Array.from({ length: 250 }, (_, i) => i + 1);
    const batches = signingBatches(numbers, 100);
    expect(batches.map((b) => b.length)).toEqual([100, 100, 50]);
    expect(batches.flat()).toEqual(numbers);
    expect(signingBatches([], 100)).toEqual([]);
    expect(() => signingBatches([1], 0)).toThrow('A batch holds at least one part, not 0.');
  });

  it('adds up the bytes of the parts done', () => {
    const plan = planParts(20 * MiB + 1, 8 * MiB, 3);
    expect(progressOf(plan, new Set([1, 3]))).toEqual({ parts: 2, bytes: 8 * MiB + 4 * MiB + 1 });
    expect(progressOf(plan, new Map())).toEqual({ parts: 0, bytes: 0 });
  });
});
