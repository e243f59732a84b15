import { DomainError } from '../common/domain-error.js';

/** The file is not a video we can read; `reason` says what was wrong, for the person uploading. */
export function mediaNotDecodable(reason: string): DomainError {
  return new DomainError('validation_failed', 'The file is not a video that can be read.', {
    errors: [{ path: 'file', code: 'media_not_decodable', message: reason }],
  });
}

export type MediaTool = 'ffmpeg' | 'ffprobe';

/**
 * Why a media tool did not give an answer: the binary could not be started (`missing`), it ran
 * past its time limit and was killed (`timeout`), it printed more than we accept
 * (`output_too_large`), it was killed by a signal it did not get from us (`crashed`), it exited
 * with an error (`failed`), or the stream it was reading failed (`input_failed`: storage went
 * away, for example — worth a retry, and no verdict on the file), or the file cannot be judged
 * from a stream (`unseekable`: an MP4 whose index sits at its end must be read from a path).
 */
export type MediaToolFailure =
  'missing' | 'timeout' | 'output_too_large' | 'crashed' | 'failed' | 'input_failed' | 'unseekable';

const SENTENCES: Record<MediaToolFailure, (tool: MediaTool, limitMs: number) => string> = {
  missing: () => 'Video processing is not available right now.',
  timeout: (tool, limitMs) =>
    `Video processing (${tool}) took longer than ${duration(limitMs)} and was stopped.`,
  output_too_large: (tool) => `Video processing (${tool}) produced more output than expected.`,
  crashed: (tool) => `Video processing (${tool}) stopped unexpectedly.`,
  failed: (tool) => `Video processing (${tool}) could not complete.`,
  input_failed: () => 'The file could not be read from storage.',
  unseekable: () => 'The file can only be checked from a local copy.',
};

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`;
}

/**
 * A media tool (ffmpeg, ffprobe) run that gave no usable answer. `diagnostics` is the tail of
 * what the tool printed on stderr, stripped of control characters and bounded in size: it is
 * derived from untrusted input, so it is kept for a deliberate look, never logged as is.
 */
export class MediaToolError extends DomainError {
  constructor(
    readonly tool: MediaTool,
    readonly failure: MediaToolFailure,
    readonly diagnostics: string,
    options: { limitMs?: number; cause?: unknown } = {},
  ) {
    super('service_unavailable', SENTENCES[failure](tool, options.limitMs ?? 0));
    this.name = 'MediaToolError';
    if (options.cause !== undefined) this.cause = options.cause;
  }
}

/** The probe itself could not run (binary missing, killed); the cause stays for the logs. */
export function mediaProbeUnavailable(cause: unknown): DomainError {
  return cause instanceof MediaToolError
    ? cause
    : new MediaToolError('ffprobe', 'failed', '', { cause });
}
