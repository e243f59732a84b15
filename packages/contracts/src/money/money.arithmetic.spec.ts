import { describe, expect, it } from '@jest/globals';
import {
  add,
  compare,
  formatMoney,
  money,
  multiply,
  negate,
  scaleByBasisPoints,
  subtract,
  sum,
  toDecimalString,
  zero,
} from './index.js';
import { MoneyError } from './money.errors.js';

const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' as const });

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof MoneyError ? error.code : `not a MoneyError: ${String(error)}`;
  }
  return undefined;
}

describe('money arithmetic', () => {
  it('adds, subtracts, sums and compares in one currency', () => {
    expect(add(usd(150), usd(275))).toEqual(usd(425));
    expect(subtract(usd(150), usd(275))).toEqual(usd(-125));
    expect(sum([usd(1), usd(2), usd(3)], 'USD')).toEqual(usd(6));
    expect(sum([], 'EUR')).toEqual({ amountMinor: 0, currency: 'EUR' });
    expect(compare(usd(1), usd(2))).toBe(-1);
    expect(negate(usd(0))).toEqual(usd(0));
    expect(Object.is(negate(usd(0)).amountMinor, -0)).toBe(false);
    expect(zero('JPY')).toEqual({ amountMinor: 0, currency: 'JPY' });
  });

  it('refuses to mix currencies', () => {
    expect(codeOf(() => add(usd(1), { amountMinor: 1, currency: 'EUR' }))).toBe(
      'currency_mismatch',
    );
    expect(codeOf(() => compare(usd(1), { amountMinor: 1, currency: 'EUR' }))).toBe(
      'currency_mismatch',
    );
  });

  it('refuses results and inputs beyond the safe integer range', () => {
    expect(codeOf(() => add(usd(Number.MAX_SAFE_INTEGER), usd(1)))).toBe('unsafe_integer');
    expect(codeOf(() => multiply(usd(2 ** 40), 2 ** 20))).toBe('unsafe_integer');
    expect(codeOf(() => money(2 ** 53, 'USD'))).toBe('unsafe_integer');
  });

  it('refuses fractional minor units, unknown currencies and unknown fields, naming the field', () => {
    expect(codeOf(() => money(1.5, 'USD'))).toBe('invalid_money');
    expect(codeOf(() => money(1, 'XYZ'))).toBe('invalid_money');
    expect(codeOf(() => money(1, 'usd'))).toBe('invalid_money');
    const error = (() => {
      try {
        add(usd(1), { amountMinor: 1, currency: 'USD', note: 'x' } as never);
      } catch (caught) {
        return caught as MoneyError;
      }
    })();
    expect(error?.issues[0]?.path).toBe('b.note');
  });

  it('scales by basis points with one explicit rounding', () => {
    expect(scaleByBasisPoints(usd(1000), 2_000)).toEqual(usd(200));
    expect(scaleByBasisPoints(usd(5), 5_000)).toEqual(usd(3)); // 2.5 → 3 (half up)
    expect(scaleByBasisPoints(usd(5), 5_000, 'floor')).toEqual(usd(2));
    expect(scaleByBasisPoints(usd(-5), 5_000)).toEqual(usd(-3)); // halves away from zero
    expect(scaleByBasisPoints(usd(1), 1, 'ceil')).toEqual(usd(1));
  });

  it('renders exact decimals and formats with the ISO number of minor digits', () => {
    expect(toDecimalString(usd(123456))).toBe('1234.56');
    expect(toDecimalString(usd(-5))).toBe('-0.05');
    expect(toDecimalString({ amountMinor: 5, currency: 'KWD' })).toBe('0.005');
    expect(toDecimalString({ amountMinor: 1200, currency: 'JPY' })).toBe('1200');
    expect(formatMoney(usd(123456))).toBe('$1,234.56');
    expect(formatMoney({ amountMinor: 1200, currency: 'JPY' })).toBe('¥1,200');
    expect(
      formatMoney({ amountMinor: 1500, currency: 'HUF' }, { currencyDisplay: 'code' }),
    ).toMatch(/HUF\s15\.00/);
    expect(formatMoney({ amountMinor: 123456, currency: 'EUR' }, { locale: 'de-DE' })).toBe(
      '1.234,56\u00a0€',
    ); // CLDR puts a no-break space before the sign
    // Beyond 2^53 / 100 a float would round; the decimal string does not.
    expect(formatMoney(usd(Number.MAX_SAFE_INTEGER))).toBe('$90,071,992,547,409.91');
  });
});
