import { describe, expect, it } from '@jest/globals';
import {
  ConsentFlags,
  CreateRelease,
  releaseDocumentTypeOf,
  SetClipPeople,
} from './clip-people.js';

const bytes = (...values: Array<number | string>) =>
  new Uint8Array(
    values.flatMap((value) =>
      typeof value === 'string' ? [...Buffer.from(value, 'latin1')] : [value],
    ),
  );

describe('releaseDocumentTypeOf', () => {
  it('recognises PDF, PNG, JPEG and WebP by their signatures', () => {
    expect(releaseDocumentTypeOf(bytes('%PDF-1.7\n%âãÏÓ'))).toBe('application/pdf');
    expect(releaseDocumentTypeOf(bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13))).toBe(
      'image/png',
    );
    expect(releaseDocumentTypeOf(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'JFIF'))).toBe(
      'image/jpeg',
    );
    expect(releaseDocumentTypeOf(bytes('RIFF', 0x24, 0, 0, 0, 'WEBPVP8 '))).toBe('image/webp');
  });

  it('refuses anything else, however it is named', () => {
    expect(releaseDocumentTypeOf(bytes('This is a release, honest.'))).toBeNull();
    expect(releaseDocumentTypeOf(bytes('%PDF'))).toBeNull(); // no dash: not a PDF header
    expect(releaseDocumentTypeOf(bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a))).toBeNull(); // cut short
    expect(releaseDocumentTypeOf(bytes('RIFF', 0x24, 0, 0, 0, 'WAVEfmt '))).toBeNull(); // audio
    expect(releaseDocumentTypeOf(bytes(0xff, 0xd8))).toBeNull();
    expect(releaseDocumentTypeOf(new Uint8Array())).toBeNull();
    expect(releaseDocumentTypeOf(bytes(' %PDF-1.4'))).toBeNull(); // signature not at the start
  });
});

describe('ConsentFlags', () => {
  it('requires aiTraining to be said explicitly, and defaults the others to no', () => {
    expect(ConsentFlags.safeParse({}).success).toBe(false);
    expect(ConsentFlags.safeParse({ aiTraining: 'yes' }).success).toBe(false);
    expect(ConsentFlags.safeParse({ commercialUse: true }).success).toBe(false);
    expect(ConsentFlags.parse({ aiTraining: false })).toEqual({
      aiTraining: false,
      commercialUse: false,
      publicPreview: false,
      likenessSynthesis: false,
    });
    expect(ConsentFlags.safeParse({ aiTraining: true, extra: true }).success).toBe(false);
  });
});

describe('CreateRelease', () => {
  const valid = {
    person: { name: 'Ada L.' },
    signedOn: '2026-11-02',
    consent: { aiTraining: true },
    document: { fileName: 'release.pdf', contentType: 'application/pdf', sizeBytes: 1234 },
  };

  it('accepts a new or an existing person', () => {
    expect(CreateRelease.safeParse(valid).success).toBe(true);
    expect(
      CreateRelease.safeParse({ ...valid, person: { id: '5b0b6c1e-4b7a-4c4f-9a38-2a1f9d6c0e11' } })
        .success,
    ).toBe(true);
  });

  it.each([
    [
      'a document type outside the list',
      { document: { ...valid.document, contentType: 'text/plain' } },
    ],
    ['an empty document', { document: { ...valid.document, sizeBytes: 0 } }],
    [
      'a document over 20 MiB',
      { document: { ...valid.document, sizeBytes: 20 * 1024 * 1024 + 1 } },
    ],
    ['a path as file name', { document: { ...valid.document, fileName: '../etc/passwd' } }],
    ['no date', { signedOn: undefined }],
    ['a date that is not one', { signedOn: '2026-02-30' }],
    ['no consent', { consent: undefined }],
    ['an empty name', { person: { name: '   ' } }],
  ])('refuses %s', (_label, change) => {
    expect(CreateRelease.safeParse({ ...valid, ...change }).success).toBe(false);
  });
});

describe('SetClipPeople', () => {
  it('says either nobody identifiable appears, or who does', () => {
    expect(SetClipPeople.safeParse({ identifiablePeople: false }).success).toBe(true);
    expect(
      SetClipPeople.safeParse({ identifiablePeople: true, people: [{ name: 'Someone' }] }).success,
    ).toBe(true);
    expect(SetClipPeople.safeParse({ identifiablePeople: true, people: [] }).success).toBe(false);
    expect(
      SetClipPeople.safeParse({ identifiablePeople: false, people: [{ name: 'x' }] }).success,
    ).toBe(false);
  });
});
