import { describe, expect, it } from '@jest/globals';
import {
  CreateUpload,
  MAX_PART_COUNT,
  MIN_PART_SIZE_BYTES,
  partCountFor,
  partSizeFor,
  SignUploadParts,
  uploadContainerFor,
  UploadFileName,
} from './upload.schema.js';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

describe('part size', () => {
  it.each([
    [0, 8 * MIB, 1],
    [1, 8 * MIB, 1],
    [8 * MIB, 8 * MIB, 1],
    [8 * MIB + 1, 8 * MIB, 2],
    // 10,000 parts of 8 MiB hold 78.125 GiB; one byte more needs 16 MiB parts.
    [10_000 * 8 * MIB, 8 * MIB, 10_000],
    [10_000 * 8 * MIB + 1, 16 * MIB, 5_001],
    [20 * GIB, 8 * MIB, 2_560],
    [1024 * GIB, 128 * MIB, 8_192],
  ])('%d bytes → parts of %d bytes, %d of them', (size, partSize, count) => {
    expect(partSizeFor(size)).toBe(partSize);
    expect(partCountFor(size)).toBe(count);
  });

  it('is at least 8 MiB and never needs more than 10,000 parts', () => {
    for (const size of [1, 5 * GIB, 100 * GIB, 4 * 1024 * GIB, 5 * 1024 * GIB]) {
      expect(partSizeFor(size)).toBeGreaterThanOrEqual(MIN_PART_SIZE_BYTES);
      expect(partCountFor(size)).toBeLessThanOrEqual(MAX_PART_COUNT);
    }
  });
});

describe('containers', () => {
  it.each([
    ['clip.mp4', 'video/mp4', 'mp4'],
    ['CLIP.MOV', 'video/quicktime', 'mov'],
    ['a.b.mkv', '', 'mkv'],
    ['a.mxf', 'application/octet-stream', 'mxf'],
    ['a.webm', 'video/webm; codecs="vp9"', 'webm'],
    ['a.m4v', 'video/mp4', 'm4v'],
    ['a.avi', 'video/x-msvideo', 'avi'],
  ])('%s as %j is %s', (name, type, container) => {
    expect(uploadContainerFor(name, type)).toBe(container);
  });

  it.each([
    ['notes.txt', 'text/plain'],
    ['clip.mp4', 'text/plain'],
    ['clip.mp4', 'video/webm'],
    ['clip', 'video/mp4'],
    ['clip.gif', 'image/gif'],
    ['clip.mp4.exe', 'application/octet-stream'],
  ])('refuses %s as %j', (name, type) => {
    expect(uploadContainerFor(name, type)).toBeNull();
  });
});

describe('file names', () => {
  it.each(['clip.mp4', 'Été à Paris.mov', '日本の夏.mkv', 'a'.repeat(251) + '.mp4'])(
    'accepts %s',
    (name) => expect(UploadFileName.safeParse(name).success).toBe(true),
  );

  it.each([
    ['../etc/passwd.mp4', 'Use the file name without a folder path.'],
    ['footage/clip.mp4', 'Use the file name without a folder path.'],
    ['C:\\clip.mp4', 'Use the file name without a folder path.'],
    ['..', 'Remove ".." from the file name.'],
    ['clip..mp4', 'Remove ".." from the file name.'],
    ['clip\u0000.mp4', 'control'],
    ['clip\n.mp4', 'line break'],
    ['clip\u202e4pm.exe', 'direction'],
    ['é'.repeat(128) + '.mp4', 'Use a file name of at most 255 bytes.'],
    ['', 'Name the file.'],
  ])('refuses %j', (name, message) => {
    const result = UploadFileName.safeParse(name);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.message).join(' ')).toContain(message);
  });
});

describe('requests', () => {
  it('lower-cases a declared SHA-256 and refuses other lengths', () => {
    const body = { fileName: 'a.mp4', sizeBytes: 10, contentType: 'video/mp4' };
    expect(CreateUpload.parse({ ...body, sha256: 'AB'.repeat(32) }).sha256).toBe('ab'.repeat(32));
    expect(CreateUpload.safeParse({ ...body, sha256: 'ab'.repeat(31) }).success).toBe(false);
    expect(CreateUpload.safeParse({ ...body, sizeBytes: -1 }).success).toBe(false);
    expect(CreateUpload.safeParse({ ...body, sizeBytes: 1.5 }).success).toBe(false);
    expect(CreateUpload.safeParse({ ...body, extra: 1 }).success).toBe(false);
  });

  it('signs 1–100 distinct part numbers in 1..10,000', () => {
    expect(SignUploadParts.safeParse({ partNumbers: [1, 2, 10_000] }).success).toBe(true);
    for (const partNumbers of [
      [],
      [0],
      [10_001],
      [1, 1],
      Array.from({ length: 101 }, (_, i) => i + 1),
    ]) {
      expect(SignUploadParts.safeParse({ partNumbers }).success).toBe(false);
    }
  });
});
