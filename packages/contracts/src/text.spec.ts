import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { z } from 'zod';
import { multiLineText, singleLineText } from './text.js';

// Schemas are built inside each test (not once at import) so that mutation testing sees
// every test that exercises the schema factory.
const name = () => singleLineText({ max: 120, emptyMessage: 'Enter a name.' });
const exactName = () => singleLineText({ max: 120, exact: true });
const notes = () => multiLineText({ max: 2000 });
const exactNotes = () => multiLineText({ max: 2000, exact: true });
const form = () => z.strictObject({ profile: z.strictObject({ name: name() }) });

function issuesOf(schema: z.ZodType, value: unknown) {
  const result = schema.safeParse(value);
  if (result.success) throw new Error(`expected ${JSON.stringify(value)} to be refused`);
  return result.error.issues.map((issue) => ({
    path: issue.path.join('.'),
    message: issue.message,
  }));
}

const hex = (char: string) =>
  `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

// ---------------------------------------------------------------------------------------------
// An oracle written from the Unicode Standard's tables, independent of the implementation's
// regular expressions: the code points no stored text may contain in any position.
// ---------------------------------------------------------------------------------------------
const ALWAYS_FORBIDDEN: Array<[number, number]> = [
  [0x0000, 0x0008], // C0 controls before TAB
  [0x000b, 0x001f], // C0 controls after LF (VT, FF, CR, …)
  [0x007f, 0x009f], // DEL and the C1 controls (NEL, CSI, …)
  [0x00ad, 0x00ad], // soft hyphen
  [0x034f, 0x034f], // combining grapheme joiner
  [0x061c, 0x061c], // Arabic letter mark
  [0x115f, 0x1160], // Hangul choseong/jungseong fillers
  [0x17b4, 0x17b5], // Khmer inherent vowels
  [0x200b, 0x200b], // zero width space
  [0x200e, 0x200f], // LRM, RLM
  [0x2028, 0x202e], // line/paragraph separator, LRE, RLE, PDF, LRO, RLO
  [0x2060, 0x206f], // word joiner, invisible operators, isolates, deprecated format characters
  [0x3164, 0x3164], // Hangul filler
  [0xd800, 0xdfff], // surrogates (only ever unpaired inside a JS string's code points)
  [0xfdd0, 0xfdef], // noncharacters
  [0xfeff, 0xfeff], // byte order mark / zero width no-break space
  [0xffa0, 0xffa0], // halfwidth Hangul filler
  [0xfff9, 0xfffb], // interlinear annotation controls
  [0xe0000, 0xe001f], // language tag and unassigned tag block
  [0xe0080, 0xe00ff],
];
function alwaysForbidden(codePoint: number): boolean {
  if ((codePoint & 0xfffe) === 0xfffe) return true; // U+xxFFFE and U+xxFFFF in every plane
  return ALWAYS_FORBIDDEN.some(([low, high]) => codePoint >= low && codePoint <= high);
}

function assertClean(output: string, multiLine: boolean) {
  const chars = Array.from(output);
  chars.forEach((char, index) => {
    const codePoint = char.codePointAt(0)!;
    expect(alwaysForbidden(codePoint)).toBe(false);
    if (!multiLine) expect([0x09, 0x0a]).not.toContain(codePoint);
    if (codePoint === 0x200c || codePoint === 0x200d) {
      // A joiner is never at an edge, never next to another joiner or a space.
      expect(index).toBeGreaterThan(0);
      expect(index).toBeLessThan(chars.length - 1);
      for (const neighbour of [chars[index - 1]!, chars[index + 1]!]) {
        expect(['\u200c', '\u200d', ' ', '\n', '\t']).not.toContain(neighbour);
      }
    }
    if (codePoint >= 0xfe00 && codePoint <= 0xfe0f) {
      expect(index).toBeGreaterThan(0);
      const before = chars[index - 1]!.codePointAt(0)!;
      expect(before >= 0xfe00 && before <= 0xfe0f).toBe(false);
      expect([0x20, 0x0a, 0x09, 0x200c, 0x200d]).not.toContain(before);
    }
  });
  expect(output.normalize('NFC')).toBe(output);
  expect(output.trim()).toBe(output);
  expect(output).not.toMatch(/\r/);
}

describe('singleLineText', () => {
  it.each([
    ['Arabic', 'محمد بن راشد'],
    ['Hebrew with niqqud', 'דָּוִד כֹּהֵן'],
    ['Persian with ZWNJ', 'علی\u200cرضا'],
    ['Hindi with ZWJ (half form)', 'क्\u200dष'],
    ['Hindi with ZWNJ', 'क्\u200cष'],
    ['Bengali ra-phala with ZWJ', 'র\u200d্যাব'],
    ['Sinhala with ZWJ', 'ශ්\u200dරී ලංකා'],
    ['Malayalam', 'മലയാളം'],
    ['Tamil', 'தமிழ்செல்வி'],
    ['Japanese', '山田 太郎'],
    ['Japanese with an ideographic space', '山田\u3000花子'],
    ['Korean', '김민준'],
    ['Chinese', '张伟'],
    ['Thai', 'สมชาย'],
    ['Amharic', 'ሰላም'],
    ['Greek', 'Αλέξανδρος'],
    ['Cyrillic', 'Иван Петров'],
    ['Vietnamese', 'Nguyễn Thị Minh Khai'],
    ['combining marks without a precomposed form', 'x̂ ŋ̊'],
    ['emoji ZWJ sequence', 'Studio 👩\u200d💻'],
    ['family emoji', '👨\u200d👩\u200d👧\u200d👦'],
    ['emoji with skin tone in a ZWJ sequence', '👩🏽\u200d🚀'],
    ['rainbow flag (VS16 then ZWJ)', '🏳\ufe0f\u200d🌈'],
    ['heart on fire', '❤\ufe0f\u200d🔥'],
    ['keycap', '1\ufe0f\u20e3 Films'],
    ['regional-indicator flag', '🇧🇷 Filmes'],
    [
      'subdivision flag (tag sequence)',
      '🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f} Films',
    ],
    [
      'subdivision flag after other text',
      'Films of Scotland 🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}',
    ],
    // A subdivision id is a region (2 letters or 3 digits) and 1–4 more: 3 to 7 tag characters.
    ['flag tag sequence of 3 tag characters', 'a 🏴\u{e0066}\u{e0072}\u{e0061}\u{e007f}'],
    [
      'flag tag sequence of 7 tag characters',
      'a 🏴\u{e0038}\u{e0034}\u{e0030}\u{e0061}\u{e0062}\u{e0063}\u{e0064}\u{e007f}',
    ],
    ['CJK ideographic variation selector', '葛\u{e0100}城'],
    ['Mongolian with a free variation selector and vowel separator', 'ᠭ\u180bᠠᠯ ᠬᠠᠷ\u180eᠠ'],
    ['apostrophes and hyphens', "O'Brien-Smith & Co."],
  ])('accepts %s', (_label, input) => {
    expect(name().parse(input)).toBe(input);
    expect(exactName().parse(input)).toBe(input);
  });

  it('normalises to NFC and trims', () => {
    const decomposed = 'Nguye\u0302\u0303n  ';
    expect(name().parse(` \t${decomposed}`)).toBe('Nguyễn');
    expect(name().parse('\uac00'.normalize('NFD'))).toBe('\uac00');
  });

  it.each([
    ['NUL', 'Ana\u0000Lima', /^Remove the control character U\+0000\.$/],
    ['DEL', 'Ana\u007fLima', /control character U\+007F/],
    ['a C1 control (CSI)', 'Ana\u009bLima', /control character U\+009B/],
    ['a tab', 'Ana\tLima', /control character U\+0009/],
    ['a line feed', 'Ana\nLima', /^Keep this on one line: remove the line break\.$/],
    ['a carriage return', 'Ana\rLima', /one line/],
    ['NEL', 'Ana\u0085Lima', /one line/],
    ['a line separator', 'Ana\u2028Lima', /one line/],
    ['a paragraph separator', 'Ana\u2029Lima', /one line/],
    ['right-to-left override', 'Ana\u202egpj.exe', /^Remove the text-direction control U\+202E: /],
    ['left-to-right embedding', 'Ana\u202aLima', /text-direction control U\+202A/],
    ['pop directional formatting', 'Ana\u202cLima', /text-direction control U\+202C/],
    ['right-to-left isolate', 'Ana\u2067Lima', /text-direction control U\+2067/],
    ['pop directional isolate', 'Ana\u2069Lima', /text-direction control U\+2069/],
    ['right-to-left mark', 'Ana\u200fLima', /text-direction control U\+200F/],
    ['Arabic letter mark', 'علی\u061cرضا', /text-direction control U\+061C/],
    ['zero width space', 'Ad\u200bmin', /^Remove the invisible character U\+200B\.$/],
    ['word joiner', 'Ad\u2060min', /invisible character U\+2060/],
    ['invisible times', 'Ad\u2062min', /invisible character U\+2062/],
    ['invisible plus', 'Ad\u2064min', /invisible character U\+2064/],
    ['a byte order mark inside', 'Ad\ufeffmin', /invisible character U\+FEFF/],
    ['a soft hyphen', 'Ad\u00admin', /invisible character U\+00AD/],
    ['a combining grapheme joiner', 'Ad\u034fmin', /invisible character U\+034F/],
    ['a Hangul filler (blank name)', '\u3164', /invisible character U\+3164/],
    ['an interlinear annotation', 'Ad\ufff9min\ufffbx', /invisible character U\+FFF9/],
    ['a tag character outside a flag', 'Admin\u{e0041}', /invisible character U\+E0041/],
    ['a flag tag sequence without its cancel tag', '🏴\u{e0067}\u{e0062}\u{e0073}x', /U\+E0067/],
    ['a tag sequence without its flag', 'a\u{e0067}\u{e0062}\u{e0073}\u{e007f}', /U\+E0067/],
    ['a tag sequence too short to be a flag', '🏴\u{e0067}\u{e0062}\u{e007f}', /U\+E0067/],
    ['a tag sequence too long to be a flag', `🏴${'\u{e0067}'.repeat(8)}\u{e007f}`, /U\+E0067/],
    ['a ZWJ between Latin letters', 'Ad\u200dmin', /^Remove the invisible joiner U\+200D: /],
    ['a ZWNJ between Latin letters', 'Ad\u200cmin', /invisible joiner U\+200C/],
    ['a leading ZWJ', '\u200dक्ष', /invisible joiner U\+200D/],
    ['a trailing ZWNJ', 'علی\u200c', /invisible joiner U\+200C/],
    ['two joiners in a row', 'علی\u200c\u200cرضا', /invisible joiner U\+200C/],
    ['a joiner before a space', 'علی\u200c رضا', /invisible joiner U\+200C/],
    ['a ZWNJ between emoji', '👩\u200c💻', /invisible joiner U\+200C/],
    ['a ZWJ from an emoji to a letter', '👩\u200da', /invisible joiner U\+200D/],
    ['a ZWJ from a letter to an emoji', 'a\u200d💻', /invisible joiner U\+200D/],
    ['a Mongolian vowel separator in Latin', 'a\u180eb', /invisible joiner U\+180E/],
    ['a leading variation selector', '\ufe0fAdmin', /^Remove the variation selector U\+FE0F: /],
    ['stacked variation selectors', 'A\ufe0f\ufe0fdmin', /variation selector U\+FE0F/],
    ['a variation selector after a space', 'Ad min \ufe0e', /variation selector U\+FE0E/],
    ['a variation selector after a mark', 'x\u0302\ufe00', /variation selector U\+FE00/],
    ['a lone high surrogate', 'Ana\ud800', /^Remove the broken character U\+D800 /],
    ['a lone low surrogate', '\udc00Ana', /broken character U\+DC00/],
    ['the last lone low surrogate', 'Ana\udfff', /broken character U\+DFFF/],
    [
      'a joiner after a Devanagari virama stacked on a Latin letter',
      'a\u094d\u200dक',
      /joiner U\+200D/,
    ],
    ['a joiner after a leading mark', '\u094d\u200dक', /joiner U\+200D/],
    ['a joiner before a Devanagari digit', 'क्\u200d१', /joiner U\+200D/],
    ['a joiner after a Devanagari danda', 'क।\u200dक', /joiner U\+200D/],
    ['a ZWNJ from Latin to Arabic', 'a\u200cع', /joiner U\+200C/],
    ['a ZWNJ from Arabic to Latin', 'ع\u200ca', /joiner U\+200C/],
    ['a Mongolian vowel separator between Arabic letters', 'ع\u180eع', /joiner U\+180E/],
    [
      'a zero width space before a flag',
      'a\u200b🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}',
      /invisible character U\+200B/,
    ],
    ['a noncharacter U+FFFF', 'Ana\uffff', /^Remove U\+FFFF: it is a Unicode noncharacter/],
    ['a noncharacter U+FDD0', 'Ana\ufdd0', /U\+FDD0: it is a Unicode noncharacter/],
    ['a noncharacter in plane 1', 'Ana\u{1fffe}', /U\+1FFFE: it is a Unicode noncharacter/],
    ['the last noncharacter', 'Ana\u{10ffff}', /U\+10FFFF: it is a Unicode noncharacter/],
  ])('refuses %s with the path and a message naming it', (_label, input, message) => {
    const issues = issuesOf(form(), { profile: { name: input } });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe('profile.name');
    expect(issues[0]!.message).toMatch(message);
    expect(name().safeParse(input).error!.issues[0]!.code).toBe('custom');
    expect(() => exactName().parse(input)).toThrow();
  });

  it('reports each kind of problem once, with the first offending character', () => {
    expect(issuesOf(name(), 'a\u202eb\u200bc\u202dd\u0000e\u0001').map((i) => i.message)).toEqual([
      'Remove the text-direction control U+202E: it can make text display in another order than it is written.',
      'Remove the invisible character U+200B.',
      'Remove the control character U+0000.',
    ]);
  });

  it('counts length in code points after normalisation', () => {
    expect(name().parse('😀'.repeat(120))).toHaveLength(240); // 120 code points, 240 UTF-16 units
    expect(name().parse('e\u0301'.repeat(120))).toBe('é'.repeat(120));
    expect(name().parse('a'.repeat(120))).toHaveLength(120);
    expect(issuesOf(name(), 'a'.repeat(121))).toEqual([
      { path: '', message: 'Use at most 120 characters.' },
    ]);
    expect(issuesOf(name(), '😀'.repeat(121))[0]!.message).toBe('Use at most 120 characters.');
  });

  it('refuses absurdly long input before normalising it, but not padding it can trim', () => {
    const padded = `${' '.repeat(400)}${'a'.repeat(120)}${' '.repeat(440)}`; // 960 UTF-16 units
    expect(name().parse(padded)).toBe('a'.repeat(120));
    expect(issuesOf(name(), `${padded} `)).toEqual([
      { path: '', message: 'Use at most 120 characters.' },
    ]);
  });

  it('leaves a line break it refuses as it was, so CR LF counts as two characters', () => {
    expect(issuesOf(singleLineText({ max: 3 }), 'a\r\nb')).toEqual([
      { path: '', message: 'Keep this on one line: remove the line break.' },
      { path: '', message: 'Use at most 3 characters.' },
    ]);
  });

  it('refuses empty and blank text with the given message, and honours min', () => {
    expect(issuesOf(name(), '')).toEqual([{ path: '', message: 'Enter a name.' }]);
    expect(issuesOf(name(), ' \u3000\t ')).toEqual([{ path: '', message: 'Enter a name.' }]);
    expect(issuesOf(singleLineText({ max: 5 }), ' ')[0]!.message).toBe('Enter some text.');
    const code = singleLineText({ max: 5, min: 2 });
    expect(issuesOf(code, 'a')[0]!.message).toBe('Use at least 2 characters.');
    expect(code.parse('ab')).toBe('ab');
    expect(singleLineText({ max: 5, min: 0 }).parse('  ')).toBe('');
    expect(issuesOf(name(), 42)[0]!.path).toBe('');
  });

  it('in exact mode refuses what it would otherwise normalise, and changes nothing', () => {
    expect(exactName().safeParse(' Ana ').error!.issues).toEqual([
      { path: [], code: 'custom', message: 'Remove leading and trailing spaces.' },
    ]);
    expect(exactName().safeParse('Nguye\u0302\u0303n').error!.issues).toEqual([
      { path: [], code: 'custom', message: 'Use the composed form of this text (Unicode NFC).' },
    ]);
    expect(issuesOf(exactName(), '')[0]!.message).toBe('Enter some text.');
    expect(issuesOf(exactName(), 'a'.repeat(121))[0]!.message).toBe('Use at most 120 characters.');
  });

  it('describes its bounds in JSON Schema as code points', () => {
    expect(z.toJSONSchema(name(), { io: 'input' })).toMatchObject({
      type: 'string',
      minLength: 1,
      maxLength: 120,
      description: expect.stringContaining('One line') as unknown as string,
    });
    expect(z.toJSONSchema(notes(), { io: 'input' })).toMatchObject({
      maxLength: 2000,
      description: expect.stringContaining('line breaks and tabs allowed') as unknown as string,
    });
  });
});

describe('multiLineText', () => {
  it('keeps line breaks and tabs, normalising every line break to LF', () => {
    expect(
      notes().parse('  Shot at dawn.\r\n\tDrone: DJI\rLens: 24mm\u2028End\u2029\u0085x  '),
    ).toBe('Shot at dawn.\n\tDrone: DJI\nLens: 24mm\nEnd\n\nx');
  });

  it('refuses the same characters as a single line', () => {
    expect(issuesOf(notes(), 'a\u0000\nb')[0]!.message).toBe(
      'Remove the control character U+0000.',
    );
    expect(issuesOf(notes(), 'a\n\u202eb')[0]!.message).toMatch(/text-direction control U\+202E/);
    expect(issuesOf(notes(), 'a\u000bb')[0]!.message).toMatch(/control character U\+000B/);
  });

  it('in exact mode accepts LF and tab only', () => {
    expect(exactNotes().parse('a\n\tb')).toBe('a\n\tb');
    expect(issuesOf(exactNotes(), 'a\r\nb')[0]!.message).toBe(
      'Write line breaks as U+000A, not U+000D.',
    );
    expect(issuesOf(exactNotes(), 'a\u2029b')[0]!.message).toBe(
      'Write line breaks as U+000A, not U+2029.',
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over text built from the characters that matter: letters of many scripts,
// marks, joiners, selectors, emoji, spaces, every forbidden class, and any code point at all.
// ---------------------------------------------------------------------------------------------
const LETTERS = Array.from('aZéßøЖжαΩאבעربیکदषकবরශරதமகあア山김ไሰᠭᠠ');
const MARKS = ['\u0301', '\u0302', '\u093c', '\u094d', '\u09cd', '\u0dca', '\u05b8', '\u064f'];
const JOINERS = ['\u200c', '\u200d', '\u180e'];
const SELECTORS = ['\ufe0f', '\ufe0e', '\ufe00', '\u180b', '\u{e0100}'];
const EMOJI = ['👩', '💻', '🔥', '❤', '🏳', '🌈', '🏽', '🇧', '1', '#', '\u20e3'];
const SPACES = [' ', '\u3000', '\u00a0', '\t', '\n', '\r'];
const FORBIDDEN = [
  '\u0000',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u00ad',
  '\u061c',
  '\u200b',
  '\u200e',
  '\u200f',
  '\u2028',
  '\u2029',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2060',
  '\u2061',
  '\u2062',
  '\u2063',
  '\u2064',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u206a',
  '\u3164',
  '\ufeff',
  '\ufff9',
  '\ufdd0',
  '\uffff',
  '\u{1fffe}',
  '\u{e0001}',
  '\u{e0041}',
  '\ud800',
  '\udbff',
  '\udc00',
];
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((u) => String.fromCharCode(u));
const unit = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...LETTERS) },
  { weight: 2, arbitrary: fc.constantFrom(...MARKS) },
  { weight: 2, arbitrary: fc.constantFrom(...JOINERS) },
  { weight: 1, arbitrary: fc.constantFrom(...SELECTORS) },
  { weight: 2, arbitrary: fc.constantFrom(...EMOJI) },
  { weight: 2, arbitrary: fc.constantFrom(...SPACES) },
  { weight: 2, arbitrary: fc.constantFrom(...FORBIDDEN) },
  { weight: 1, arbitrary: loneSurrogate },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);
const text = fc.string({ unit, maxLength: 40 });
const cleanText = fc
  .array(fc.constantFrom(...LETTERS), { minLength: 1, maxLength: 30 })
  .map((chars) => chars.join(''));

describe('text schema properties', () => {
  it('never outputs a forbidden character, and its output is NFC, trimmed and in bounds', () => {
    fc.assert(
      fc.property(text, (input) => {
        for (const [schema, multiLine] of [
          [name(), false],
          [notes(), true],
        ] as const) {
          const result = schema.safeParse(input);
          if (!result.success) continue;
          assertClean(result.data, multiLine);
          const length = Array.from(result.data).length;
          expect(length).toBeGreaterThanOrEqual(1);
          expect(length).toBeLessThanOrEqual(multiLine ? 2000 : 120);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('is idempotent: its output parses to itself, in normalising and exact mode', () => {
    fc.assert(
      fc.property(text, (input) => {
        for (const [schema, exact] of [
          [name(), exactName()],
          [notes(), exactNotes()],
        ] as const) {
          const result = schema.safeParse(input);
          if (!result.success) continue;
          expect(schema.parse(result.data)).toBe(result.data);
          expect(exact.parse(result.data)).toBe(result.data);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('exact mode accepts exactly the inputs normalisation would leave unchanged', () => {
    fc.assert(
      fc.property(text, (input) => {
        const normalised = name().safeParse(input);
        const exact = exactName().safeParse(input);
        expect(exact.success).toBe(normalised.success && normalised.data === input);
      }),
      { numRuns: 1000 },
    );
  });

  it('accepts any text of letters and spaces, as its NFC form', () => {
    fc.assert(
      fc.property(cleanText, cleanText, (first, last) => {
        const input = `${first} ${last}`;
        expect(name().parse(input)).toBe(input.normalize('NFC'));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses any forbidden character anywhere between letters, with the path', () => {
    fc.assert(
      fc.property(cleanText, fc.constantFrom(...FORBIDDEN), cleanText, (before, bad, after) => {
        const issues = issuesOf(form(), { profile: { name: `${before}${bad}${after}` } });
        expect(issues.map((issue) => issue.path)).toContain('profile.name');
        expect(issues.map((issue) => issue.message).join(' ')).toContain(
          bad === '\u2028' || bad === '\u2029' || bad === '\u0085' ? 'line break' : hex(bad),
        );
      }),
      { numRuns: 1000 },
    );
  });
});
