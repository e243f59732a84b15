import { DomainError, notFound } from '../common/domain-error.js';

/** The royalties domain's failures, on the catalog's common codes. */
export const RoyaltiesErrors = {
  /** Also the answer for another studio's statement, so existence never leaks. */
  statementNotFound: () => notFound('That statement'),
  periodInvalid: (period: string) =>
    new DomainError('validation_failed', `"${period}" is not a period; write it as YYYY-MM.`, {
      errors: [{ path: 'period', message: 'A month as YYYY-MM, e.g. 2026-10.', code: 'invalid' }],
    }),
  periodOpen: (period: string) =>
    new DomainError(
      'validation_failed',
      `${period} has not ended yet: a month is stated once it is over (UTC).`,
      { errors: [{ path: 'period', message: 'The month has not ended yet.', code: 'too_early' }] },
    ),
};
