import type { z } from 'zod';
import { ContractError, describeZodFailure } from '../contract-error.js';

/** Stable codes for pricing failures. */
export const PRICING_ERROR_CODES = [
  'invalid_input',
  'currency_mismatch',
  'amount_too_large',
] as const;
export type PricingErrorCode = (typeof PRICING_ERROR_CODES)[number];

/** Thrown by `quote` instead of returning a partial or inexact quote. */
export class PricingError extends ContractError<PricingErrorCode> {
  override readonly name = 'PricingError';

  /** Wraps a zod failure so the first problem and its path appear in the message. */
  static fromZod(error: z.ZodError): PricingError {
    const { message, issues } = describeZodFailure('quote input', error);
    return new PricingError('invalid_input', message, issues);
  }
}
