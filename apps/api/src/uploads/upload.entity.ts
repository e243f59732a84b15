import type { UploadStateType } from '@clearframe/contracts/supply';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { numberColumn } from '../database/column-transformers.js';

/** One multipart upload into the originals bucket, and the clip it becomes. */
@Entity({ name: 'uploads' })
export class UploadEntity {
  /** Chosen by the service before the row exists: the object key contains it. */
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'org_id' })
  orgId: string;

  @Column('uuid', { name: 'clip_id' })
  clipId: string;

  /** The member who started it, or null when an API key did (or the person left). */
  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy: string | null;

  @Column('uuid', { name: 'api_key_id', nullable: true })
  apiKeyId: string | null;

  /** `orgs/<orgId>/uploads/<uploadId>/original` in the originals bucket. */
  @Column('text', { name: 'bucket_key' })
  bucketKey: string;

  /** Storage's multipart upload id: it signs parts, so it is never returned to clients. */
  @Column('text', { name: 'storage_upload_id' })
  storageUploadId: string;

  @Column('text', { name: 'file_name' })
  fileName: string;

  @Column('text', { name: 'content_type' })
  contentType: string;

  @Column('bigint', { name: 'size_bytes', transformer: numberColumn })
  sizeBytes: number;

  @Column('bigint', { name: 'part_size_bytes', transformer: numberColumn })
  partSizeBytes: number;

  @Column('integer', { name: 'part_count' })
  partCount: number;

  @Column('text', { name: 'declared_sha256', nullable: true })
  declaredSha256: string | null;

  @Column('text')
  state: UploadStateType;

  /** The client's Idempotency-Key and a hash of the request it came with. */
  @Column('text', { name: 'idempotency_key', nullable: true })
  idempotencyKey: string | null;

  @Column('text', { name: 'request_hash', nullable: true })
  requestHash: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt: Date | null;

  @Column('timestamptz', { name: 'aborted_at', nullable: true })
  abortedAt: Date | null;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;
}
