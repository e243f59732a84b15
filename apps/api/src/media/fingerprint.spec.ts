import { describe, expect, it } from '@jest/globals';
import {
  type DuplicateEdit,
  type VideoFixture,
  editedFixture,
  videoFixture,
  MEDIA_TEST_ENV,
} from '../../test/support/media-fixtures.js';
import { AppConfig } from '../config/app-config.js';
import { FfmpegMediaTranscoder } from './ffmpeg-media-transcoder.js';
import {
  MAX_OFFSET_FRAMES,
  NEAR_DUPLICATE_THRESHOLD,
  type VideoFingerprint,
  dHashFrame,
  fingerprintDistance,
  fingerprintFromFrames,
  hammingDistance,
  hashFromInt64,
  hashToInt64,
  isNearDuplicate,
  lshBands,
} from './fingerprint.js';

/** A 9×8 frame from a function of (row, col). */
function frame(pixel: (row: number, col: number) => number): Uint8Array {
  const pixels = new Uint8Array(72);
  for (let row = 0; row < 8; row++) {
    for (let col = 0; col < 9; col++) pixels[row * 9 + col] = pixel(row, col);
  }
  return pixels;
}

/** A deterministic pseudo-random 64-bit value per index (splitmix64). */
function random64(i: number): bigint {
  let z = BigInt.asUintN(64, BigInt(i + 1) * 0x9e3779b97f4a7c15n);
  z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
  z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
  return z ^ (z >> 31n);
}

const only = (hashes: bigint[]): VideoFingerprint => ({ hashes, mirrored: hashes.map(() => 0n) });

describe('dHash', () => {
  it('sets a bit where the left pixel is brighter, row by row from the low bit', () => {
    const falling = frame((_row, col) => 200 - col * 10);
    expect(dHashFrame(falling)).toEqual({ hash: 2n ** 64n - 1n, mirrored: 0n });
    const rising = frame((_row, col) => col * 10);
    expect(dHashFrame(rising)).toEqual({ hash: 0n, mirrored: 2n ** 64n - 1n });
    // One step in row 2, between columns 3 and 4.
    const step = frame((row, col) => (row === 2 && col <= 3 ? 90 : 50));
    expect(dHashFrame(step).hash).toBe(1n << 19n);
    // Mirrored, that step lies between columns 4 and 5 and rises: no bit.
    expect(dHashFrame(step).mirrored).toBe(0n);
    const stepUp = frame((row, col) => (row === 2 && col >= 4 ? 90 : 50));
    expect(dHashFrame(stepUp)).toEqual({ hash: 0n, mirrored: 1n << 20n });
  });

  it('leaves equal neighbours unset in both directions', () => {
    expect(dHashFrame(frame(() => 128))).toEqual({ hash: 0n, mirrored: 0n });
  });

  it('reads raw frames in order and refuses a partial one', () => {
    const raw = new Uint8Array([...frame((_r, c) => 200 - c), ...frame(() => 7)]);
    expect(fingerprintFromFrames(raw)).toEqual({
      hashes: [2n ** 64n - 1n, 0n],
      mirrored: [0n, 0n],
    });
    expect(() => fingerprintFromFrames(raw.subarray(0, 100))).toThrow('whole 9×8 frames');
    expect(() => dHashFrame(new Uint8Array(71))).toThrow(RangeError);
  });
});

describe('fingerprintDistance', () => {
  const clip = Array.from({ length: 20 }, (_, i) => random64(i));

  it('counts differing bits over 64, signed or not', () => {
    expect(hammingDistance(0n, 2n ** 64n - 1n)).toBe(64);
    expect(hammingDistance(-1n, 0n)).toBe(64);
    expect(hammingDistance(0b1011n, 0b0110n)).toBe(3);
    expect(hammingDistance(hashToInt64(2n ** 63n + 5n), 2n ** 63n + 5n)).toBe(0);
  });

  it('is 0 for the same clip, and finds a shift of up to ±6 frames', () => {
    expect(fingerprintDistance(only(clip), clip)).toEqual({
      distance: 0,
      offsetFrames: 0,
      mirrored: false,
      overlapFrames: 20,
    });
    for (const shift of [1, 3, MAX_OFFSET_FRAMES]) {
      // `b` is `a` with its first frames cut: frame i of `a` is frame i - shift of `b`.
      expect(fingerprintDistance(only(clip), clip.slice(shift))).toMatchObject({
        distance: 0,
        offsetFrames: -shift,
      });
      expect(fingerprintDistance(only(clip.slice(shift)), clip)).toMatchObject({
        distance: 0,
        offsetFrames: shift,
      });
    }
    // Seven frames (3.5 s) is past the window: the clips no longer line up.
    expect(fingerprintDistance(only(clip), clip.slice(7)).distance).toBeGreaterThan(20);
  });

  it('compares the mirrored frames too', () => {
    const mirrored = Array.from({ length: 20 }, (_, i) => random64(100 + i));
    const a = { hashes: clip, mirrored };
    expect(fingerprintDistance(a, mirrored)).toMatchObject({ distance: 0, mirrored: true });
    expect(fingerprintDistance(a, { hashes: mirrored, mirrored: clip })).toMatchObject({
      distance: 0,
      mirrored: true,
    });
  });

  it('is about 32 bits for unrelated clips, and averages over the overlap', () => {
    const other = Array.from({ length: 20 }, (_, i) => random64(500 + i));
    const far = fingerprintDistance(only(clip), other);
    expect(far.distance).toBeGreaterThan(24);
    expect(far.distance).toBeLessThan(40);
    expect(isNearDuplicate(far)).toBe(false);
    // Half the frames equal, half with 16 bits flipped: 8 on average.
    const half = clip.map((hash, i) => (i % 2 ? hash ^ 0xffffn : hash));
    expect(fingerprintDistance(only(clip), half)).toMatchObject({ distance: 8, offsetFrames: 0 });
    expect(isNearDuplicate(fingerprintDistance(only(clip), half))).toBe(true);
  });

  it('needs half the shorter clip to overlap, and gives 64 for nothing to compare', () => {
    // A 2-frame match at the edge of a 10-frame clip does not count.
    const a = Array.from({ length: 10 }, (_, i) => random64(i));
    const b = [a[8]!, a[9]!, ...Array.from({ length: 8 }, (_, i) => random64(900 + i))];
    expect(fingerprintDistance(only(a), b).distance).toBeGreaterThan(20);
    expect(fingerprintDistance(only([]), clip)).toEqual({
      distance: 64,
      offsetFrames: 0,
      mirrored: false,
      overlapFrames: 0,
    });
    expect(isNearDuplicate(fingerprintDistance(only([]), []))).toBe(false);
  });
});

