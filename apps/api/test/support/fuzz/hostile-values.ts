import fc from 'fast-check';

const char = (min: number, max: number) =>
  fc.integer({ min, max }).map((code) => String.fromCharCode(code));

/**
 * Text that has broken text handling somewhere: NUL and other controls, lone surrogates,
 * bidirectional overrides and zero-width characters, combining marks, astral characters,
 * injection classics, and lengths either side of the limits the contracts use.
 */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\t\n',
    '\u0000',
    'a\u0000b',
    '\uD800',
    'x\uDC00',
    'name\uD83D',
    'gpj.\u202Eexe',
    '\u202D\u202E\u2066\u2067\u2068\u2069',
    'ad\u200Bmin',
    '\u200C\u200D\uFEFF',
    'e\u0301',
    '\u0301'.repeat(300),
    '👩‍👩‍👧‍👦',
    '𝕳𝖊𝖑𝖑𝖔',
    'Ωmega Ståhl',
    '中文名字',
    'مرحبا بالعالم',
    '\r\n\r\n',
    '\u2028\u2029',
    '\uFFFE\uFFFF',
    '\u{10FFFF}',
    '<script>alert(1)</script>',
    "'; DROP TABLE users; --",
    '%00',
    '%',
    '../../etc/passwd',
    '${jndi:ldap://x/a}',
    '{{7*7}}',
    '\\',
    '"',
    'null',
    'NaN',
    '-1',
    '1e400',
    '__proto__',
    'constructor',
  ),
  fc.string({ unit: char(0, 0x1f), minLength: 1, maxLength: 8 }),
  // Any UTF-16 code unit: lone surrogates included, which `binary` never makes.
  fc.string({ unit: char(0, 0xffff), minLength: 1, maxLength: 40 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
  fc
    .tuple(
      fc.constantFrom(11, 12, 119, 120, 121, 128, 129, 254, 255, 256, 257, 1025, 10_000, 60_000),
      fc.constantFrom('a', 'é', '😀', '\u0000', ' ', '\uD800'),
    )
    .map(([n, c]) => c.repeat(n)),
);

/** Numbers at the edges: zero and minus zero, int32 and safe-integer limits, tiny and huge. */
export const edgeNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    -1,
    1,
    0.5,
    2 ** 31 - 1,
    2 ** 31,
    -(2 ** 31) - 1,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 2,
    -Number.MAX_SAFE_INTEGER - 2,
    1e308,
    -1e308,
    5e-324,
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

/** Any JSON value a client could send in place of the one a field expects. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 2, arbitrary: edgeNumber },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}) },
  { weight: 1, arbitrary: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }) },
  {
    weight: 1,
    arbitrary: fc.dictionary(hostileString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  },
  { weight: 1, arbitrary: fc.integer({ min: 10, max: 3000 }).map(nested) },
);

/** Bodies that are not JSON, or JSON no schema expects. */
export const hostileRawBody: fc.Arbitrary<Buffer> = fc.oneof(
  fc
    .constantFrom(
      '',
      '{',
      '{"a":',
      'null',
      '1',
      '"x"',
      '[]',
      'true',
      '1e400',
      '{"a":1,"a":2}',
      '{"__proto__":{"polluted":true}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      '\uFEFF{}',
      '{}{}',
      '{} garbage',
      '{"name":"\\ud800"}',
      '{"name":"\\u0000"}',
      `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
      `${'{"a":'.repeat(8_000)}1${'}'.repeat(8_000)}`,
      `"${'x'.repeat(150_000)}"`,
    )
    .map((text) => Buffer.from(text, 'utf8')),
  fc.string({ unit: 'binary', maxLength: 200 }).map((text) => Buffer.from(text, 'utf8')),
  // Bytes that are not UTF-8 at all.
  fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
);

export const contentType: fc.Arbitrary<string | undefined> = fc.constantFrom(
  undefined,
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/json; charset=nonsense',
  'application/problem+json',
  'application/merge-patch+json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  '*/*',
  'garbage',
  '',
);

/**
 * Percent-encodes text for a URL path or query the way a careless client would: UTF-8 for
 * well-formed characters, and the three WTF-8 bytes for a lone surrogate (which UTF-8 cannot
 * carry, and which encodeURIComponent refuses).
 */
export function percentEncode(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(ch);
    }
  }
  return out;
}

/** Path and query segments that are already "encoded", badly: what percent-decoding chokes on. */
export const rawSegment: fc.Arbitrary<string> = fc.constantFrom(
  '%',
  '%zz',
  '%0',
  '%00',
  '%2e%2e',
  '..',
  '.',
  '%2F',
  '%5C',
  '%C0%AE',
  '%ED%A0%80',
  '%FF%FE',
  '%E2%80%AE',
  'a;b=c',
  'a,b',
  '{id}',
  ':orgId',
  '*',
  '~',
  "'",
  '()',
);
