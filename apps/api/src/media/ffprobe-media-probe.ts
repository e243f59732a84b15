import { type Readable, Transform, pipeline } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { ffprobeBinary } from './media-binaries.js';
import {
  MediaProbe,
  isProbeFailure,
  type MediaProbeFailure,
  type MediaProbeFailureKind,
  type MediaProbeResult,
  type ProbeOptions,
} from './media-probe.js';
import { runMediaTool } from './media-process.js';
import { SIGNATURE_BYTES, readHead, sniffContainer } from './media-signature.js';
import { MediaToolError } from './media.errors.js';

// The probe reads every packet (to find where the file really ends): time for a large file.
const DEFAULT_TIMEOUT_MS = 120_000;
const MAX_OUTPUT_BYTES = 1024 * 1024;

/**
 * What ffprobe says when a container ends before its own index or header says it should: the
 * samples run out (`partial file`), Matroska stops mid-cluster, the MP4 index is missing or cut.
 */
const TRUNCATION =
  /partial file|ended prematurely|moov atom not found|error reading header|end of file|truncat/i;

interface FfprobeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  duration?: string;
  nb_frames?: string;
  nb_read_packets?: string;
  channels?: number;
  sample_rate?: string;
  disposition?: { attached_pic?: number };
}

interface FfprobeOutput {
  streams?: FfprobeStream[];
  format?: { format_name?: string; duration?: string; bit_rate?: string };
}

/** MediaProbe over ffprobe: FFPROBE_PATH, else the build `@ffprobe-installer/ffprobe` ships. */
@Injectable()
export class FfprobeMediaProbe extends MediaProbe {
  private readonly binary: string;
  private readonly threads: string;

  constructor(config: AppConfig) {
    super();
    this.binary = ffprobeBinary(config.media);
    this.threads = String(config.media.threads);
  }

  async examine(input: string | Readable, options: ProbeOptions = {}): Promise<MediaProbeResult> {
    let head: Uint8Array = new Uint8Array(0);
    let stdin: Readable | undefined;
    // The first bytes of a stream, kept as they pass on to ffprobe.
    const seen: Buffer[] = [];
    if (typeof input === 'string') {
      head = await readHead(input);
    } else {
      let seenBytes = 0;
      const tap = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          if (seenBytes < SIGNATURE_BYTES) {
            seen.push(chunk);
            seenBytes += chunk.length;
          }
          done(null, chunk);
        },
      });
      // pipeline destroys the source when ffprobe's end is closed early, and passes its errors on.
      pipeline(input, tap, () => undefined);
      stdin = tap;
    }
    const result = await runMediaTool({
      tool: 'ffprobe',
      binary: this.binary,
      args: [
        '-hide_banner',
        '-v',
        'error',
        // Only the file itself: a playlist disguised as a video cannot make ffprobe fetch URLs.
        '-protocol_whitelist',
        'file,pipe',
        // Decoders opened to read stream parameters.
        '-threads',
        this.threads,
        '-count_packets',
        '-print_format',
        'json',
        '-show_format',
        '-show_streams',
        '-i',
        stdin ? 'pipe:0' : `file:${input as string}`,
      ],
      stdin,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxStdoutBytes: MAX_OUTPUT_BYTES,
    });
    if (stdin) head = Buffer.concat(seen).subarray(0, SIGNATURE_BYTES);
    const signature = sniffContainer(head);
    const failure = (kind: MediaProbeFailureKind, container = signature, hasAudio = false) =>
      ({ failure: kind, hasAudio, container, diagnostics: result.stderr }) as MediaProbeFailure;
    if (result.code !== 0) {
      // A crash on a file is a fact about that file (this ffprobe build crashes on every MPEG-TS).
      const cut = signature !== null && signature !== 'mpegts' && TRUNCATION.test(result.stderr);
      if (cut && stdin && signature === ISO_BMFF) refuseStream(result.stderr);
      return failure(cut ? 'truncated' : 'unreadable');
    }
    let output: FfprobeOutput;
    try {
      output = JSON.parse(result.stdout.toString('utf8')) as FfprobeOutput;
    } catch (cause) {
      throw new MediaToolError('ffprobe', 'failed', result.stderr, { cause });
    }
    const described = describe(output, result.stderr, failure);
    if (stdin && signature === ISO_BMFF && isProbeFailure(described)) refuseStream(result.stderr);
    return described;
  }
}

