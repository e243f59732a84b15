import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  FIXTURE_FFPROBE,
  audioOnlyFixture,
  binaryVersion,
  renamedTextFixture,
  stillImageFixture,
  truncatedFixture,
  videoFixture,
  MEDIA_TEST_ENV,
} from '../../test/support/media-fixtures.js';
import { DomainError } from '../common/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import { FfprobeMediaProbe } from './ffprobe-media-probe.js';
import { MediaToolError } from './media.errors.js';

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the probe to refuse the input');
}

describe('FfprobeMediaProbe', () => {
  let dir: string;
  // The bundled ffprobe, as embedded mode uses it, unless the run sets FFPROBE_PATH.
  const probe = new FfprobeMediaProbe(AppConfig.fromEnv(MEDIA_TEST_ENV));

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearframe-probe-'));
    process.stdout.write(`probe spec: ${await binaryVersion(FIXTURE_FFPROBE)}\n`);
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads duration, size, frame rate, codec, bitrate and audio of a video file', async () => {
    const clip = await videoFixture({ width: 320, height: 240, seconds: 2, audio: true });
    const info = await probe.probe(clip);
    expect(info).toMatchObject({
      width: 320,
      height: 240,
      fps: 25,
      codec: 'h264',
      audio: { codec: 'aac', channels: 1, sampleRateHz: 48000 },
    });
    expect(info.container).toBe('mov,mp4,m4a,3gp,3g2,mj2');
    // 2 s of picture; AAC framing may add a few tens of milliseconds.
    expect(info.durationMs).toBeGreaterThanOrEqual(1990);
    expect(info.durationMs).toBeLessThanOrEqual(2100);
    expect(info.bitrate).toBeGreaterThan(0);
  });

  it('reads a video without sound at a fractional frame rate', async () => {
    const clip = await videoFixture({
      width: 160,
      height: 90,
      fps: 30000 / 1001,
      seconds: 1.5,
      codec: 'mpeg4',
      container: 'mkv',
    });
    const info = await probe.probe(clip);
    expect(info).toMatchObject({ width: 160, height: 90, fps: 29.97, codec: 'mpeg4', audio: null });
    expect(info.container).toBe('matroska,webm');
    expect(Math.abs(info.durationMs - 1500)).toBeLessThanOrEqual(40);
  });

  it('reads a stream of the bytes as it reads the file, but for the unknown bitrate', async () => {
    const clip = await videoFixture({ seconds: 2, audio: true });
    const stream = fs.createReadStream(clip);
    const fromStream = await probe.probe(stream);
    const fromFile = await probe.probe(clip);
    expect(fromStream).toEqual({ ...fromFile, bitrate: null });
    expect(stream.destroyed).toBe(true);
  });

  it.each([
    ['mp4, moov first', { container: 'mp4' }, 0.6],
    ['mp4, moov last', { container: 'mp4', faststart: false }, 0.6],
    ['mp4, cut inside its header', { container: 'mp4' }, 0.002],
    ['mov', { container: 'mov' }, 0.5],
    ['mkv', { container: 'mkv', codec: 'mpeg4' }, 0.5],
    ['webm', { container: 'webm', codec: 'vp9' }, 0.5],
    ['avi', { container: 'avi', codec: 'mjpeg' }, 0.5],
    ['mxf', { container: 'mxf', codec: 'mpeg2video' }, 0.5],
  ] as const)('tells a truncated %s from a broken file', async (_what, video, keepFraction) => {
    const whole = await videoFixture({ ...video, seconds: 2 });
    expect(await probe.examine(whole)).toMatchObject({ durationMs: expect.any(Number) });
    const cut = await truncatedFixture({ ...video, seconds: 2, keepFraction });
    expect(await probe.examine(cut)).toMatchObject({ failure: 'truncated' });
  });

  it.each([
    ['a renamed text file', renamedTextFixture, { failure: 'unreadable', container: null }],
    ['a still image', () => stillImageFixture(), { failure: 'still_image' }],
    ['a sound file', () => audioOnlyFixture(), { failure: 'no_video', hasAudio: true }],
    // The bundled ffprobe crashes on any transport stream (`unreadable`); its first bytes still
    // name it. Debian's ffprobe reads it: either way the container is known, and refused later.
    [
      'a transport stream',
      () => videoFixture({ container: 'ts', seconds: 1 }),
      { container: 'mpegts' },
    ],
  ])('examines %s as not a readable video, saying why', async (_what, make, expected) => {
    const result = await probe.examine(await make());
    expect(result).toMatchObject(expected);
  });

  it.each([
    ['a text file', renamedTextFixture, 'The file could not be decoded as audio or video.'],
    ['a still image', () => stillImageFixture(), 'The file is a still image, not a video.'],
    ['a sound file', () => audioOnlyFixture(), 'The file has no video stream.'],
    [
      'a truncated video',
      () => truncatedFixture(),
      'The file is incomplete: it ends before its video does.',
    ],
  ])('probe refuses %s as not decodable', async (_what, make, reason) => {
    const error = await refusal(probe.probe(await make()));
    expect(error.code).toBe('validation_failed');
    expect(error.extras.errors).toEqual([
      { path: 'file', code: 'media_not_decodable', message: reason },
    ]);
  });

  it('refuses a non-video stream too, knowing it from its first bytes', async () => {
    const result = await probe.examine(fs.createReadStream(await renamedTextFixture()));
    expect(result).toMatchObject({ failure: 'unreadable', container: null });
    const ts = await probe.examine(
      fs.createReadStream(await videoFixture({ container: 'ts', seconds: 1 })),
    );
    expect(ts).toMatchObject({ container: 'mpegts' });
  });

  it('gives no verdict on an MP4 streamed with its index at the end, whole or cut', async () => {
    for (const file of [
      await videoFixture({ faststart: false, seconds: 2 }),
      await truncatedFixture({ faststart: false, seconds: 2 }),
      await truncatedFixture({ seconds: 2 }),
    ]) {
      const error = await refusal(probe.examine(fs.createReadStream(file)));
      expect(error).toMatchObject({ failure: 'unseekable' });
    }
    // From a path, the whole one is read.
    const whole = await probe.examine(await videoFixture({ faststart: false, seconds: 2 }));
    expect(whole).toMatchObject({ durationMs: 2000 });
  });

  it('reports a failing input stream as a failed read, not as a verdict on the file', async () => {
    const stream = new PassThrough();
    const bytes = fs.readFileSync(await videoFixture({ seconds: 2 }));
    stream.write(bytes.subarray(0, 4096));
    setTimeout(() => stream.destroy(new Error('connection reset by storage')), 50);
    const error = await refusal(probe.examine(stream));
    expect(error).toBeInstanceOf(MediaToolError);
    expect(error).toMatchObject({ failure: 'input_failed' });
  });

  it('uses FFPROBE_PATH, and reports a missing binary as unavailable, not as bad input', async () => {
    const missing = new FfprobeMediaProbe(
      AppConfig.fromEnv({ FFPROBE_PATH: path.join(dir, 'no-such-ffprobe') }),
    );
    const error = await refusal(missing.probe(await videoFixture({ seconds: 1 })));
    expect(error.code).toBe('service_unavailable');
    expect(error).toMatchObject({ failure: 'missing' });
  });

  it('is killed past its time limit', async () => {
    const error = await refusal(probe.examine(await videoFixture(), { timeoutMs: 1 }));
    expect(error).toMatchObject({ tool: 'ffprobe', failure: 'timeout' });
  });
});
