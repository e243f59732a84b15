import { describe, expect, it } from '@jest/globals';
import { clipFileName } from './clip.download.js';

describe('clipFileName', () => {
  const id = '6f1c2a9e-4b7d-4c1e-9a53-2d8e7f0b1c3a';
  const bare = 'https://s3.example/originals/org/uploads/u1/original?X-Amz-Signature=x.y';

  it('takes the extension of the uploaded file name, lower-cased, over the URL’s', () => {
    expect(clipFileName(id, 'Harbour at dawn.MOV', bare)).toBe(`${id}.mov`);
    expect(clipFileName(id, 'dawn.mp4', 'https://s3.example/originals/abc.mkv')).toBe(`${id}.mp4`);
    expect(clipFileName(id, 'take.2.final.webm', bare)).toBe(`${id}.webm`);
  });

  it('never takes anything but the extension from the uploaded name', () => {
    expect(clipFileName(id, '../../etc/passwd.mp4', bare)).toBe(`${id}.mp4`);
    expect(clipFileName(id, 'C:\\footage\\dawn.MXF', bare)).toBe(`${id}.mxf`);
    expect(clipFileName(id, 'shots.d/dawn', bare)).toBe(id);
  });

  it('falls back to the extension of the URL’s path, lower-cased, never of its query', () => {
    for (const fileName of [undefined, '', 'dawn', '.hidden', 'dawn.', 'dawn.m p4'])
      expect(
        clipFileName(id, fileName, 'https://s3.example/originals/org/abc.MP4?X-Amz-Signature=x.y'),
      ).toBe(`${id}.mp4`);
    expect(clipFileName(id, undefined, 'https://s3.example/originals/org/abc.mov')).toBe(
      `${id}.mov`,
    );
  });

  it('has none when neither the name nor the URL’s path has one', () => {
    for (const url of [
      bare,
      'https://s3.example/originals/org/abc?name=x.mp4',
      'https://s3.example/originals/org.d/abc',
      'https://s3.example/originals/.hidden',
      'https://s3.example/originals/abc.m%20p4',
      'https://s3.example/originals/abc.',
    ])
      for (const fileName of [undefined, 'dawn', 'a-very-long.extension12'])
        expect(clipFileName(id, fileName, url)).toBe(id);
  });
});
