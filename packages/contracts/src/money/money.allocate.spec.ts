import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { allocate } from './money.allocate.js';
import { MoneyError } from './money.errors.js';

describe('allocate', () => {
  it('splits by largest remainder, ties to the earlier part', () => {
    const parts = allocate({ amountMinor: 100, currency: 'USD' }, [1, 1, 1]);
    expect(parts.map((part) => part.amountMinor)).toEqual([34, 33, 33]);
    expect(
      allocate({ amountMinor: 5, currency: 'USD' }, [3, 7]).map((part) => part.amountMinor),
    ).toEqual([2, 3]); // 1.5 and 3.5: equal remainders, the first part gets the unit
    expect(
      allocate({ amountMinor: -100, currency: 'USD' }, [1, 1, 1]).map((part) => part.amountMinor),
    ).toEqual([-34, -33, -33]);
    expect(
      allocate({ amountMinor: 7, currency: 'USD' }, [0, 1]).map((part) => part.amountMinor),
    ).toEqual([0, 7]);
  });

  it('refuses weights that cannot split anything', () => {
    const code = (weights: number[]) => {
      try {
        allocate({ amountMinor: 10, currency: 'USD' }, weights);
      } catch (error) {
        return (error as MoneyError).code;
      }
    };
    expect(code([])).toBe('invalid_weights');
    expect(code([0, 0])).toBe('invalid_weights');
    expect(code([1, -1])).toBe('invalid_weights');
    expect(code([1.5])).toBe('invalid_weights');
  });

  it('always sums to the total, and no part is a unit or more from its exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
        fc
          .array(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), {
            minLength: 1,
            maxLength: 40,
          })
          .filter((weights) => weights.some((w) => w > 0)),
        (total, weights) => {
          const parts = allocate({ amountMinor: total, currency: 'EUR' }, weights);
          const totalBig = BigInt(total);
          const weightSum = weights.reduce((acc, w) => acc + BigInt(w), 0n);
          expect(parts.reduce((acc, part) => acc + BigInt(part.amountMinor), 0n)).toBe(totalBig);
          parts.forEach((part, index) => {
            expect(part.currency).toBe('EUR');
            // |part − total·w/W| < 1  ⇔  |part·W − total·w| < W
            const difference =
              BigInt(part.amountMinor) * weightSum - totalBig * BigInt(weights[index]!);
            expect(difference < weightSum && -difference < weightSum).toBe(true);
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});
