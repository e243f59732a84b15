import { CertificateError } from './certificate.errors.js';
import { compressBlock, initialState } from './sha256.hash.js';

// The Merkle Tree Hash of RFC 9162 (Certificate Transparency v2, §2.1.1) over SHA-256:
//   leaf  = SHA-256(0x00 || the clip's 32-byte sha256)
//   node  = SHA-256(0x01 || left || right)
// The tree splits at the largest power of two below n, which is the same as building it
// level by level and carrying an odd last node up unchanged (never duplicated: duplicating
// would let two different clip lists share a root). Order matters: the root commits to the
// clips' order in the grant. The prefixes keep a leaf from ever being read as a node.
//
// Inputs are fixed-size, so both hashes are written straight into 16-word blocks (one block
// for a leaf, two for a node) instead of going through the general byte-oriented sha256().

/** Identifies this construction in certificates and docs. */
export const MERKLE_ALGORITHM = 'rfc9162-sha256';

const HEX_VALUES = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < 10; i++) table[48 + i] = i;
  for (let i = 0; i < 6; i++) {
    table[65 + i] = 10 + i;
    table[97 + i] = 10 + i;
  }
  return table;
})();

function parseHashInto(hex: unknown, index: number, out: Int32Array, offset: number): void {
  if (typeof hex !== 'string' || hex.length !== 64) {
    throw new CertificateError('invalid_hash', `Hash ${index} is not 64 hex characters.`, [
      {
        path: String(index),
        message: 'Expected a SHA-256 digest as 64 hex characters.',
        code: 'invalid_format',
      },
    ]);
  }
  for (let word = 0; word < 8; word++) {
    let value = 0;
    for (let char = 0; char < 8; char++) {
      const code = hex.charCodeAt(word * 8 + char);
      const nibble = code < 128 ? HEX_VALUES[code]! : -1;
      if (nibble < 0) {
        throw new CertificateError(
          'invalid_hash',
          `Hash ${index} contains a character that is not hex.`,
          [
            {
              path: String(index),
              message: 'Expected a SHA-256 digest as 64 hex characters.',
              code: 'invalid_format',
            },
          ],
        );
      }
      value = (value << 4) | nibble;
    }
    out[offset + word] = value;
  }
}

const block = new Int32Array(32);
const state = new Int32Array(8);
const INITIAL = initialState();

function hashLeaf(digest: Int32Array, offset: number, out: Int32Array, outOffset: number): void {
  // 0x00 followed by 32 bytes: every word shifts right by one byte.
  let previous = 0x00;
  for (let i = 0; i < 8; i++) {
    const word = digest[offset + i]!;
    block[i] = (previous << 24) | (word >>> 8);
    previous = word & 0xff;
  }
  block[8] = (previous << 24) | (0x80 << 16);
  block.fill(0, 9, 15);
  block[15] = 33 * 8;
  state.set(INITIAL);
  compressBlock(state, block, 0);
  out.set(state, outOffset);
}

function hashNode(
  level: Int32Array,
  left: number,
  right: number,
  out: Int32Array,
  outOffset: number,
): void {
  // 0x01 || left || right = 65 bytes: one full block, then one byte plus padding.
  let previous = 0x01;
  for (let i = 0; i < 8; i++) {
    const word = level[left + i]!;
    block[i] = (previous << 24) | (word >>> 8);
    previous = word & 0xff;
  }
  for (let i = 0; i < 8; i++) {
    const word = level[right + i]!;
    block[8 + i] = (previous << 24) | (word >>> 8);
    previous = word & 0xff;
  }
  block[16] = (previous << 24) | (0x80 << 16);
  block.fill(0, 17, 31);
  block[31] = 65 * 8;
  state.set(INITIAL);
  compressBlock(state, block, 0);
  compressBlock(state, block, 16);
  out.set(state, outOffset);
}

/**
 * The RFC 9162 Merkle root (SHA-256, leaf prefix 0x00, node prefix 0x01, odd node carried up)
 * of the clips' sha256 digests, in the given order, as 64 lower-case hex characters. Accepts
 * upper- or lower-case hex. Throws `CertificateError` for an empty list (`invalid_input`) or
 * a value that is not a SHA-256 hex digest (`invalid_hash`, with its index as path).
 */
export function merkleRoot(sha256Hexes: readonly string[]): string {
  if (!Array.isArray(sha256Hexes) || sha256Hexes.length === 0) {
    throw new CertificateError('invalid_input', 'A Merkle root needs at least one hash.');
  }
  const count = sha256Hexes.length;
  let level = new Int32Array(count * 8);
  const digest = new Int32Array(8);
  for (let i = 0; i < count; i++) {
    parseHashInto(sha256Hexes[i], i, digest, 0);
    hashLeaf(digest, 0, level, i * 8);
  }
  let width = count;
  while (width > 1) {
    const parents = Math.ceil(width / 2);
    const next = new Int32Array(parents * 8);
    for (let i = 0; i + 1 < width; i += 2) hashNode(level, i * 8, (i + 1) * 8, next, (i / 2) * 8);
    if (width % 2 === 1) next.set(level.subarray((width - 1) * 8, width * 8), (parents - 1) * 8);
    level = next;
    width = parents;
  }
  let hex = '';
  for (let i = 0; i < 8; i++) hex += (level[i]! >>> 0).toString(16).padStart(8, '0');
  return hex;
}
