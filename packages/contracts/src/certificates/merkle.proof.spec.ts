import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { CertificateError } from './certificate.errors.js';
import { InclusionProof, inclusionProof, merkleRoot, verifyInclusion } from './merkle.tree.js';

// The reference below is RFC 9162 written literally with node:crypto, never the code under test:
//   MTH({d0}) = SHA-256(0x00 || d0), MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n]))
//   PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n]) if m < k, else PATH(m - k, D[k:n]) : MTH(D[0:k])
// with k the largest power of two smaller than n (§2.1.1, §2.1.3.1).
const hash = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const leaf = (hex: string) => hash(Buffer.from([0x00]), Buffer.from(hex, 'hex'));
const node = (left: Buffer, right: Buffer) => hash(Buffer.from([0x01]), left, right);
const split = (n: number) => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};
function mth(hexes: string[]): Buffer {
  if (hexes.length === 1) return leaf(hexes[0]!);
  const k = split(hexes.length);
  return node(mth(hexes.slice(0, k)), mth(hexes.slice(k)));
}
function referencePath(m: number, hexes: string[]): Buffer[] {
  if (hexes.length === 1) return [];
  const k = split(hexes.length);
  return m < k
    ? [...referencePath(m, hexes.slice(0, k)), mth(hexes.slice(k))]
    : [...referencePath(m - k, hexes.slice(k)), mth(hexes.slice(0, k))];
}

const repeatedByte = (value: number) => value.toString(16).padStart(2, '0').repeat(32);
const clips = (count: number, salt = '') =>
  Array.from({ length: count }, (_, index) =>
    createHash('sha256').update(`clip-${salt}-${index}`).digest('hex'),
  );
const hex = (buffer: Buffer) => buffer.toString('hex');

describe('inclusionProof — pinned vectors', () => {
  // The seven-leaf tree drawn in RFC 9162 §2.1.5, built by hand from its definitions, over
  // clips d0…d6 = 32 bytes of 0x00…0x06 (the same clips whose root merkle.tree.spec pins with
  // openssl):
  //             root
  //          k        l
  //        g   h    i   j
  //       a b c d  e f  d6
  const d = Array.from({ length: 7 }, (_, index) => repeatedByte(index));
  const [a, b, c, dd, e, f, j] = d.map(leaf) as [
    Buffer,
    Buffer,
    Buffer,
    Buffer,
    Buffer,
    Buffer,
    Buffer,
  ];
  const g = node(a, b);
  const h = node(c, dd);
  const i = node(e, f);
  const k = node(g, h);
  const l = node(i, j);
  const root = hex(node(k, l));

  it('is the tree the openssl-pinned root describes', () => {
    expect(root).toBe('7318881c41fce3c1de3640df8e8c110c93f43f686b74204a9d1ad5b8c71c2047');
    expect(merkleRoot(d)).toBe(root);
  });

  // The RFC's own examples: d0 → [b, h, l], d3 → [c, g, l], d4 → [f, j, k], d6 → [i, k].
  it.each([
    [0, [b, h, l]],
    [1, [a, h, l]],
    [2, [dd, g, l]],
    [3, [c, g, l]],
    [4, [f, j, k]],
    [5, [e, j, k]],
    [6, [i, k]],
  ])('gives leaf %i the audit path of RFC 9162 §2.1.5', (index, path) => {
    const proof = inclusionProof(d, index);
    expect(proof).toEqual({ leafIndex: index, treeSize: 7, sha256: d[index], path: path.map(hex) });
    expect(verifyInclusion(proof, root)).toBe(true);
  });

  it('gives a single clip an empty path whose root is its leaf hash', () => {
    const proof = inclusionProof([d[0]!], 0);
    expect(proof.path).toEqual([]);
    expect(verifyInclusion(proof, hex(a))).toBe(true);
    expect(verifyInclusion(proof, hex(node(a, a)))).toBe(false);
  });

  it('returns the clip hash in lower case', () => {
    const upper = clips(2).map((value) => value.toUpperCase());
    expect(inclusionProof(upper, 1).sha256).toBe(upper[1]!.toLowerCase());
  });
});

