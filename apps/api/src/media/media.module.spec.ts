import { Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { describe, expect, it } from '@jest/globals';
import { videoFixture, MEDIA_TEST_ENV } from '../../test/support/media-fixtures.js';
import { AppConfig } from '../config/app-config.js';
import { FfmpegMediaTranscoder } from './ffmpeg-media-transcoder.js';
import { FfprobeMediaProbe } from './ffprobe-media-probe.js';
import { MediaProbe } from './media-probe.js';
import { MediaTranscoder } from './media-transcoder.js';
import { MediaModule } from './media.module.js';
import { verifyMedia } from './verify-media.js';

@Global()
@Module({
  providers: [{ provide: AppConfig, useValue: AppConfig.fromEnv(MEDIA_TEST_ENV) }],
  exports: [AppConfig],
})
class ConfigForTest {}

@Module({ imports: [ConfigForTest, MediaModule] })
class Root {}

describe('MediaModule', () => {
  it('gives a domain the probe and the transcoder, over ffprobe and ffmpeg', async () => {
    const app = await NestFactory.createApplicationContext(Root, { logger: false });
    try {
      const probe = app.get(MediaProbe);
      const transcoder = app.get(MediaTranscoder);
      expect(probe).toBeInstanceOf(FfprobeMediaProbe);
      expect(transcoder).toBeInstanceOf(FfmpegMediaTranscoder);
      const clip = await videoFixture({ seconds: 2 });
      const verdict = verifyMedia(await probe.examine(clip), {
        sizeBytes: 1,
        maxDurationMs: 60_000,
      });
      expect(verdict).toMatchObject({ ok: true, info: { codec: 'h264', durationMs: 2000 } });
      expect((await transcoder.fingerprintFrames(clip)).hashes).toHaveLength(4);
    } finally {
      await app.close();
    }
  });
});
