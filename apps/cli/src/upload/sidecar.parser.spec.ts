import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { UsageError } from '../exit-codes.js';
import {
  parseCsvSidecar,
  parseJsonSidecar,
  readSidecar,
  SidecarError,
  type Sidecar,
} from './sidecar.parser.js';

const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples');
const HEADER =
  'file,title,description,tags,category,captions,camera_motion,setting,time_of_day,country,people';

/** The message a parse fails with (the test fails if it parses). */
function refusal(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(SidecarError);
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected the sidecar to be refused');
}

function asObject(sidecar: Sidecar) {
  return Object.fromEntries([...sidecar].map(([name, entry]) => [name, entry]));
}

describe('CSV sidecar', () => {
  it('reads every column, splits tags and people on ";" and maps columns to the clip fields', () => {
    const sidecar = parseCsvSidecar(
      `${HEADER}\nbeach.mp4,Beach at dawn,"Waves, sand",sea; waves ;sand;,nature,Slow waves,static,outdoor,golden_hour,PT,Ana Lima;Vendor 2\n`,
    );
    expect(asObject(sidecar)).toEqual({
      'beach.mp4': {
        fileName: 'beach.mp4',
        where: 'line 2',
        clip: {
          title: 'Beach at dawn',
          description: 'Waves, sand',
          tags: ['sea', 'waves', 'sand'],
          category: 'nature',
          captions: 'Slow waves',
          cameraMotion: 'static',
          setting: 'outdoor',
          timeOfDay: 'golden_hour',
          country: 'PT',
        },
        people: ['Ana Lima', 'Vendor 2'],
      },
    });
  });

  it('takes columns in any order and case, a BOM, CRLF lines, and leaves empty cells out', () => {
    const sidecar = parseCsvSidecar(
      '\uFEFFTitle,FILE,Country,People\r\nA dune,dune.mkv,,none\r\n\r\n,plain.webm,br,\r\n',
    );
    expect(asObject(sidecar)).toEqual({
      'dune.mkv': { fileName: 'dune.mkv', where: 'line 2', clip: { title: 'A dune' }, people: [] },
      'plain.webm': {
        fileName: 'plain.webm',
        where: 'line 4',
        clip: { country: 'BR' },
        people: null,
      },
    });
  });

  it('accepts vocabulary values in any case and keeps one spelling', () => {
    const sidecar = parseCsvSidecar(
      'file,category,setting,time_of_day\nx.mp4,Nature,OUTDOOR,Night\n',
    );
    expect(sidecar.get('x.mp4')!.clip).toEqual({
      category: 'nature',
      setting: 'outdoor',
      timeOfDay: 'night',
    });
  });

  it('reads the example in examples/footage.csv', async () => {
    const sidecar = await readSidecar(path.join(EXAMPLES, 'footage.csv'));
    expect([...sidecar.keys()].sort()).toEqual(['beach.mp4', 'market.mov', 'studio-spin.mkv']);
    expect(sidecar.get('market.mov')!.people).toEqual(['Ana Lima', 'Vendor 2']);
    expect(sidecar.get('studio-spin.mkv')!.clip).toEqual({
      title: 'Turntable spin',
      description: 'A ceramic vase on a turntable',
      category: 'abstract',
      cameraMotion: 'static',
      setting: 'studio',
    });
  });

  it.each([
    [
      'an unknown column, with the near miss',
      'file,titel\na.mp4,x\n',
      'line 1: unknown column "titel" (did you mean "title"?). The columns are: file, title, description, tags, category, captions, camera_motion, setting, time_of_day, country, people.',
    ],
    [
      'a column twice',
      'file,title,Title\na.mp4,x,y\n',
      'line 1: the column "title" appears twice.',
    ],
    ['no file column', 'title\nx\n', 'line 1: no "file" column (the name of each video file).'],
    ['an empty file', '', 'is empty; the first row names the columns.'],
    [
      'a row without a file name',
      'file,title\n,x\n',
      'line 2, file: name the video file this row describes.',
    ],
    [
      'a path instead of a name',
      'file\nclips/a.mp4\n',
      'line 2, file: Use the file name without a folder path.',
    ],
    ['a name with ..', 'file\na..mp4\n', 'line 2, file: Remove ".." from the file name.'],
    [
      'the same file twice',
      'file,title\na.mp4,x\nb.mp4,y\na.mp4,z\n',
      'line 4 (a.mp4): a.mp4 is already described at line 2.',
    ],
    [
      'a category outside the vocabulary',
      'file,category\na.mp4,space\n',
      'line 2 (a.mp4), category: "space" is not accepted. Use one of: nature, urban, people, animals, aerial, underwater, sports, vehicles, industry, food, abstract, other.',
    ],
    [
      'a country that is not ISO alpha-2',
      'file,country\na.mp4,France\n',
      'line 2 (a.mp4), country: "FRANCE" is not accepted. Use an ISO 3166-1 alpha-2 code such as FR or BR.',
    ],
    [
      'a camera motion outside the vocabulary',
      'file,camera_motion\na.mp4,spin\n',
      'line 2 (a.mp4), camera_motion: "spin" is not accepted. Use one of: static, pan, tilt, zoom, dolly, tracking, handheld, drone.',
    ],
    ['a repeated tag', 'file,tags\na.mp4,Sea;sea\n', 'line 2 (a.mp4), tags: Each tag only once.'],
    [
      'a tag over 40 characters',
      `file,tags\na.mp4,ok;${'t'.repeat(41)}\n`,
      'line 2 (a.mp4), tags (tag 2): Use at most 40 characters.',
    ],
    [
      'a control character in a title',
      'file,title\na.mp4,"Be\u0007ach"\n',
      'line 2 (a.mp4), title: Remove the control character U+0007.',
    ],
    [
      'a row with an extra cell',
      'file,title\na.mp4,Paris, at night\n',
      'is not valid CSV: Invalid Record Length: expect 2, got 3 on line 2 Quote cells that contain a comma ("Paris, at night").',
    ],
    [
      'an unclosed quote',
      'file,title\na.mp4,"Paris\n',
      'is not valid CSV: Quote Not Closed: the parsing is finished with an opening quote at line 2',
    ],
  ])('refuses %s, naming the line and column', (_label, text, message) => {
    expect(refusal(() => parseCsvSidecar(text, 'footage.csv'))).toBe(`footage.csv: ${message}`);
  });

  it('lists every problem at once, not the first only', () => {
    const message = refusal(() =>
      parseCsvSidecar(
        'file,country,category\na.mp4,XX,nature\nb.mp4,FR,food\nc/d.mp4,,\n',
        'f.csv',
      ),
    );
    expect(message).toBe(
      [
        'f.csv has 2 problems:',
        '  line 2 (a.mp4), country: "XX" is not accepted. Use an ISO 3166-1 alpha-2 code such as FR or BR.',
        '  line 4, file: Use the file name without a folder path.',
      ].join('\n'),
    );
  });

  it('shows at most 20 problems and counts the rest', () => {
    const rows = Array.from({ length: 23 }, (_, i) => `f${i}.mp4,nowhere`).join('\n');
    const message = refusal(() => parseCsvSidecar(`file,country\n${rows}\n`, 'f.csv'));
    expect(message.split('\n')[0]).toBe('f.csv has 23 problems:');
    expect(message.split('\n')).toHaveLength(1 + 20 + 1);
    expect(message.endsWith('  … and 3 more')).toBe(true);
  });

  it('refuses a person named with an invisible character', () => {
    expect(refusal(() => parseCsvSidecar('file,people\na.mp4,Ana;Bo\u200bb\n', 'f.csv'))).toBe(
      'f.csv: line 2 (a.mp4), people (person 2): Remove the invisible character U+200B.',
    );
  });
});