describe('lshBands and the SQL forms', () => {
  it('cuts a hash into four 16-bit bands, low bits first, signed for smallint', () => {
    expect(lshBands(0x0123_4567_89ab_cdefn)).toEqual([
      0xcdef - 0x10000,
      0x89ab - 0x10000,
      0x4567,
      0x0123,
    ]);
    for (let i = 0; i < 200; i++) {
      const hash = random64(i);
      const bands = lshBands(hash);
      for (const band of bands) {
        expect(band).toBeGreaterThanOrEqual(-32768);
        expect(band).toBeLessThanOrEqual(32767);
      }
      // The bands are the hash: put back together, they give it again.
      const rebuilt = bands.reduce(
        (sum, band, k) => sum | (BigInt(band & 0xffff) << BigInt(16 * k)),
        0n,
      );
      expect(rebuilt).toBe(hash);
    }
  });

  it('stores a hash as a signed bigint and reads it back', () => {
    expect(hashToInt64(2n ** 64n - 1n)).toBe(-1n);
    expect(hashToInt64(5n)).toBe(5n);
    expect(hashFromInt64('-1')).toBe(2n ** 64n - 1n);
    for (let i = 0; i < 50; i++) {
      const hash = random64(i);
      const stored = hashToInt64(hash);
      expect(stored).toBeGreaterThanOrEqual(-(2n ** 63n));
      expect(stored).toBeLessThan(2n ** 63n);
      expect(hashFromInt64(stored.toString())).toBe(hash);
    }
  });
});

describe('near duplicates of generated clips', () => {
  const transcoder = new FfmpegMediaTranscoder(AppConfig.fromEnv(MEDIA_TEST_ENV));
  const originals: [string, VideoFixture][] = [
    ['mandelbrot', { source: 'mandelbrot', seed: 1 }],
    ['pan', { source: 'pan', seed: 1 }],
    ['life', { source: 'life', seed: 3 }],
    ['cellauto', { source: 'cellauto', seed: 2 }],
  ];
  const edits: DuplicateEdit[] = ['reencode', 'trim', 'crop', 'flip'];
  const base = { width: 320, height: 180, seconds: 4 } as const;
  const table: string[] = [];

  it('puts re-encoded, trimmed, cropped and flipped copies under the threshold', async () => {
    const rows: [string, DuplicateEdit, number, boolean][] = [];
    for (const [name, video] of originals) {
      const original = await videoFixture({ ...base, ...video });
      const fingerprint = await transcoder.fingerprintFrames(original);
      for (const edit of edits) {
        const copy = await transcoder.fingerprintFrames(await editedFixture(original, edit));
        const match = fingerprintDistance(fingerprint, copy);
        rows.push([name, edit, match.distance, match.mirrored]);
        table.push(
          `${name.padEnd(10)} ${edit.padEnd(8)} ${match.distance.toFixed(2).padStart(6)}` +
            `  offset ${match.offsetFrames}${match.mirrored ? '  mirrored' : ''}`,
        );
      }
    }
    process.stdout.write(
      `near duplicates (distance ≤ ${NEAR_DUPLICATE_THRESHOLD}):\n${table.join('\n')}\n`,
    );
    for (const [name, edit, distance, mirrored] of rows) {
      expect({ name, edit, near: distance <= NEAR_DUPLICATE_THRESHOLD }).toEqual({
        name,
        edit,
        near: true,
      });
      expect({ name, edit, mirrored }).toEqual({ name, edit, mirrored: edit === 'flip' });
    }
  });

  it('keeps unrelated clips above it', async () => {
    const clips: [string, VideoFixture][] = [
      ...originals,
      ['mandelbrot-2', { source: 'mandelbrot', seed: 2 }],
      ['pan-2', { source: 'pan', seed: 4 }],
      ['life-2', { source: 'life', seed: 11 }],
    ];
    const fingerprints = await Promise.all(
      clips.map(async ([, video]) =>
        transcoder.fingerprintFrames(await videoFixture({ ...base, ...video })),
      ),
    );
    const lines: string[] = [];
    let closest = 64;
    for (let i = 0; i < clips.length; i++) {
      for (let j = i + 1; j < clips.length; j++) {
        const match = fingerprintDistance(fingerprints[i]!, fingerprints[j]!);
        closest = Math.min(closest, match.distance);
        lines.push(
          `${clips[i]![0].padEnd(12)} ${clips[j]![0].padEnd(12)} ${match.distance.toFixed(2).padStart(6)}`,
        );
        expect({ pair: [clips[i]![0], clips[j]![0]], near: isNearDuplicate(match) }).toEqual({
          pair: [clips[i]![0], clips[j]![0]],
          near: false,
        });
      }
    }
    process.stdout.write(`unrelated pairs (closest ${closest.toFixed(2)}):\n${lines.join('\n')}\n`);
  });
});
