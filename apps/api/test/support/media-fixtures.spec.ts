import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import {
  FIXTURE_FFPROBE,
  type VideoSource,
  audioOnlyFixture,
  editedFixture,
  emptyFixture,
  renamedTextFixture,
  stillImageFixture,
  truncatedFixture,
  videoFixture,
} from './media-fixtures.js';

const exec = promisify(execFile);

async function streams(file: string) {
  const { stdout } = await exec(FIXTURE_FFPROBE, [
    ...['-v', 'error', '-count_packets', '-print_format', 'json', '-show_format', '-show_streams'],
    file,
  ]);
  return JSON.parse(stdout) as {
    streams: {
      codec_type: string;
      codec_name: string;
      width?: number;
      height?: number;
      avg_frame_rate?: string;
      nb_read_packets?: string;
    }[];
    format: { format_name: string; duration?: string };
  };
}

describe('media fixtures', () => {
  it.each<VideoSource>(['mandelbrot', 'life', 'cellauto', 'pan', 'black'])(
    'makes %s video at the size, rate and length asked',
    async (source) => {
      const file = await videoFixture({ source, width: 192, height: 108, fps: 12, seconds: 1.5 });
      const {
        streams: [video],
        format,
      } = await streams(file);
      expect(video).toMatchObject({
        codec_type: 'video',
        codec_name: 'h264',
        width: 192,
        height: 108,
        avg_frame_rate: '12/1',
        nb_read_packets: '18',
      });
      expect(Number(format.duration)).toBeCloseTo(1.5, 1);
    },
  );

  it('caches by parameters: the same clip is made once, another is another file', async () => {
    const first = await videoFixture({ source: 'life', seed: 5, seconds: 1 });
    const made = fs.statSync(first).mtimeMs;
    expect(await videoFixture({ seed: 5, source: 'life', seconds: 1 })).toBe(first);
    expect(fs.statSync(first).mtimeMs).toBe(made);
    const other = await videoFixture({ source: 'life', seed: 6, seconds: 1 });
    expect(other).not.toBe(first);
    expect(fs.readFileSync(other).equals(fs.readFileSync(first))).toBe(false);
  });

  it('makes the bad uploads verification refuses', async () => {
    expect(fs.statSync(await emptyFixture()).size).toBe(0);
    expect(fs.readFileSync(await renamedTextFixture(), 'utf8')).toMatch(/^Shot list/);
    const png = fs.readFileSync(await stillImageFixture());
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const sound = await streams(await audioOnlyFixture(1));
    expect(sound.streams.map((s) => s.codec_type)).toEqual(['audio']);
    const whole = fs.statSync(await videoFixture({ seconds: 2 })).size;
    const cut = fs.statSync(await truncatedFixture({ seconds: 2, keepFraction: 0.5 })).size;
    expect(cut).toBe(Math.floor(whole * 0.5));
  });

  it('makes the edited copies duplicate detection must see through', async () => {
    const original = await videoFixture({ seconds: 2 });
    const sizes = await Promise.all(
      (['reencode', 'trim', 'crop', 'flip'] as const).map(async (edit) => {
        const {
          streams: [video],
          format,
        } = await streams(await editedFixture(original, edit));
        return [edit, video!.width, video!.height, Math.round(Number(format.duration) * 10) / 10];
      }),
    );
    expect(sizes).toEqual([
      ['reencode', 256, 144, 2],
      ['trim', 320, 180, 1.5],
      ['crop', 304, 170, 2],
      ['flip', 320, 180, 2],
    ]);
  });
});
