/**
 * Perceptual fingerprints of video (DESIGN §9). ffmpeg samples the clip at 2 fps and shrinks each
 * frame to 9×8 grey pixels with area averaging (`fps=2,scale=9:8:flags=area,format=gray`). A
 * frame's dHash has one bit per horizontally adjacent pixel pair, 8 per row × 8 rows: set when the
 * left pixel is brighter than the right one. Bit `8·row + col` (col 0 = leftmost pair), row 0 at
 * the top, so the hash reads row by row from the least significant bit.
 *
 * Mirrored copies are compared too. The mirrored hash of a frame is derived from the same 9×8
 * pixels with each row reversed, which is exactly the frame ffmpeg's `hflip` would give before
 * the area scale (area averaging is symmetric), so one ffmpeg run serves both. It cannot be
 * derived from the hash alone: where two neighbours are equal, both the pair and its mirror read
 * 0, while flipping bits would say 1.
 */

/** Frames per second the fingerprint samples. */
export const FINGERPRINT_FPS = 2;
export const FINGERPRINT_WIDTH = 9;
export const FINGERPRINT_HEIGHT = 8;
/** Bytes of one 9×8 grey frame. */
export const FINGERPRINT_FRAME_BYTES = FINGERPRINT_WIDTH * FINGERPRINT_HEIGHT;
/** The best alignment is searched within ±3 s: ±6 frames at 2 fps (a 0.5 s trim is one frame). */
export const MAX_OFFSET_FRAMES = 3 * FINGERPRINT_FPS;
/**
 * Mean Hamming distance (bits of 64 per frame) at or below which two clips are near duplicates.
 * Measured (DESIGN §9): re-encodes, trims, 5 % crops and flips ≤ 9.45; unrelated clips ≥ 21.7.
 */
export const NEAR_DUPLICATE_THRESHOLD = 12;

/** A clip's fingerprint: one unsigned 64-bit dHash per sampled frame, in time order. */
export interface VideoFingerprint {
  hashes: bigint[];
  /** The same frames mirrored left–right. */
  mirrored: bigint[];
}

export interface FingerprintMatch {
  /** Mean Hamming distance over the overlapping frames at the best alignment, 0–64. */
  distance: number;
  /** Frames of `b` that align with frame 0 of `a` (positive: `b` starts later). */
  offsetFrames: number;
  /** The best alignment compares `a` mirrored with `b`. */
  mirrored: boolean;
  /** Frames compared at that alignment. */
  overlapFrames: number;
}

/** dHash of one 9×8 grey frame (`pixels[row * 9 + col]`), and of the same frame mirrored. */
export function dHashFrame(pixels: Uint8Array): { hash: bigint; mirrored: bigint } {
  if (pixels.length !== FINGERPRINT_FRAME_BYTES) {
    throw new RangeError(`a fingerprint frame is ${FINGERPRINT_FRAME_BYTES} bytes`);
  }
  let hash = 0n;
  let mirrored = 0n;
  for (let row = 0; row < FINGERPRINT_HEIGHT; row++) {
    const at = row * FINGERPRINT_WIDTH;
    for (let col = 0; col < FINGERPRINT_WIDTH - 1; col++) {
      const bit = BigInt(row * 8 + col);
      // The mirrored row reads pixels right to left: its pair `col` is (8 - col, 7 - col).
      if (pixels[at + col]! > pixels[at + col + 1]!) hash |= 1n << bit;
      if (pixels[at + 8 - col]! > pixels[at + 7 - col]!) mirrored |= 1n << bit;
    }
  }
  return { hash, mirrored };
}

/** Splits raw 9×8 grey frames (ffmpeg `-f rawvideo -pix_fmt gray`) into a fingerprint. */
export function fingerprintFromFrames(raw: Uint8Array): VideoFingerprint {
  if (raw.length % FINGERPRINT_FRAME_BYTES !== 0) {
    throw new RangeError('raw fingerprint frames must be whole 9×8 frames');
  }
  const hashes: bigint[] = [];
  const mirrored: bigint[] = [];
  for (let at = 0; at < raw.length; at += FINGERPRINT_FRAME_BYTES) {
    const frame = dHashFrame(raw.subarray(at, at + FINGERPRINT_FRAME_BYTES));
    hashes.push(frame.hash);
    mirrored.push(frame.mirrored);
  }
  return { hashes, mirrored };
}

/** Set bits of `a XOR b` over 64 bits (signed or unsigned forms alike). */
export function hammingDistance(a: bigint, b: bigint): number {
  let x = BigInt.asUintN(64, a ^ b);
  let count = 0;
  while (x) {
    x &= x - 1n;
    count++;
  }
  return count;
}

/**
 * How far apart two clips are: the mean Hamming distance over overlapping frames at the best
 * alignment within ±`MAX_OFFSET_FRAMES`, trying `a` as it is and mirrored. An alignment must
 * overlap at least half of the shorter clip (and 1 frame), so a few edge frames cannot make
 * unrelated clips look close. `b` may be a stored clip's hashes only. No overlap at all → 64.
 */
export function fingerprintDistance(
  a: VideoFingerprint,
  b: VideoFingerprint | readonly bigint[],
): FingerprintMatch {
  const other = 'hashes' in b ? b.hashes : b;
  const minOverlap = Math.max(1, Math.ceil(Math.min(a.hashes.length, other.length) / 2));
  let best: FingerprintMatch = { distance: 64, offsetFrames: 0, mirrored: false, overlapFrames: 0 };
  for (const mirrored of [false, true]) {
    const mine = mirrored ? a.mirrored : a.hashes;
    for (let offset = -MAX_OFFSET_FRAMES; offset <= MAX_OFFSET_FRAMES; offset++) {
      let total = 0;
      let overlap = 0;
      for (let i = Math.max(0, -offset); i < mine.length && i + offset < other.length; i++) {
        total += hammingDistance(mine[i]!, other[i + offset]!);
        overlap++;
      }
      if (overlap < minOverlap) continue;
      const distance = total / overlap;
      if (
        distance < best.distance ||
        (distance === best.distance && overlap > best.overlapFrames)
      ) {
        best = { distance, offsetFrames: offset, mirrored, overlapFrames: overlap };
      }
    }
  }
  return best;
}

/** Whether a match is a near duplicate (`distance ≤ NEAR_DUPLICATE_THRESHOLD`). */
export function isNearDuplicate(match: FingerprintMatch): boolean {
  return match.overlapFrames > 0 && match.distance <= NEAR_DUPLICATE_THRESHOLD;
}

/**
 * The hash's four 16-bit bands for the LSH index (band 0 = the low bits), as signed 16-bit
 * integers so they fit PostgreSQL `smallint` columns: equal bands stay equal either way. Near
 * duplicates share whole bands often enough that "≥ 2 band hits, then re-rank by
 * `bit_count(a # b)`" finds them (DESIGN §9).
 */
export function lshBands(hash: bigint): [number, number, number, number] {
  const band = (i: number) => Number(BigInt.asIntN(16, hash >> BigInt(16 * i)));
  return [band(0), band(1), band(2), band(3)];
}

/** The hash as a signed 64-bit integer, for a PostgreSQL `bigint` column. */
export function hashToInt64(hash: bigint): bigint {
  return BigInt.asIntN(64, hash);
}

/** A hash read back from a `bigint` column (signed), as the unsigned form this module makes. */
export function hashFromInt64(value: bigint | string): bigint {
  return BigInt.asUintN(64, BigInt(value));
}
