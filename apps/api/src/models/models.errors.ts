import type { FieldErrorType } from '@clearframe/contracts/problem';
import { DomainError } from '../common/domain-error.js';

/** The models domain's failures; codes, statuses and sentences are in contracts. */
export const ModelsErrors = {
  /** Also the answer for another lab's model. */
  notFound: () => new DomainError('model_not_found'),
  versionTaken: () => new DomainError('model_version_taken'),
  /** Names each grant that cannot be cited and why; the first one leads the detail. */
  declarationRefused: (errors: FieldErrorType[]) =>
    new DomainError(
      'declaration_refused',
      errors.length === 1
        ? `${errors[0]!.message} Nothing was recorded.`
        : `${errors.length} problems: ${errors.map((error) => error.message).join(' ')} Nothing was recorded.`,
      { errors },
    ),
  nothingDeclared: () => new DomainError('nothing_declared'),
  /** Also the answer for a disclosure of a model that is not public. */
  disclosureNotFound: () => new DomainError('disclosure_not_found'),
  clipNotFound: () => new DomainError('clip_not_found'),
  /** Also the answer for a studio that did not opt in, and for any organization not a studio. */
  creatorWorkNotFound: () => new DomainError('creator_work_not_found'),
  /** Only a creator studio has licensed work to show (the route's guard says so first). */
  publicWorkNotForKind: (kind: string) =>
    new DomainError(
      'forbidden',
      `This is a ${kind} organization: only a creator studio can publish a page of its licensed work.`,
    ),
};
