import { DomainError, notFound } from '../common/domain-error.js';

/** The payouts domain's failures, on the catalog's common codes. */
export const PayoutsErrors = {
  payoutNotFound: () => notFound('That payout'),
  notRetryable: (state: string) =>
    new DomainError('conflict', `The payout is ${state}: only a failed payout can be retried.`),
  carriedForward: () =>
    new DomainError(
      'conflict',
      'A later statement carries this balance forward: it is paid with that statement.',
    ),
  noDestination: () =>
    new DomainError('conflict', 'The studio has no ready payout account to pay into.'),
  notManual: () =>
    new DomainError('conflict', 'Only a payout to be paid by hand can be marked as paid.'),
};
