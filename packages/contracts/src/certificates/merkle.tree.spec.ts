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

describe('merkleRoot', () => {
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
