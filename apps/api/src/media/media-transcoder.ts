import type { VideoFingerprint } from './fingerprint.js';

/** Each operation has a time limit; past it the tool is killed and a MediaToolError(`timeout`). */
export interface TranscodeLimits {
  timeoutMs?: number;
}

export interface ThumbnailOptions extends TranscodeLimits {
  /**
   * The clip's duration from the probe: the thumbnail is taken 1 s in, or in the middle of a clip
   * shorter than 2 s. Unknown: 1 s in, else the first frame.
   */
  durationMs?: number;
}

export interface PreviewOptions extends TranscodeLimits {
  /** Named in the watermark, so a preview that leaks says which clip it came from. */
  clipId: string;
  /** The preview's length: the first `maxSeconds` of the clip (default and at most 10). */
  maxSeconds?: number;
}

/**
 * Makes what the catalog shows from an original: a thumbnail, a short watermarked preview, and the
 * frames a perceptual fingerprint is computed from. Inputs are local file paths of untrusted
 * uploads; outputs are written to the given file (replaced if it exists). Failures of the tool
 * come out as `MediaToolError`.
 */
export abstract class MediaTranscoder {
  /** A JPEG, 320 px wide (height by the display aspect ratio). */
  abstract thumbnail(input: string, outFile: string, options?: ThumbnailOptions): Promise<void>;

  /**
   * An H.264 MP4 (yuv420p, faststart) at most 480 px high and `maxSeconds` long, with a visible
   * watermark naming Clearframe and the clip id; the first audio stream, if any, as 64 kb/s AAC.
   */
  abstract preview(input: string, outFile: string, options: PreviewOptions): Promise<void>;

  /** The clip's dHash per frame at 2 fps, and of each frame mirrored (see `fingerprint.ts`). */
  abstract fingerprintFrames(input: string, options?: TranscodeLimits): Promise<VideoFingerprint>;
}
