import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { CertificateError } from './certificate.errors.js';
import { merkleRoot } from './merkle.tree.js';

// Reference: RFC 9162 §2.1.1 written literally and recursively with node:crypto, to check the
// fast iterative implementation against the specification's own definition.
function mth(leaves: Buffer[]): Buffer {
  const hash = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
  if (leaves.length === 1) return hash(Buffer.from([0x00]), leaves[0]!);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return hash(Buffer.from([0x01]), mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}
const reference = (hexes: string[]) =>
  mth(hexes.map((hex) => Buffer.from(hex, 'hex'))).toString('hex');

const digest = (text: string) => createHash('sha256').update(text).digest('hex');
const digestArb = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((bytes) => Buffer.from(bytes).toString('hex'));

// Pinned RFC 9162 §2.1.1 roots for n = 1…7 clips whose digests are 32 bytes of 0x00, 0x01, …
// (clip i = i repeated 32 times), computed outside this code base with openssl:
//
//   h()    { xxd -r -p | openssl dgst -sha256 -binary | xxd -p -c 64; }
//   leaf() { printf '00%s' "$1" | h; }                 # SHA-256(0x00 || digest)
//   node() { printf '01%s%s' "$1" "$2" | h; }          # SHA-256(0x01 || left || right)
//   d()    { for _ in $(seq 32); do printf '%02x' "$1"; done; }
//   L0=$(leaf $(d 0)) … L6=$(leaf $(d 6)); N01=$(node $L0 $L1); N23=…; N45=…
//   N0123=$(node $N01 $N23)
//   n=1: $L0   n=2: $N01   n=3: node $N01 $L2   n=4: $N0123   n=5: node $N0123 $L4
//   n=6: node $N0123 $N45   n=7: node $N0123 $(node $N45 $L6)
const PINNED_ROOTS: Array<[number, string]> = [
  [1, '7f9c9e31ac8256ca2f258583df262dbc7d6f68f2a03043d5c99a4ae5a7396ce9'],
  [2, '28fb81e496897e0ce886f08602392e9239b65c659041e5202163e58ad898f444'],
  [3, 'ba8d94b7fbcecae7b81c4c80574fe24734a6917bf9c1ecd66ff3e0c34ead4620'],
  [4, 'fdea52008cdae79fa8bf806261959e23f5e11681646a2fa2bc9b5e56b32030a2'],
  [5, '85e20cac1f02fda7bcdb2fc3f908568c57018c77815f1fa361acad13994f08bf'],
  [6, '380272ed524daf3398067faf4717782ba90805d4823ea6e1e594668c9fd40bba'],
  [7, '7318881c41fce3c1de3640df8e8c110c93f43f686b74204a9d1ad5b8c71c2047'],
];
const repeatedByte = (value: number) => value.toString(16).padStart(2, '0').repeat(32);

describe('merkleRoot', () => {
  it.each(PINNED_ROOTS)('matches the root pinned with openssl for %i clips', (count, root) => {
    expect(merkleRoot(Array.from({ length: count }, (_, index) => repeatedByte(index)))).toBe(root);
  });

  it('hashes a single clip as a leaf (0x00 prefix)', () => {
    const clip = digest('clip-0');
    expect(merkleRoot([clip])).toBe(
      createHash('sha256')
        .update(Buffer.concat([Buffer.from([0]), Buffer.from(clip, 'hex')]))
        .digest('hex'),
    );
  });

  it('carries an odd node up unchanged instead of duplicating it', () => {
    const [a, b, c] = ['a', 'b', 'c'].map(digest) as [string, string, string];
    const leaf = (hex: string) =>
      createHash('sha256')
        .update(Buffer.concat([Buffer.from([0]), Buffer.from(hex, 'hex')]))
        .digest();
    const node = (l: Buffer, r: Buffer) =>
      createHash('sha256')
        .update(Buffer.concat([Buffer.from([1]), l, r]))
        .digest();
    expect(merkleRoot([a, b, c])).toBe(node(node(leaf(a), leaf(b)), leaf(c)).toString('hex'));
    expect(merkleRoot([a, b, c])).not.toBe(merkleRoot([a, b, c, c]));
  });

  it('is order-sensitive', () => {
    const clips = ['x', 'y'].map(digest);
    expect(merkleRoot(clips)).not.toBe(merkleRoot([...clips].reverse()));
  });

  it('matches the RFC 9162 definition for any number of clips', () => {
    fc.assert(
      fc.property(fc.array(digestArb, { minLength: 1, maxLength: 70 }), (hexes) => {
        expect(merkleRoot(hexes)).toBe(reference(hexes));
      }),
      { numRuns: 300 },
    );
  });

  it('accepts upper-case hex as the same bytes', () => {
    const clips = ['p', 'q', 'r'].map(digest);
    expect(merkleRoot(clips.map((hex) => hex.toUpperCase()))).toBe(merkleRoot(clips));
  });

  it.each([
    ['an empty list', [], 'invalid_input', undefined],
    ['a short hash', ['abc'], 'invalid_hash', '0'],
    ['a non-hex character', [digest('a'), `${digest('b').slice(0, 63)}g`], 'invalid_hash', '1'],
    ['a non-string', [42], 'invalid_hash', '0'],
  ])('refuses %s', (_label, input, code, path) => {
    try {
      merkleRoot(input as string[]);
      throw new Error('expected merkleRoot to throw');
    } catch (error) {
      expect(error).toBeInstanceOf(CertificateError);
      expect((error as CertificateError).code).toBe(code);
      expect((error as CertificateError).issues[0]?.path).toBe(path);
    }
  });
});
