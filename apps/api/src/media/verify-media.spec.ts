import fs from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import {
  type VideoFixture,
  audioOnlyFixture,
  emptyFixture,
  renamedTextFixture,
  stillImageFixture,
  truncatedFixture,
  videoFixture,
  MEDIA_TEST_ENV,
} from '../../test/support/media-fixtures.js';
import { AppConfig } from '../config/app-config.js';
import { FfprobeMediaProbe } from './ffprobe-media-probe.js';
import type { MediaInfo } from './media-probe.js';
import { clock, verifyMedia } from './verify-media.js';

const TEN_MINUTES = 600_000;
const probe = new FfprobeMediaProbe(AppConfig.fromEnv(MEDIA_TEST_ENV));

/** What the verification job does: probe the local copy, then judge it with its size. */
async function verify(file: string, maxDurationMs = TEN_MINUTES) {
  return verifyMedia(await probe.examine(file), {
    sizeBytes: fs.statSync(file).size,
    maxDurationMs,
  });
}

const ACCEPTED = 'MP4, MOV, M4V, MKV, WebM, AVI and MXF';
const CODECS =
  'H.264, H.265 (HEVC), AV1, VP8, VP9, Apple ProRes, Avid DNxHD/DNxHR, MPEG-2, MPEG-4 Part 2, ' +
  'Motion JPEG and FFV1';

describe('verifyMedia on generated files', () => {
  it.each([
    ['empty_file', 'a zero-byte file', emptyFixture],
    ['not_video', 'a text file renamed .mp4', renamedTextFixture],
    ['truncated', 'an MP4 cut short', () => truncatedFixture({ seconds: 2 })],
    [
      'truncated',
      'a WebM cut short',
      () => truncatedFixture({ seconds: 2, container: 'webm', codec: 'vp9' }),
    ],
    ['audio_only', 'a sound file', () => audioOnlyFixture()],
    ['still_image', 'a PNG picture', () => stillImageFixture()],
    [
      'unsupported_container',
      'an MPEG transport stream',
      () => videoFixture({ container: 'ts', seconds: 1 }),
    ],
    [
      'unsupported_codec',
      'Windows Media Video in AVI',
      () => videoFixture({ codec: 'wmv2', container: 'avi', seconds: 1 }),
    ],
  ] as const)('rejects as %s %s', async (code, _what, make) => {
    const verdict = await verify(await make());
    expect(verdict).toMatchObject({ ok: false, code });
  });

  it('rejects a clip longer than the limit, saying both lengths', async () => {
    const verdict = await verify(await videoFixture({ seconds: 3 }), 2_000);
    expect(verdict).toEqual({
      ok: false,
      code: 'too_long',
      message:
        'The video is 0:03 long; a clip may be at most 0:02. Trim it, or split it into shorter clips.',
    });
  });

  it('tells the creator what to do', async () => {
    expect(await verify(await emptyFixture())).toMatchObject({
      message: 'The file is empty (0 bytes). Upload it again from the original.',
    });
    expect(await verify(await videoFixture({ container: 'ts', seconds: 1 }))).toMatchObject({
      message:
        'The file is an MPEG transport stream (.ts, .mts, .m2ts), which Clearframe does not accept. ' +
        `Save or re-wrap it as ${ACCEPTED}.`,
    });
    expect(
      await verify(await videoFixture({ codec: 'wmv2', container: 'avi', seconds: 1 })),
    ).toMatchObject({
      message: `The video is encoded as Windows Media Video 8, which Clearframe does not accept. Export it as ${CODECS}.`,
    });
  });

  it.each<[string, VideoFixture]>([
    ['H.264 in MP4 with sound', { codec: 'h264', container: 'mp4', audio: true }],
    ['H.264 in M4V', { codec: 'h264', container: 'm4v' }],
    ['ProRes in MOV', { codec: 'prores', container: 'mov' }],
    ['HEVC in MKV', { codec: 'hevc', container: 'mkv' }],
    ['VP8 in WebM', { codec: 'vp8', container: 'webm' }],
    ['VP9 in WebM with sound', { codec: 'vp9', container: 'webm', audio: true }],
    ['Motion JPEG in AVI with sound', { codec: 'mjpeg', container: 'avi', audio: true }],
    ['MPEG-2 in MXF', { codec: 'mpeg2video', container: 'mxf' }],
    ['FFV1 in MKV', { codec: 'ffv1', container: 'mkv' }],
    ['MPEG-4 Part 2 in AVI', { codec: 'mpeg4', container: 'avi' }],
  ])('accepts %s', async (_what, video) => {
    const file = await videoFixture({
      ...video,
      width: 160,
      height: 90,
      seconds: 1,
      source: 'life',
    });
    const verdict = await verify(file);
    expect(verdict).toMatchObject({ ok: true, info: { width: 160, height: 90 } });
  });
});