const ISO_BMFF = 'mov,mp4,m4a,3gp,3g2,mj2';

/**
 * From a stream, an MP4 or MOV whose index (moov) comes after its samples looks exactly like one
 * cut short: ffprobe cannot seek back. No verdict then: the caller probes a local copy.
 */
function refuseStream(stderr: string): never {
  throw new MediaToolError('ffprobe', 'unseekable', stderr);
}

function describe(
  output: FfprobeOutput,
  stderr: string,
  failure: (
    kind: MediaProbeFailureKind,
    container?: string | null,
    audio?: boolean,
  ) => MediaProbeFailure,
): MediaProbeResult {
  const streams = output.streams ?? [];
  const container = output.format?.format_name ?? 'unknown';
  const audio = streams.find((stream) => stream.codec_type === 'audio' && stream.codec_name);
  // Cover art in an audio file is a "video" stream of one picture: not footage.
  const video = streams.find(
    (stream) => stream.codec_type === 'video' && !stream.disposition?.attached_pic,
  );
  if (!video?.codec_name || !video.width || !video.height) {
    return failure('no_video', container, !!audio);
  }
  const packets = count(video.nb_read_packets);
  const fps = rate(video.avg_frame_rate) ?? rate(video.r_frame_rate);
  // A picture probes as one frame of "video" (image2, png_pipe, …) with no duration.
  if ((packets !== undefined && packets <= 1) || !fps || /^image2|_pipe$/.test(container)) {
    return failure('still_image', container, !!audio);
  }
  const declaredSeconds = positive(output.format?.duration) ?? positive(video.duration);
  if (truncated(stderr, video, packets, declaredSeconds, fps)) {
    return failure('truncated', container, !!audio);
  }
  // No duration in the header (a live-recorded WebM): the frames read tell it.
  const seconds = declaredSeconds ?? (packets ? packets / fps : 0);
  return {
    container,
    durationMs: Math.round(1000 * seconds),
    width: video.width,
    height: video.height,
    fps,
    codec: video.codec_name,
    bitrate: positive(output.format?.bit_rate) ?? null,
    audio: audio
      ? {
          codec: audio.codec_name!,
          channels: audio.channels ?? 0,
          sampleRateHz: positive(audio.sample_rate) ?? 0,
        }
      : null,
  };
}

/**
 * A file whose header was read but whose samples stop early: ffprobe said so, or fewer video
 * packets were read than the header counts (AVI, MP4), or than its duration and frame rate
 * imply (MXF says neither). Generous margins: rounding and a last partial frame are not a cut.
 */
function truncated(
  stderr: string,
  video: FfprobeStream,
  packets: number | undefined,
  seconds: number | undefined,
  fps: number,
): boolean {
  if (TRUNCATION.test(stderr)) return true;
  if (packets === undefined) return false;
  const declared = count(video.nb_frames);
  if (declared !== undefined && packets < declared * 0.98 - 1) return true;
  const expected = seconds !== undefined ? seconds * fps : undefined;
  return expected !== undefined && expected >= 10 && fps <= 240 && packets < expected * 0.8;
}

function count(value: string | undefined): number | undefined {
  const number = Number(value);
  return value !== undefined && Number.isInteger(number) && number >= 0 ? number : undefined;
}

function positive(value: string | undefined): number | undefined {
  const number = Number(value);
  return Number.isFinite(number) && number > 0 ? number : undefined;
}

/** `30000/1001` → 29.97; `0/0` → undefined. */
function rate(value: string | undefined): number | undefined {
  const [num, den] = (value ?? '').split('/').map(Number);
  if (!num || !den) return undefined;
  return Math.round((num / den) * 1000) / 1000;
}