describe('inclusionProof and verifyInclusion', () => {
  it('proves every index of trees of 1…17 clips, as the RFC definition does', () => {
    for (let size = 1; size <= 17; size++) {
      const list = clips(size, String(size));
      const root = merkleRoot(list);
      expect(root).toBe(hex(mth(list)));
      for (let index = 0; index < size; index++) {
        const proof = inclusionProof(list, index);
        expect(proof.path).toEqual(referencePath(index, list).map(hex));
        expect(InclusionProof.parse(proof)).toEqual(proof);
        expect(verifyInclusion(proof, root)).toBe(true);
      }
    }
  });

  it('matches the RFC definition for any tree and index', () => {
    const digest = fc
      .uint8Array({ minLength: 32, maxLength: 32 })
      .map((bytes) => Buffer.from(bytes).toString('hex'));
    fc.assert(
      fc.property(
        fc
          .array(digest, { minLength: 1, maxLength: 80 })
          .chain((list) => fc.tuple(fc.constant(list), fc.nat({ max: list.length - 1 }))),
        ([list, index]) => {
          const proof = inclusionProof(list, index);
          expect(proof.path).toEqual(referencePath(index, list).map(hex));
          expect(verifyInclusion(proof, hex(mth(list)))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it.each([
    ['an empty list', [], 0],
    ['a negative index', clips(3), -1],
    ['an index past the end', clips(3), 3],
    ['a fractional index', clips(3), 1.5],
  ])('refuses %s', (_label, list, index) => {
    expect(() => inclusionProof(list, index)).toThrow(CertificateError);
    try {
      inclusionProof(list, index);
    } catch (error) {
      expect((error as CertificateError).code).toBe('invalid_input');
    }
  });

  it('refuses a list with a value that is not a hash, naming its index', () => {
    const list = [...clips(2), 'nope'];
    try {
      inclusionProof(list, 0);
      throw new Error('expected a refusal');
    } catch (error) {
      expect((error as CertificateError).code).toBe('invalid_hash');
      expect((error as CertificateError).issues[0]?.path).toBe('2');
    }
  });
});

describe('verifyInclusion — forged proofs', () => {
  const list = clips(11, 'forge');
  const root = merkleRoot(list);
  const outsider = createHash('sha256').update('not in the tree').digest('hex');
  const flip = (value: string) => `${value[0] === 'a' ? 'b' : 'a'}${value.slice(1)}`;

  it('rejects every single-sibling change at every index', () => {
    for (let index = 0; index < list.length; index++) {
      const proof = inclusionProof(list, index);
      for (let step = 0; step < proof.path.length; step++) {
        const path = [...proof.path];
        path[step] = flip(path[step]!);
        expect(verifyInclusion({ ...proof, path }, root)).toBe(false);
      }
    }
  });

  it('rejects a proof moved to another index', () => {
    for (let index = 0; index < list.length; index++) {
      const proof = inclusionProof(list, index);
      for (let other = 0; other < list.length; other++) {
        if (other === index) continue;
        expect(verifyInclusion({ ...proof, leafIndex: other }, root)).toBe(false);
      }
    }
  });

  it('rejects a proof claiming another tree size than the certificate signs', () => {
    for (let index = 0; index < list.length; index++) {
      const proof = inclusionProof(list, index);
      expect(verifyInclusion(proof, root, list.length)).toBe(true);
      for (let size = 1; size <= 40; size++) {
        if (size === list.length) continue;
        expect(verifyInclusion({ ...proof, treeSize: size }, root, list.length)).toBe(false);
        expect(verifyInclusion(proof, root, size)).toBe(false);
      }
    }
  });

  it('needs the signed size to pin the position: the root alone does not fix it', () => {
    // RFC 9162 verifiers take the size from the signed tree head; this is why. Leaf 8 of 9 and
    // "leaf 1 of 2" hash the same single left sibling, so the root alone accepts both.
    const nine = clips(9, 'nine');
    const proof = inclusionProof(nine, 8);
    const moved = { ...proof, leafIndex: 1, treeSize: 2 };
    expect(verifyInclusion(moved, merkleRoot(nine))).toBe(true);
    expect(verifyInclusion(moved, merkleRoot(nine), 9)).toBe(false);
    // A size that changes the hashing steps fails even without the expected size.
    expect(verifyInclusion({ ...proof, treeSize: 16 }, merkleRoot(nine))).toBe(false);
  });

  it('rejects a path with an extra or a missing element', () => {
    for (let index = 0; index < list.length; index++) {
      const proof = inclusionProof(list, index);
      expect(verifyInclusion({ ...proof, path: [...proof.path, proof.path[0]!] }, root)).toBe(
        false,
      );
      expect(verifyInclusion({ ...proof, path: [proof.path[0]!, ...proof.path] }, root)).toBe(
        false,
      );
      expect(verifyInclusion({ ...proof, path: proof.path.slice(1) }, root)).toBe(false);
      expect(verifyInclusion({ ...proof, path: proof.path.slice(0, -1) }, root)).toBe(false);
    }
  });

  it('rejects a clip that is not in the tree, with any of the real paths', () => {
    for (let index = 0; index < list.length; index++) {
      const proof = inclusionProof(list, index);
      expect(verifyInclusion({ ...proof, sha256: outsider }, root)).toBe(false);
    }
  });

  it('rejects a proof against another root', () => {
    const proof = inclusionProof(list, 4);
    expect(verifyInclusion(proof, merkleRoot(list.slice(0, 10)))).toBe(false);
    expect(verifyInclusion(proof, merkleRoot([...list].reverse()))).toBe(false);
  });

  it('rejects, without throwing, anything that is not a proof', () => {
    const proof = inclusionProof(list, 2);
    for (const forged of [
      null,
      'proof',
      {},
      { ...proof, leafIndex: 11 },
      { ...proof, leafIndex: -1 },
      { ...proof, treeSize: 0 },
      { ...proof, sha256: proof.sha256.toUpperCase() },
      { ...proof, path: ['zz'] },
      { ...proof, extra: true },
    ]) {
      expect(verifyInclusion(forged, root)).toBe(false);
    }
    expect(verifyInclusion(proof, root.toUpperCase())).toBe(false);
    expect(verifyInclusion(proof, 'not a root')).toBe(false);
  });
});