describe('verifyMedia', () => {
  const info: MediaInfo = {
    container: 'mov,mp4,m4a,3gp,3g2,mj2',
    durationMs: 12_000,
    width: 1920,
    height: 1080,
    fps: 25,
    codec: 'h264',
    bitrate: 8_000_000,
    audio: null,
  };
  const limits = { sizeBytes: 12_000_000, maxDurationMs: 60_000 };
  const failure = (
    failure: 'unreadable' | 'no_video' | 'still_image' | 'truncated',
    more = {},
  ) => ({
    failure,
    hasAudio: false,
    container: null,
    diagnostics: '',
    ...more,
  });

  it('accepts a probed video within the limits, passing its metadata on', () => {
    expect(verifyMedia(info, limits)).toEqual({ ok: true, info });
    expect(verifyMedia({ ...info, durationMs: 60_000 }, limits)).toEqual({
      ok: true,
      info: { ...info, durationMs: 60_000 },
    });
  });

  it('judges an empty file empty, whatever the probe said', () => {
    expect(verifyMedia(info, { ...limits, sizeBytes: 0 })).toMatchObject({ code: 'empty_file' });
    expect(verifyMedia(failure('unreadable'), { ...limits, sizeBytes: 0 })).toMatchObject({
      code: 'empty_file',
    });
  });

  it.each([
    [failure('truncated'), 'truncated'],
    [failure('still_image'), 'still_image'],
    [failure('no_video', { hasAudio: true }), 'audio_only'],
    [failure('no_video'), 'not_video'],
    [failure('unreadable'), 'not_video'],
    [failure('unreadable', { container: 'mov,mp4,m4a,3gp,3g2,mj2' }), 'not_video'],
    [failure('unreadable', { container: 'mpegts' }), 'unsupported_container'],
    [{ ...info, container: 'flv' }, 'unsupported_container'],
    [{ ...info, container: 'gif', codec: 'gif' }, 'unsupported_container'],
    [{ ...info, codec: 'theora' }, 'unsupported_codec'],
    [{ ...info, durationMs: 60_001 }, 'too_long'],
  ] as const)('%j → %s', (probed, code) => {
    expect(verifyMedia(probed, limits)).toMatchObject({ ok: false, code });
  });

  it('names unknown containers and codecs as the probe does', () => {
    expect(verifyMedia({ ...info, container: 'wtv' }, limits)).toMatchObject({
      message: `The file is a wtv file, which Clearframe does not accept. Save or re-wrap it as ${ACCEPTED}.`,
    });
    expect(verifyMedia({ ...info, codec: 'cinepak' }, limits)).toMatchObject({
      message: `The video is encoded as cinepak, which Clearframe does not accept. Export it as ${CODECS}.`,
    });
  });

  it('writes lengths as a clock', () => {
    expect(clock(0)).toBe('0:00');
    expect(clock(2_000)).toBe('0:02');
    expect(clock(75_500)).toBe('1:15.5');
    expect(clock(600_000)).toBe('10:00');
    expect(clock(3_723_000)).toBe('1:02:03');
    expect(clock(59_960)).toBe('1:00');
  });
});
