import { CURRENCY_EXPONENTS, type CurrencyCodeType } from './currency.data.js';
import { MoneyError } from './money.errors.js';
import type { SignedMoneyType } from './money.schema.js';

// Hand-written checks instead of zod parses: these run once per quote line (10,000 lines in
// the benchmark) and the rules are two lines long. The zod schemas say the same thing for
// API and form validation.

/** Throws unless `value` is a well-formed amount (safe integer minor units + known currency). */
export function assertMoney(value: unknown, path = ''): asserts value is SignedMoneyType {
  const at = (field: string) => (path ? `${path}.${field}` : field);
  if (typeof value !== 'object' || value === null) {
    throw new MoneyError('invalid_money', `Expected money at ${path || '(root)'}.`, [
      { path, message: 'Expected an object with amountMinor and currency.', code: 'invalid_type' },
    ]);
  }
  const keys = Object.keys(value);
  const extra = keys.filter((key) => key !== 'amountMinor' && key !== 'currency');
  if (extra.length > 0) {
    throw new MoneyError('invalid_money', `Unknown field ${at(extra[0]!)}.`, [
      { path: at(extra[0]!), message: `Unknown field: ${extra[0]}.`, code: 'unrecognized_keys' },
    ]);
  }
  const { amountMinor, currency } = value as Record<string, unknown>;
  if (typeof currency !== 'string' || !Object.hasOwn(CURRENCY_EXPONENTS, currency)) {
    throw new MoneyError(
      'invalid_money',
      `Unknown currency ${String(currency)} at ${at('currency')}.`,
      [
        {
          path: at('currency'),
          message: 'Use an active ISO 4217 code such as USD.',
          code: 'invalid_value',
        },
      ],
    );
  }
  if (typeof amountMinor !== 'number' || !Number.isInteger(amountMinor)) {
    throw new MoneyError('invalid_money', `${at('amountMinor')} must be whole minor units.`, [
      { path: at('amountMinor'), message: 'Amounts are whole minor units.', code: 'invalid_type' },
    ]);
  }
  if (!Number.isSafeInteger(amountMinor)) {
    throw new MoneyError(
      'unsafe_integer',
      `${at('amountMinor')} is beyond the safe integer range.`,
      [{ path: at('amountMinor'), message: 'Amount is too large to be exact.', code: 'too_big' }],
    );
  }
}

function checked(amountMinor: number | bigint, currency: CurrencyCodeType): SignedMoneyType {
  const value = typeof amountMinor === 'bigint' ? Number(amountMinor) : amountMinor;
  if (
    !Number.isSafeInteger(value) ||
    (typeof amountMinor === 'bigint' && BigInt(value) !== amountMinor)
  ) {
    throw new MoneyError(
      'unsafe_integer',
      `Result ${String(amountMinor)} ${currency} is beyond the safe integer range.`,
    );
  }
  // -0 would survive JSON as 0 but fail Object.is comparisons in tests and caches.
  return { amountMinor: value === 0 ? 0 : value, currency };
}

function sameCurrency(a: SignedMoneyType, b: SignedMoneyType): CurrencyCodeType {
  if (a.currency !== b.currency) {
    throw new MoneyError('currency_mismatch', `Cannot combine ${a.currency} with ${b.currency}.`);
  }
  return a.currency;
}

/** Builds a validated amount from minor units; throws `MoneyError` on fractions, unsafe integers or unknown currencies. */
export function money(amountMinor: number, currency: string): SignedMoneyType {
  const value = { amountMinor, currency };
  assertMoney(value);
  return value;
}

/** Zero in `currency`. */
export function zero(currency: CurrencyCodeType): SignedMoneyType {
  return money(0, currency);
}

/** `a + b`; refuses mixed currencies and results beyond the safe integer range. */
export function add(a: SignedMoneyType, b: SignedMoneyType): SignedMoneyType {
  assertMoney(a, 'a');
  assertMoney(b, 'b');
  return checked(a.amountMinor + b.amountMinor, sameCurrency(a, b));
}

