import { DomainError, notFound } from '../common/domain-error.js';

export function objectNotFound(): DomainError {
  return notFound('The file');
}

/** The store failed or refused us; the cause stays on the error for the logs, not the client. */
export function storageUnavailable(cause: unknown): DomainError {
  return Object.assign(
    new DomainError('service_unavailable', 'File storage is not available right now. Try again.'),
    { cause },
  );
}
