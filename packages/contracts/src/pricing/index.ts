// @clearframe/contracts/pricing — the one quote function shared by the web app and the API.
export {
  EXAMPLE_RATE_CARD,
  MultiplierBps,
  RESOLUTION_TIERS,
  RateCard,
  ResolutionTier,
  TermBand,
  VolumeTier,
  resolutionTierFor,
  volumeTierAt,
  type RateCardType,
  type ResolutionTierType,
  type VolumeTierType,
} from './rate-card.schema.js';
export {
  ExcludedLine,
  LineMultipliers,
  Quote,
  QuoteInput,
  QuoteLine,
  QuotedLine,
  quote,
  type ExcludedLineType,
  type QuoteInputType,
  type QuoteLineType,
  type QuoteType,
  type QuotedLineType,
} from './quote.calculator.js';
export { PRICING_ERROR_CODES, PricingError, type PricingErrorCode } from './pricing.errors.js';
export { PUBLIC_RATE_CARD } from './public-rate-card.js';
