import { randomUUID } from 'node:crypto';
import { partCountFor, partSizeFor, type UploadStateType } from '@clearframe/contracts/supply';
import type { TestApp } from '../support/test-app.js';
import { createClip, type TestClip } from './clip.factory.js';
import { nextInstant, uniqueSuffix } from './ids.js';
import type { TestUser } from './user.factory.js';

export interface TestUpload {
  id: string;
  orgId: string;
  clip: TestClip;
  bucketKey: string;
  storageUploadId: string;
  state: UploadStateType;
  expiresAt: Date;
}

/**
 * Inserts an upload row of `orgId` and the clip it becomes (`uploading` for an open upload,
 * `processing` for a completed one, `failed` for an aborted one). No multipart upload is started
 * in storage unless `storageUploadId` is given: tests that sign or complete parts create uploads
 * through HTTP.
 */
export async function createUpload(
  t: TestApp,
  orgId: string,
  creator: Pick<TestUser, 'id'> | null,
  options: Partial<{
    state: UploadStateType;
    fileName: string;
    sizeBytes: number;
    storageUploadId: string;
    expiresAt: Date;
  }> = {},
): Promise<TestUpload> {
  const state = options.state ?? 'uploading';
  const sizeBytes = options.sizeBytes ?? 20 * 1024 * 1024;
  const fileName = options.fileName ?? `upload-${uniqueSuffix()}.mp4`;
  const clip = await createClip(t, orgId, {
    state: state === 'uploading' ? 'uploading' : state === 'completed' ? 'processing' : 'failed',
    fileName,
    sizeBytes,
    ...(state === 'aborted'
      ? { rejectionCode: 'upload_cancelled', rejectionMessage: 'The upload was cancelled.' }
      : {}),
  });
  const id = randomUUID();
  const bucketKey = `orgs/${orgId}/uploads/${id}/original`;
  await t.sql(`UPDATE clips SET original_key = $2 WHERE id = $1`, [clip.id, bucketKey]);
  const now = nextInstant(t);
  const expiresAt =
    options.expiresAt ?? new Date(now.getTime() + t.config.uploads.abandonAfterHours * 3_600_000);
  const storageUploadId = options.storageUploadId ?? `test-${randomUUID()}`;
  await t.sql(
    `INSERT INTO uploads (id, org_id, clip_id, created_by, bucket_key, storage_upload_id, file_name,
       content_type, size_bytes, part_size_bytes, part_count, state, created_at, completed_at,
       aborted_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'video/mp4', $8, $9, $10, $11, $12, $13, $14, $15)`,
    [
      id,
      orgId,
      clip.id,
      creator?.id ?? null,
      bucketKey,
      storageUploadId,
      fileName,
      sizeBytes,
      partSizeFor(sizeBytes),
      partCountFor(sizeBytes),
      state,
      now,
      state === 'completed' ? now : null,
      state === 'aborted' ? now : null,
      expiresAt,
    ],
  );
  return {
    id,
    orgId,
    clip: { ...clip, originalKey: bucketKey },
    bucketKey,
    storageUploadId,
    state,
    expiresAt,
  };
}
