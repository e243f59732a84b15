import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { UsageError } from '../exit-codes.js';
import { STATE_FILE_NAME, UploadStateFile, type FileUploadStateType } from './state.file.js';

const target = { apiUrl: 'http://127.0.0.1:4000', orgId: '0d5c3f5e-8a4e-4b59-9b2c-1d6a3b0f7e11' };

function aRecord(overrides: Partial<FileUploadStateType> = {}): FileUploadStateType {
  return {
    sizeBytes: 20_971_521,
    mtimeMs: 1_764_400_000_123.25,
    sha256: 'ab'.repeat(32),
    idempotencyKey: 'key-1',
    request: { fileName: 'a.mp4', sizeBytes: 20_971_521, contentType: 'video/mp4' },
    upload: {
      id: '4f7b0a2c-1111-4c3d-8e9f-222233334444',
      clipId: '5a6b7c8d-5555-4e6f-8a9b-666677778888',
      partSizeBytes: 8_388_608,
      partCount: 3,
    },
    parts: [
      { partNumber: 1, etag: '"e1"' },
      { partNumber: 3, etag: '"e3"' },
    ],
    completedAt: null,
    clipState: 'uploading',
    policy: null,
    people: null,
    ...overrides,
  };
}

async function folder(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'clearframe-state-'));
}

describe('UploadStateFile', () => {
  it('starts empty in a folder without one, and writes nothing until saved', async () => {
    const dir = await folder();
    const state = await UploadStateFile.open(dir, target);
    expect(state.snapshot()).toEqual({ version: 1, ...target, files: {}, people: {} });
    expect(await readdir(dir)).toEqual([]);
  });

  it('reads back exactly what it saved (fractional mtimes, ETag quotes, nulls)', async () => {
    const dir = await folder();
    const state = await UploadStateFile.open(dir, target);
    state.set('a.mp4', aRecord());
    state.set('b.mov', aRecord({ upload: null, parts: [], clipState: null }));
    await state.save();
    const again = await UploadStateFile.open(dir, target);
    expect(again.snapshot()).toEqual(state.snapshot());
    expect(again.get('a.mp4')).toEqual(aRecord());
    expect(again.get('c.mkv')).toBeUndefined();
  });

  it('writes the file readable by its owner only and leaves no temporary file behind', async () => {
    const dir = await folder();
    const state = await UploadStateFile.open(dir, target);
    state.set('a.mp4', aRecord());
    await state.save();
    expect(await readdir(dir)).toEqual([STATE_FILE_NAME]);
    expect((await stat(path.join(dir, STATE_FILE_NAME))).mode & 0o777).toBe(0o600);
  });

  it('folds saves that arrive during a write into one later write that holds every change', async () => {
    const dir = await folder();
    const state = await UploadStateFile.open(dir, target);
    const saves: Promise<void>[] = [];
    for (let part = 1; part <= 50; part += 1) {
      state.set(
        'a.mp4',
        aRecord({
          parts: Array.from({ length: part }, (_, i) => ({
            partNumber: i + 1,
            etag: `"e${i + 1}"`,
          })),
        }),
      );
      saves.push(state.save());
    }
    await Promise.all(saves);
    expect(state.writeCount).toBeLessThanOrEqual(2);
    const onDisk = JSON.parse(await readFile(path.join(dir, STATE_FILE_NAME), 'utf8'));
    expect(onDisk.files['a.mp4'].parts).toHaveLength(50);
  });

  it('writes again for a change made while a write was under way', async () => {
    const dir = await folder();
    const state = await UploadStateFile.open(dir, target);
    state.set('a.mp4', aRecord());
    const first = state.save();
    // The first write has started (its snapshot is taken in the next microtasks); change and save again.
    await Promise.resolve();
    await Promise.resolve();
    state.set('b.mov', aRecord());
    await Promise.all([first, state.save()]);
    const onDisk = JSON.parse(await readFile(path.join(dir, STATE_FILE_NAME), 'utf8'));
    expect(Object.keys(onDisk.files).sort()).toEqual(['a.mp4', 'b.mov']);
  });

  it('forgets a file it is told to delete', async () => {
    const dir = await folder();
    const state = await UploadStateFile.open(dir, target);
    state.set('a.mp4', aRecord());
    state.delete('a.mp4');
    await state.save();
    expect((await UploadStateFile.open(dir, target)).get('a.mp4')).toBeUndefined();
  });

  it.each([
    [
      'text that is not JSON',
      '{"version": 1,',
      'is not valid JSON, so the uploads it recorded cannot be resumed. Move it away to upload this folder again.',
    ],
    [
      'another version',
      JSON.stringify({ version: 2, ...target, files: {}, people: {} }),
      'is not a clearframe upload state (version: Invalid input: expected 1). Move it away to upload this folder again.',
    ],
    [
      'a record without its size',
      JSON.stringify({
        version: 1,
        ...target,
        files: { 'a.mp4': { ...aRecord(), sizeBytes: undefined } },
        people: {},
      }),
      'is not a clearframe upload state (files.a.mp4.sizeBytes: Invalid input: expected number, received undefined). Move it away to upload this folder again.',
    ],
  ])('refuses %s with a sentence naming the file', async (_label, text, message) => {
    const dir = await folder();
    await writeFile(path.join(dir, STATE_FILE_NAME), text);
    const error = await UploadStateFile.open(dir, target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(`${path.join(dir, STATE_FILE_NAME)} ${message}`);
  });

  it('refuses a state made for another organization or API rather than uploading everything twice', async () => {
    const dir = await folder();
    const state = await UploadStateFile.open(dir, target);
    state.set('a.mp4', aRecord());
    await state.save();
    const otherOrg = { ...target, orgId: '99999999-8a4e-4b59-9b2c-1d6a3b0f7e11' };
    await expect(UploadStateFile.open(dir, otherOrg)).rejects.toThrow(
      `${path.join(dir, STATE_FILE_NAME)} records uploads to organization ${target.orgId} at ${target.apiUrl}, but you are logged in to ${otherOrg.orgId} at ${target.apiUrl}. Log in to that organization to resume them, or move the file away to upload this folder again.`,
    );
    await expect(
      UploadStateFile.open(dir, { ...target, apiUrl: 'https://api.example.org' }),
    ).rejects.toThrow(UsageError);
  });
});
