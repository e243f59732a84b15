import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { CertificateError } from './certificate.errors.js';

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

// Inclusion proofs (RFC 9162 §2.1.3): the audit path of leaf m is the list of sibling subtree
// hashes from the leaf up to the root. In the level-by-level view a node whose level is odd-sized
// and which is the last one has no sibling there (it is carried up), so it adds nothing to the
// path: that is exactly PATH(m, D[n]) of §2.1.3.1.

const Hex64 = z
  .string()
  .regex(/^[0-9a-f]{64}$/, { message: 'Expected 64 lower-case hex characters.' });

/**
 * Proof that the clip `sha256` is leaf `leafIndex` of an RFC 9162 tree of `treeSize` clips:
 * `path` is the audit path (sibling hashes, leaf to root, lower-case hex).
 */
export const InclusionProof = z
  .strictObject({
    leafIndex: z.number().int().min(0),
    treeSize: z.number().int().min(1),
    sha256: Hex64,
    // A tree of 2^53 leaves has a 53-hash path; anything longer cannot be right.
    path: z.array(Hex64).max(64),
  })
  .refine((proof) => proof.leafIndex < proof.treeSize, {
    path: ['leafIndex'],
    message: 'leafIndex must be below treeSize.',
  });
export type InclusionProofType = z.infer<typeof InclusionProof>;

/**
 * The RFC 9162 §2.1.3.1 inclusion proof of the clip at `index` in `sha256Hexes` (the same list,
 * in the same order, that `merkleRoot` was given). Throws `CertificateError` like `merkleRoot`,
 * and `invalid_input` for an index outside the list.
 */
export function inclusionProof(sha256Hexes: readonly string[], index: number): InclusionProofType {
  if (!Array.isArray(sha256Hexes) || sha256Hexes.length === 0) {
    throw new CertificateError('invalid_input', 'An inclusion proof needs at least one hash.');
  }
  const count = sha256Hexes.length;
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new CertificateError('invalid_input', `Index ${index} is not in a list of ${count}.`);
  }
  let level = new Uint8Array(count * 32);
  for (let i = 0; i < count; i++) {
    parseHashInto(sha256Hexes[i], i, leafInput, 1);
    hashInto(leafInput, level, i * 32);
  }
  const path: string[] = [];
  let position = index;
  let width = count;
  while (width > 1) {
    const sibling = position ^ 1;
    if (sibling < width) path.push(bytesToHex(level.subarray(sibling * 32, sibling * 32 + 32)));
    const parents = Math.ceil(width / 2);
    const next = new Uint8Array(parents * 32);
    for (let i = 0; i + 1 < width; i += 2) {
      nodeInput.set(level.subarray(i * 32, (i + 2) * 32), 1);
      hashInto(nodeInput, next, (i / 2) * 32);
    }
    if (width % 2 === 1) next.set(level.subarray((width - 1) * 32, width * 32), (parents - 1) * 32);
    level = next;
    width = parents;
    position >>= 1;
  }
  return { leafIndex: index, treeSize: count, sha256: sha256Hexes[index]!.toLowerCase(), path };
}

const hexToBytes = (hex: string, out: Uint8Array, offset: number) =>
  parseHashInto(hex, 0, out, offset);

/**
 * Whether `proof` shows its clip in the tree whose root is `root` (RFC 9162 §2.1.3.2); pass the
 * certificate's `clipCount` as `treeSize`. Never throws: a malformed proof is not a proof.
 */
// Why treeSize: a root does not commit to the size on its own. For a given index, several sizes
// give the same hashing steps (leaf 1 of 2 and leaf 8 of 9 both hash one sibling on the left),
// so without the signed size a proof shows that the clip is in the tree but not where.
export function verifyInclusion(proof: unknown, root: string, treeSize?: number): boolean {
  const parsed = InclusionProof.safeParse(proof);
  if (!parsed.success || !Hex64.safeParse(root).success) return false;
  if (treeSize !== undefined && parsed.data.treeSize !== treeSize) return false;
  const { leafIndex, sha256: clip, path } = parsed.data;
  // fn and sn as in the RFC; numbers up to 2^53 need division, not 32-bit shifts.
  let fn = leafIndex;
  let sn = parsed.data.treeSize - 1;
  const r = new Uint8Array(32);
  hexToBytes(clip, leafInput, 1);
  hashInto(leafInput, r, 0);
  const sibling = new Uint8Array(32);
  for (const p of path) {
    if (sn === 0) return false;
    hexToBytes(p, sibling, 0);
    if (fn % 2 === 1 || fn === sn) {
      nodeInput.set(sibling, 1);
      nodeInput.set(r, 33);
      hashInto(nodeInput, r, 0);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      nodeInput.set(r, 1);
      nodeInput.set(sibling, 33);
      hashInto(nodeInput, r, 0);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && bytesToHex(r) === root;
}
