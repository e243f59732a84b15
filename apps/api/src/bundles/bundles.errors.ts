import { BUNDLE_CLIPS_MAX } from '@clearframe/contracts/demand';
import { DomainError } from '../common/domain-error.js';

/** The bundles domain's failures; codes, statuses and people's sentences are in contracts. */
export const BundlesErrors = {
  /** Also the answer for another organization's bundle, so existence never leaks. */
  notFound: () => new DomainError('bundle_not_found'),

  clipNotInBundle: () => new DomainError('bundle_clip_not_found'),

  full: (clipCount: number, adding: number) =>
    new DomainError(
      'bundle_full',
      `This bundle has ${clipCount} clips; adding ${adding} more would pass the limit of ${BUNDLE_CLIPS_MAX}. Start another bundle for the rest.`,
    ),

  rateCardVersionTaken: (id: string) =>
    new DomainError(
      'rate_card_version_taken',
      `A rate card with the id ${id} was published before: give the new version its own id.`,
    ),
};
