import { minorUnitExponent, toDecimalString } from './money.arithmetic.js';
import type { SignedMoneyType } from './money.schema.js';

/** Options for `formatMoney`. */
export interface FormatMoneyOptions {
  /** BCP 47 locale; defaults to `en-US` so server and browser render the same string. */
  locale?: string;
  /** How the currency is shown; defaults to `symbol`. */
  currencyDisplay?: 'symbol' | 'narrowSymbol' | 'code' | 'name';
}

/**
 * Formats an amount for people, e.g. `{ amountMinor: 123456, currency: 'USD' }` → `$1,234.56`.
 * Always shows the ISO number of minor digits, and formats the exact decimal string, so large
 * amounts are never rounded through a float.
 */
export function formatMoney(m: SignedMoneyType, options: FormatMoneyOptions = {}): string {
  const decimal = toDecimalString(m);
  const digits = minorUnitExponent(m.currency);
  return new Intl.NumberFormat(options.locale ?? 'en-US', {
    style: 'currency',
    currency: m.currency,
    currencyDisplay: options.currencyDisplay ?? 'symbol',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(decimal as Intl.StringNumericLiteral);
}
