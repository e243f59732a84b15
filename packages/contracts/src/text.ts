import { z } from 'zod';

// One rule for every piece of human text the platform stores and shows: names, titles,
// attribution lines, descriptions. Text must be storable (PostgreSQL refuses NUL and
// unpaired surrogates) and must display as what it is: no control characters, no
// text-direction overrides, nothing invisible that makes two names look alike.
//
// Length is counted in Unicode code points after NFC normalisation: what PostgreSQL's
// char_length and JSON Schema's maxLength count, so the limit means the same thing in the
// database, in the JSON Schemas and in other languages. Graphemes would let one "character"
// carry unbounded combining marks; UTF-16 units (zod's .max) would halve the limit for emoji.
//
// Refused everywhere, with a message naming the code point:
// - control characters (C0, DEL, C1); a multi-line field keeps U+000A and U+0009;
// - bidirectional controls (U+061C, U+200E–200F, U+202A–202E, U+2066–2069);
// - unpaired UTF-16 surrogates and noncharacters (U+FDD0–FDEF, U+xxFFFE–xxFFFF);
// - every other format character (Cf) and default-ignorable code point: zero-width space,
//   word joiner, invisible operators, BOM, soft hyphen, Hangul fillers, tag characters, …
// with three exceptions that real names need, each allowed only where it does its job:
// - ZWJ U+200D and ZWNJ U+200C between letters or marks of scripts that use them (Arabic,
//   Persian, the Indic scripts, Sinhala, Khmer, Myanmar, …: "علی‌رضا", "क्‍ष", "ශ්‍රී"), and ZWJ
//   between emoji ("👩‍💻", "🏳️‍🌈"). Never first, last, twice in a row, or inside Latin,
//   Greek, Cyrillic, CJK and other scripts where they only hide a difference. (This refuses
//   the pre-2008 Malayalam chillu spelling with a word-final ZWJ; the atomic chillu letters
//   U+0D7A–0D7F replaced it.) U+180E Mongolian vowel separator: only between Mongolian letters.
// - a variation selector (VS1–256, Mongolian FVS) once, directly after the letter, digit,
//   symbol or punctuation it selects a form of ("❤️", "1️⃣", "葛󠄀"), never stacked;
// - tag characters only inside an emoji flag tag sequence ("🏴󠁧󠁢󠁳󠁣󠁴󠁿").

const SUSPECT =
  /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\p{Noncharacter_Code_Point}]/u;

// Scripts in which ZWJ/ZWNJ change how letters join or conjoin (UAX #31 §2.3 gives the
// identifier rules these approximate).
const JOINER_SCRIPT = new RegExp(
  `^[${[
    'Arabic',
    'Syriac',
    'Nko',
    'Mongolian',
    'Mandaic',
    'Manichaean',
    'Psalter_Pahlavi',
    'Phags_Pa',
    'Adlam',
    'Hanifi_Rohingya',
    'Sogdian',
    'Devanagari',
    'Bengali',
    'Gurmukhi',
    'Gujarati',
    'Oriya',
    'Tamil',
    'Telugu',
    'Kannada',
    'Malayalam',
    'Sinhala',
    'Tibetan',
    'Myanmar',
    'Khmer',
    'Tai_Tham',
    'Balinese',
    'Javanese',
    'Sundanese',
    'Tagalog',
    'Limbu',
    'Syloti_Nagri',
    'Meetei_Mayek',
    'Chakma',
    'Brahmi',
    'Kaithi',
    'Sharada',
    'Takri',
    'Grantha',
    'Newa',
    'Tirhuta',
    'Modi',
    'Siddham',
  ]
    .map((script) => `\\p{Script_Extensions=${script}}`)
    .join('')}]$`,
  'u',
);
const MONGOLIAN = /^\p{Script_Extensions=Mongolian}$/u;
const LETTER_OR_MARK = /^[\p{L}\p{M}]$/u;
const MARK = /^\p{M}$/u;
const EMOJI = /^\p{Extended_Pictographic}$/u;
const EMOJI_BEFORE_ZWJ = /^[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F]$/u;
const VARIATION_BASE = /^[\p{L}\p{N}\p{S}\p{P}]$/u;
const VARIATION_SELECTOR = /^\p{Variation_Selector}$/u;
const CONTROL = /^\p{Cc}$/u;
const BIDI_CONTROL = /^\p{Bidi_Control}$/u;
const NONCHARACTER = /^\p{Noncharacter_Code_Point}$/u;
// Emoji tag sequences (UTS #51): 🏴, then a subdivision code in tag letters and digits, then CANCEL TAG.
const TAG_BASE = '\u{1F3F4}';
const TAG_SPEC = /^[\u{E0030}-\u{E0039}\u{E0061}-\u{E007A}]$/u;
const CANCEL_TAG = '\u{E007F}';
const OTHER_LINE_BREAK = /\r\n?|[\u0085\u2028\u2029]/g;

