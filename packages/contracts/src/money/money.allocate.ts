import { assertMoney } from './money.arithmetic.js';
import { MoneyError } from './money.errors.js';
import type { SignedMoneyType } from './money.schema.js';

/**
 * Largest-remainder split of `total` minor units by `weights`, in BigInt so any safe total and
 * any integer weights stay exact. Each part is the floor of its exact share, then the units
 * left over go one each to the largest remainders (ties: lower index first, so the result is
 * deterministic). Parts always sum to `total` and each differs from its exact share by less
 * than one unit. A negative total is split as its magnitude and negated.
 */
export function allocateMinorUnits(total: bigint, weights: readonly bigint[]): bigint[] {
  if (weights.length === 0) throw new MoneyError('invalid_weights', 'Give at least one weight.');
  let weightSum = 0n;
  for (const weight of weights) {
    if (weight < 0n) throw new MoneyError('invalid_weights', 'Weights cannot be negative.');
    weightSum += weight;
  }
  if (weightSum === 0n)
    throw new MoneyError('invalid_weights', 'At least one weight must be positive.');
  const negative = total < 0n;
  const magnitude = negative ? -total : total;
  const parts = new Array<bigint>(weights.length);
  const remainders = new Array<bigint>(weights.length);
  let allocated = 0n;
  for (let i = 0; i < weights.length; i++) {
    const product = magnitude * weights[i]!;
    parts[i] = product / weightSum;
    remainders[i] = product % weightSum;
    allocated += parts[i]!;
  }
  let leftover = Number(magnitude - allocated); // < weights.length by construction
  if (leftover > 0) {
    const order = weights.map((_, i) => i);
    order.sort((a, b) =>
      remainders[b]! > remainders[a]! ? 1 : remainders[b]! < remainders[a]! ? -1 : a - b,
    );
    for (const index of order) {
      if (leftover === 0) break;
      parts[index] = parts[index]! + 1n;
      leftover--;
    }
  }
  return negative ? parts.map((part) => -part) : parts;
}

/**
 * Splits `total` into parts proportional to `weights` (non-negative safe integers, at least
 * one positive) with largest-remainder rounding: the parts always sum to `total` exactly.
 */
export function allocate(total: SignedMoneyType, weights: readonly number[]): SignedMoneyType[] {
  assertMoney(total, 'total');
  if (!Array.isArray(weights)) throw new MoneyError('invalid_weights', 'Weights must be an array.');
  weights.forEach((weight, index) => {
    if (!Number.isSafeInteger(weight) || weight < 0) {
      throw new MoneyError(
        'invalid_weights',
        `Weight ${index} must be a non-negative safe integer.`,
        [
          {
            path: `weights.${index}`,
            message: 'Use a non-negative whole number.',
            code: 'invalid_type',
          },
        ],
      );
    }
  });
  return allocateMinorUnits(BigInt(total.amountMinor), weights.map(BigInt)).map((part) => ({
    amountMinor: part === 0n ? 0 : Number(part),
    currency: total.currency,
  }));
}
