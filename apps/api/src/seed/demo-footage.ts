import { spawn } from 'node:child_process';

/** One synthetic clip of the demo catalog: how ffmpeg draws it, and how its creator describes it. */
export interface DemoClipSpec {
  /** Stable within the demo; also the file name (`<slug>.mp4`). */
  slug: string;
  /** Which demo studio lists it (index into the creator accounts). */
  studio: 0 | 1;
  /** An ffmpeg lavfi graph producing the picture. */
  video: string;
  width: number;
  height: number;
  fps: number;
  seconds: number;
  /** A tone under the picture, or none. */
  audioHz?: number;
  title: string;
  description: string;
  tags: string[];
  category: string;
  captions: string;
  cameraMotion: string;
  setting: string;
  timeOfDay?: string;
  country: string;
}

/** A source's grid size: `size` divided by `factor`, whole and even (encoders want even sizes). */
const cells = (size: number, factor: number) => Math.max(2, 2 * Math.round(size / factor / 2));

// Sources that fingerprint differently frame to frame (DESIGN §9: `testsrc2` frames all hash
// alike): fractal zooms, cellular automata, and pans or zooms over a still drawn by one of them.
// The fractal is drawn at a quarter of the size and scaled up: ffmpeg's mandelbrot source costs
// per pixel and iteration, and the demo must not keep a laptop busy for minutes. Every fractal
// clip dives towards its own point of the set's boundary, from its own scale, so no two look
// alike to the duplicate check.
const POINTS: Record<string, [number, number, number]> = {
  seahorse: [-0.743643887, 0.131825904, 0.8],
  elephant: [0.2925755, -0.0149977, 0.5],
  spiral: [-0.7269, 0.1889, 0.6],
  needle: [-1.2506, 0.0201, 0.4],
  antenna: [-0.1011, 0.9563, 0.5],
  valley: [-0.1592, -1.0317, 0.7],
  bulb: [-1.7589, 0.0009, 0.3],
  mini: [-0.7746, 0.1247, 0.9],
  dendrite: [-0.2261, -1.1151, 0.6],
  double: [0.4379, 0.3418, 0.5],
};
const mandelbrot = (
  w: number,
  h: number,
  fps: number,
  seconds: number,
  hue: number,
  at: string,
) => {
  const [x, y, scale] = POINTS[at]!;
  return (
    `mandelbrot=size=${cells(w, 4)}x${cells(h, 4)}:rate=${fps}:maxiter=150:start_x=${x}:start_y=${y}:` +
    `start_scale=${scale}:end_scale=${(scale / 40).toFixed(4)}:end_pts=${fps * seconds * 2},` +
    `scale=${w}:${h}:flags=bicubic,hue=h=${hue}`
  );
};

// Cellular automata run on a coarse grid scaled up without smoothing: blocks that move, which
// compress well and draw fast.
const life = (w: number, h: number, fps: number, color: string) =>
  `life=size=${cells(w, 8)}x${cells(h, 8)}:rate=${fps}:ratio=0.35:mold=12:life_color=${color}:death_color=#101820,` +
  `scale=${w}:${h}:flags=neighbor`;
const cellauto = (w: number, h: number, fps: number, rule: number) =>
  `cellauto=size=${cells(w, 4)}x${cells(h, 4)}:rate=${fps}:rule=${rule}:scroll=1,scale=${w}:${h}:flags=neighbor`;
/** A pan across a life texture twice the frame's width, softened by the bicubic upscale. */
const pan = (w: number, h: number, fps: number, color: string, seconds: number) =>
  `life=size=${cells(w, 4)}x${cells(h, 8)}:rate=${fps}:ratio=0.5:life_color=${color}:death_color=#0b132b,` +
  `scale=${w * 2}:${h}:flags=bicubic,crop=${w}:${h}:x='(in_w-out_w)*t/${seconds}':y=0`;
