import { Module } from '@nestjs/common';
import { FfmpegMediaTranscoder } from './ffmpeg-media-transcoder.js';
import { FfprobeMediaProbe } from './ffprobe-media-probe.js';
import { MediaProbe } from './media-probe.js';
import { MediaTranscoder } from './media-transcoder.js';

/**
 * The media ports: `MediaProbe` (ffprobe) and `MediaTranscoder` (ffmpeg). The pure parts —
 * `verifyMedia`, fingerprints and their distance, streaming SHA-256 — are plain functions
 * imported from their files.
 */
@Module({
  providers: [
    { provide: MediaProbe, useClass: FfprobeMediaProbe },
    { provide: MediaTranscoder, useClass: FfmpegMediaTranscoder },
  ],
  exports: [MediaProbe, MediaTranscoder],
})
export class MediaModule {}
