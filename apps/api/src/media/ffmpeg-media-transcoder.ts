import fs from 'node:fs/promises';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { chain, filter } from './ffmpeg-filter.js';
import {
  FINGERPRINT_FPS,
  FINGERPRINT_FRAME_BYTES,
  FINGERPRINT_HEIGHT,
  FINGERPRINT_WIDTH,
  type VideoFingerprint,
  dHashFrame,
} from './fingerprint.js';
import { ffmpegBinary, watermarkFont } from './media-binaries.js';
import { expectSuccess, runMediaTool } from './media-process.js';
import { MediaToolError } from './media.errors.js';
import {
  MediaTranscoder,
  type PreviewOptions,
  type ThumbnailOptions,
  type TranscodeLimits,
} from './media-transcoder.js';

export const THUMBNAIL_WIDTH = 320;
export const PREVIEW_MAX_HEIGHT = 480;
export const PREVIEW_MAX_SECONDS = 10;

const DEFAULT_TIMEOUT_MS = { thumbnail: 60_000, preview: 180_000, fingerprint: 600_000 };

/**
 * Demuxers the transcoder opens: the containers verification accepts (`verify-media.ts`), and no
 * others, so a playlist or concat script disguised as a video cannot make ffmpeg read other files.
 */
const INPUT_FORMATS = 'mov,matroska,avi,mxf';

/** MediaTranscoder over ffmpeg: FFMPEG_PATH, else the build `@ffmpeg-installer/ffmpeg` ships. */
@Injectable()
export class FfmpegMediaTranscoder extends MediaTranscoder {
  private readonly binary: string;
  private readonly threads: number;
  private readonly fontFile: string;

  constructor(config: AppConfig) {
    super();
    this.binary = ffmpegBinary(config.media);
    this.threads = config.media.threads;
    this.fontFile = watermarkFont();
  }

  async thumbnail(input: string, outFile: string, options: ThumbnailOptions = {}): Promise<void> {
    const known = options.durationMs !== undefined && options.durationMs > 0;
    const atSeconds = known ? Math.min(1, options.durationMs! / 2000) : 1;
    await this.writeThumbnail(input, outFile, atSeconds, options);
    // Without a duration, a clip shorter than 1 s has no frame there: take its first one.
    if (!known && !(await nonEmpty(outFile))) {
      await this.writeThumbnail(input, outFile, 0, options);
    }
    if (!(await nonEmpty(outFile))) {
      throw new MediaToolError('ffmpeg', 'failed', 'no frame to make a thumbnail from');
    }
  }

  async preview(input: string, outFile: string, options: PreviewOptions): Promise<void> {
    const seconds = Math.min(options.maxSeconds ?? PREVIEW_MAX_SECONDS, PREVIEW_MAX_SECONDS);
    if (!(seconds > 0)) throw new RangeError('a preview lasts more than 0 seconds');
    await this.run(
      [
        ...this.inputArgs(input),
        '-t',
        seconds.toFixed(3),
        '-map',
        '0:v:0',
        '-map',
        '0:a:0?',
        '-sn',
        '-dn',
        '-map_metadata',
        '-1',
        '-map_chapters',
        '-1',
        '-vf',
        chain(
          // Square pixels, height at most 480 (even, as yuv420p needs), width by display aspect.
          filter('scale', {
            w: '2*trunc(oh*dar/2)',
            h: `2*trunc(min(${PREVIEW_MAX_HEIGHT},ih)/2)`,
          }),
          filter('setsar', { sar: 1 }),
          ...this.watermark(options.clipId),
        ),
        '-c:v',
        'libx264',
        '-preset',
        'veryfast',
        '-crf',
        '28',
        '-profile:v',
        'main',
        '-pix_fmt',
        'yuv420p',
        '-c:a',
        'aac',
        '-b:a',
        '64k',
        '-ac',
        '2',
        '-movflags',
        '+faststart',
        '-f',
        'mp4',
        '-y',
        `file:${outFile}`,
      ],
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS.preview,
    );
  }