/** About two dozen clips over both demo studios: sizes, frame rates, durations and sources vary. */
export const DEMO_CLIPS: DemoClipSpec[] = [
  spec(0, 'fractal-dive-amber', mandelbrot(1280, 720, 30, 8, 20, 'seahorse'), 1280, 720, 30, 8, {
    title: 'Fractal dive, amber',
    tags: ['fractal', 'abstract', 'zoom', 'warm'],
    category: 'abstract',
    cameraMotion: 'zoom',
  }),
  spec(0, 'fractal-dive-teal', mandelbrot(1280, 720, 24, 6, 180, 'elephant'), 1280, 720, 24, 6, {
    title: 'Fractal dive, teal',
    tags: ['fractal', 'abstract', 'zoom', 'cool'],
    category: 'abstract',
    cameraMotion: 'zoom',
  }),
  spec(0, 'colony-growth-gold', life(640, 360, 25, '#ffcc00'), 640, 360, 25, 10, {
    title: 'Colony growth, gold on slate',
    tags: ['cellular automaton', 'growth', 'pattern'],
    category: 'nature',
    cameraMotion: 'static',
    audioHz: 220,
  }),
  spec(0, 'colony-growth-green', life(960, 540, 30, '#7bd389'), 960, 540, 30, 7, {
    title: 'Colony growth, green',
    tags: ['cellular automaton', 'growth', 'organic'],
    category: 'nature',
    cameraMotion: 'static',
  }),
  spec(0, 'rule-30-cascade', cellauto(1280, 720, 30, 30), 1280, 720, 30, 6, {
    title: 'Rule 30 cascade',
    tags: ['cellular automaton', 'monochrome', 'scroll'],
    category: 'abstract',
    cameraMotion: 'tilt',
  }),
  spec(0, 'rule-110-ribbon', cellauto(640, 360, 24, 110), 640, 360, 24, 9, {
    title: 'Rule 110 ribbon',
    tags: ['cellular automaton', 'monochrome', 'texture'],
    category: 'abstract',
    cameraMotion: 'tilt',
  }),
  spec(0, 'slow-pan-ember', pan(1280, 720, 30, '#ff7f50', 8), 1280, 720, 30, 8, {
    title: 'Slow pan over ember texture',
    tags: ['texture', 'pan', 'warm', 'background'],
    category: 'other',
    cameraMotion: 'pan',
    timeOfDay: 'dusk',
  }),
  spec(0, 'slow-pan-ice', pan(960, 540, 25, '#9ad1ff', 10), 960, 540, 25, 10, {
    title: 'Slow pan over ice texture',
    tags: ['texture', 'pan', 'cool', 'background'],
    category: 'other',
    cameraMotion: 'pan',
  }),
  spec(0, 'push-in-violet', mandelbrot(1280, 720, 30, 6, 270, 'spiral'), 1280, 720, 30, 6, {
    title: 'Push-in on a violet fractal',
    tags: ['fractal', 'push-in', 'violet'],
    category: 'abstract',
    cameraMotion: 'dolly',
  }),
  spec(0, 'vertical-colony', life(540, 960, 30, '#f25f5c'), 540, 960, 30, 6, {
    title: 'Vertical colony, coral',
    tags: ['vertical', 'cellular automaton', 'social'],
    category: 'nature',
    cameraMotion: 'static',
  }),
  spec(0, 'vertical-fractal', mandelbrot(720, 1280, 30, 5, 90, 'needle'), 720, 1280, 30, 5, {
    title: 'Vertical fractal dive',
    tags: ['vertical', 'fractal', 'zoom'],
    category: 'abstract',
    cameraMotion: 'zoom',
  }),
  spec(0, 'high-rate-colony', life(1280, 720, 60, '#ffe066'), 1280, 720, 60, 4, {
    title: 'Colony at 60 fps',
    tags: ['cellular automaton', 'high frame rate'],
    category: 'nature',
    cameraMotion: 'static',
  }),
  spec(1, 'deep-zoom-crimson', mandelbrot(1920, 1080, 24, 4, 330, 'antenna'), 1920, 1080, 24, 4, {
    title: 'Deep zoom, crimson',
    tags: ['fractal', 'zoom', 'red', '1080p'],
    category: 'abstract',
    cameraMotion: 'zoom',
  }),
  spec(1, 'deep-zoom-moss', mandelbrot(1280, 720, 25, 12, 100, 'valley'), 1280, 720, 25, 12, {
    title: 'Deep zoom, moss',
    tags: ['fractal', 'zoom', 'green'],
    category: 'abstract',
    cameraMotion: 'zoom',
    audioHz: 330,
  }),
  spec(1, 'automaton-rain', cellauto(960, 540, 30, 90), 960, 540, 30, 8, {
    title: 'Automaton rain',
    tags: ['cellular automaton', 'rain', 'scroll'],
    category: 'other',
    cameraMotion: 'tilt',
    timeOfDay: 'night',
  }),
  spec(1, 'automaton-weave', cellauto(1280, 720, 24, 150), 1280, 720, 24, 6, {
    title: 'Automaton weave',
    tags: ['cellular automaton', 'weave', 'pattern'],
    category: 'other',
    cameraMotion: 'tilt',
  }),
  spec(1, 'tide-pool-life', life(1280, 720, 24, '#00b4d8'), 1280, 720, 24, 9, {
    title: 'Tide-pool life',
    tags: ['cellular automaton', 'water', 'blue'],
    category: 'nature',
    cameraMotion: 'static',
    setting: 'outdoor',
  }),
  spec(1, 'lichen-spread', life(640, 360, 30, '#b5e48c'), 640, 360, 30, 11, {
    title: 'Lichen spread',
    tags: ['cellular automaton', 'organic', 'green'],
    category: 'nature',
    cameraMotion: 'static',
    setting: 'outdoor',
  }),
  spec(1, 'pan-across-dunes', pan(1280, 720, 24, '#e9c46a', 10), 1280, 720, 24, 10, {
    title: 'Pan across dune texture',
    tags: ['texture', 'pan', 'sand', 'background'],
    category: 'other',
    cameraMotion: 'pan',
    timeOfDay: 'day',
  }),
  spec(1, 'pan-across-night', pan(960, 540, 30, '#5e60ce', 7), 960, 540, 30, 7, {
    title: 'Pan across night texture',
    tags: ['texture', 'pan', 'night', 'background'],
    category: 'other',
    cameraMotion: 'pan',
    timeOfDay: 'night',
  }),
  spec(1, 'push-in-copper', mandelbrot(1280, 720, 25, 8, 30, 'bulb'), 1280, 720, 25, 8, {
    title: 'Push-in on a copper fractal',
    tags: ['fractal', 'push-in', 'copper'],
    category: 'abstract',
    cameraMotion: 'dolly',
  }),
  spec(1, 'push-in-jade', mandelbrot(960, 540, 30, 5, 140, 'mini'), 960, 540, 30, 5, {
    title: 'Push-in on a jade fractal',
    tags: ['fractal', 'push-in', 'green'],
    category: 'abstract',
    cameraMotion: 'dolly',
    audioHz: 440,
  }),
  spec(1, 'vertical-rain', cellauto(540, 960, 30, 30), 540, 960, 30, 6, {
    title: 'Vertical automaton rain',
    tags: ['vertical', 'cellular automaton', 'rain'],
    category: 'other',
    cameraMotion: 'tilt',
  }),
  spec(1, 'short-loop-sun', mandelbrot(640, 360, 30, 3, 45, 'dendrite'), 640, 360, 30, 3, {
    title: 'Short fractal loop, sun',
    tags: ['fractal', 'loop', 'short'],
    category: 'abstract',
    cameraMotion: 'zoom',
  }),
];

