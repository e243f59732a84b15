import { Module } from '@nestjs/common';
import { FfprobeMediaProbe } from './ffprobe-media-probe.js';
import { MediaProbe } from './media-probe.js';

@Module({
  providers: [{ provide: MediaProbe, useClass: FfprobeMediaProbe }],
  exports: [MediaProbe],
})
export class MediaModule {}
