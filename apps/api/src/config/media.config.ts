import { z } from 'zod';
import { configSection, optionalString } from './config.section.js';

export interface MediaConfig {
  /** The ffprobe binary; unset means the build shipped by `@ffprobe-installer/ffprobe`. */
  ffprobePath: string | undefined;
}

export const mediaConfig = configSection({
  variables: z.object({ FFPROBE_PATH: optionalString }),
  check(env, base, report) {
    // Uploaded video is untrusted input: production probes it with the system's patched ffprobe,
    // not the npm package's old static build.
    if (base.isProduction && !env.FFPROBE_PATH) {
      report('FFPROBE_PATH', "Required in production (the operating system's ffprobe).");
    }
  },
  build: (env): MediaConfig => ({ ffprobePath: env.FFPROBE_PATH }),
});
