import { CertificateError } from './certificate.errors.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

// The Merkle Tree Hash of RFC 9162 (Certificate Transparency v2, §2.1.1) over SHA-256:
//   leaf  = SHA-256(0x00 || the clip's 32-byte sha256)
//   node  = SHA-256(0x01 || left || right)
// The tree splits at the largest power of two below n, which is the same as building it
// level by level and carrying an odd last node up unchanged (never duplicated: duplicating
// would let two different clip lists share a root). Order matters: the root commits to the
// clips' order in the grant. The prefixes keep a leaf from ever being read as a node.
//
// Levels are flat byte arrays (32 bytes a node); SHA-256 is @noble/hashes, as in sha256.hash.ts.

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

function parseHashInto(hex: unknown, index: number, out: Uint8Array, offset: number): void {
  if (typeof hex !== 'string' || hex.length !== 64) {
    throw new CertificateError('invalid_hash', `Hash ${index} is not 64 hex characters.`, [
      {
        path: String(index),
        message: 'Expected a SHA-256 digest as 64 hex characters.',
        code: 'invalid_format',
      },
    ]);
  }
  for (let byte = 0; byte < 32; byte++) {
    const high = hex.charCodeAt(byte * 2);
    const low = hex.charCodeAt(byte * 2 + 1);
    const a = high < 128 ? HEX_VALUES[high]! : -1;
    const b = low < 128 ? HEX_VALUES[low]! : -1;
    if (a < 0 || b < 0) {
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
    out[offset + byte] = (a << 4) | b;
  }
}

// The inputs of the two hashes and the hasher, reused: hashing is synchronous, so nothing can
// interleave. Each hash starts from a copy of a pristine state (`_cloneInto`, part of the
// library's Hash interface) and digests straight into the level's buffer: a million-clip root
// is three million small hashes, and a new hasher for each doubles the time.
const leafInput = new Uint8Array(33); // 0x00 || digest
const nodeInput = new Uint8Array(65); // 0x01 || left || right
nodeInput[0] = 0x01;
const pristine = sha256.create();
const hasher = sha256.create();

function hashInto(input: Uint8Array, out: Uint8Array, offset: number): void {
  pristine._cloneInto(hasher);
  hasher.update(input);
  hasher.digestInto(out.subarray(offset, offset + 32));
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
  let level = new Uint8Array(count * 32);
  for (let i = 0; i < count; i++) {
    parseHashInto(sha256Hexes[i], i, leafInput, 1);
    hashInto(leafInput, level, i * 32);
  }
  let width = count;
  while (width > 1) {
    const parents = Math.ceil(width / 2);
    const next = new Uint8Array(parents * 32);
    for (let i = 0; i + 1 < width; i += 2) {
      nodeInput.set(level.subarray(i * 32, (i + 2) * 32), 1);
      hashInto(nodeInput, next, (i / 2) * 32);
    }
    if (width % 2 === 1) next.set(level.subarray((width - 1) * 32, width * 32), (parents - 1) * 32);
    level = next;
    width = parents;
  }
  return bytesToHex(level.subarray(0, 32));
}
