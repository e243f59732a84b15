import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DisplayName } from '@clearframe/contracts/common';
import { ClipDetails, type ClipDetailsType, UploadFileName } from '@clearframe/contracts/supply';
import { CsvError, parse } from 'csv-parse/sync';
import type { z } from 'zod';
import { UsageError } from '../exit-codes.js';

/**
 * The sidecar's columns (CSV header names, JSON keys) and the clip field each fills. `file` is
 * the file's name in the folder; `people` is not a clip field (see SidecarEntry.people).
 */
export const SIDECAR_FIELDS = {
  title: 'title',
  description: 'description',
  tags: 'tags',
  category: 'category',
  captions: 'captions',
  camera_motion: 'cameraMotion',
  setting: 'setting',
  time_of_day: 'timeOfDay',
  country: 'country',
} as const satisfies Record<string, keyof ClipDetailsType>;
type SidecarField = keyof typeof SIDECAR_FIELDS;

export const SIDECAR_COLUMNS = ['file', ...Object.keys(SIDECAR_FIELDS), 'people'] as const;

/** Separates the values of a list cell (tags, people) in CSV. */
export const LIST_SEPARATOR = ';';

/** The description of one file, from one CSV row or one JSON entry. */
export interface SidecarEntry {
  fileName: string;
  /** Where it came from, for messages: `line 4` or `entry "beach.mp4"`. */
  where: string;
  clip: ClipDetailsType;
  /**
   * The identifiable people the creator says are in the shot, by name or pseudonym; `[]` when the
   * sidecar says `none`, null when it says nothing. Each needs a release before the clip can be
   * submitted.
   */
  people: string[] | null;
}

export type Sidecar = Map<string, SidecarEntry>;

/** The sidecar had mistakes; the message lists every one (up to 20), each with its line. */
export class SidecarError extends UsageError {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    const shown = problems.slice(0, 20);
    const more =
      problems.length > shown.length ? `\n  … and ${problems.length - shown.length} more` : '';
    super(
      problems.length === 1
        ? `${source}: ${problems[0]}`
        : `${source} has ${problems.length} problems:\n${shown.map((p) => `  ${p}`).join('\n')}${more}`,
    );
  }
}

/** Reads a `.csv` or `.json` sidecar file. */
export async function readSidecar(file: string): Promise<Sidecar> {
  const source = path.basename(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT' ? `${file}: no such file.` : `${file} cannot be read (${code ?? error}).`,
    );
  }
  const extension = path.extname(file).toLowerCase();
  if (extension === '.csv') return parseCsvSidecar(text, source);
  if (extension === '.json') return parseJsonSidecar(text, source);
  throw new UsageError(
    `${file}: give the sidecar as .csv or .json (see \`clearframe upload --help\`).`,
  );
}

/**
 * A CSV sidecar: a header row naming columns from SIDECAR_COLUMNS (any order, any case; `file`
 * required), then one row per file. Empty cells say nothing; `tags` and `people` hold several
 * values separated by `;`.
 */
export function parseCsvSidecar(text: string, source = 'sidecar.csv'): Sidecar {
  let rows: Array<{ record: string[]; info: { lines: number } }>;
  try {
    rows = parse(text, {
      bom: true,
      info: true,
      relax_column_count: false,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as typeof rows;
  } catch (error) {
    if (error instanceof CsvError) throw new SidecarError(source, [csvErrorText(error)]);
    throw error;
  }
  const [header, ...body] = rows;
  if (!header) throw new SidecarError(source, ['is empty; the first row names the columns.']);
  const columns = header.record.map((name) => name.toLowerCase());
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const column of columns) {
    if (!(SIDECAR_COLUMNS as readonly string[]).includes(column))
      problems.push(
        `line 1: unknown column "${column}"${suggestion(column)}. The columns are: ${SIDECAR_COLUMNS.join(', ')}.`,
      );
    else if (seen.has(column)) problems.push(`line 1: the column "${column}" appears twice.`);
    seen.add(column);
  }
  if (!seen.has('file')) problems.push('line 1: no "file" column (the name of each video file).');
  if (problems.length > 0) throw new SidecarError(source, problems);

  const entries: Sidecar = new Map();
  for (const { record, info } of body) {
    const cells = Object.fromEntries(columns.map((column, i) => [column, record[i] ?? '']));
    const where = `line ${info.lines}`;
    const fields: Partial<Record<SidecarField, unknown>> = {};
    for (const column of Object.keys(SIDECAR_FIELDS) as SidecarField[]) {
      const cell = cells[column];
      if (cell === undefined || cell === '') continue;
      fields[column] = column === 'tags' ? splitList(cell) : cell;
    }
    const people = cells.people ? peopleFromCell(cells.people) : null;
    addEntry(entries, problems, cells.file ?? '', where, fields, people);
  }
  if (problems.length > 0) throw new SidecarError(source, problems);
  return entries;
}

/**
 * A JSON sidecar: an object whose keys are file names and whose values hold the same fields as
 * the CSV columns (`tags` and `people` as arrays of strings; `people: []` for nobody).
 */
export function parseJsonSidecar(text: string, source = 'sidecar.json'): Sidecar {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new SidecarError(source, [`is not valid JSON (${(error as Error).message}).`]);
  }
  if (!isPlainObject(json))
    throw new SidecarError(source, [
      'must be an object keyed by file name, like {"beach.mp4": {"title": "Beach at dawn"}}.',
    ]);
  const entries: Sidecar = new Map();
  const problems: string[] = [];
  for (const [fileName, value] of Object.entries(json)) {
    const where = `entry "${fileName}"`;
    if (!isPlainObject(value)) {
      problems.push(`${where}: must be an object of fields (title, description, tags, …).`);
      continue;
    }
    const fields: Partial<Record<SidecarField, unknown>> = {};
    let people: string[] | null = null;
    let ok = true;
    for (const [key, field] of Object.entries(value)) {
      if (key === 'people') {
        if (Array.isArray(field) && field.every((p) => typeof p === 'string')) people = field;
        else {
          problems.push(`${where}, people: give an array of names, or [] for nobody identifiable.`);
          ok = false;
        }
      } else if (Object.hasOwn(SIDECAR_FIELDS, key)) {
        fields[key as SidecarField] = field;
      } else {
        const known = SIDECAR_COLUMNS.filter((c) => c !== 'file').join(', ');
        problems.push(
          `${where}: unknown field "${key}"${suggestion(key)}. The fields are: ${known}.`,
        );
        ok = false;
      }
    }
    if (ok) addEntry(entries, problems, fileName, where, fields, people);
  }
  if (problems.length > 0) throw new SidecarError(source, problems);
  return entries;
}

