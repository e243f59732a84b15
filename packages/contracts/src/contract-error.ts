import type { z } from 'zod';
import { fieldErrorsFrom, type FieldErrorType } from './problem.js';

/**
 * The base of every typed error the contracts throw: a stable `code` to branch on and the
 * field-level `issues` (with paths) when the cause was invalid input.
 */
export class ContractError<Code extends string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly issues: FieldErrorType[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Turns a zod failure into a message naming the first bad field, plus every issue with its path. */
export function describeZodFailure(
  what: string,
  error: z.ZodError,
): { message: string; issues: FieldErrorType[] } {
  const issues = fieldErrorsFrom(error);
  const first = issues[0];
  const where = first ? ` at ${first.path || '(root)'}: ${first.message}` : '';
  return { message: `Invalid ${what}${where}`, issues };
}
