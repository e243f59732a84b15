import { createRequire } from 'node:module';
import type { MediaConfig } from '../config/app-config.js';

const require = createRequire(import.meta.url);

/** ffprobe: FFPROBE_PATH, else the static build `@ffprobe-installer/ffprobe` ships. */
export function ffprobeBinary(config: Pick<MediaConfig, 'ffprobePath'>): string {
  return config.ffprobePath ?? (require('@ffprobe-installer/ffprobe') as { path: string }).path;
}

/** ffmpeg: FFMPEG_PATH, else the static build `@ffmpeg-installer/ffmpeg` ships. */
export function ffmpegBinary(config: Pick<MediaConfig, 'ffmpegPath'>): string {
  return config.ffmpegPath ?? (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
}

/**
 * The watermark's font, from the `dejavu-fonts-ttf` package: drawtext without `fontfile=` asks
 * the system's fontconfig, which a fresh machine may not have.
 */
export function watermarkFont(): string {
  return require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
}
