import type { z } from 'zod';
import { ContractError, describeZodFailure } from '../contract-error.js';
import type { FieldErrorType } from '../problem.js';
import type { CompatibilityReasonType } from './compatibility.check.js';

/** Stable codes for license failures; callers branch on `code`. */
export const LICENSE_ERROR_CODES = [
  'invalid_terms',
  'invalid_policy',
  'invalid_request',
  'invalid_option',
  'incompatible',
  'not_canonicalizable',
] as const;
export type LicenseErrorCode = (typeof LICENSE_ERROR_CODES)[number];

/** Thrown by the license functions; `issues` carries field paths, `reasons` the compatibility answer. */
export class LicenseError extends ContractError<LicenseErrorCode> {
  override readonly name = 'LicenseError';

  constructor(
    code: LicenseErrorCode,
    message: string,
    issues: FieldErrorType[] = [],
    readonly reasons: CompatibilityReasonType[] = [],
  ) {
    super(code, message, issues);
  }

  /** Wraps a zod failure so the first problem and its path appear in the message. */
  static fromZod(code: LicenseErrorCode, what: string, error: z.ZodError): LicenseError {
    const { message, issues } = describeZodFailure(what, error);
    return new LicenseError(code, message, issues);
  }
}

/** Parses `value` with `schema` or throws a `LicenseError` with `code`. */
export function parseOrThrow<T extends z.ZodType>(
  schema: T,
  value: unknown,
  code: LicenseErrorCode,
  what: string,
): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw LicenseError.fromZod(code, what, result.error);
  return result.data;
}
