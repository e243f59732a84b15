import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  FIXTURE_FFMPEG,
  FIXTURE_FFPROBE,
  binaryVersion,
  videoFixture,
  MEDIA_TEST_ENV,
} from '../../test/support/media-fixtures.js';
import { AppConfig } from '../config/app-config.js';
import { FfmpegMediaTranscoder } from './ffmpeg-media-transcoder.js';
import { dHashFrame, FINGERPRINT_FRAME_BYTES } from './fingerprint.js';
import { MediaToolError } from './media.errors.js';

const exec = promisify(execFile);

interface ProbedStream {
  codec_type: string;
  codec_name: string;
  width?: number;
  height?: number;
  pix_fmt?: string;
  bit_rate?: string;
}
async function probe(file: string) {
  const { stdout } = await exec(FIXTURE_FFPROBE, [
    '-v',
    'error',
    '-print_format',
    'json',
    '-show_format',
    '-show_streams',
    file,
  ]);
  return JSON.parse(stdout) as {
    streams: ProbedStream[];
    format: { format_name: string; duration: string; tags?: Record<string, string> };
  };
}

/** A frame of a file as grey pixels at `width`×`height`, decoded independently of the adapter. */
async function greyFrame(file: string, atSeconds: number, width: number, height: number) {
  const { stdout } = await exec(
    FIXTURE_FFMPEG,
    [
      // (This ffmpeg finds no frame in a picture at `-ss 0`.)
      ...['-v', 'error', ...(atSeconds ? ['-ss', String(atSeconds)] : []), '-i', file],
      '-frames:v',
      '1',
      ...['-vf', `scale=${width}:${height}:flags=area,format=gray`, '-f', 'rawvideo', 'pipe:1'],
    ],
    { encoding: 'buffer' },
  );
  return stdout;
}

function meanAbsDiff(a: Buffer, b: Buffer): number {
  expect(a.length).toBe(b.length);
  let total = 0;
  for (let i = 0; i < a.length; i++) total += Math.abs(a[i]! - b[i]!);
  return total / a.length;
}

async function refusal(promise: Promise<unknown>): Promise<MediaToolError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MediaToolError) return error;
    throw error;
  }
  throw new Error('expected the transcoder to fail');
}

