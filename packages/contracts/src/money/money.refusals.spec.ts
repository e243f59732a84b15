import { describe, expect, it } from '@jest/globals';
import { thrown } from '../../test/support/thrown.js';
import { allocate, allocateMinorUnits } from './money.allocate.js';
import {
  add,
  assertMoney,
  compare,
  divideRounded,
  equals,
  minorUnitExponent,
  money,
  multiply,
  negate,
  scaleByBasisPoints,
  subtract,
  toDecimalString,
} from './money.arithmetic.js';
import { MoneyError } from './money.errors.js';
import { formatMoney } from './money.format.js';
import { CurrencyCode } from './money.schema.js';

// Every refusal says exactly what is wrong: the code for programs, the sentence for people.

const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' as const });
const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' as const });
const error = (
  code: string,
  message: string,
  issues: Array<{ path: string; message: string; code: string }> = [],
) => ({ name: 'MoneyError', code, message, issues });

describe('assertMoney', () => {
  it.each<[string, unknown, string, ReturnType<typeof error>]>([
    [
      'a non-object at the root',
      null,
      '',
      error('invalid_money', 'Expected money at (root).', [
        {
          path: '',
          message: 'Expected an object with amountMinor and currency.',
          code: 'invalid_type',
        },
      ]),
    ],
    [
      'a number',
      5,
      'price',
      error('invalid_money', 'Expected money at price.', [
        {
          path: 'price',
          message: 'Expected an object with amountMinor and currency.',
          code: 'invalid_type',
        },
      ]),
    ],
    [
      'an unknown field',
      { amountMinor: 1, currency: 'USD', note: 'x' },
      'b',
      error('invalid_money', 'Unknown field b.note.', [
        { path: 'b.note', message: 'Unknown field: note.', code: 'unrecognized_keys' },
      ]),
    ],
    [
      'an unknown currency',
      { amountMinor: 1, currency: 'XYZ' },
      '',
      error('invalid_money', 'Unknown currency XYZ at currency.', [
        {
          path: 'currency',
          message: 'Use an active ISO 4217 code such as USD.',
          code: 'invalid_value',
        },
      ]),
    ],
    [
      'an inherited property name as currency',
      { amountMinor: 1, currency: 'toString' },
      'm',
      error('invalid_money', 'Unknown currency toString at m.currency.', [
        {
          path: 'm.currency',
          message: 'Use an active ISO 4217 code such as USD.',
          code: 'invalid_value',
        },
      ]),
    ],
    [
      'a non-string currency',
      { amountMinor: 1, currency: 840 },
      '',
      error('invalid_money', 'Unknown currency 840 at currency.', [
        {
          path: 'currency',
          message: 'Use an active ISO 4217 code such as USD.',
          code: 'invalid_value',
        },
      ]),
    ],
    [
      'a string amount',
      { amountMinor: '1', currency: 'USD' },
      'total',
      error('invalid_money', 'total.amountMinor must be whole minor units.', [
        {
          path: 'total.amountMinor',
          message: 'Amounts are whole minor units.',
          code: 'invalid_type',
        },
      ]),
    ],
    [
      'a fractional amount',
      { amountMinor: 1.5, currency: 'USD' },
      '',
      error('invalid_money', 'amountMinor must be whole minor units.', [
        { path: 'amountMinor', message: 'Amounts are whole minor units.', code: 'invalid_type' },
      ]),
    ],
    [
      'an unsafe amount',
      { amountMinor: 2 ** 53, currency: 'USD' },
      '',
      error('unsafe_integer', 'amountMinor is beyond the safe integer range.', [
        { path: 'amountMinor', message: 'Amount is too large to be exact.', code: 'too_big' },
      ]),
    ],
  ])('refuses %s', (_label, value, path, expected) => {
    expect(thrown(() => assertMoney(value, path))).toEqual(expected);
  });

  it('defaults to the root path', () => {
    expect(thrown(() => assertMoney(undefined)).message).toBe('Expected money at (root).');
  });

  it('names the argument that is wrong in every function', () => {
    const bad = { amountMinor: 1, currency: 'XYZ' } as never;
    const at = (path: string) => `Unknown currency XYZ at ${path}.currency.`;
    expect(thrown(() => add(bad, usd(1))).message).toBe(at('a'));
    expect(thrown(() => add(usd(1), bad)).message).toBe(at('b'));
    expect(thrown(() => subtract(bad, usd(1))).message).toBe(at('a'));
    expect(thrown(() => subtract(usd(1), bad)).message).toBe(at('b'));
    expect(thrown(() => multiply(bad, 2)).message).toBe(at('m'));
    expect(thrown(() => scaleByBasisPoints(bad, 2)).message).toBe(at('m'));
    expect(thrown(() => negate(bad)).message).toBe(at('m'));
    expect(thrown(() => compare(bad, usd(1))).message).toBe(at('a'));
    expect(thrown(() => compare(usd(1), bad)).message).toBe(at('b'));
    expect(thrown(() => toDecimalString(bad)).message).toBe(at('m'));
    expect(thrown(() => allocate(bad, [1])).message).toBe(at('total'));
    expect(thrown(() => money(1, 'XYZ')).message).toBe('Unknown currency XYZ at currency.');
  });
});