function spec(
  studio: 0 | 1,
  slug: string,
  video: string,
  width: number,
  height: number,
  fps: number,
  seconds: number,
  text: {
    title: string;
    tags: string[];
    category: string;
    cameraMotion: string;
    setting?: string;
    timeOfDay?: string;
    audioHz?: number;
  },
): DemoClipSpec {
  return {
    slug,
    studio,
    video,
    width,
    height,
    fps,
    seconds,
    ...(text.audioHz ? { audioHz: text.audioHz } : {}),
    title: text.title,
    description: `${text.title}: a synthetic ${seconds}-second shot at ${width}×${height}, ${fps} fps, generated for the Clearframe demo catalog.`,
    tags: text.tags,
    category: text.category,
    captions: `${text.title.toLowerCase()}; ${text.cameraMotion} camera; no people, no text, no logos.`,
    cameraMotion: text.cameraMotion,
    setting: text.setting ?? 'studio',
    ...(text.timeOfDay ? { timeOfDay: text.timeOfDay } : {}),
    country: studio === 0 ? 'NG' : 'MX',
  };
}

/** The ffmpeg arguments that draw `clip` into an H.264 MP4 at `outFile` (argument array, no shell). */
export function demoClipArgs(clip: DemoClipSpec, outFile: string): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    clip.video,
    ...(clip.audioHz
      ? ['-f', 'lavfi', '-i', `sine=frequency=${clip.audioHz}:sample_rate=48000`]
      : []),
    '-t',
    String(clip.seconds),
    '-vf',
    `scale=${clip.width}:${clip.height},format=yuv420p`,
    '-r',
    String(clip.fps),
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-crf',
    '26',
    '-threads',
    '2',
    ...(clip.audioHz ? ['-c:a', 'aac', '-b:a', '64k', '-shortest'] : ['-an']),
    '-movflags',
    '+faststart',
    outFile,
  ];
}

/** Draws one demo clip with ffmpeg; rejects with ffmpeg's last error line. */
export function renderDemoClip(
  ffmpegPath: string,
  clip: DemoClipSpec,
  outFile: string,
  timeoutMs = 120_000,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath, demoClipArgs(clip, outFile), {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2_000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else {
        const last = stderr.trim().split('\n').pop() ?? '';
        reject(new Error(`ffmpeg drew no ${clip.slug} (${signal ?? `exit ${code}`}): ${last}`));
      }
    });
  });
}