/** `a - b`; the result may be negative (use `Money` to validate where it must not be). */
export function subtract(a: SignedMoneyType, b: SignedMoneyType): SignedMoneyType {
  assertMoney(a, 'a');
  assertMoney(b, 'b');
  return checked(a.amountMinor - b.amountMinor, sameCurrency(a, b));
}

/** Sum of `items`, all in `currency` (an empty list sums to zero). */
export function sum(
  items: readonly SignedMoneyType[],
  currency: CurrencyCodeType,
): SignedMoneyType {
  let total = zero(currency);
  for (const item of items) total = add(total, item);
  return total;
}

/** `m × factor` for an integer factor (quantities); exact or throws. */
export function multiply(m: SignedMoneyType, factor: number): SignedMoneyType {
  assertMoney(m, 'm');
  if (!Number.isSafeInteger(factor)) {
    throw new MoneyError(
      'invalid_argument',
      'Money can only be multiplied by a safe integer; use scaleByBasisPoints for rates.',
    );
  }
  return checked(BigInt(m.amountMinor) * BigInt(factor), m.currency);
}

/** The rounding rules money helpers accept. `half-up` rounds halves away from zero. */
export type Rounding = 'floor' | 'ceil' | 'half-up';

/** Integer division of `numerator / denominator` (denominator > 0) with the given rounding. */
export function divideRounded(numerator: bigint, denominator: bigint, rounding: Rounding): bigint {
  if (denominator <= 0n) throw new MoneyError('invalid_argument', 'Denominator must be positive.');
  const quotient = numerator / denominator; // truncates toward zero
  const remainder = numerator % denominator;
  if (remainder === 0n) return quotient;
  const negative = numerator < 0n;
  switch (rounding) {
    case 'floor':
      return negative ? quotient - 1n : quotient;
    case 'ceil':
      return negative ? quotient : quotient + 1n;
    case 'half-up': {
      const twice = (negative ? -remainder : remainder) * 2n;
      if (twice >= denominator) return negative ? quotient - 1n : quotient + 1n;
      return quotient;
    }
  }
}

/** `m × bps / 10 000`, rounded once with `rounding` (default half-up). */
export function scaleByBasisPoints(
  m: SignedMoneyType,
  basisPoints: number,
  rounding: Rounding = 'half-up',
): SignedMoneyType {
  assertMoney(m, 'm');
  if (!Number.isSafeInteger(basisPoints)) {
    throw new MoneyError('invalid_argument', 'Basis points must be a safe integer.');
  }
  return checked(
    divideRounded(BigInt(m.amountMinor) * BigInt(basisPoints), 10_000n, rounding),
    m.currency,
  );
}

/** The negation of `m`. */
export function negate(m: SignedMoneyType): SignedMoneyType {
  assertMoney(m, 'm');
  return checked(-m.amountMinor, m.currency);
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b` (same currency only). */
export function compare(a: SignedMoneyType, b: SignedMoneyType): -1 | 0 | 1 {
  assertMoney(a, 'a');
  assertMoney(b, 'b');
  sameCurrency(a, b);
  return a.amountMinor < b.amountMinor ? -1 : a.amountMinor > b.amountMinor ? 1 : 0;
}

/** Whether two amounts are the same amount in the same currency. */
export function equals(a: SignedMoneyType, b: SignedMoneyType): boolean {
  return a.currency === b.currency && a.amountMinor === b.amountMinor;
}

/** The number of decimal places of the currency's minor unit (2 for USD, 0 for JPY, 3 for KWD). */
export function minorUnitExponent(currency: CurrencyCodeType): number {
  if (!Object.hasOwn(CURRENCY_EXPONENTS, currency)) {
    throw new MoneyError('invalid_money', `Unknown currency ${String(currency)}.`);
  }
  return CURRENCY_EXPONENTS[currency];
}

/** The exact decimal amount in major units as a string, e.g. `{1234, USD}` → `"12.34"`, `{-5, KWD}` → `"-0.005"`. */
export function toDecimalString(m: SignedMoneyType): string {
  assertMoney(m, 'm');
  const exponent = minorUnitExponent(m.currency);
  const digits = Math.abs(m.amountMinor)
    .toString()
    .padStart(exponent + 1, '0');
  const sign = m.amountMinor < 0 ? '-' : '';
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}
