import type { FieldErrorType } from '@clearframe/contracts/problem';
import type { ClipStateType } from '@clearframe/contracts/supply';
import { DomainError } from '../common/domain-error.js';

const STATE_WORDS: Record<ClipStateType, string> = {
  uploading: 'still uploading',
  processing: 'being verified',
  draft: 'a draft',
  in_review: 'in review',
  listed: 'listed',
  failed: 'failed verification',
  rejected: 'rejected',
  delisted: 'delisted',
};

const ASPECT_WORDS = {
  description: 'its description',
  policy: 'its policy',
  people: 'who appears in it',
  ownership: 'its ownership attestation',
} as const;

/** The clips domain's failures; codes, statuses and people's sentences are in contracts. */
export const ClipsErrors = {
  /** Also the answer for another organization's clip, so existence never leaks. */
  notFound: () => new DomainError('clip_not_found'),

  notEditable: (state: ClipStateType, aspect: keyof typeof ASPECT_WORDS) =>
    new DomainError(
      'clip_not_editable',
      state === 'listed'
        ? `This clip is listed: delist it before changing ${ASPECT_WORDS[aspect]}.`
        : `This clip is ${STATE_WORDS[state]}: ${ASPECT_WORDS[aspect]} cannot be changed now.`,
    ),

  notSubmittable: (state: ClipStateType) =>
    new DomainError(
      'clip_not_submittable',
      `This clip is ${STATE_WORDS[state]}; only draft, rejected or delisted clips can be submitted.`,
    ),

  /** Every missing item in `errors`, the first in the sentence. */
  incomplete: (missing: FieldErrorType[]) =>
    new DomainError(
      'clip_incomplete',
      `The clip is not ready for review: ${missing.map((item) => item.message).join(' ')}`,
      { errors: missing },
    ),

  notInReview: (state: ClipStateType) =>
    new DomainError('clip_not_in_review', `This clip is ${STATE_WORDS[state]}, not in review.`),

  notListed: (state: ClipStateType) =>
    new DomainError('clip_not_listed', `This clip is ${STATE_WORDS[state]}, not listed.`),

  policyCurrency: (given: string, supported: string) =>
    new DomainError(
      'policy_currency_unsupported',
      `Rates are in ${supported}, the currency of the public rate card; ${given} is not supported yet.`,
      {
        errors: [
          {
            path: 'ratePerMinute.currency',
            message: `Use ${supported}.`,
            code: 'currency_unsupported',
          },
        ],
      },
    ),

  tooManyTags: (max: number) =>
    new DomainError('validation_failed', `A clip has at most ${max} tags.`, {
      errors: [{ path: 'addTags', message: `A clip has at most ${max} tags.`, code: 'too_big' }],
    }),

  personNotFound: () => new DomainError('person_not_found'),

  personListedTwice: (index: number) =>
    new DomainError('validation_failed', 'The same person is listed twice.', {
      errors: [
        { path: `people.${index}`, message: 'List each person once.', code: 'person_repeated' },
      ],
    }),

  releaseNotFound: () => new DomainError('release_not_found'),
  releaseNotConfirmed: () => new DomainError('release_not_confirmed'),
  releaseDocumentMissing: () => new DomainError('release_document_missing'),
  releaseDocumentUnrecognised: () => new DomainError('release_document_unrecognised'),
  releaseDocumentTooLarge: (maxBytes: number) =>
    new DomainError(
      'release_document_too_large',
      `The release document is larger than ${maxBytes / 1024 / 1024} MiB; it was removed. Upload a smaller scan.`,
    ),

  signedInFuture: () =>
    new DomainError('validation_failed', 'A release cannot be signed in the future.', {
      errors: [
        {
          path: 'signedOn',
          message: 'Enter the date it was signed, not a later one.',
          code: 'too_big',
        },
      ],
    }),
};