const LINE_BREAKS = new Set([0x0a, 0x0d, 0x85, 0x2028, 0x2029]);
const ZWNJ = 0x200c;
const ZWJ = 0x200d;
const MVS = 0x180e;

type Problem =
  | 'line_break'
  | 'control'
  | 'bidi_control'
  | 'lone_surrogate'
  | 'noncharacter'
  | 'joiner'
  | 'variation_selector'
  | 'invisible';

function hex(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

function messageFor(problem: Problem, codePoint: number, multiLine: boolean): string {
  const at = hex(codePoint);
  switch (problem) {
    case 'line_break':
      return multiLine
        ? `Write line breaks as U+000A, not ${at}.`
        : 'Keep this on one line: remove the line break.';
    case 'control':
      return `Remove the control character ${at}.`;
    case 'bidi_control':
      return `Remove the text-direction control ${at}: it can make text display in another order than it is written.`;
    case 'lone_surrogate':
      return `Remove the broken character ${at} (half of a UTF-16 surrogate pair).`;
    case 'noncharacter':
      return `Remove ${at}: it is a Unicode noncharacter, not text.`;
    case 'joiner':
      return `Remove the invisible joiner ${at}: it is allowed only between letters of a script that uses it (such as Persian or Hindi) or between emoji.`;
    case 'variation_selector':
      return `Remove the variation selector ${at}: it may only follow, once, the character whose form it selects.`;
    case 'invisible':
      return `Remove the invisible character ${at}.`;
  }
}

/** The nearest character before `index` that is not a combining mark (marks are transparent to joining). */
function baseBefore(chars: readonly string[], index: number): string | undefined {
  let at = index - 1;
  while (at >= 0 && MARK.test(chars[at]!)) at--;
  return chars[at];
}

function joinerAllowed(chars: readonly string[], index: number, codePoint: number): boolean {
  // Missing neighbours (the joiner is first or last) become '', which no pattern matches.
  const before = chars[index - 1] ?? '';
  const after = chars[index + 1] ?? '';
  if (codePoint === ZWJ && EMOJI_BEFORE_ZWJ.test(before) && EMOJI.test(after)) return true;
  const base = baseBefore(chars, index) ?? '';
  if (!LETTER_OR_MARK.test(base) || !LETTER_OR_MARK.test(after)) return false;
  const script = codePoint === MVS ? MONGOLIAN : JOINER_SCRIPT;
  return script.test(base) && script.test(after);
}

function classify(
  chars: readonly string[],
  index: number,
  multiLine: boolean,
  inTagSequence: boolean,
): Problem | null {
  const char = chars[index]!;
  const codePoint = char.codePointAt(0)!;
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return 'lone_surrogate';
  if (LINE_BREAKS.has(codePoint)) return multiLine && codePoint === 0x0a ? null : 'line_break';
  if (CONTROL.test(char)) return multiLine && codePoint === 0x09 ? null : 'control';
  if (BIDI_CONTROL.test(char)) return 'bidi_control';
  if (NONCHARACTER.test(char)) return 'noncharacter';
  if (codePoint === ZWJ || codePoint === ZWNJ || codePoint === MVS)
    return joinerAllowed(chars, index, codePoint) ? null : 'joiner';
  if (VARIATION_SELECTOR.test(char)) {
    return VARIATION_BASE.test(chars[index - 1] ?? '') ? null : 'variation_selector';
  }
  if (inTagSequence) return null;
  return SUSPECT.test(char) ? 'invisible' : null;
}

interface TextFinding {
  problem: Problem;
  codePoint: number;
}

/** Indexes of the tag characters that belong to an emoji tag sequence (a subdivision flag). */
function tagSequenceMembers(chars: readonly string[]): Set<number> {
  const members = new Set<number>();
  chars.forEach((char, start) => {
    if (char !== TAG_BASE) return;
    let end = start + 1;
    while (TAG_SPEC.test(chars[end] ?? '')) end++;
    const length = end - start - 1;
    if (chars[end] !== CANCEL_TAG || length < 3 || length > 7) return;
    for (let index = start + 1; index <= end; index++) members.add(index);
  });
  return members;
}

/** Every kind of forbidden character in `value` once, with the first code point of each kind. */
function findProblems(value: string, multiLine: boolean): TextFinding[] {
  if (!SUSPECT.test(value)) return [];
  const chars = Array.from(value);
  const tagged = tagSequenceMembers(chars);
  const findings: TextFinding[] = [];
  const seen = new Set<Problem>();
  chars.forEach((char, index) => {
    const problem = classify(chars, index, multiLine, tagged.has(index));
    if (problem === null || seen.has(problem)) return;
    seen.add(problem);
    findings.push({ problem, codePoint: char.codePointAt(0)! });
  });
  return findings;
}

function codePointLength(value: string): number {
  let length = 0;
  for (const _ of value) length++;
  return length;
}

/** Options shared by `singleLineText` and `multiLineText`. */
export interface TextOptions {
  /** Most code points allowed, counted after normalisation. */
  max: number;
  /** Fewest code points (default 1: blank text is refused). */
  min?: number;
  /** The message for text that is empty after trimming (default "Enter some text."). */
  emptyMessage?: string;
  /**
   * Refuse text that is not already normalised (NFC, trimmed, LF line breaks) instead of
   * normalising it. For text that is hashed or signed, where a silent change would make the
   * hash differ from the caller's own.
   */
  exact?: boolean;
}

function textSchema(options: TextOptions, multiLine: boolean) {
  const { max, min = 1, emptyMessage = 'Enter some text.', exact = false } = options;
  const tooLong = `Use at most ${max} characters.`;
  // Bounds the work of normalising and scanning before anything else runs. Generous: a
  // decomposed (NFD) input shrinks by up to three code points per character under NFC.
  let schema = z.string().max(max * 8, { message: tooLong });
  if (!exact) {
    schema = schema.normalize('NFC');
    if (multiLine) schema = schema.overwrite((value) => value.replace(OTHER_LINE_BREAK, '\n'));
    schema = schema.trim();
  }
  return schema
    .superRefine((value, ctx) => {
      if (exact && value.trim() !== value) {
        ctx.addIssue({ code: 'custom', message: 'Remove leading and trailing spaces.' });
      }
      if (exact && value.normalize('NFC') !== value) {
        ctx.addIssue({
          code: 'custom',
          message: 'Use the composed form of this text (Unicode NFC).',
        });
      }
      for (const { problem, codePoint } of findProblems(value, multiLine)) {
        ctx.addIssue({ code: 'custom', message: messageFor(problem, codePoint, multiLine) });
      }
      const length = codePointLength(value);
      if (length < min) {
        ctx.addIssue({
          code: 'custom',
          message: length === 0 ? emptyMessage : `Use at least ${min} characters.`,
        });
      }
      if (length > max) ctx.addIssue({ code: 'custom', message: tooLong });
    })
    .meta({
      minLength: min,
      maxLength: max,
      description: multiLine
        ? 'Text (Unicode NFC; line breaks and tabs allowed; no other control, direction-override or invisible characters).'
        : 'One line of text (Unicode NFC; no control, line-break, direction-override or invisible characters).',
    });
}

/**
 * One line of human text — a name, a title: NFC-normalised and trimmed, at most `max` code
 * points, refusing control, line-break, bidi-control, invisible and broken characters.
 */
export function singleLineText(options: TextOptions) {
  return textSchema(options, false);
}

/**
 * Free text that may span lines — a description, a caption: like `singleLineText`, but keeps
 * line breaks (normalised to U+000A) and tabs.
 */
export function multiLineText(options: TextOptions) {
  return textSchema(options, true);
}