describe('money arithmetic edges', () => {
  it('refuses mixed currencies and results beyond the safe range, saying which', () => {
    expect(thrown(() => add(usd(1), eur(1)))).toEqual(
      error('currency_mismatch', 'Cannot combine USD with EUR.'),
    );
    expect(thrown(() => multiply(usd(2 ** 40), 2 ** 20))).toEqual(
      error('unsafe_integer', 'Result 1152921504606846976 USD is beyond the safe integer range.'),
    );
    expect(thrown(() => multiply(usd(1), 1.5))).toEqual(
      error(
        'invalid_argument',
        'Money can only be multiplied by a safe integer; use scaleByBasisPoints for rates.',
      ),
    );
    expect(thrown(() => scaleByBasisPoints(usd(1), 0.5))).toEqual(
      error('invalid_argument', 'Basis points must be a safe integer.'),
    );
    expect(thrown(() => minorUnitExponent('XYZ' as never))).toEqual(
      error('invalid_money', 'Unknown currency XYZ.'),
    );
  });

  it('divides with each rounding, for both signs', () => {
    const cases: Array<[bigint, bigint, 'floor' | 'ceil' | 'half-up', bigint]> = [
      [7n, 2n, 'floor', 3n],
      [-7n, 2n, 'floor', -4n],
      [7n, 2n, 'ceil', 4n],
      [-7n, 2n, 'ceil', -3n],
      [1n, 3n, 'half-up', 0n],
      [-1n, 3n, 'half-up', 0n],
      [2n, 3n, 'half-up', 1n],
      [-2n, 3n, 'half-up', -1n],
      [1n, 2n, 'half-up', 1n],
      [-1n, 2n, 'half-up', -1n],
      [6n, 3n, 'ceil', 2n],
      [0n, 3n, 'floor', 0n],
    ];
    for (const [numerator, denominator, rounding, expected] of cases) {
      expect([
        numerator,
        denominator,
        rounding,
        divideRounded(numerator, denominator, rounding),
      ]).toEqual([numerator, denominator, rounding, expected]);
    }
    for (const denominator of [0n, -1n]) {
      expect(thrown(() => divideRounded(1n, denominator, 'floor'))).toEqual(
        error('invalid_argument', 'Denominator must be positive.'),
      );
    }
  });

  it('negates, compares and tests equality', () => {
    expect(negate(usd(5))).toEqual(usd(-5));
    expect(negate(usd(-5))).toEqual(usd(5));
    expect([compare(usd(1), usd(2)), compare(usd(2), usd(1)), compare(usd(2), usd(2))]).toEqual([
      -1, 1, 0,
    ]);
    expect(equals(usd(1), usd(1))).toBe(true);
    expect(equals(usd(1), usd(2))).toBe(false);
    expect(equals(usd(1), eur(1))).toBe(false);
  });

  it('writes zero without a sign and names currencies when asked', () => {
    expect(toDecimalString(usd(0))).toBe('0.00');
    expect(toDecimalString(usd(-1))).toBe('-0.01');
    expect(formatMoney(usd(123), { currencyDisplay: 'name' })).toBe('1.23 US dollars');
    expect(formatMoney(usd(123), { currencyDisplay: 'code' })).toBe('USD\u00a01.23');
  });

  it('wraps a zod failure with its paths', () => {
    const failure = CurrencyCode.safeParse('usd').error!;
    const wrapped = MoneyError.fromZod('invalid_money', 'price', failure);
    expect([wrapped.name, wrapped.code, wrapped.message, wrapped.issues]).toEqual([
      'MoneyError',
      'invalid_money',
      'Invalid price at (root): Enter a currency as a three-letter ISO 4217 code such as USD.',
      [
        {
          path: '',
          message: 'Enter a currency as a three-letter ISO 4217 code such as USD.',
          code: 'invalid_value',
        },
      ],
    ]);
  });

  it.each<[unknown, string]>([
    ['XBT', 'Unknown currency XBT: use an active ISO 4217 code such as USD or EUR.'],
    ['usd', 'Enter a currency as a three-letter ISO 4217 code such as USD.'],
    ['1XBT', 'Enter a currency as a three-letter ISO 4217 code such as USD.'],
    ['XBTC', 'Enter a currency as a three-letter ISO 4217 code such as USD.'],
    [840, 'Enter a currency as a three-letter ISO 4217 code such as USD.'],
  ])('CurrencyCode %j', (input, message) => {
    expect(CurrencyCode.safeParse(input).error!.issues[0]!.message).toBe(message);
  });
});

