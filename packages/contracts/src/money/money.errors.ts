import type { z } from 'zod';
import { ContractError, describeZodFailure } from '../contract-error.js';

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
export class MoneyError extends ContractError<MoneyErrorCode> {
  override readonly name = 'MoneyError';

  /** Wraps a zod failure so the field paths survive. */
  static fromZod(code: MoneyErrorCode, what: string, error: z.ZodError): MoneyError {
    const { message, issues } = describeZodFailure(what, error);
    return new MoneyError(code, message, issues);
  }
}
