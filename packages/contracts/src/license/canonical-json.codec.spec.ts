import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { canonicalize } from './canonical-json.codec.js';
import { LicenseError } from './license.errors.js';

// Examples from RFC 8785 (JSON Canonicalization Scheme): §3.2.2 input/output, §3.2.3 sorting,
// Appendix B number serialisation; the nested-structure example is the JCS reference suite's.

function fromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

describe('canonicalize (RFC 8785)', () => {
  it('serialises the RFC 8785 §3.2.2 example', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
    );
    expect(canonicalize(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it.each([
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ])('serialises the IEEE-754 value %s as %s', (bits, expected) => {
    expect(canonicalize(fromBits(bits))).toBe(expected);
  });

  it.each([
    ['NaN', fromBits('7fffffffffffffff')],
    ['Infinity', fromBits('7ff0000000000000')],
    ['-Infinity', Number.NEGATIVE_INFINITY],
  ])('refuses %s', (_label, value) => {
    expect(() => canonicalize(value)).toThrow(LicenseError);
  });

  it('sorts keys by UTF-16 code units (RFC 8785 §3.2.3)', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    expect(canonicalize(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('canonicalises nested structures and keeps array order', () => {
    const input = JSON.parse(
      '{"1": {"f": {"f": "hi","F": 5} ,"\\n": 56.0}, "10": { }, "": "empty", "a": { }, "111": [ {"e": "yes","E": "no" } ], "A": { }}',
    );
    expect(canonicalize(input)).toBe(
      '{"":"empty","1":{"\\n":56,"f":{"F":5,"f":"hi"}},"10":{},"111":[{"E":"no","e":"yes"}],"A":{},"a":{}}',
    );
  });

  it('escapes control characters and keeps other Unicode literal', () => {
    expect(canonicalize('\u0000\u0008\t\n\u000b\f\r\u001f"\\é😀\u2028')).toBe(
      '"\\u0000\\b\\t\\n\\u000b\\f\\r\\u001f\\"\\\\é😀\u2028"',
    );
  });

  it.each([
    ['undefined member', { a: undefined }],
    ['a function', () => 1],
    ['a bigint', 1n],
    ['a Date', new Date(0)],
    ['a lone surrogate', '\ud800'],
    ['a lone surrogate key', { '\udc00': 1 }],
  ])('refuses %s (not I-JSON)', (_label, value) => {
    expect(() => canonicalize(value)).toThrow(LicenseError);
  });

  it('refuses cycles but allows shared sub-objects', () => {
    const shared = { b: 1 };
    expect(canonicalize({ x: shared, y: shared })).toBe('{"x":{"b":1},"y":{"b":1}}');
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => canonicalize(cycle)).toThrow(/cycle/);
  });

  const json = fc.jsonValue({ maxDepth: 4 });

  function shuffleKeys(value: unknown, seed: number): unknown {
    if (Array.isArray(value)) return value.map((item, index) => shuffleKeys(item, seed + index));
    if (value && typeof value === 'object') {
      const entries = Object.entries(value);
      const rotated = entries
        .map((_, index) => entries[(index + seed) % entries.length]!)
        .reverse();
      return Object.fromEntries(
        rotated.map(([key, member]) => [key, shuffleKeys(member, seed + 1)]),
      );
    }
    return value;
  }

  it('gives the same text for any key order', () => {
    fc.assert(
      fc.property(json, fc.nat(), (value, seed) => {
        expect(canonicalize(shuffleKeys(value, seed))).toBe(canonicalize(value));
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips: parsing the canonical text and canonicalising again changes nothing', () => {
    fc.assert(
      fc.property(json, (value) => {
        const text = canonicalize(value);
        expect(canonicalize(JSON.parse(text))).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
  });
});