describe('JSON sidecar', () => {
  it('reads an object keyed by file name with the CSV column names as fields', () => {
    const sidecar = parseJsonSidecar(
      JSON.stringify({
        'a.mp4': { title: 'A', tags: ['x', 'y'], time_of_day: 'dusk', country: 'jp', people: [] },
        'b.mov': {},
      }),
    );
    expect(asObject(sidecar)).toEqual({
      'a.mp4': {
        fileName: 'a.mp4',
        where: 'entry "a.mp4"',
        clip: { title: 'A', tags: ['x', 'y'], timeOfDay: 'dusk', country: 'JP' },
        people: [],
      },
      'b.mov': { fileName: 'b.mov', where: 'entry "b.mov"', clip: {}, people: null },
    });
  });

  it('reads the example in examples/footage.json like its CSV twin', async () => {
    const json = await readSidecar(path.join(EXAMPLES, 'footage.json'));
    const csv = await readSidecar(path.join(EXAMPLES, 'footage.csv'));
    expect(json.get('beach.mp4')!.clip).toEqual(csv.get('beach.mp4')!.clip);
    expect(json.get('beach.mp4')!.people).toEqual([]);
    expect(json.get('market.mov')!.people).toEqual(['Ana Lima', 'Vendor 2']);
  });

  it.each([
    ['text that is not JSON', '{"a.mp4": ', /^f\.json: is not valid JSON \(.+\)\.$/],
    [
      'an array',
      '[{"file": "a.mp4"}]',
      'f.json: must be an object keyed by file name, like {"beach.mp4": {"title": "Beach at dawn"}}.',
    ],
    [
      'an entry that is not an object',
      '{"a.mp4": "Beach"}',
      'f.json: entry "a.mp4": must be an object of fields (title, description, tags, …).',
    ],
    [
      'an unknown field, with the near miss',
      '{"a.mp4": {"timeOfDay": "day"}}',
      'f.json: entry "a.mp4": unknown field "timeOfDay" (did you mean "time_of_day"?). The fields are: title, description, tags, category, captions, camera_motion, setting, time_of_day, country, people.',
    ],
    [
      'tags as one string',
      '{"a.mp4": {"tags": "sea;waves"}}',
      'f.json: entry "a.mp4" (a.mp4), tags: give a list.',
    ],
    [
      'a number as a title',
      '{"a.mp4": {"title": 7}}',
      'f.json: entry "a.mp4" (a.mp4), title: give a string.',
    ],
    [
      'people as one string',
      '{"a.mp4": {"people": "Ana"}}',
      'f.json: entry "a.mp4", people: give an array of names, or [] for nobody identifiable.',
    ],
    [
      'a key that is a path',
      '{"../a.mp4": {}}',
      'f.json: entry "../a.mp4", file: Use the file name without a folder path.',
    ],
  ])('refuses %s', (_label, text, message) => {
    const got = refusal(() => parseJsonSidecar(text, 'f.json'));
    if (message instanceof RegExp) expect(got).toMatch(message);
    else expect(got).toBe(message);
  });
});

describe('readSidecar', () => {
  it('refuses a missing file and an extension other than .csv or .json', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'clearframe-sidecar-'));
    await expect(readSidecar(path.join(dir, 'none.csv'))).rejects.toThrow(
      `${path.join(dir, 'none.csv')}: no such file.`,
    );
    await writeFile(path.join(dir, 'meta.txt'), 'file\na.mp4\n');
    await expect(readSidecar(path.join(dir, 'meta.txt'))).rejects.toThrow(
      `${path.join(dir, 'meta.txt')}: give the sidecar as .csv or .json (see \`clearframe upload --help\`).`,
    );
  });

  it('picks the parser by extension, in any case', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'clearframe-sidecar-'));
    await writeFile(
      path.join(dir, 'META.JSON'),
      await readFile(path.join(EXAMPLES, 'footage.json')),
    );
    expect((await readSidecar(path.join(dir, 'META.JSON'))).size).toBe(2);
  });
});
