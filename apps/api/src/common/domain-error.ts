import type { FieldErrorType, ProblemCode } from '@clearframe/contracts/problem';

/**
 * The one error type services throw. It carries a stable code from the contracts; the global
 * problem filter maps the code to an HTTP status, so services never know about HTTP.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ProblemCode,
    message: string,
    readonly extras: { errors?: FieldErrorType[]; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Not found, and also the answer for another organization's ids, so existence never leaks. */
export function notFound(what: string): DomainError {
  return new DomainError('not_found', `${what} was not found.`);
}
