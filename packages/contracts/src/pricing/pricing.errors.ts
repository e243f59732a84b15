import type { z } from 'zod';
import { fieldErrorsFrom, type FieldErrorType } from '../problem.js';

/** Stable codes for pricing failures. */
export const PRICING_ERROR_CODES = ['invalid_input', 'currency_mismatch', 'amount_too_large'] as const;
export type PricingErrorCode = (typeof PRICING_ERROR_CODES)[number];

/** Thrown by `quote` instead of returning a partial or inexact quote. */
export class PricingError extends Error {
  override readonly name = 'PricingError';
  constructor(
    readonly code: PricingErrorCode,
    message: string,
    readonly issues: FieldErrorType[] = [],
  ) {
    super(message);
  }

  /** Wraps a zod failure so the first problem and its path appear in the message. */
  static fromZod(error: z.ZodError): PricingError {
    const issues = fieldErrorsFrom(error);
    const first = issues[0];
    const where = first ? ` at ${first.path || '(root)'}: ${first.message}` : '';
    return new PricingError('invalid_input', `Invalid quote input${where}`, issues);
  }
}
