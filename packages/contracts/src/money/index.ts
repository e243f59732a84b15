// @clearframe/contracts/money — integer minor units with an ISO 4217 currency on every amount.
export { CURRENCY_CODES, CURRENCY_EXPONENTS, type CurrencyCodeType } from './currency.data.js';
export {
  CurrencyCode,
  MinorUnits,
  Money,
  SignedMoney,
  type MoneyType,
  type SignedMoneyType,
} from './money.schema.js';
export { MONEY_ERROR_CODES, MoneyError, type MoneyErrorCode } from './money.errors.js';
export {
  add,
  assertMoney,
  compare,
  equals,
  minorUnitExponent,
  money,
  multiply,
  negate,
  scaleByBasisPoints,
  subtract,
  sum,
  toDecimalString,
  zero,
  type Rounding,
} from './money.arithmetic.js';
export { allocate } from './money.allocate.js';
export { formatMoney, type FormatMoneyOptions } from './money.format.js';
export {
  ClipLicensee,
  EARNINGS_MAX_MONTHS,
  Earnings,
  EarningsByClip,
  EarningsByLab,
  EarningsMonth,
  EarningsMonthRow,
  EarningsQuery,
  EarningsSeries,
  monthsBetween,
  type ClipLicenseeType,
  type EarningsByClipType,
  type EarningsByLabType,
  type EarningsMonthRowType,
  type EarningsMonthType,
  type EarningsQueryType,
  type EarningsSeriesType,
  type EarningsType,
} from './earnings.schema.js';
