import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ffmpegBinary, ffprobeBinary } from '../../src/media/media-binaries.js';

/**
 * Test media, generated with ffmpeg at test time (never committed): synthetic video from lavfi
 * sources, and the kinds of bad upload verification must refuse. Files are cached by their
 * parameters in one directory per jest run (`CLEARFRAME_TEST_MEDIA_DIR`, made by global setup and
 * removed by its teardown), so files asking for the same clip share it; outside jest, in a
 * directory of this process. The binaries are the ones the adapters use: FFMPEG_PATH /
 * FFPROBE_PATH, else the npm packages' builds.
 */

const run = promisify(execFile);

/**
 * The media variables of the test run, for the adapters under test: empty in CI, so they use the
 * npm builds as embedded mode does; `FFMPEG_PATH=/usr/bin/ffmpeg FFPROBE_PATH=/usr/bin/ffprobe`
 * runs the same specs against the system's binaries, as production uses them.
 */
export const MEDIA_TEST_ENV: Record<string, string> = Object.fromEntries(
  (['FFMPEG_PATH', 'FFPROBE_PATH'] as const).flatMap((name) => {
    const value = process.env[name];
    return value ? [[name, value]] : [];
  }),
);

export const FIXTURE_FFMPEG = ffmpegBinary({ ffmpegPath: MEDIA_TEST_ENV.FFMPEG_PATH });
export const FIXTURE_FFPROBE = ffprobeBinary({ ffprobePath: MEDIA_TEST_ENV.FFPROBE_PATH });

/** `black`: a flat black picture, where anything drawn on it (a watermark) is all that shows. */
export type VideoSource = 'mandelbrot' | 'life' | 'cellauto' | 'pan' | 'black';
export type VideoCodec =
  'h264' | 'hevc' | 'mpeg4' | 'mpeg2video' | 'vp8' | 'vp9' | 'mjpeg' | 'prores' | 'ffv1' | 'wmv2';
export type VideoContainer = 'mp4' | 'mov' | 'm4v' | 'mkv' | 'webm' | 'avi' | 'mxf' | 'ts';

export interface VideoFixture {
  source?: VideoSource;
  width?: number;
  height?: number;
  fps?: number;
  seconds?: number;
  /** A 440 Hz tone as a second stream. */
  audio?: boolean;
  codec?: VideoCodec;
  container?: VideoContainer;
  /** MP4/MOV: index (moov) at the start (default) or at the end. */
  faststart?: boolean;
  /** Varies the picture of `life`, `cellauto` and `pan` (and the zoom centre of `mandelbrot`). */
  seed?: number;
}

const DEFAULTS: Required<VideoFixture> = {
  source: 'mandelbrot',
  width: 320,
  height: 180,
  fps: 25,
  seconds: 3,
  audio: false,
  codec: 'h264',
  container: 'mp4',
  faststart: true,
  seed: 1,
};

