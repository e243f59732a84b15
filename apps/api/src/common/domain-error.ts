import {
  type FieldErrorType,
  PROBLEMS,
  type ProblemCode,
  type SessionEndReason,
} from '@clearframe/contracts/problem';

/**
 * The one error type services throw. It carries a stable code from the contracts' problem
 * catalog; the global problem filter maps the code to an HTTP status, so services never know
 * about HTTP. Each domain builds its errors in `<domain>.errors.ts`. Without a message, the
 * catalog's sentence for people (or its title) is the detail.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ProblemCode,
    message?: string,
    readonly extras: {
      errors?: FieldErrorType[];
      retryAfterSeconds?: number;
      reason?: SessionEndReason;
      /** What holds now, for a refusal the client can recover from (e.g. the current quote). */
      current?: unknown;
    } = {},
  ) {
    const entry = PROBLEMS[code];
    super(message ?? ('message' in entry ? entry.message : entry.title));
    this.name = 'DomainError';
  }
}

/** Not found, and also the answer for another organization's ids, so existence never leaks. */
export function notFound(what: string): DomainError {
  return new DomainError('not_found', `${what} was not found.`);
}
