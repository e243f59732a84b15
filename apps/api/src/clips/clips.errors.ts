import { DomainError } from '../common/domain-error.js';

/** The clips domain's failures; codes, statuses and people's sentences are in contracts. */
export const ClipsErrors = {
  /** Also the answer for another organization's clip, so existence never leaks. */
  notFound: () => new DomainError('clip_not_found'),
};