/** A generated video file; the same parameters give the same path within a run. */
export function videoFixture(options: VideoFixture = {}): Promise<string> {
  const o = { ...DEFAULTS, ...options };
  return cached('video', o, o.container, async (out) => {
    const args = lavfiInput(o);
    if (o.audio) {
      args.push('-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${o.seconds}`);
    }
    args.push('-map', '0:v', ...(o.audio ? ['-map', '1:a', ...audioCodec(o.container)] : []));
    // The sources are endless: the length is an output option.
    args.push(...videoCodec(o.codec), '-r', String(o.fps), '-t', String(o.seconds));
    if (['mp4', 'mov', 'm4v'].includes(o.container) && o.faststart) {
      args.push('-movflags', '+faststart');
    }
    args.push('-f', MUXERS[o.container], out);
    await ffmpeg(args);
  });
}

export type DuplicateEdit = 'reencode' | 'trim' | 'crop' | 'flip';

/**
 * A near duplicate of a video file: `reencode` (MPEG-4 part 2 at a low quality, 256×144),
 * `trim` (the first 0.5 s cut), `crop` (the centre 95 % of width and height), `flip` (mirrored
 * left–right). Each is re-encoded, as a copy found in the wild would be.
 */
export function editedFixture(input: string, edit: DuplicateEdit): Promise<string> {
  return cached(`edit-${edit}`, { input, edit }, 'mp4', async (out) => {
    const edits: Record<DuplicateEdit, string[]> = {
      reencode: ['-vf', 'scale=256:144', '-c:v', 'mpeg4', '-q:v', '12'],
      trim: ['-ss', '0.5', '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '26'],
      crop: [
        '-vf',
        'crop=2*trunc(iw*0.475):2*trunc(ih*0.475)',
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-crf',
        '26',
      ],
      flip: ['-vf', 'hflip', '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '26'],
    };
    const [before, after] =
      edit === 'trim' ? [edits.trim.slice(0, 2), edits.trim.slice(2)] : [[], edits[edit]];
    await ffmpeg([...before, '-i', input, '-an', ...after, '-pix_fmt', 'yuv420p', out]);
  });
}

/** A sound file without picture (AAC in an MP4 container, as a phone's voice memo). */
export function audioOnlyFixture(seconds = 2): Promise<string> {
  return cached('audio', { seconds }, 'm4a', (out) =>
    ffmpeg([
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
      '-c:a',
      'aac',
      '-f',
      'mp4',
      out,
    ]),
  );
}

/** One PNG picture of the Mandelbrot set. */
export function stillImageFixture(width = 320, height = 180): Promise<string> {
  return cached('still', { width, height }, 'png', (out) =>
    ffmpeg([
      '-f',
      'lavfi',
      '-i',
      `mandelbrot=size=${width}x${height}`,
      '-frames:v',
      '1',
      '-f',
      'image2',
      '-update',
      '1',
      out,
    ]),
  );
}

/**
 * The first `keepFraction` of a video file's bytes, as an interrupted copy leaves it. With the
 * index at the start (faststart) the header is whole and the samples run out; with the index at
 * the end it is missing.
 */
export function truncatedFixture(
  options: VideoFixture & { keepFraction?: number } = {},
): Promise<string> {
  const { keepFraction = 0.6, ...video } = options;
  const container = video.container ?? 'mp4';
  return cached('truncated', { keepFraction, ...video }, container, async (out) => {
    const whole = fs.readFileSync(await videoFixture(video));
    fs.writeFileSync(out, whole.subarray(0, Math.floor(whole.length * keepFraction)));
  });
}

/** A file of zero bytes named like a video. */
export function emptyFixture(): Promise<string> {
  return cached('empty', {}, 'mp4', (out) => fs.writeFileSync(out, ''));
}

/** A text file renamed to `.mp4`. */
export function renamedTextFixture(): Promise<string> {
  return cached('text', {}, 'mp4', (out) =>
    fs.writeFileSync(out, 'Shot list: harbour at dawn, 3 takes; pier at dusk, 2 takes.\n'),
  );
}

/** The version line of a binary, for the record (`ffmpeg version N-… Copyright …`). */
export async function binaryVersion(binary: string): Promise<string> {
  const { stdout } = await run(binary, ['-version']);
  return stdout.split('\n')[0] ?? '';
}

// --- generation -----------------------------------------------------------------------------

const MUXERS: Record<VideoContainer, string> = {
  mp4: 'mp4',
  mov: 'mov',
  m4v: 'ipod',
  mkv: 'matroska',
  webm: 'webm',
  avi: 'avi',
  mxf: 'mxf',
  ts: 'mpegts',
};

const ZOOM_TARGETS: [number, number][] = [
  [-0.1011, 0.9563],
  [-0.743643887037151, 0.13182590420533],
  [-1.25066, 0.02012],
  [-0.7453, 0.1127],
  [0.2549, 0.0005],
];

function lavfiInput(o: Required<VideoFixture>): string[] {
  const size = `${o.width}x${o.height}`;
  const rate = `rate=${o.fps}`;
  // life and cellauto draw 1-pixel cells: draw them small and enlarge them, so the picture has
  // structure at the scale a fingerprint looks at (9×8).
  const small = `${Math.max(8, Math.round(o.width / 10))}x${Math.max(8, Math.round(o.height / 10))}`;
  const enlarge = `scale=${o.width}:${o.height}:flags=neighbor`;
  // Points on the set's edge to zoom into, one per seed.
  const [x, y] = ZOOM_TARGETS[o.seed % ZOOM_TARGETS.length]!;
  const graphs: Record<VideoSource, string> = {
    mandelbrot: `mandelbrot=size=${size}:${rate}:start_x=${x}:start_y=${y}:end_scale=0.05:end_pts=${o.seconds * 25}`,
    life: `life=size=${small}:${rate}:seed=${o.seed}:ratio=0.35:mold=8:life_color=#f0e0a0:death_color=#101830:mold_color=#604020,${enlarge}`,
    cellauto: `cellauto=size=${small}:${rate}:rule=${[30, 110, 90, 150][o.seed % 4]}:seed=${o.seed}:scroll=1,${enlarge}`,
    black: `color=c=black:size=${size}:${rate}`,
    // A camera pan across a still texture: sums of sines with phases from the seed.
    pan: [
      `nullsrc=size=${o.width * 3}x${o.height * 3}:rate=1:duration=1`,
      `geq=lum='128+60*sin(X/37+${o.seed})*cos(Y/23)+40*sin((X+Y)/71+${o.seed * 2})':cb=128+30*sin(X/50):cr=128+30*cos(Y/40)`,
      'trim=end_frame=1',
      `loop=loop=${Math.ceil(o.seconds * o.fps) + 1}:size=1:start=0`,
      `setpts=N/(${o.fps}*TB)`,
      `crop=w=${o.width}:h=${o.height}:x='(in_w-out_w)*t/${o.seconds + 1}':y='(in_h-out_h)*t/${2 * (o.seconds + 1)}'`,
    ].join(','),
  };
  return ['-f', 'lavfi', '-i', graphs[o.source]];
}

function videoCodec(codec: VideoCodec): string[] {
  const yuv = ['-pix_fmt', 'yuv420p'];
  const codecs: Record<VideoCodec, string[]> = {
    h264: ['-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '23', ...yuv],
    hevc: ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', ...yuv],
    mpeg4: ['-c:v', 'mpeg4', '-q:v', '4', ...yuv],
    mpeg2video: ['-c:v', 'mpeg2video', '-q:v', '4', ...yuv],
    vp8: ['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '500k', ...yuv],
    vp9: ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '500k', ...yuv],
    mjpeg: ['-c:v', 'mjpeg', '-q:v', '4', '-pix_fmt', 'yuvj420p'],
    prores: ['-c:v', 'prores_ks', '-profile:v', '0', '-pix_fmt', 'yuv422p10le'],
    ffv1: ['-c:v', 'ffv1', ...yuv],
    wmv2: ['-c:v', 'wmv2', ...yuv],
  };
  return codecs[codec];
}

function audioCodec(container: VideoContainer): string[] {
  if (container === 'webm') return ['-c:a', 'libopus', '-b:a', '48k'];
  if (container === 'avi' || container === 'mxf') return ['-c:a', 'pcm_s16le'];
  return ['-c:a', 'aac', '-b:a', '64k'];
}

async function ffmpeg(args: string[]): Promise<void> {
  await run(FIXTURE_FFMPEG, ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', ...args], {
    maxBuffer: 16 * 1024 * 1024,
    timeout: 120_000,
    killSignal: 'SIGKILL',
  });
}

let processDir: string | undefined;
function cacheDir(): string {
  const shared = process.env.CLEARFRAME_TEST_MEDIA_DIR;
  if (shared) {
    fs.mkdirSync(shared, { recursive: true });
    return shared;
  }
  if (!processDir) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearframe-media-'));
    processDir = dir;
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return processDir;
}

const pending = new Map<string, Promise<string>>();

/**
 * The file for `kind` + `params`, made by `make(tmpFile)` once: written under a temporary name
 * and renamed into place, so a jest worker never reads another's half-written file.
 */
function cached(
  kind: string,
  params: object,
  extension: string,
  make: (out: string) => unknown,
): Promise<string> {
  const key = createHash('sha256')
    .update(JSON.stringify([kind, params, FIXTURE_FFMPEG]))
    .digest('hex')
    .slice(0, 16);
  const file = path.join(cacheDir(), `${kind}-${key}.${extension}`);
  let promise = pending.get(file);
  if (!promise) {
    promise = (async () => {
      if (fs.existsSync(file)) return file;
      const tmp = `${file}.${process.pid}.${Date.now()}.tmp.${extension}`;
      await make(tmp);
      fs.renameSync(tmp, file);
      return file;
    })();
    pending.set(file, promise);
    promise.catch(() => pending.delete(file));
  }
  return promise;
}
