import { fieldErrorsFrom } from '@clearframe/contracts/problem';
import type { z } from 'zod';
import { DomainError } from '../common/domain-error.js';

export function invalidPaymentRequest(error: z.ZodError): DomainError {
  return new DomainError('validation_failed', 'The payment request is not valid.', {
    errors: fieldErrorsFrom(error),
  });
}

/** A webhook that is not from the provider, or not any more (replay outside the tolerance). */
export function webhookSignatureInvalid(reason: string): DomainError {
  return new DomainError('malformed_request', `The payment event was refused: ${reason}`);
}

/** Like the providers do: one idempotency key, one request. */
export function idempotencyKeyReused(): DomainError {
  return new DomainError(
    'conflict',
    'This idempotency key was already used for a different payment request.',
  );
}

export function transferNotFound(): DomainError {
  return new DomainError('not_found', 'The transfer was not found.');
}
