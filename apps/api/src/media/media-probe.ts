import type { Readable } from 'node:stream';

/** What a probe reads from a video file. */
export interface MediaInfo {
  /** The container as the probe names it (`mov,mp4,m4a,3gp,3g2,mj2`, `matroska,webm`, …). */
  container: string;
  durationMs: number;
  width: number;
  height: number;
  /** Frames per second (average), e.g. 29.97. */
  fps: number;
  /** The video codec (`h264`, `hevc`, `vp9`, `prores`, …). */
  codec: string;
  /** Overall bits per second; null when unknown (a stream's size is not known up front). */
  bitrate: number | null;
  audio: { codec: string; channels: number; sampleRateHz: number } | null;
}

/**
 * Reads the technical metadata of a video. Input that is not a decodable video (an image, a PDF,
 * a truncated file) is refused with a `validation_failed` domain error whose field code is
 * `media_not_decodable`.
 */
export abstract class MediaProbe {
  /**
   * `input` is a local file path, or a stream of the file's bytes, which the probe consumes and
   * closes. A stream cannot seek, so an MP4 whose index (moov) sits at the end is only readable
   * from a path.
   */
  abstract probe(input: string | Readable): Promise<MediaInfo>;
}