  async fingerprintFrames(input: string, options: TranscodeLimits = {}): Promise<VideoFingerprint> {
    const fingerprint: VideoFingerprint = { hashes: [], mirrored: [] };
    // Frames arrive as a byte stream in arbitrary chunks: hash each whole 72-byte frame.
    let pending: Buffer = Buffer.alloc(0);
    const result = await runMediaTool({
      tool: 'ffmpeg',
      binary: this.binary,
      args: [
        ...this.inputArgs(input),
        '-map',
        '0:v:0',
        '-an',
        '-sn',
        '-dn',
        '-vf',
        chain(
          filter('fps', { fps: FINGERPRINT_FPS }),
          filter('scale', { w: FINGERPRINT_WIDTH, h: FINGERPRINT_HEIGHT, flags: 'area' }),
          filter('format', { pix_fmts: 'gray' }),
        ),
        '-f',
        'rawvideo',
        '-pix_fmt',
        'gray',
        'pipe:1',
      ],
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS.fingerprint,
      onStdout: (chunk) => {
        pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
        let at = 0;
        for (; at + FINGERPRINT_FRAME_BYTES <= pending.length; at += FINGERPRINT_FRAME_BYTES) {
          const frame = dHashFrame(pending.subarray(at, at + FINGERPRINT_FRAME_BYTES));
          fingerprint.hashes.push(frame.hash);
          fingerprint.mirrored.push(frame.mirrored);
        }
        pending = pending.subarray(at);
      },
    });
    expectSuccess('ffmpeg', result);
    if (pending.length) {
      throw new MediaToolError('ffmpeg', 'failed', 'the output ended inside a fingerprint frame');
    }
    return fingerprint;
  }

  private async writeThumbnail(
    input: string,
    outFile: string,
    atSeconds: number,
    options: TranscodeLimits,
  ): Promise<void> {
    // A frame left from an earlier run must not pass for this one's.
    await fs.rm(outFile, { force: true });
    await this.run(
      [
        ...this.inputArgs(input, atSeconds),
        '-map',
        '0:v:0',
        '-an',
        '-sn',
        '-dn',
        '-map_metadata',
        '-1',
        '-frames:v',
        '1',
        '-vf',
        chain(
          filter('scale', { w: THUMBNAIL_WIDTH, h: `2*trunc(${THUMBNAIL_WIDTH}/dar/2)` }),
          filter('setsar', { sar: 1 }),
        ),
        '-c:v',
        'mjpeg',
        '-pix_fmt',
        'yuvj420p',
        '-q:v',
        '3',
        // One picture to exactly this name: `-update 1` keeps image2 from reading `%d` in it.
        '-f',
        'image2',
        '-update',
        '1',
        '-y',
        `file:${outFile}`,
      ],
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS.thumbnail,
    );
  }

  /**
   * Everything before and including `-i`: no stdin, errors only, bounded threads, only local
   * files and only the accepted containers. `file:` keeps a path from being read as a protocol
   * (`concat:`, `http:`) whatever it looks like.
   */
  private inputArgs(input: string, seekSeconds?: number): string[] {
    const threads = String(this.threads);
    return [
      '-nostdin',
      '-hide_banner',
      '-nostats',
      '-v',
      'error',
      '-filter_threads',
      threads,
      '-protocol_whitelist',
      'file,pipe',
      '-format_whitelist',
      INPUT_FORMATS,
      ...(seekSeconds ? ['-ss', seekSeconds.toFixed(3)] : []),
      '-threads',
      threads,
      '-i',
      `file:${input}`,
      // Encoder threads, after the input.
      '-threads',
      threads,
    ];
  }

  /**
   * Two lines in the bottom-left corner, white on a translucent box: "Clearframe preview" and
   * "clip <id>". Sizes follow the frame: the id line shrinks to fit narrow (portrait) frames.
   */
  private watermark(clipId: string): string[] {
    const title = 'Clearframe preview';
    const idLine = `clip ${clipId}`;
    const margin = 'h/30';
    // DejaVu Sans glyphs average under 0.64 em: at this size a line fits 90 % of the width.
    const fit = (text: string, size: string) => `max(6,min(${size},w*0.9/(0.64*${text.length})))`;
    const titleSize = fit(title, 'h/16');
    const idSize = fit(idLine, 'h/24');
    const common = {
      fontfile: this.fontFile,
      expansion: 'none',
      fontcolor: 'white@0.85',
      box: 1,
      boxcolor: 'black@0.45',
      boxborderw: 4,
      x: margin,
    };
    return [
      filter('drawtext', {
        ...common,
        text: title,
        fontsize: titleSize,
        y: `h-${margin}-1.4*(${idSize})-th`,
      }),
      filter('drawtext', { ...common, text: idLine, fontsize: idSize, y: `h-${margin}-th` }),
    ];
  }

  private async run(args: string[], timeoutMs: number): Promise<void> {
    expectSuccess(
      'ffmpeg',
      await runMediaTool({ tool: 'ffmpeg', binary: this.binary, args, timeoutMs }),
    );
  }
}

async function nonEmpty(file: string): Promise<boolean> {
  const stat = await fs.stat(file).catch(() => undefined);
  return !!stat && stat.size > 0;
}
