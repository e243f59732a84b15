import { describe, expect, it } from '@jest/globals';
import { summaryJson, summaryTable } from './summary.table.js';
import type { FileOutcome } from './upload.outcome.js';

function outcome(overrides: Partial<FileOutcome>): FileOutcome {
  return {
    file: 'a.mp4',
    clipId: null,
    uploadId: null,
    state: 'uploaded',
    clipState: null,
    sizeBytes: 0,
    bytesSent: 0,
    partsSent: 0,
    partsResumed: 0,
    seconds: 0,
    sha256: null,
    policyApplied: false,
    peopleDeclared: false,
    error: null,
    warnings: [],
    ...overrides,
  };
}

describe('summaryTable', () => {
  it('shows one aligned row per file, the skipped entries and the totals', () => {
    const table = summaryTable(
      [
        outcome({
          file: 'dawn.mp4',
          clipId: 'c-1',
          clipState: 'processing',
          sizeBytes: 20 * 1024 * 1024,
          bytesSent: 20 * 1024 * 1024,
          seconds: 3.21,
        }),
        outcome({
          file: 'harbour-at-night.mp4',
          clipId: 'c-22',
          state: 'already_uploaded',
          clipState: 'processing',
          sizeBytes: 1024,
        }),
        outcome({
          file: 'x.mov',
          state: 'failed',
          sizeBytes: 5,
          seconds: 12.7,
          error: 'Storage refused the part',
        }),
      ],
      [{ file: 'notes.txt', reason: 'not a video file' }],
    );
    expect(table).toBe(
      [
        'FILE                  CLIP  STATE                          SIZE      TIME   ERROR',
        'dawn.mp4              c-1   uploaded (processing)          20.0 MiB  3.2 s',
        'harbour-at-night.mp4  c-22  already uploaded (processing)  1.00 KiB  -',
        'x.mov                 -     failed                         5 B       13 s   Storage refused the part',
        'skipped notes.txt: not a video file',
        '1 uploaded, 1 already uploaded, 1 failed, 1 skipped; 20.0 MiB sent',
        '',
      ].join('\n'),
    );
  });

  it('counts an uploaded clip whose policy was not set as failed, and interrupted files', () => {
    const table = summaryTable(
      [
        outcome({ error: 'Uploaded, but the policy was not set' }),
        outcome({ file: 'b.mp4', state: 'interrupted' }),
      ],
      [],
    );
    expect(table.trimEnd().split('\n').at(-1)).toBe(
      '1 uploaded, 0 already uploaded, 1 failed, 1 interrupted; 0 B sent',
    );
  });
});

describe('summaryJson', () => {
  it('is the outcomes, skipped entries and warnings as one JSON document', () => {
    const files = [outcome({ file: 'a.mp4', sha256: 'ab'.repeat(32) })];
    expect(JSON.parse(summaryJson(files, [{ file: 'n.txt', reason: 'r' }], ['w']))).toEqual({
      files,
      skipped: [{ file: 'n.txt', reason: 'r' }],
      warnings: ['w'],
    });
  });
});
