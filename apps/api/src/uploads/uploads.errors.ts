import { DomainError, notFound } from '../common/domain-error.js';

/** The uploads domain's failures; codes, statuses and people's sentences are in contracts. */
export const UploadsErrors = {
  /** Also the answer for another organization's upload, so existence never leaks. */
  notFound: () => notFound('The upload'),

  tooLarge: (maxBytes: number) =>
    new DomainError(
      'upload_too_large',
      `This file is larger than the ${formatBytes(maxBytes)} Clearframe accepts. Split it or export a shorter clip.`,
    ),

  unsupportedContainer: () => new DomainError('unsupported_container'),

  partsMismatch: (detail: string) =>
    new DomainError(
      'upload_parts_mismatch',
      `${detail} Resume the upload to send the missing parts, then complete it again.`,
    ),

  partOutOfRange: (partCount: number) =>
    new DomainError('validation_failed', `This upload has parts 1 to ${partCount}.`, {
      errors: [
        {
          path: 'partNumbers',
          message: `Ask for parts between 1 and ${partCount}.`,
          code: 'part_out_of_range',
        },
      ],
    }),

  notOpen: () => new DomainError('upload_not_open'),

  expired: () => new DomainError('upload_expired'),

  alreadyCompleted: () => new DomainError('upload_already_completed'),

  idempotencyKeyReused: () => new DomainError('idempotency_key_reused'),

  invalidIdempotencyKey: () =>
    new DomainError('validation_failed', 'The Idempotency-Key header is not valid.', {
      errors: [
        {
          path: 'Idempotency-Key',
          message: 'Use 1–255 visible ASCII characters.',
          code: 'invalid_idempotency_key',
        },
      ],
    }),
};

function formatBytes(bytes: number): string {
  const gib = bytes / 1024 ** 3;
  if (gib >= 1) return `${Number.isInteger(gib) ? gib : gib.toFixed(1)} GiB`;
  const mib = bytes / 1024 ** 2;
  if (mib >= 1) return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
  return `${bytes} bytes`;
}