function addEntry(
  entries: Sidecar,
  problems: string[],
  fileName: string,
  where: string,
  fields: Partial<Record<SidecarField, unknown>>,
  people: string[] | null,
): void {
  const label = fileName ? `${where} (${fileName})` : where;
  const name = UploadFileName.safeParse(fileName);
  if (!name.success) {
    problems.push(
      `${where}, file: ${fileName ? name.error.issues[0]!.message : 'name the video file this row describes.'}`,
    );
    return;
  }
  const earlier = entries.get(name.data);
  if (earlier) {
    problems.push(`${label}: ${name.data} is already described at ${earlier.where}.`);
    return;
  }
  const clip = ClipDetails.safeParse(toClipDetails(fields), { reportInput: true });
  const before = problems.length;
  if (!clip.success)
    for (const issue of clip.error.issues) problems.push(`${label}, ${issueText(issue)}`);
  const names: string[] = [];
  for (const [index, person] of (people ?? []).entries()) {
    const parsed = DisplayName.safeParse(person);
    if (parsed.success) names.push(parsed.data);
    else
      problems.push(`${label}, people (person ${index + 1}): ${parsed.error.issues[0]!.message}`);
  }
  if (problems.length > before || !clip.success) return;
  entries.set(name.data, {
    fileName: name.data,
    where,
    clip: clip.data,
    people: people ? names : null,
  });
}

/** Sidecar fields (snake_case) as the API's clip details (camelCase), lightly normalised. */
function toClipDetails(fields: Partial<Record<SidecarField, unknown>>): Record<string, unknown> {
  const details: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(fields) as Array<[SidecarField, unknown]>) {
    let normalised = value;
    // People type "FR", "fr" or "Nature" alike; the vocabulary has one spelling of each.
    if (typeof value === 'string' && column === 'country') normalised = value.trim().toUpperCase();
    else if (typeof value === 'string' && ENUM_COLUMNS.has(column))
      normalised = value.trim().toLowerCase();
    details[SIDECAR_FIELDS[column]] = normalised;
  }
  return details;
}

const ENUM_COLUMNS = new Set<SidecarField>(['category', 'camera_motion', 'setting', 'time_of_day']);
const COLUMN_OF: Record<string, string> = Object.fromEntries(
  Object.entries(SIDECAR_FIELDS).map(([column, field]) => [field, column]),
);

/** One zod issue as "column: sentence", with short sentences for the long vocabularies. */
function issueText(issue: z.core.$ZodIssue): string {
  const [field, index] = issue.path;
  const column = COLUMN_OF[String(field)] ?? String(field ?? 'row');
  const at =
    typeof index === 'number' ? ` (${column === 'tags' ? 'tag' : 'item'} ${index + 1})` : '';
  if (issue.code === 'invalid_value') {
    const values = issue.values.map(String);
    const given = (issue as { input?: unknown }).input;
    const shown = given === undefined ? '' : `"${String(given)}" is not accepted. `;
    return column === 'country'
      ? `${column}: ${shown}Use an ISO 3166-1 alpha-2 code such as FR or BR.`
      : `${column}${at}: ${shown}Use one of: ${values.join(', ')}.`;
  }
  if (issue.code === 'invalid_type')
    return `${column}${at}: give ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}.`;
  return `${column}${at}: ${issue.message}`;
}

function splitList(cell: string): string[] {
  return cell
    .split(LIST_SEPARATOR)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function peopleFromCell(cell: string): string[] {
  return cell.trim().toLowerCase() === 'none' ? [] : splitList(cell);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function csvErrorText(error: CsvError): string {
  // csv-parse says "Invalid Record Length: expect 3, got 4 on line 5": keep its words, add help.
  const hint =
    error.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH'
      ? ' Quote cells that contain a comma ("Paris, at night").'
      : '';
  return `is not valid CSV: ${error.message}${hint}`;
}

/** ` (did you mean "time_of_day"?)` for a near miss of a known column, else nothing. */
function suggestion(name: string): string {
  const simple = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '');
  const match = SIDECAR_COLUMNS.find(
    (column) => simple(column) === simple(name) || editDistance(column, name.toLowerCase()) <= 2,
  );
  return match ? ` (did you mean "${match}"?)` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
