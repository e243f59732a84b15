import { describe, expect, it } from '@jest/globals';
import { clipFileName } from './clip.download.js';

describe('clipFileName', () => {
  const id = '6f1c2a9e-4b7d-4c1e-9a53-2d8e7f0b1c3a';
  it('takes the extension of the URL’s path, lower-cased, never of its query', () => {
    expect(clipFileName(id, 'https://s3.example/originals/org/abc.MP4?X-Amz-Signature=x.y')).toBe(
      `${id}.mp4`,
    );
    expect(clipFileName(id, 'https://s3.example/originals/org/abc.mov')).toBe(`${id}.mov`);
  });

  it('has none when the path has none, or something that is not one', () => {
    for (const url of [
      'https://s3.example/originals/org/abc?name=x.mp4',
      'https://s3.example/originals/org.d/abc',
      'https://s3.example/originals/.hidden',
      'https://s3.example/originals/abc.m%20p4',
      'https://s3.example/originals/abc.',
    ])
      expect(clipFileName(id, url)).toBe(id);
  });
});
