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
  describePayoutRequirement,
  describePayoutRequirements,
  isValidIban,
  ManualPayoutDetails,
  normalizeAccountNumber,
  PAYOUT_ACCOUNT_STATUSES,
  PayoutAccount,
  PayoutAccountStatus,
  PayoutOnboardingLink,
  PayoutRequirement,
  PayoutRequirements,
  SetManualPayoutDetails,
  type ManualPayoutDetailsType,
  type PayoutAccountStatusType,
  type PayoutAccountType,
  type PayoutOnboardingLinkType,
  type PayoutRequirementType,
  type PayoutRequirementsType,
  type SetManualPayoutDetailsType,
} from './payouts.schema.js';
