import { DomainError } from '../common/domain-error.js';

/** The file is not a video we can read; `reason` says what was wrong, for the person uploading. */
export function mediaNotDecodable(reason: string): DomainError {
  return new DomainError('validation_failed', 'The file is not a video that can be read.', {
    errors: [{ path: 'file', code: 'media_not_decodable', message: reason }],
  });
}

/** The probe itself could not run (binary missing, killed); the cause stays for the logs. */
export function mediaProbeUnavailable(cause: unknown): DomainError {
  return Object.assign(
    new DomainError('service_unavailable', 'Video processing is not available right now.'),
    { cause },
  );
}
