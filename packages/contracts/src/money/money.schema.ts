import { z } from 'zod';
import { CURRENCY_CODES } from './currency.data.js';

/** An ISO 4217 currency code (upper case, active, not a fund or metal code). */
export const CurrencyCode = z.enum(CURRENCY_CODES, {
  error: (issue) =>
    typeof issue.input === 'string' && /^[A-Z]{3}$/.test(issue.input)
      ? `Unknown currency ${issue.input}: use an active ISO 4217 code such as USD or EUR.`
      : 'Enter a currency as a three-letter ISO 4217 code such as USD.',
});

/** A whole number of minor units that stays exact in a JavaScript number. */
export const MinorUnits = z
  .number({ error: 'Enter an amount in minor units (an integer).' })
  .int({ error: 'Amounts are whole minor units (e.g. cents); fractions are not allowed.' });

/**
 * A non-negative amount of money: integer minor units (cents for USD, yen for JPY, fils for
 * KWD) and the ISO 4217 currency. Prices, quotes and payouts use this.
 */
export const Money = z.strictObject({
  amountMinor: MinorUnits.min(0, { error: 'Amounts cannot be negative.' }),
  currency: CurrencyCode,
});
export type MoneyType = z.infer<typeof Money>;

/** Like `Money` but may be negative: adjustments, refunds and balances. */
export const SignedMoney = z.strictObject({
  amountMinor: MinorUnits,
  currency: CurrencyCode,
});
export type SignedMoneyType = z.infer<typeof SignedMoney>;
