import type { z } from 'zod';
import { fieldErrorsFrom, type FieldErrorType } from '../problem.js';

/** Stable codes for money failures; callers branch on `code`, never on the message. */
export const MONEY_ERROR_CODES = [
  'invalid_money',
  'currency_mismatch',
  'unsafe_integer',
  'invalid_weights',
  'invalid_argument',
] as const;
export type MoneyErrorCode = (typeof MONEY_ERROR_CODES)[number];

/** Thrown by every money function instead of returning a wrong or partial amount. */
export class MoneyError extends Error {
  override readonly name = 'MoneyError';
  constructor(
    readonly code: MoneyErrorCode,
    message: string,
    readonly issues: FieldErrorType[] = [],
  ) {
    super(message);
  }

  /** Wraps a zod failure so the field paths survive. */
  static fromZod(code: MoneyErrorCode, what: string, error: z.ZodError): MoneyError {
    const issues = fieldErrorsFrom(error);
    const first = issues[0];
    const where = first ? ` at ${first.path || '(root)'}: ${first.message}` : '';
    return new MoneyError(code, `Invalid ${what}${where}`, issues);
  }
}
