import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  MIN_PART_SIZE_BYTES,
  SignedUploadParts,
  StoredUploadParts,
  Upload,
  UploadWithClip,
} from '@clearframe/contracts/supply';
import { JobsService } from '../src/jobs/jobs.service.js';
import { ObjectStorage } from '../src/storage/object-storage.js';
import {
  addMember,
  createApiKey,
  createOrg,
  createUser,
  type TestUser,
} from './factories/index.js';
import { type ApiResponse, startTestApp, type TestApp } from './support/test-app.js';
import { putParts, sha256Of, startUpload } from './support/uploads.js';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

describe('uploads', () => {
  let t: TestApp;
  let owner: TestUser;
  let studioId: string;

  beforeAll(async () => {
    // A raised limit, so a 100 GiB declaration shows the part size growing; the refusal is
    // tested at one byte over it.
    t = await startTestApp({
      env: { UPLOAD_MAX_BYTES: String(100 * GIB), UPLOAD_MAX_DURATION_SECONDS: '5' },
    });
    owner = await createUser(t);
    studioId = (await createOrg(t, owner, 'creator')).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const storage = () => t.app.get(ObjectStorage);
  const storageUploadId = async (uploadId: string) =>
    (await t.sql('SELECT storage_upload_id FROM uploads WHERE id = $1', [uploadId]))[0]
      .storage_upload_id as string;
  const bucketKey = (orgId: string, uploadId: string) =>
    `orgs/${orgId}/uploads/${uploadId}/original`;
  /** Everything an upload request could change (hashed: a failure prints two short digests). */
  const snapshot = async () =>
    sha256Of(
      Buffer.from(
        JSON.stringify([
          await t.sql('SELECT * FROM uploads ORDER BY id'),
          await t.sql('SELECT * FROM clips ORDER BY id'),
          await t.sql('SELECT count(*)::int AS n FROM audit_log'),
          await t.sql("SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'uploads.verify'"),
        ]),
      ),
    );

  describe('starting an upload', () => {
    it('answers the upload and its clip, stores both, and opens a multipart upload in storage', async () => {
      const res = await t.request('POST', `/v1/orgs/${studioId}/uploads`, {
        token: owner.token,
        body: {
          fileName: 'Harbour at dawn.mov',
          sizeBytes: 20 * MIB + 5,
          contentType: 'video/quicktime',
          sha256: 'AB'.repeat(32),
          clip: { title: 'Harbour, dawn', tags: ['harbour', 'boats'], country: 'PT' },
        },
      });
      expect(res.status).toBe(201);
      const { upload, clip } = UploadWithClip.parse(res.body);
      expect(upload).toEqual({
        id: expect.any(String),
        clipId: clip.id,
        fileName: 'Harbour at dawn.mov',
        sizeBytes: 20 * MIB + 5,
        partSizeBytes: 8 * MIB,
        partCount: 3,
        state: 'uploading',
        createdAt: t.clock.now().toISOString(),
        expiresAt: new Date(t.clock.now().getTime() + 48 * 3_600_000).toISOString(),
      });
      expect(clip).toMatchObject({
        orgId: studioId,
        state: 'uploading',
        fileName: 'Harbour at dawn.mov',
        title: 'Harbour, dawn',
        sizeBytes: 20 * MIB + 5,
        durationMs: null,
        processingStep: null,
        rejection: null,
      });
      // The storage upload id signs parts: it never leaves the API.
      const [row] = await t.sql('SELECT * FROM uploads WHERE id = $1', [upload.id]);
      expect(res.text).not.toContain(row.storage_upload_id);
      expect(row).toMatchObject({
        org_id: studioId,
        clip_id: clip.id,
        created_by: owner.id,
        api_key_id: null,
        bucket_key: bucketKey(studioId, upload.id),
        content_type: 'video/quicktime',
        declared_sha256: 'ab'.repeat(32),
      });
      const [clipRow] = await t.sql('SELECT * FROM clips WHERE id = $1', [clip.id]);
      expect(clipRow).toMatchObject({
        tags: ['harbour', 'boats'],
        country: 'PT',
        declared_sha256: 'ab'.repeat(32),
        original_key: bucketKey(studioId, upload.id),
      });
      expect(await storage().listParts('originals', row.bucket_key, row.storage_upload_id)).toEqual(
        [],
      );
      const audit = await t.sql(
        'SELECT action, actor_user_id, target_id FROM audit_log WHERE org_id = $1 ORDER BY id',
        [studioId],
      );
      expect(audit).toEqual([
        { action: 'clip.created', actor_user_id: owner.id, target_id: clip.id },
        { action: 'upload.started', actor_user_id: owner.id, target_id: upload.id },
      ]);
    });

    it('titles the clip after the file when no title is given, and picks the part size for the file', async () => {
      const small = await startUpload(t, studioId, owner.token, {
        fileName: 'b-roll 04.mkv',
        sizeBytes: 0,
        contentType: '',
      });
      expect(small.clip.title).toBe('b-roll 04');
      expect(small.upload).toMatchObject({ partSizeBytes: MIN_PART_SIZE_BYTES, partCount: 1 });
      const [row] = await t.sql('SELECT content_type FROM uploads WHERE id = $1', [
        small.upload.id,
      ]);
      expect(row.content_type).toBe('video/x-matroska');

      // 100 GiB in 8 MiB parts would be 12,800 parts: the part size doubles to 16 MiB.
      const big = await startUpload(t, studioId, owner.token, {
        fileName: 'archive.mxf',
        sizeBytes: 100 * GIB,
        contentType: 'application/mxf',
      });
      expect(big.upload).toMatchObject({ partSizeBytes: 16 * MIB, partCount: 6_400 });
    }, 60_000);
  });

  describe('refuses, changing nothing', () => {
    it.each([
      [
        'a declared size over UPLOAD_MAX_BYTES',
        { fileName: 'a.mp4', sizeBytes: 100 * GIB + 1, contentType: 'video/mp4' },
        422,
        'upload_too_large',
      ],
      [
        'a path in the file name',
        { fileName: '../../etc/passwd.mp4', sizeBytes: 10, contentType: 'video/mp4' },
        422,
        'validation_failed',
      ],
      [
        'a folder in the file name',
        { fileName: 'footage/clip.mp4', sizeBytes: 10, contentType: 'video/mp4' },
        422,
        'validation_failed',
      ],
      [
        'a Windows path in the file name',
        { fileName: 'C:\\clips\\clip.mp4', sizeBytes: 10, contentType: 'video/mp4' },
        422,
        'validation_failed',
      ],
      [
        '".." as the file name',
        { fileName: '..', sizeBytes: 10, contentType: 'video/mp4' },
        422,
        'validation_failed',
      ],
      [
        'a control character in the file name',
        { fileName: 'clip\u0007.mp4', sizeBytes: 10, contentType: 'video/mp4' },
        422,
        'validation_failed',
      ],
      [
        'a NUL in the file name',
        { fileName: 'clip\u0000.mp4', sizeBytes: 10, contentType: 'video/mp4' },
        422,
        'validation_failed',
      ],
      [
        'a file name over 255 bytes',
        { fileName: `${'ü'.repeat(126)}.mp4`, sizeBytes: 10, contentType: 'video/mp4' },
        422,
        'validation_failed',
      ],
      [
        'a text file',
        { fileName: 'notes.txt', sizeBytes: 10, contentType: 'text/plain' },
        422,
        'unsupported_container',
      ],
      [
        'an image',
        { fileName: 'still.png', sizeBytes: 10, contentType: 'image/png' },
        422,
        'unsupported_container',
      ],
      [
        'a video extension with another content type',
        { fileName: 'clip.mp4', sizeBytes: 10, contentType: 'application/pdf' },
        422,
        'unsupported_container',
      ],
      [
        'a file without extension',
        { fileName: 'clip', sizeBytes: 10, contentType: 'video/mp4' },
        422,
        'unsupported_container',
      ],
      [
        'a negative size',
        { fileName: 'a.mp4', sizeBytes: -1, contentType: 'video/mp4' },
        422,
        'validation_failed',
      ],
      [
        'an unknown field',
        { fileName: 'a.mp4', sizeBytes: 1, contentType: 'video/mp4', key: 'orgs/other/x' },
        422,
        'validation_failed',
      ],
    ])('%s', async (_label, body, status, code) => {
      const before = await snapshot();
      const res = await t.request('POST', `/v1/orgs/${studioId}/uploads`, {
        token: owner.token,
        body,
      });
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.code).toBe(code);
      expect(await snapshot()).toBe(before);
    });

    it('says what the limit is', async () => {
      const res = await t.request('POST', `/v1/orgs/${studioId}/uploads`, {
        token: owner.token,
        body: { fileName: 'a.mp4', sizeBytes: 100 * GIB + 1, contentType: 'video/mp4' },
      });
      expect(res.body.detail).toBe(
        'This file is larger than the 100 GiB Clearframe accepts. Split it or export a shorter clip.',
      );
    });

    it('names the field of a bad file name', async () => {
      const res = await t.request('POST', `/v1/orgs/${studioId}/uploads`, {
        token: owner.token,
        body: { fileName: 'a/b.mp4', sizeBytes: 1, contentType: 'video/mp4' },
      });
      expect(res.body.errors).toEqual([
        expect.objectContaining({
          path: 'fileName',
          message: 'Use the file name without a folder path.',
        }),
      ]);
    });

    it('a lab organization (uploads are for creators)', async () => {
      const lab = await createOrg(t, owner, 'lab');
      const before = await snapshot();
      const res = await t.request('POST', `/v1/orgs/${lab.id}/uploads`, {
        token: owner.token,
        body: { fileName: 'a.mp4', sizeBytes: 1, contentType: 'video/mp4' },
      });
      expect([403, 404]).toContain(res.status);
      expect(await snapshot()).toBe(before);
    });
  });

  describe('Idempotency-Key', () => {
    const body = { fileName: 'retry.mp4', sizeBytes: 9 * MIB, contentType: 'video/mp4' };

    it('answers the same upload for the same key and body, and 409 for another body', async () => {
      const headers = { 'idempotency-key': `key-${randomBytes(4).toString('hex')}` };
      const first = await t.request('POST', `/v1/orgs/${studioId}/uploads`, {
        token: owner.token,
        body,
        headers,
      });
      expect(first.status).toBe(201);
      const again = await t.request('POST', `/v1/orgs/${studioId}/uploads`, {
        token: owner.token,
        body: { contentType: 'video/mp4', sizeBytes: 9 * MIB, fileName: 'retry.mp4' },
        headers,
      });
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      const rows = await t.sql('SELECT id FROM uploads WHERE idempotency_key = $1', [
        headers['idempotency-key'],
      ]);
      expect(rows).toEqual([{ id: first.body.upload.id }]);

      const before = await snapshot();
      const other = await t.request('POST', `/v1/orgs/${studioId}/uploads`, {
        token: owner.token,
        body: { ...body, sizeBytes: 9 * MIB + 1 },
        headers,
      });
      expect(other.status).toBe(409);
      expect(other.body.code).toBe('idempotency_key_reused');
      expect(await snapshot()).toBe(before);
    });

    it('keeps keys per organization, and without a key every request is a new upload', async () => {
      const otherStudio = await createOrg(t, owner, 'creator');
      const headers = { 'idempotency-key': 'shared-key' };
      const mine = await startUpload(t, studioId, owner.token, body, headers);
      const theirs = await startUpload(t, otherStudio.id, owner.token, body, headers);
      expect(theirs.upload.id).not.toBe(mine.upload.id);
      expect(theirs.clip.orgId).toBe(otherStudio.id);

      const a = await startUpload(t, studioId, owner.token, body);
      const b = await startUpload(t, studioId, owner.token, body);
      expect(a.upload.id).not.toBe(b.upload.id);
    });

    it('refuses a malformed key', async () => {
      const before = await snapshot();
      const res = await t.request('POST', `/v1/orgs/${studioId}/uploads`, {
        token: owner.token,
        body,
        headers: { 'idempotency-key': 'has space' },
      });
      expect(res.status).toBe(422);
      expect(res.body.errors[0].code).toBe('invalid_idempotency_key');
      expect(await snapshot()).toBe(before);
    });
  });

  describe('parts', () => {
    it('signs PUTs valid for 15 minutes, bound to the upload key and part number', async () => {
      const started = await startUpload(t, studioId, owner.token, {
        fileName: 'parts.mp4',
        sizeBytes: 9 * MIB,
        contentType: 'video/mp4',
      });
      const res = await t.request(
        'POST',
        `/v1/orgs/${studioId}/uploads/${started.upload.id}/parts`,
        { token: owner.token, body: { partNumbers: [2, 1] } },
      );
      expect(res.status).toBe(200);
      const { parts } = SignedUploadParts.parse(res.body);
      expect(parts.map((part) => part.partNumber)).toEqual([2, 1]);
      for (const part of parts) {
        const url = new URL(part.url);
        expect(url.pathname).toContain(bucketKey(studioId, started.upload.id));
        expect(url.searchParams.get('partNumber')).toBe(String(part.partNumber));
        expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
        const ttl = new Date(part.expiresAt).getTime() - Date.now();
        expect(ttl).toBeLessThanOrEqual(15 * 60_000);
        expect(ttl).toBeGreaterThan(14 * 60_000);
      }
      const part1 = parts.find((part) => part.partNumber === 1)!;

      // The signature covers the part number and the key: neither can be changed.
      const otherPart = new URL(part1.url);
      otherPart.searchParams.set('partNumber', '2');
      expect((await fetch(otherPart, { method: 'PUT', body: 'x' })).status).toBe(403);
      const otherKey = new URL(part1.url);
      otherKey.pathname = otherKey.pathname.replace(started.upload.id, randomUUIDv4());
      expect((await fetch(otherKey, { method: 'PUT', body: 'x' })).status).toBe(403);
      const otherUpload = new URL(part1.url);
      otherUpload.searchParams.set('uploadId', '0'.repeat(32));
      expect((await fetch(otherUpload, { method: 'PUT', body: 'x' })).status).toBe(403);
      const unsigned = new URL(part1.url);
      for (const name of [...unsigned.searchParams.keys()]) {
        if (name.startsWith('X-Amz-')) unsigned.searchParams.delete(name);
      }
      expect((await fetch(unsigned, { method: 'PUT', body: 'x' })).status).toBe(403);

      const bytes = randomBytes(8 * MIB);
      const put = await fetch(part1.url, { method: 'PUT', headers: part1.headers, body: bytes });
      expect(put.status).toBe(200);
      const listed = await t.request(
        'GET',
        `/v1/orgs/${studioId}/uploads/${started.upload.id}/parts`,
        { token: owner.token },
      );
      expect(listed.status).toBe(200);
      expect(StoredUploadParts.parse(listed.body)).toEqual({
        parts: [{ partNumber: 1, sizeBytes: 8 * MIB, etag: put.headers.get('etag') }],
      });
    });

    it('lets the web origin PUT parts from a browser and read their ETag (CORS)', async () => {
      const started = await startUpload(t, studioId, owner.token, {
        fileName: 'browser.webm',
        sizeBytes: 10,
        contentType: 'video/webm',
      });
      const signed = await t.request(
        'POST',
        `/v1/orgs/${studioId}/uploads/${started.upload.id}/parts`,
        { token: owner.token, body: { partNumbers: [1] } },
      );
      const url = signed.body.parts[0].url as string;
      const origin = t.config.server.webOrigin;
      const preflight = await fetch(url, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'PUT',
          'access-control-request-headers': 'content-type',
        },
      });
      expect(preflight.status).toBe(200);
      // S3 names the origin; s3rver answers a matching preflight with "*".
      expect([origin, '*']).toContain(preflight.headers.get('access-control-allow-origin'));
      expect(preflight.headers.get('access-control-allow-methods')).toContain('PUT');
      const put = await fetch(url, { method: 'PUT', headers: { origin }, body: '0123456789' });
      expect(put.status).toBe(200);
      expect(put.headers.get('access-control-allow-origin')).toBe(origin);
      expect(put.headers.get('access-control-expose-headers')).toContain('ETag');

      const stranger = await fetch(url, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'PUT' },
      });
      expect(stranger.status).toBe(403);
      expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    });

    it.each([
      ['a part beyond the upload', [3], 'part_out_of_range'],
      ['part 0', [0], undefined],
      ['more than 100 parts', Array.from({ length: 101 }, (_, i) => i + 1), undefined],
      ['the same part twice', [1, 1], undefined],
    ])('refuses to sign %s', async (_label, partNumbers, fieldCode) => {
      const started = await startUpload(t, studioId, owner.token, {
        fileName: 'two-parts.mp4',
        sizeBytes: 9 * MIB,
        contentType: 'video/mp4',
      });
      const res = await t.request(
        'POST',
        `/v1/orgs/${studioId}/uploads/${started.upload.id}/parts`,
        { token: owner.token, body: { partNumbers } },
      );
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('validation_failed');
      if (fieldCode) expect(res.body.errors[0].code).toBe(fieldCode);
    });
  });

  describe('cancelling', () => {
    it('aborts the multipart upload in storage and fails the clip as cancelled', async () => {
      const started = await startUpload(t, studioId, owner.token, {
        fileName: 'cancel.mp4',
        sizeBytes: 9 * MIB,
        contentType: 'video/mp4',
      });
      await putParts(t, studioId, owner.token, started.upload, randomBytes(9 * MIB), [1]);
      const key = bucketKey(studioId, started.upload.id);
      const uploadId = await storageUploadId(started.upload.id);
      expect(await storage().listParts('originals', key, uploadId)).toHaveLength(1);

      t.clock.advance(1_000);
      const res = await t.request('DELETE', `/v1/orgs/${studioId}/uploads/${started.upload.id}`, {
        token: owner.token,
      });
      expect(res.status).toBe(204);
      await expect(storage().listParts('originals', key, uploadId)).rejects.toMatchObject({
        code: 'not_found',
      });
      const [upload] = await t.sql('SELECT state, aborted_at FROM uploads WHERE id = $1', [
        started.upload.id,
      ]);
      expect(upload).toEqual({ state: 'aborted', aborted_at: t.clock.now() });
      const [clip] = await t.sql(
        'SELECT state, rejection_code, rejection_message FROM clips WHERE id = $1',
        [started.clip.id],
      );
      expect(clip).toEqual({
        state: 'failed',
        rejection_code: 'upload_cancelled',
        rejection_message: 'The upload was cancelled before it finished.',
      });
      const audit = await t.sql(
        "SELECT action, actor_user_id, data FROM audit_log WHERE target_id IN ($1, $2) AND action IN ('upload.aborted', 'clip.failed') ORDER BY id",
        [started.upload.id, started.clip.id],
      );
      expect(audit).toEqual([
        { action: 'clip.failed', actor_user_id: owner.id, data: { code: 'upload_cancelled' } },
        {
          action: 'upload.aborted',
          actor_user_id: owner.id,
          data: { clipId: started.clip.id, reason: 'cancelled' },
        },
      ]);

      // Cancelling again is harmless; the cancelled upload takes no more parts.
      const before = await snapshot();
      expect(
        (
          await t.request('DELETE', `/v1/orgs/${studioId}/uploads/${started.upload.id}`, {
            token: owner.token,
          })
        ).status,
      ).toBe(204);
      const sign = await t.request(
        'POST',
        `/v1/orgs/${studioId}/uploads/${started.upload.id}/parts`,
        { token: owner.token, body: { partNumbers: [2] } },
      );
      expect(sign.status).toBe(409);
      expect(sign.body.code).toBe('upload_not_open');
      const list = await t.request(
        'GET',
        `/v1/orgs/${studioId}/uploads/${started.upload.id}/parts`,
        { token: owner.token },
      );
      expect(list.status).toBe(409);
      expect(await snapshot()).toBe(before);
    });
  });

  describe('abandoned uploads', () => {
    it('are refused after their expiry and aborted by the cleanup job; open ones stay', async () => {
      const studio = await createOrg(t, owner, 'creator');
      const old = await startUpload(t, studio.id, owner.token, {
        fileName: 'left-behind.mp4',
        sizeBytes: 9 * MIB,
        contentType: 'video/mp4',
      });
      await putParts(t, studio.id, owner.token, old.upload, randomBytes(9 * MIB), [1]);
      t.clock.advance(47 * 3_600_000);
      const fresh = await startUpload(t, studio.id, owner.token, {
        fileName: 'in-progress.mp4',
        sizeBytes: 9 * MIB,
        contentType: 'video/mp4',
      });
      t.clock.advance(1 * 3_600_000 + 1);

      const sign = await t.request('POST', `/v1/orgs/${studio.id}/uploads/${old.upload.id}/parts`, {
        token: owner.token,
        body: { partNumbers: [2] },
      });
      expect(sign.status).toBe(410);
      expect(sign.body.code).toBe('upload_expired');

      const oldKey = bucketKey(studio.id, old.upload.id);
      const oldStorageId = await storageUploadId(old.upload.id);
      await t.app.get(JobsService).send('uploads.cleanup', {});
      await t.drainJobs();

      await expect(storage().listParts('originals', oldKey, oldStorageId)).rejects.toMatchObject({
        code: 'not_found',
      });
      const states = await t.sql(
        `SELECT u.id, u.state, c.state AS clip_state, c.rejection_code
           FROM uploads u JOIN clips c ON c.id = u.clip_id WHERE u.org_id = $1 ORDER BY u.created_at`,
        [studio.id],
      );
      expect(states).toEqual([
        {
          id: old.upload.id,
          state: 'aborted',
          clip_state: 'failed',
          rejection_code: 'upload_abandoned',
        },
        { id: fresh.upload.id, state: 'uploading', clip_state: 'uploading', rejection_code: null },
      ]);
      expect(
        await storage().listParts(
          'originals',
          bucketKey(studio.id, fresh.upload.id),
          await storageUploadId(fresh.upload.id),
        ),
      ).toEqual([]);
      const [audit] = await t.sql(
        "SELECT actor_user_id, data FROM audit_log WHERE action = 'upload.aborted' AND target_id = $1",
        [old.upload.id],
      );
      expect(audit).toEqual({
        actor_user_id: null,
        data: { clipId: old.clip.id, reason: 'abandoned' },
      });

      // Running it again finds nothing more to do.
      const before = await snapshot();
      await t.app.get(JobsService).send('uploads.cleanup', {});
      await t.drainJobs();
      expect(await snapshot()).toBe(before);
    });
  });

  describe('listing', () => {
    it("lists exactly the organization's uploads, newest first, by state, in pages", async () => {
      const studio = await createOrg(t, owner, 'creator');
      const other = await createOrg(t, owner, 'creator');
      const made: string[] = [];
      for (let i = 0; i < 5; i++) {
        t.clock.advance(1_000);
        made.push(
          (
            await startUpload(t, studio.id, owner.token, {
              fileName: `clip-${i}.mp4`,
              sizeBytes: 100,
              contentType: 'video/mp4',
            })
          ).upload.id,
        );
      }
      await startUpload(t, other.id, owner.token, {
        fileName: 'theirs.mp4',
        sizeBytes: 100,
        contentType: 'video/mp4',
      });
      await t.request('DELETE', `/v1/orgs/${studio.id}/uploads/${made[1]}`, {
        token: owner.token,
      });

      const pages: string[][] = [];
      let cursor: string | null = null;
      do {
        const res: ApiResponse = await t.request(
          'GET',
          `/v1/orgs/${studio.id}/uploads?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          { token: owner.token },
        );
        expect(res.status).toBe(200);
        pages.push(res.body.items.map((item: unknown) => Upload.parse(item).id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(pages).toEqual([[made[4], made[3]], [made[2], made[1]], [made[0]]]);

      const open = await t.request('GET', `/v1/orgs/${studio.id}/uploads?state=uploading`, {
        token: owner.token,
      });
      expect(new Set(open.body.items.map((item: { id: string }) => item.id))).toEqual(
        new Set([made[0], made[2], made[3], made[4]]),
      );
      const aborted = await t.request('GET', `/v1/orgs/${studio.id}/uploads?state=aborted`, {
        token: owner.token,
      });
      expect(aborted.body.items.map((item: { id: string }) => item.id)).toEqual([made[1]]);

      const bad = await t.request('GET', `/v1/orgs/${studio.id}/uploads?state=paused`, {
        token: owner.token,
      });
      expect(bad.status).toBe(422);
    });
  });

  describe('API keys', () => {
    it('a creator key with uploads:write uploads; without the scope it is refused', async () => {
      const studio = await createOrg(t, owner, 'creator');
      const member = await createUser(t);
      await addMember(t, studio.id, member);
      const key = await createApiKey(t, studio.id, owner, 'CLI', ['uploads:write']);
      const started = await startUpload(t, studio.id, key.secret, {
        fileName: 'from-cli.mp4',
        sizeBytes: 100,
        contentType: 'video/mp4',
      });
      const [row] = await t.sql('SELECT created_by, api_key_id FROM uploads WHERE id = $1', [
        started.upload.id,
      ]);
      expect(row).toEqual({ created_by: null, api_key_id: key.id });

      const readOnly = await createApiKey(t, studio.id, owner, 'reader', ['clips:read']);
      const before = await snapshot();
      const refused = await t.request('POST', `/v1/orgs/${studio.id}/uploads`, {
        token: readOnly.secret,
        body: { fileName: 'a.mp4', sizeBytes: 100, contentType: 'video/mp4' },
      });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('insufficient_scope');
      expect(await snapshot()).toBe(before);

      // A plain member (not only owners) may upload.
      await startUpload(t, studio.id, member.token, {
        fileName: 'member.mp4',
        sizeBytes: 100,
        contentType: 'video/mp4',
      });
    });
  });
});

function randomUUIDv4(): string {
  return globalThis.crypto.randomUUID();
}