describe('allocate edges', () => {
  const amounts = (total: number, weights: number[]) =>
    allocate(usd(total), weights).map((part) => part.amountMinor);

  it('gives leftover units to the largest remainders, ties to the earlier part', () => {
    // 5 × 3/7 = 2.14, 5 × 1/7 = 0.71, 5 × 3/7 = 2.14: floors 2, 0, 2 and one unit left,
    // which goes to the largest remainder (the middle part).
    expect(amounts(5, [3, 1, 3])).toEqual([2, 1, 2]);
    expect(amounts(2, [1, 1, 1, 1, 1])).toEqual([1, 1, 0, 0, 0]);
    expect(amounts(3, [1, 2, 1, 2, 1, 2])).toEqual([0, 1, 0, 1, 0, 1]);
    expect(amounts(4, [1, 1, 1, 1, 1, 1])).toEqual([1, 1, 1, 1, 0, 0]);
  });

  it('refuses bad weights, saying which', () => {
    expect(thrown(() => allocate(usd(10), []))).toEqual(
      error('invalid_weights', 'Give at least one weight.'),
    );
    expect(thrown(() => allocate(usd(10), [0, 0]))).toEqual(
      error('invalid_weights', 'At least one weight must be positive.'),
    );
    expect(thrown(() => allocate(usd(10), 'nope' as never))).toEqual(
      error('invalid_weights', 'Weights must be an array.'),
    );
    for (const weight of [-1, 1.5]) {
      expect(thrown(() => allocate(usd(10), [1, weight]))).toEqual(
        error('invalid_weights', 'Weight 1 must be a non-negative safe integer.', [
          { path: 'weights.1', message: 'Use a non-negative whole number.', code: 'invalid_type' },
        ]),
      );
    }
    expect(thrown(() => allocateMinorUnits(10n, [1n, -1n]))).toEqual(
      error('invalid_weights', 'Weights cannot be negative.'),
    );
  });
});
