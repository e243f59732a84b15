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

/**
 * The provider could not be reached or failed on its side (connection, timeout, 5xx, its rate
 * limit): nothing the caller did wrong; the same request, with the same idempotency key, may be
 * retried later.
 */
export function paymentProviderUnavailable(): DomainError {
  return new DomainError(
    'service_unavailable',
    'The payment provider is unavailable. Try again in a moment.',
    { retryAfterSeconds: 30 },
  );
}

/**
 * The provider refused the request as invalid (a parameter, an account state, the balance).
 * `providerCode` is the provider's documented error code (e.g. `balance_insufficient`), never its
 * message, which may quote what we sent.
 */
export function paymentRequestRefused(providerCode?: string): DomainError {
  const code = providerCode && /^[a-z0-9_]{1,64}$/.test(providerCode) ? providerCode : undefined;
  return new DomainError(
    'validation_failed',
    `The payment provider refused the request${code ? ` (${code})` : ''}.`,
  );
}

/**
 * Our own credentials or permissions at the provider are wrong: an operator must fix the
 * configuration, so the caller sees an internal error and the key is never named.
 */
export function paymentProviderMisconfigured(): DomainError {
  return new DomainError('internal_error', 'Payments are misconfigured on our side.');
}

export function paymentAccountNotFound(): DomainError {
  return new DomainError('not_found', 'The payment account was not found.');
}
