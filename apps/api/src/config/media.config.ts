import { z } from 'zod';
import { configSection, optionalString } from './config.section.js';

export interface MediaConfig {
  /** The ffprobe binary; unset means the build shipped by `@ffprobe-installer/ffprobe`. */
  ffprobePath: string | undefined;
  /** The ffmpeg binary; unset means the build shipped by `@ffmpeg-installer/ffmpeg`. */
  ffmpegPath: string | undefined;
  /** Threads one ffmpeg run may use (`-threads`, `-filter_threads`). */
  threads: number;
}

export const mediaConfig = configSection({
  variables: z.object({
    FFPROBE_PATH: optionalString,
    FFMPEG_PATH: optionalString,
    MEDIA_THREADS: z.coerce.number().int().min(1).max(16).default(2),
  }),
  check(env, base, report) {
    // Uploaded video is untrusted input: production reads and transcodes it with the system's
    // patched ffprobe and ffmpeg, not the npm packages' old static builds.
    if (base.isProduction && !env.FFPROBE_PATH) {
      report('FFPROBE_PATH', "Required in production (the operating system's ffprobe).");
    }
    if (base.isProduction && !env.FFMPEG_PATH) {
      report('FFMPEG_PATH', "Required in production (the operating system's ffmpeg).");
    }
  },
  build: (env): MediaConfig => ({
    ffprobePath: env.FFPROBE_PATH,
    ffmpegPath: env.FFMPEG_PATH,
    threads: env.MEDIA_THREADS,
  }),
});
