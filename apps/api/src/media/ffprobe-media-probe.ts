import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { MediaProbe, type MediaInfo } from './media-probe.js';
import { mediaNotDecodable, mediaProbeUnavailable } from './media.errors.js';

// Uploaded files are untrusted: a probe that hangs or talks endlessly is killed.
const TIMEOUT_MS = 30_000;
const MAX_OUTPUT_BYTES = 1024 * 1024;

interface FfprobeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  duration?: string;
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

  constructor(config: AppConfig) {
    super();
    this.binary =
      config.media.ffprobePath ??
      (createRequire(import.meta.url)('@ffprobe-installer/ffprobe') as { path: string }).path;
  }

  async probe(input: string | Readable): Promise<MediaInfo> {
    const source = typeof input === 'string' ? input : 'pipe:0';
    const { code, stdout } = await this.run(
      ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '-i', source],
      typeof input === 'string' ? undefined : input,
    );
    if (code !== 0) throw mediaNotDecodable('The file could not be decoded as audio or video.');
    let output: FfprobeOutput;
    try {
      output = JSON.parse(stdout) as FfprobeOutput;
    } catch (cause) {
      throw mediaProbeUnavailable(cause);
    }
    return describe(output);
  }

  private run(
    args: string[],
    stdin: Readable | undefined,
  ): Promise<{ code: number; stdout: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.binary, args, {
        stdio: [stdin ? 'pipe' : 'ignore', 'pipe', 'ignore'],
      });
      // Our own timer: spawn's `timeout` option leaves its timer behind when the spawn fails.
      const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
      const chunks: Buffer[] = [];
      let size = 0;
      child.stdout!.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_OUTPUT_BYTES) child.kill('SIGKILL');
        else chunks.push(chunk);
      });
      if (stdin && child.stdin) {
        // ffprobe stops reading once it has what it needs; the rest of the stream is not an error.
        child.stdin.on('error', () => undefined);
        stdin.on('error', () => child.kill('SIGKILL'));
        stdin.pipe(child.stdin);
      }
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(mediaProbeUnavailable(error));
      });
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        // What ffprobe did not read is of no use to anyone; release the file or socket behind it.
        stdin?.unpipe();
        stdin?.destroy();
        if (signal || size > MAX_OUTPUT_BYTES) {
          reject(
            mediaProbeUnavailable(new Error(`ffprobe stopped (${signal ?? 'output too large'})`)),
          );
        } else {
          resolve({ code: code ?? 1, stdout: Buffer.concat(chunks).toString('utf8') });
        }
      });
    });
  }
}

function describe(output: FfprobeOutput): MediaInfo {
  const streams = output.streams ?? [];
  // Cover art in an audio file is a "video" stream of one picture: not footage.
  const video = streams.find(
    (stream) => stream.codec_type === 'video' && !stream.disposition?.attached_pic,
  );
  if (!video?.codec_name || !video.width || !video.height) {
    throw mediaNotDecodable('The file has no video stream.');
  }
  const durationMs = Math.round(
    1000 * (positive(output.format?.duration) ?? positive(video.duration) ?? 0),
  );
  const fps = rate(video.avg_frame_rate) ?? rate(video.r_frame_rate);
  // A still image probes as one frame of "video" with no duration.
  if (durationMs <= 0 || !fps) throw mediaNotDecodable('The file is a still image, not a video.');
  const audio = streams.find((stream) => stream.codec_type === 'audio' && stream.codec_name);
  return {
    container: output.format?.format_name ?? 'unknown',
    durationMs,
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
