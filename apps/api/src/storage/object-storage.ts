import type { Readable } from 'node:stream';
import type { StorageBuckets } from '../config/app-config.js';

/** The buckets by role: footage as uploaded, public previews, generated documents. */
export type Bucket = keyof StorageBuckets;

/** A request a browser or CLI makes straight to storage (the API never carries footage bytes). */
export interface PresignedRequest {
  method: 'GET' | 'PUT';
  url: string;
  /** Headers the client must send as they are, or the signature does not match. */
  headers: Record<string, string>;
  expiresAt: Date;
}

export interface StoredObject {
  size: number;
  etag: string | undefined;
  contentType: string | undefined;
  lastModified: Date | undefined;
  /** User metadata (`x-amz-meta-*`), names in lower case. */
  metadata: Record<string, string>;
}

export interface UploadedPart {
  partNumber: number;
  etag: string;
}

/** A part storage holds for an unfinished multipart upload. */
export interface StoredPart {
  partNumber: number;
  sizeBytes: number;
  /** As storage reports it (quoted, like S3). */
  etag: string;
}

/**
 * Object storage as the domains see it: keys inside the three buckets, presigned requests for
 * direct uploads and downloads (multipart for footage), and server-side reads. Missing objects and
 * an unreachable store surface as domain errors (`not_found`, `service_unavailable`).
 */
export abstract class ObjectStorage {
  /** A PUT the client sends the whole object with (small files: thumbnails, documents). */
  abstract presignPut(
    bucket: Bucket,
    key: string,
    options?: { contentType?: string; expiresInSeconds?: number },
  ): Promise<PresignedRequest>;

  /** A GET for downloads; `downloadName` makes browsers save it under that name. */
  abstract presignGet(
    bucket: Bucket,
    key: string,
    options?: { expiresInSeconds?: number; downloadName?: string },
  ): Promise<PresignedRequest>;

  /** Starts a multipart upload; parts then go straight to storage through `presignPart`. */
  abstract startMultipartUpload(
    bucket: Bucket,
    key: string,
    options?: { contentType?: string },
  ): Promise<{ uploadId: string }>;

  /** A PUT for one part (1–10,000; every part but the last at least 5 MiB). */
  abstract presignPart(
    bucket: Bucket,
    key: string,
    uploadId: string,
    partNumber: number,
    options?: { expiresInSeconds?: number },
  ): Promise<PresignedRequest>;

  /** Assembles the parts (the ETags the client read from each part's response) into the object. */
  abstract completeMultipartUpload(
    bucket: Bucket,
    key: string,
    uploadId: string,
    parts: UploadedPart[],
  ): Promise<void>;

  /**
   * Every part storage holds for an unfinished upload, by part number (all pages read);
   * `not_found` when the upload is no longer open (completed or aborted).
   */
  abstract listParts(bucket: Bucket, key: string, uploadId: string): Promise<StoredPart[]>;

  /** Discards an unfinished upload and its parts; a no-op when it is already gone. */
  abstract abortMultipartUpload(bucket: Bucket, key: string, uploadId: string): Promise<void>;

  /**
   * Writes an object the API made itself (a thumbnail, a preview): a file path is streamed, never
   * read whole into memory. Replaces an existing object with the same key.
   */
  abstract put(
    bucket: Bucket,
    key: string,
    body: Buffer | { file: string },
    options: { contentType: string },
  ): Promise<void>;

  /** The object's size and metadata, or null when there is no such object. */
  abstract head(bucket: Bucket, key: string): Promise<StoredObject | null>;

  /** The object's bytes as a stream (never whole in memory); `not_found` when it is missing. */
  abstract stream(bucket: Bucket, key: string): Promise<Readable>;

  /** Deletes the object; deleting a missing object succeeds (retries are safe). */
  abstract delete(bucket: Bucket, key: string): Promise<void>;

  /** Readiness: every bucket answers; throws otherwise. */
  abstract check(): Promise<void>;
}
