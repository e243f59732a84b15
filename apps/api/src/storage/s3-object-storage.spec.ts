import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DomainError } from '../common/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import { startEmbeddedS3, type EmbeddedS3 } from '../infra/embedded-s3.js';
import { Runtime } from '../infra/runtime.js';
import { S3ObjectStorage } from './s3-object-storage.js';

const MiB = 1024 * 1024;

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

function storageAt(dataDir: string, endpoint: string): S3ObjectStorage {
  const config = AppConfig.fromEnv({ DATA_DIR: dataDir, WEB_ORIGIN: 'http://localhost:3999' });
  const runtime = new Runtime(
    'postgres://unused',
    'postgres',
    {
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      forcePathStyle: true,
    },
    [],
  );
  return new S3ObjectStorage(config, runtime);
}

describe('S3ObjectStorage (against s3rver)', () => {
  let dataDir: string;
  let s3: EmbeddedS3;
  let storage: S3ObjectStorage;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearframe-storage-'));
    s3 = await startEmbeddedS3({ dir: path.join(dataDir, 's3'), port: 0 });
    storage = storageAt(dataDir, s3.endpoint);
    await storage.prepare();
  });
  afterAll(async () => {
    storage?.onApplicationShutdown();
    await s3?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('uploads through a presigned PUT, then heads, streams and downloads the object', async () => {
    const put = await storage.presignPut('documents', 'org-1/notes.txt', {
      contentType: 'text/plain',
      expiresInSeconds: 60,
    });
    expect(put).toMatchObject({ method: 'PUT', headers: { 'content-type': 'text/plain' } });
    expect(new URL(put.url).searchParams.get('X-Amz-Expires')).toBe('60');
    expect(Math.abs(put.expiresAt.getTime() - (Date.now() + 60_000))).toBeLessThan(5_000);
    const uploaded = await fetch(put.url, {
      method: 'PUT',
      headers: put.headers,
      body: 'harbour at dawn',
    });
    expect(uploaded.status).toBe(200);

    expect(await storage.head('documents', 'org-1/notes.txt')).toMatchObject({
      size: 15,
      contentType: 'text/plain',
      etag: expect.any(String),
    });
    expect((await readAll(await storage.stream('documents', 'org-1/notes.txt'))).toString()).toBe(
      'harbour at dawn',
    );
    const get = await storage.presignGet('documents', 'org-1/notes.txt', {
      downloadName: 'shot list.txt',
    });
    const downloaded = await fetch(get.url);
    expect(await downloaded.text()).toBe('harbour at dawn');
    expect(downloaded.headers.get('content-disposition')).toBe(
      "attachment; filename*=UTF-8''shot%20list.txt",
    );
    // The name is signed: a link whose name was changed is refused.
    const named = await storage.presignGet('documents', 'org-1/notes.txt', {
      downloadName: 'Hafen im Morgengrauen “4K”.txt',
    });
    const fine = await fetch(named.url);
    expect(fine.headers.get('content-disposition')).toBe(
      `attachment; filename*=UTF-8''${encodeURIComponent('Hafen im Morgengrauen “4K”.txt')}`,
    );
    const renamed = new URL(named.url);
    renamed.searchParams.set('response-content-disposition', 'attachment; filename=evil.exe');
    expect((await fetch(renamed)).status).toBe(403);
  });

  it('signs plain GETs that storage accepts, for keys with any characters, and refuses altered ones', async () => {
    for (const key of [
      'clips/c-1/thumbnail.jpg',
      "org-1/it's (a) test*!.txt",
      'org-1/ü ñ/ü+%.txt',
    ]) {
      const put = await storage.presignPut('previews', key, { contentType: 'text/plain' });
      expect(
        (await fetch(put.url, { method: 'PUT', headers: put.headers, body: key })).status,
      ).toBe(200);
      const get = await storage.presignGet('previews', key, { expiresInSeconds: 120 });
      expect(get).toMatchObject({ method: 'GET', headers: {} });
      expect(new URL(get.url).searchParams.get('X-Amz-Expires')).toBe('120');
      expect(Math.abs(get.expiresAt.getTime() - (Date.now() + 120_000))).toBeLessThan(5_000);
      const res = await fetch(get.url);
      expect({ key, status: res.status, body: await res.text() }).toEqual({
        key,
        status: 200,
        body: key,
      });
    }
    const get = await storage.presignGet('previews', 'clips/c-1/thumbnail.jpg');
    const forged = get.url.replace('thumbnail.jpg', 'other.jpg');
    expect((await fetch(forged)).status).toBe(403);
  });

  it('assembles a multipart upload from presigned part PUTs', async () => {
    const key = 'org-1/uploads/u-1/original.mp4';
    const { uploadId } = await storage.startMultipartUpload('originals', key, {
      contentType: 'video/mp4',
    });
    const parts = [Buffer.alloc(5 * MiB, 7), Buffer.from('last part')];
    const uploaded = [];
    for (const [index, body] of parts.entries()) {
      const request = await storage.presignPart('originals', key, uploadId, index + 1);
      const res = await fetch(request.url, { method: 'PUT', body });
      expect(res.status).toBe(200);
      uploaded.push({ partNumber: index + 1, etag: res.headers.get('etag')! });
    }
    // Parts may complete in any order; the adapter orders them.
    await storage.completeMultipartUpload('originals', key, uploadId, uploaded.reverse());

    const head = await storage.head('originals', key);
    expect(head).toMatchObject({ size: 5 * MiB + 9, contentType: 'video/mp4' });
    const bytes = await readAll(await storage.stream('originals', key));
    const expected = createHash('sha256').update(Buffer.concat(parts)).digest('hex');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(expected);
  });

  it('lists the parts storage holds, in order with sizes and ETags, across pages', async () => {
    const key = 'org-1/uploads/u-3/original';
    const { uploadId } = await storage.startMultipartUpload('originals', key);
    expect(await storage.listParts('originals', key, uploadId)).toEqual([]);
    const put = async (partNumber: number, body: string | Buffer) => {
      const request = await storage.presignPart('originals', key, uploadId, partNumber);
      const res = await fetch(request.url, { method: 'PUT', body });
      expect(res.status).toBe(200);
      return res.headers.get('etag')!;
    };
    const etags = new Map<number, string>();
    for (const partNumber of [3, 1])
      etags.set(partNumber, await put(partNumber, `part ${partNumber}!`));
    expect(await storage.listParts('originals', key, uploadId)).toEqual([
      { partNumber: 1, sizeBytes: 7, etag: etags.get(1) },
      { partNumber: 3, sizeBytes: 7, etag: etags.get(3) },
    ]);
    // The ETag is the MD5 of the part's bytes, quoted (as S3 answers for unencrypted parts).
    expect(etags.get(1)).toBe(`"${createHash('md5').update('part 1!').digest('hex')}"`);
    // Sending a part again replaces it.
    etags.set(3, await put(3, Buffer.alloc(1024, 1)));
    expect((await storage.listParts('originals', key, uploadId))[1]).toEqual({
      partNumber: 3,
      sizeBytes: 1024,
      etag: etags.get(3),
    });

    // More than one page of 1,000 parts.
    for (let first = 4; first <= 1_002; first += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, 1_003 - first) }, (_, i) => put(first + i, 'x')),
      );
    }
    const listed = await storage.listParts('originals', key, uploadId);
    expect(listed.map((part) => part.partNumber)).toEqual([
      1,
      ...Array.from({ length: 1_000 }, (_, i) => i + 3),
    ]);

    await storage.abortMultipartUpload('originals', key, uploadId);
    expect((await refusal(storage.listParts('originals', key, uploadId))).code).toBe('not_found');
  });

  it('does not list the parts of an upload under another key', async () => {
    const { uploadId } = await storage.startMultipartUpload(
      'originals',
      'org-1/uploads/u-4/original',
    );
    const error = await refusal(
      storage.listParts('originals', 'org-2/uploads/u-4/original', uploadId),
    );
    expect(error.code).toBe('not_found');
    await storage.abortMultipartUpload('originals', 'org-1/uploads/u-4/original', uploadId);
  });

  it('embedded: a presigned URL works only as signed, unexpired, and unsigned requests are refused', async () => {
    const key = 'org-1/uploads/u-5/original';
    const { uploadId } = await storage.startMultipartUpload('originals', key);
    const part = await storage.presignPart('originals', key, uploadId, 1);
    const tampered = (change: (url: URL) => void) => {
      const url = new URL(part.url);
      change(url);
      return fetch(url, { method: 'PUT', body: 'x' });
    };
    expect((await tampered((url) => url.searchParams.set('partNumber', '2'))).status).toBe(403);
    expect(
      (await tampered((url) => (url.pathname = url.pathname.replace('org-1', 'org-2')))).status,
    ).toBe(403);
    expect((await tampered((url) => url.searchParams.set('X-Amz-Expires', '604799'))).status).toBe(
      403,
    );
    const anonymous = await fetch(`${s3.endpoint}/${storage.buckets.originals}/${key}`, {
      method: 'PUT',
      body: 'x',
    });
    expect(anonymous.status).toBe(403);
    expect(await anonymous.text()).toContain('AccessDenied');
    expect((await fetch(part.url, { method: 'PUT', body: 'x' })).status).toBe(200);

    const shortLived = await storage.presignPart('originals', key, uploadId, 2, {
      expiresInSeconds: 1,
    });
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const late = await fetch(shortLived.url, { method: 'PUT', body: 'x' });
    expect(late.status).toBe(403);
    expect(await late.text()).toContain('Request has expired');
    await storage.abortMultipartUpload('originals', key, uploadId);
  });

  it('aborts an unfinished upload, and aborting twice is harmless', async () => {
    const key = 'org-1/uploads/u-2/original.mp4';
    const { uploadId } = await storage.startMultipartUpload('originals', key);
    const part = await storage.presignPart('originals', key, uploadId, 1);
    expect((await fetch(part.url, { method: 'PUT', body: 'partial' })).status).toBe(200);
    // Where s3rver keeps the parts of an upload in progress.
    const partsDir = path.join(
      dataDir,
      's3',
      storage.buckets.originals,
      '._S3rver_uploads',
      uploadId,
    );
    expect(fs.existsSync(partsDir)).toBe(true);
    await storage.abortMultipartUpload('originals', key, uploadId);
    expect(fs.existsSync(partsDir)).toBe(false);
    await storage.abortMultipartUpload('originals', key, uploadId);
    expect(await storage.head('originals', key)).toBeNull();
  });

  it('writes objects the API made, from memory or streamed from a file', async () => {
    await storage.put('previews', 'clips/c-1/thumbnail.jpg', Buffer.from('jpeg bytes'), {
      contentType: 'image/jpeg',
    });
    expect(await storage.head('previews', 'clips/c-1/thumbnail.jpg')).toMatchObject({
      size: 10,
      contentType: 'image/jpeg',
    });
    const file = path.join(dataDir, 'preview.mp4');
    const bytes = Buffer.alloc(3 * MiB + 1, 9);
    fs.writeFileSync(file, bytes);
    await storage.put('previews', 'clips/c-1/preview.mp4', { file }, { contentType: 'video/mp4' });
    const stored = await readAll(await storage.stream('previews', 'clips/c-1/preview.mp4'));
    expect(stored.equals(bytes)).toBe(true);
  });

  it('deletes idempotently, and a missing object is not_found, never an SDK error', async () => {
    const put = await storage.presignPut('previews', 'clip-1/preview.mp4');
    await fetch(put.url, { method: 'PUT', body: 'preview' });
    await storage.delete('previews', 'clip-1/preview.mp4');
    await storage.delete('previews', 'clip-1/preview.mp4');
    expect(await storage.head('previews', 'clip-1/preview.mp4')).toBeNull();
    const error = await refusal(storage.stream('previews', 'clip-1/preview.mp4'));
    expect(error.code).toBe('not_found');
  });

  it('refuses part numbers S3 does not accept', async () => {
    await expect(storage.presignPart('originals', 'k', 'u', 0)).rejects.toThrow(RangeError);
    await expect(storage.presignPart('originals', 'k', 'u', 10_001)).rejects.toThrow(RangeError);
  });

  it('reports a store it cannot reach as service_unavailable', async () => {
    const unreachable = storageAt(dataDir, 'http://127.0.0.1:9');
    try {
      const error = await refusal(unreachable.head('documents', 'org-1/notes.txt'));
      expect(error.code).toBe('service_unavailable');
      expect((error as Error & { cause?: unknown }).cause).toBeDefined();
    } finally {
      unreachable.onApplicationShutdown();
    }
  });
});
