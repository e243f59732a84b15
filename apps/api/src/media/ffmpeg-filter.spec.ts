import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FIXTURE_FFMPEG } from '../../test/support/media-fixtures.js';
import { chain, escapeFilterDescription, escapeOptionValue, filter } from './ffmpeg-filter.js';
import { watermarkFont } from './media-binaries.js';

const exec = promisify(execFile);

/** Every character the two parsing levels or drawtext could read as syntax. */
const NASTY = `it's 50% off: [x], {y}; c:\\dir\\ $(id) %{pts} "q" ' \\' end=1`;

describe('filter escaping', () => {
  it('escapes option values, then the filter description', () => {
    expect(escapeOptionValue(`a:b'c\\d`)).toBe(`a\\:b\\'c\\\\d`);
    expect(escapeFilterDescription(`x=[a],b;c'd\\`)).toBe(`x=\\[a\\]\\,b\\;c\\'d\\\\`);
    expect(filter('scale', { w: 320, h: '2*trunc(min(480,ih)/2)' })).toBe(
      'scale=w=320:h=2*trunc(min(480\\,ih)/2)',
    );
    expect(filter('hflip')).toBe('hflip');
    expect(chain(filter('hflip'), filter('fps', { fps: 2 }))).toBe('hflip,fps=fps=2');
  });

  describe('through ffmpeg', () => {
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearframe-filter-'));
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** One grey frame of text drawn with the given drawtext options. */
    async function render(options: Record<string, string | number>): Promise<Buffer> {
      const { stdout } = await exec(
        FIXTURE_FFMPEG,
        [
          ...['-v', 'error', '-f', 'lavfi', '-i', 'color=c=black:size=640x32:rate=1'],
          ...['-frames:v', '1', '-vf'],
          chain(
            filter('drawtext', {
              fontfile: watermarkFont(),
              expansion: 'none',
              fontsize: 14,
              fontcolor: 'white',
              x: 2,
              y: 8,
              ...options,
            }),
            filter('format', { pix_fmts: 'gray' }),
          ),
          ...['-f', 'rawvideo', 'pipe:1'],
        ],
        { encoding: 'buffer' },
      );
      return stdout;
    }

    it('draws text full of syntax exactly as the same text read from a file', async () => {
      const textFile = path.join(dir, 'text.txt');
      fs.writeFileSync(textFile, NASTY);
      const inline = await render({ text: NASTY });
      const fromFile = await render({ textfile: textFile });
      expect(inline.length).toBe(640 * 32);
      expect(inline.equals(fromFile)).toBe(true);
      // And it is really drawn: other text gives other pixels, no text gives none.
      expect(inline.equals(await render({ text: NASTY.replace('50', '60') }))).toBe(false);
      expect(inline.some((value) => value > 128)).toBe(true);
    });

    it('opens a font whose path is full of syntax', async () => {
      const odd = path.join(dir, `font's: [dir], a;b\\c`);
      fs.mkdirSync(odd);
      fs.copyFileSync(watermarkFont(), path.join(odd, 'DejaVu Sans.ttf'));
      const withOddPath = await render({
        text: 'Clearframe',
        fontfile: path.join(odd, 'DejaVu Sans.ttf'),
      });
      expect(withOddPath.equals(await render({ text: 'Clearframe' }))).toBe(true);
    });
  });
});
