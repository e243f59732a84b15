import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DomainError } from '../common/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import { FfprobeMediaProbe } from './ffprobe-media-probe.js';

// Fixtures are made here with the system's ffmpeg (CI installs it), so their properties are the
// parameters below rather than whatever a committed file happens to contain.
const FFMPEG = process.env.FFMPEG_PATH ?? 'ffmpeg';
function ffmpeg(...args: string[]): void {
  execFileSync(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
}

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
  const file = (name: string) => path.join(dir, name);
  // The bundled ffprobe, as embedded mode uses it (no FFPROBE_PATH).
  const probe = new FfprobeMediaProbe(AppConfig.fromEnv({}));

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearframe-probe-'));
    const picture = ['-f', 'lavfi', '-i', 'mandelbrot=size=320x240:rate=25'];
    const tone = ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'];
    ffmpeg(
      ...picture,
      ...tone,
      '-t',
      '2',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-ac',
      '2',
      '-movflags',
      '+faststart',
      file('clip.mp4'),
    );
    ffmpeg(
      '-f',
      'lavfi',
      '-i',
      'mandelbrot=size=160x90:rate=30000/1001',
      '-t',
      '1.5',
      '-c:v',
      'mpeg4',
      '-an',
      file('silent.mkv'),
    );
    ffmpeg(...picture, '-frames:v', '1', file('still.png'));
    fs.writeFileSync(file('notes.txt'), 'Shot list: harbour at dawn, 3 takes.\n');
    fs.writeFileSync(file('truncated.mp4'), fs.readFileSync(file('clip.mp4')).subarray(0, 1500));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads duration, size, frame rate, codec, bitrate and audio of a video file', async () => {
    const info = await probe.probe(file('clip.mp4'));
    expect(info).toMatchObject({
      width: 320,
      height: 240,
      fps: 25,
      codec: 'h264',
      audio: { codec: 'aac', channels: 2, sampleRateHz: 48000 },
    });
    expect(info.container).toContain('mp4');
    // 2 s of picture; AAC framing may add a few tens of milliseconds.
    expect(info.durationMs).toBeGreaterThanOrEqual(1990);
    expect(info.durationMs).toBeLessThanOrEqual(2100);
    expect(info.bitrate).toBeGreaterThan(0);
  });

  it('reads a video without sound at a fractional frame rate', async () => {
    const info = await probe.probe(file('silent.mkv'));
    expect(info).toMatchObject({ width: 160, height: 90, fps: 29.97, codec: 'mpeg4', audio: null });
    expect(info.container).toContain('matroska');
    expect(Math.abs(info.durationMs - 1500)).toBeLessThanOrEqual(40);
  });

  it('reads a stream of the bytes as it reads the file, but for the unknown bitrate', async () => {
    const stream = fs.createReadStream(file('clip.mp4'));
    const fromStream = await probe.probe(stream);
    const fromFile = await probe.probe(file('clip.mp4'));
    expect(fromStream).toEqual({ ...fromFile, bitrate: null });
    expect(stream.destroyed).toBe(true);
  });

  it.each([
    ['a text file', 'notes.txt', 'The file could not be decoded as audio or video.'],
    ['a still image', 'still.png', 'The file is a still image, not a video.'],
    ['a truncated video', 'truncated.mp4', 'The file could not be decoded as audio or video.'],
  ])('refuses %s as not decodable', async (_what, name, reason) => {
    const error = await refusal(probe.probe(file(name)));
    expect(error.code).toBe('validation_failed');
    expect(error.extras.errors).toEqual([
      { path: 'file', code: 'media_not_decodable', message: reason },
    ]);
  });

  it('refuses a non-video stream too', async () => {
    const error = await refusal(probe.probe(fs.createReadStream(file('notes.txt'))));
    expect(error.extras.errors?.[0]?.code).toBe('media_not_decodable');
  });

  it('uses FFPROBE_PATH, and reports a missing binary as unavailable, not as bad input', async () => {
    const missing = new FfprobeMediaProbe(
      AppConfig.fromEnv({ FFPROBE_PATH: path.join(dir, 'no-such-ffprobe') }),
    );
    const error = await refusal(missing.probe(file('clip.mp4')));
    expect(error.code).toBe('service_unavailable');
  });
});
