import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The ffmpeg the tests use: FFMPEG_PATH when set (CI may point at Debian's), else the binary
 * `@ffmpeg-installer/ffmpeg` ships, so `npm ci` is enough.
 */
export function ffmpegPath(): string {
  if (process.env.FFMPEG_PATH) return process.env.FFMPEG_PATH;
  const require = createRequire(import.meta.url);
  return (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
}

/**
 * Writes a short H.264 MP4 of `seconds` at 640×360: a test pattern under heavy per-frame noise,
 * encoded losslessly so the file is large (about 9 MB a second) and cut into several 8 MiB
 * parts, yet made in well under a second. `seed` varies the pattern so every clip differs.
 */
export async function noisyClip(file: string, seconds: number, seed: number): Promise<void> {
  await run(
    ffmpegPath(),
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=640x360:rate=25,hue=h=${(seed * 47) % 360},noise=alls=60:allf=t+u:all_seed=${seed}`,
      '-t',
      String(seconds),
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-qp',
      '0',
      '-pix_fmt',
      'yuv420p',
      '-threads',
      '2',
      file,
    ],
    { timeout: 60_000 },
  );
}