describe('FfmpegMediaTranscoder', () => {
  let dir: string;
  const out = (name: string) => path.join(dir, name);
  // The bundled ffmpeg, as embedded mode uses it, unless the run sets FFMPEG_PATH.
  const transcoder = new FfmpegMediaTranscoder(AppConfig.fromEnv(MEDIA_TEST_ENV));

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearframe-transcoder-'));
    process.stdout.write(`transcoder spec: ${await binaryVersion(FIXTURE_FFMPEG)}\n`);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('thumbnail', () => {
    it('is a JPEG 320 px wide at the display aspect ratio, of the frame 1 s in', async () => {
      const clip = await videoFixture({ source: 'mandelbrot', seconds: 3 });
      await transcoder.thumbnail(clip, out('thumb.jpg'), { durationMs: 3000 });
      const bytes = fs.readFileSync(out('thumb.jpg'));
      expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
      expect([...bytes.subarray(-2)]).toEqual([0xff, 0xd9]);
      const [picture] = (await probe(out('thumb.jpg'))).streams;
      expect(picture).toMatchObject({ codec_name: 'mjpeg', width: 320, height: 180 });
      // The zoom changes the picture every frame: the thumbnail is the one at 1 s, not 0 s.
      const thumb = await greyFrame(out('thumb.jpg'), 0, 32, 18);
      const atOne = meanAbsDiff(thumb, await greyFrame(clip, 1, 32, 18));
      const atZero = meanAbsDiff(thumb, await greyFrame(clip, 0, 32, 18));
      expect(atOne).toBeLessThan(6);
      expect(atZero).toBeGreaterThan(3 * atOne);
    });

    it('takes the middle of a clip under 2 s, and the first frame when the duration is unknown', async () => {
      const short = await videoFixture({ seconds: 0.6, fps: 10 });
      await transcoder.thumbnail(short, out('short.jpg'), { durationMs: 600 });
      expect((await probe(out('short.jpg'))).streams[0]).toMatchObject({ width: 320 });
      fs.writeFileSync(out('stale.jpg'), 'an older thumbnail');
      await transcoder.thumbnail(short, out('stale.jpg'));
      const bytes = fs.readFileSync(out('stale.jpg'));
      expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    });

    it('keeps portrait clips portrait', async () => {
      const portrait = await videoFixture({
        source: 'cellauto',
        width: 180,
        height: 320,
        seconds: 2,
      });
      await transcoder.thumbnail(portrait, out('portrait.jpg'), { durationMs: 2000 });
      expect((await probe(out('portrait.jpg'))).streams[0]).toMatchObject({
        width: 320,
        height: 568,
      });
    });
  });

  describe('preview', () => {
    it('is H.264 in a faststart MP4, at most 480 px high, as long as asked, with low-rate AAC and no metadata', async () => {
      const clip = await videoFixture({
        source: 'cellauto',
        width: 960,
        height: 540,
        seconds: 3,
        audio: true,
      });
      await transcoder.preview(clip, out('preview.mp4'), { clipId: 'c0ffee', maxSeconds: 2 });
      const info = await probe(out('preview.mp4'));
      const video = info.streams.find((s) => s.codec_type === 'video');
      const audio = info.streams.find((s) => s.codec_type === 'audio');
      // 480 × 16/9 = 853.3, rounded down to even.
      expect(video).toMatchObject({
        codec_name: 'h264',
        width: 852,
        height: 480,
        pix_fmt: 'yuv420p',
      });
      expect(audio).toMatchObject({ codec_name: 'aac' });
      expect(Number(audio!.bit_rate)).toBeLessThanOrEqual(70_000);
      expect(info.format.format_name).toContain('mp4');
      expect(Number(info.format.duration)).toBeGreaterThan(1.9);
      expect(Number(info.format.duration)).toBeLessThanOrEqual(2.1);
      // Faststart: the index (moov) comes before the samples (mdat), so playback starts at once.
      const bytes = fs.readFileSync(out('preview.mp4'));
      expect(bytes.indexOf('moov')).toBeGreaterThan(0);
      expect(bytes.indexOf('moov')).toBeLessThan(bytes.indexOf('mdat'));
      expect(Object.keys(info.format.tags ?? {})).not.toContain('title');
    });

    it('lasts at most 10 s whatever is asked, and keeps small clips at their size', async () => {
      const long = await videoFixture({
        source: 'cellauto',
        width: 160,
        height: 90,
        fps: 10,
        seconds: 12,
      });
      await transcoder.preview(long, out('long.mp4'), { clipId: 'long', maxSeconds: 60 });
      const info = await probe(out('long.mp4'));
      expect(Number(info.format.duration)).toBeLessThanOrEqual(10.1);
      expect(Number(info.format.duration)).toBeGreaterThan(9.5);
      expect(info.streams).toEqual([expect.objectContaining({ width: 160, height: 90 })]);
    });

    it('shows a watermark that depends on the clip id', async () => {
      const black = await videoFixture({ source: 'black', seconds: 1 });
      const a = '6f1d2c9e-4b7a-4e21-9d3f-0a8b7c6d5e4f';
      const b = '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9';
      await transcoder.preview(black, out('mark-a.mp4'), { clipId: a, maxSeconds: 1 });
      await transcoder.preview(black, out('mark-b.mp4'), { clipId: b, maxSeconds: 1 });
      const frameA = await greyFrame(out('mark-a.mp4'), 0.2, 320, 180);
      const frameB = await greyFrame(out('mark-b.mp4'), 0.2, 320, 180);
      const bright = (frame: Buffer, fromRow: number, toRow: number) =>
        frame.subarray(fromRow * 320, toRow * 320).filter((v) => v > 128).length;
      // Text is drawn in the lower part only, and plenty of it.
      expect(bright(frameA, 0, 110)).toBe(0);
      expect(bright(frameA, 110, 180)).toBeGreaterThan(300);
      expect(meanAbsDiff(frameA, frameB)).toBeGreaterThan(0.5);
    });

    it('fits the watermark into a portrait frame', async () => {
      const portrait = await videoFixture({ source: 'black', width: 180, height: 320, seconds: 1 });
      await transcoder.preview(portrait, out('portrait.mp4'), {
        clipId: 'a'.repeat(36),
        maxSeconds: 1,
      });
      expect((await probe(out('portrait.mp4'))).streams[0]).toMatchObject({
        width: 180,
        height: 320,
      });
      const frame = await greyFrame(out('portrait.mp4'), 0.2, 180, 320);
      // The id line ends before the right edge: the last columns stay dark.
      for (let row = 0; row < 320; row++) {
        expect(frame.subarray(row * 180 + 175, row * 180 + 180).every((v) => v < 64)).toBe(true);
      }
      expect(frame.filter((v) => v > 128).length).toBeGreaterThan(200);
    });

    it('is killed past its time limit', async () => {
      const clip = await videoFixture({ source: 'cellauto', width: 960, height: 540, seconds: 3 });
      const error = await refusal(
        transcoder.preview(clip, out('slow.mp4'), { clipId: 'x', timeoutMs: 50 }),
      );
      expect(error).toMatchObject({ tool: 'ffmpeg', failure: 'timeout' });
    });
  });

  describe('fingerprintFrames', () => {
    it('hashes 2 frames a second, and the mirrored hashes are those of the flipped clip', async () => {
      const clip = await videoFixture({ source: 'pan', seconds: 3 });
      const fingerprint = await transcoder.fingerprintFrames(clip);
      expect(fingerprint.hashes).toHaveLength(6);
      expect(fingerprint.mirrored).toHaveLength(6);
      expect(new Set(fingerprint.hashes).size).toBeGreaterThan(1);
      // ffmpeg flips the frames itself here; the adapter derived them from the unflipped pixels.
      const { stdout } = await exec(
        FIXTURE_FFMPEG,
        [
          ...['-v', 'error', '-i', clip, '-vf', 'hflip,fps=2,scale=9:8:flags=area,format=gray'],
          ...['-f', 'rawvideo', 'pipe:1'],
        ],
        { encoding: 'buffer' },
      );
      const flipped: bigint[] = [];
      for (let at = 0; at < stdout.length; at += FINGERPRINT_FRAME_BYTES) {
        flipped.push(dHashFrame(stdout.subarray(at, at + FINGERPRINT_FRAME_BYTES)).hash);
      }
      expect(fingerprint.mirrored).toEqual(flipped);
    });
  });

  describe('untrusted input', () => {
    it('takes file names as they are: shell syntax and % patterns are just characters', async () => {
      const weird = path.join(dir, `clip $(touch pwned); 'q' %d.mp4`);
      fs.copyFileSync(await videoFixture({ seconds: 2 }), weird);
      const target = path.join(dir, 'thumb %03d, [x].jpg');
      await transcoder.thumbnail(weird, target, { durationMs: 2000 });
      expect(fs.existsSync(target)).toBe(true);
      expect(fs.existsSync(path.join(dir, 'pwned'))).toBe(false);
      expect(fs.readdirSync(dir).filter((name) => name.startsWith('thumb '))).toEqual([
        'thumb %03d, [x].jpg',
      ]);
    });

    it('opens only the accepted containers: a concat script named .mp4 is refused', async () => {
      const clip = path.join(dir, 'real.mp4');
      fs.copyFileSync(await videoFixture({ seconds: 2 }), clip);
      const script = path.join(dir, 'script.mp4');
      fs.writeFileSync(script, `ffconcat version 1.0\nfile real.mp4\nfile real.mp4\n`);
      // Plain ffmpeg follows the script to the other file…
      await exec(FIXTURE_FFMPEG, ['-v', 'error', '-i', script, '-f', 'null', '-']);
      // …the transcoder does not open it.
      const error = await refusal(transcoder.thumbnail(script, out('script.jpg')));
      expect(error.failure).toBe('failed');
      expect(error.diagnostics).toContain('whitelist');
    });

    it('uses FFMPEG_PATH', async () => {
      const missing = new FfmpegMediaTranscoder(
        AppConfig.fromEnv({ FFMPEG_PATH: path.join(dir, 'no-such-ffmpeg') }),
      );
      const error = await refusal(missing.fingerprintFrames(await videoFixture()));
      expect(error.failure).toBe('missing');
    });
  });
});
