import type { Readable } from 'node:stream';
import { mediaNotDecodable } from './media.errors.js';

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
 * Why a file is not a readable video:
 * - `unreadable`: no demuxer makes sense of it (a renamed document), or the probe crashed on it;
 * - `no_video`: it reads, but has no picture (`hasAudio` tells a sound file from, say, subtitles);
 * - `still_image`: its picture is one frame (a PNG or JPEG, whatever its name);
 * - `truncated`: it starts as a video container but ends early (an interrupted copy).
 */
export type MediaProbeFailureKind = 'unreadable' | 'no_video' | 'still_image' | 'truncated';

export interface MediaProbeFailure {
  failure: MediaProbeFailureKind;
  hasAudio: boolean;
  /**
   * The container, named as in MediaInfo: as the probe read it, else as the first bytes say
   * (`mpegts` for a transport stream even when the probe could not read it); null when unknown.
   */
  container: string | null;
  /** The probe's own words (sanitised stderr), for a deliberate look; never shown to creators. */
  diagnostics: string;
}

export type MediaProbeResult = MediaInfo | MediaProbeFailure;

export function isProbeFailure(result: MediaProbeResult): result is MediaProbeFailure {
  return 'failure' in result;
}

export interface ProbeOptions {
  /** The probe reads every packet of the file (to see where it ends): allow for large files. */
  timeoutMs?: number;
}

const REASONS: Record<MediaProbeFailureKind, string> = {
  unreadable: 'The file could not be decoded as audio or video.',
  no_video: 'The file has no video stream.',
  still_image: 'The file is a still image, not a video.',
  truncated: 'The file is incomplete: it ends before its video does.',
};

/** The sentence for the person uploading, for each kind of failure. */
export function probeFailureReason(kind: MediaProbeFailureKind): string {
  return REASONS[kind];
}

/**
 * Reads the technical metadata of a video. `examine` reports input that is not a readable video
 * as a MediaProbeFailure (verification turns it into a rejection); `probe` refuses it with a
 * `validation_failed` domain error whose field code is `media_not_decodable`. Both throw a
 * MediaToolError when the probe itself cannot run (binary missing, time limit).
 */
export abstract class MediaProbe {
  /**
   * `input` is a local file path, or a stream of the file's bytes, which the probe consumes and
   * closes. A stream cannot seek, so an MP4 whose index (moov) sits at the end is only readable
   * from a path; from a stream, such a file (whole or cut) throws a MediaToolError `unseekable`
   * rather than get a verdict. Verification should probe a local copy.
   */
  abstract examine(input: string | Readable, options?: ProbeOptions): Promise<MediaProbeResult>;

  async probe(input: string | Readable, options?: ProbeOptions): Promise<MediaInfo> {
    const result = await this.examine(input, options);
    if (isProbeFailure(result)) throw mediaNotDecodable(probeFailureReason(result.failure));
    return result;
  }
}
