import { createHash, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { PageQueryType } from '@clearframe/contracts/common';
import { canonicalize } from '@clearframe/contracts/license';
import {
  type CompleteUploadType,
  type CreateUploadType,
  partCountFor,
  partSizeFor,
  type SignedUploadPartsType,
  type StoredUploadPartsType,
  UPLOAD_CONTAINERS,
  uploadContainerFor,
  type UploadStateType,
  type UploadType,
  type UploadWithClipType,
} from '@clearframe/contracts/supply';
import type { OrgContext } from '../access/principal.js';
import type { AuditActor } from '../audit/audit.service.js';
import { AuditLog } from '../audit/audit.service.js';
import { toClipSummary } from '../clips/clips.mapper.js';
import { ClipsService } from '../clips/clips.service.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { decodeCursor, toPage } from '../common/http/keyset-cursor.js';
import { AppConfig, type UploadsConfig } from '../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { JobsService } from '../jobs/jobs.service.js';
import { ObjectStorage, type StoredPart } from '../storage/object-storage.js';
import type { UploadEntity } from './upload.entity.js';
import { UploadsErrors } from './uploads.errors.js';
import { toUploadDto } from './uploads.mapper.js';
import { UploadsRepository } from './uploads.repository.js';

/** Who started or acts on an upload: a member's session, or an API key of the organization. */
export interface UploadCaller {
  userId: string | null;
  apiKeyId: string | null;
}

// S3 refuses to assemble parts under 5 MiB unless last; checked here so s3rver (which does not
// check) and S3 answer the same.
const S3_MIN_PART_BYTES = 5 * 1024 * 1024;

export const UPLOAD_CANCELLED_MESSAGE = 'The upload was cancelled before it finished.';
export const UPLOAD_ABANDONED_MESSAGE =
  'The upload was not finished in time and was discarded. Upload the file again.';

/**
 * Multipart uploads of footage. The API signs and checks; the bytes go straight from the client
 * to the originals bucket under the organization's prefix. Storage calls that cannot be rolled
 * back (start, complete, abort) happen outside the transaction, ordered so that a failure in
 * between leaves a state the next attempt (or the cleanup job) repairs.
 */
@Injectable()
export class UploadsService {
  private readonly logger = new Logger('Uploads');
  private readonly settings: UploadsConfig;

  constructor(
    config: AppConfig,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly uploads: UploadsRepository,
    private readonly clips: ClipsService,
    private readonly storage: ObjectStorage,
    private readonly jobs: JobsService,
    private readonly audit: AuditLog,
  ) {
    this.settings = config.uploads;
  }

  /**
   * Starts a multipart upload and the clip it becomes. With an idempotency key, the same key and
   * body answer the upload they created the first time; the same key with another body is refused.
   */
  async create(
    ctx: OrgContext,
    caller: UploadCaller,
    body: CreateUploadType,
    idempotencyKey?: string,
  ): Promise<UploadWithClipType> {
    const requestHash = idempotencyKey
      ? createHash('sha256').update(canonicalize(body)).digest('hex')
      : null;
    if (idempotencyKey) {
      const earlier = await this.uploads.findByIdempotencyKey(ctx.org.id, idempotencyKey);
      if (earlier) return this.replay(earlier, requestHash!);
    }
    if (body.sizeBytes > this.settings.maxBytes)
      throw UploadsErrors.tooLarge(this.settings.maxBytes);
    const container = uploadContainerFor(body.fileName, body.contentType);
    if (!container) throw UploadsErrors.unsupportedContainer();
    const declaredType = body.contentType.split(';')[0]!.trim().toLowerCase();
    const contentType =
      declaredType === '' || declaredType === 'application/octet-stream'
        ? UPLOAD_CONTAINERS[container][0]
        : declaredType;

    const id = randomUUID();
    const bucketKey = `orgs/${ctx.org.id}/uploads/${id}/original`;
    const { uploadId: storageUploadId } = await this.storage.startMultipartUpload(
      'originals',
      bucketKey,
      { contentType },
    );
    const now = this.clock.now();
    const actor = auditActor(caller);
    try {
      return await this.uow.run(async () => {
        const clip = await this.clips.createForUpload({
          orgId: ctx.org.id,
          fileName: body.fileName,
          sizeBytes: body.sizeBytes,
          declaredSha256: body.sha256 ?? null,
          originalKey: bucketKey,
          details: body.clip ?? {},
          actor,
        });
        const upload = await this.uploads.create({
          id,
          orgId: ctx.org.id,
          clipId: clip.id,
          createdBy: caller.userId,
          apiKeyId: caller.apiKeyId,
          bucketKey,
          storageUploadId,
          fileName: body.fileName,
          contentType,
          sizeBytes: body.sizeBytes,
          partSizeBytes: partSizeFor(body.sizeBytes),
          partCount: partCountFor(body.sizeBytes),
          declaredSha256: body.sha256 ?? null,
          state: 'uploading',
          idempotencyKey: idempotencyKey ?? null,
          requestHash,
          createdAt: now,
          completedAt: null,
          abortedAt: null,
          expiresAt: new Date(now.getTime() + this.settings.abandonAfterHours * 3_600_000),
        });
        await this.audit.record({
          actor,
          action: 'upload.started',
          orgId: ctx.org.id,
          target: { type: 'upload', id },
          data: { clipId: clip.id, fileName: body.fileName, sizeBytes: body.sizeBytes },
        });
        return { upload: toUploadDto(upload), clip: toClipSummary(clip) };
      });
    } catch (error) {
      // Nothing refers to the storage upload now: discard it rather than wait for it to expire.
      await this.storage
        .abortMultipartUpload('originals', bucketKey, storageUploadId)
        .catch((abortError: unknown) =>
          this.logger.warn({ err: abortError, uploadId: id }, 'Could not abort an unused upload'),
        );
      // Two requests with one key at once: the other one's insert won.
      if (idempotencyKey && isUniqueViolation(error)) {
        const winner = await this.uploads.findByIdempotencyKey(ctx.org.id, idempotencyKey);
        if (winner) return this.replay(winner, requestHash!);
      }
      throw error;
    }
  }

  /** Presigned PUTs for parts of an open upload, valid for the configured TTL (≤ 15 min). */
  async signParts(
    ctx: OrgContext,
    uploadId: string,
    partNumbers: number[],
  ): Promise<SignedUploadPartsType> {
    const upload = await this.openUpload(ctx, uploadId);
    if (partNumbers.some((partNumber) => partNumber > upload.partCount)) {
      throw UploadsErrors.partOutOfRange(upload.partCount);
    }
    const parts = await Promise.all(
      partNumbers.map(async (partNumber) => {
        const request = await this.storage.presignPart(
          'originals',
          upload.bucketKey,
          upload.storageUploadId,
          partNumber,
          { expiresInSeconds: this.settings.partUrlTtlSeconds },
        );
        return {
          partNumber,
          url: request.url,
          headers: request.headers,
          expiresAt: request.expiresAt.toISOString(),
        };
      }),
    );
    return { parts };
  }

  /** The parts storage already holds, for a client resuming the upload. */
  async storedParts(ctx: OrgContext, uploadId: string): Promise<StoredUploadPartsType> {
    const upload = await this.find(ctx, uploadId);
    if (upload.state !== 'uploading') throw UploadsErrors.notOpen();
    const parts = await this.storage.listParts(
      'originals',
      upload.bucketKey,
      upload.storageUploadId,
    );
    return {
      parts: parts.map((part) => ({
        partNumber: part.partNumber,
        sizeBytes: part.sizeBytes,
        etag: part.etag,
      })),
    };
  }

  /**
   * Assembles the parts into the original and queues its verification; the clip becomes
   * `processing`. The parts must be exactly the ones storage holds. Completing again answers the
   * same; a crash between storage's assembly and the commit is repaired by completing again.
   */
  async complete(
    ctx: OrgContext,
    caller: UploadCaller,
    uploadId: string,
    body: CompleteUploadType,
  ): Promise<UploadWithClipType> {
    const upload = await this.find(ctx, uploadId);
    if (upload.state === 'completed') return this.answer(ctx, upload);
    this.assertOpen(upload);
    checkPartList(upload, body.parts);

    const stored = await this.storage
      .listParts('originals', upload.bucketKey, upload.storageUploadId)
      .catch((error: unknown) => {
        if (error instanceof DomainError && error.code === 'not_found') return null;
        throw error;
      });
    if (stored) {
      checkStoredParts(upload, body.parts, stored);
      await this.storage
        .completeMultipartUpload('originals', upload.bucketKey, upload.storageUploadId, body.parts)
        .catch(async (error: unknown) => {
          // Assembled meanwhile by a request racing this one: the commit below sorts it out.
          if (!(error instanceof DomainError && error.code === 'not_found')) throw error;
          if (!(await this.storage.head('originals', upload.bucketKey))) throw error;
        });
    } else if (!(await this.storage.head('originals', upload.bucketKey))) {
      // Neither open nor assembled: aborted in storage (a cancel racing this request).
      const current = await this.find(ctx, uploadId);
      if (current.state === 'completed') return this.answer(ctx, current);
      if (current.state === 'aborted') throw UploadsErrors.notOpen();
      throw UploadsErrors.partsMismatch('Storage holds no parts for this upload.');
    }
    // Otherwise storage assembled it in an earlier attempt that did not commit: commit now.

    const actor = auditActor(caller);
    return this.uow.run(async () => {
      const locked = await this.uploads.lockInOrg(ctx.org.id, uploadId);
      if (!locked) throw UploadsErrors.notFound();
      if (locked.state === 'aborted') throw UploadsErrors.notOpen();
      if (locked.state === 'uploading') {
        const now = this.clock.now();
        await this.uploads.close(uploadId, 'completed', now);
        await this.clips.markProcessing(ctx.org.id, locked.clipId, actor);
        await this.jobs.send('uploads.verify', { uploadId }, { singletonKey: uploadId });
        await this.audit.record({
          actor,
          action: 'upload.completed',
          orgId: ctx.org.id,
          target: { type: 'upload', id: uploadId },
          data: { clipId: locked.clipId, partCount: body.parts.length },
        });
      }
      return this.answer(ctx, await this.find(ctx, uploadId));
    });
  }

  /** Cancels an open upload: storage discards its parts, the clip fails as `upload_cancelled`. */
  async abort(ctx: OrgContext, caller: UploadCaller, uploadId: string): Promise<void> {
    const upload = await this.find(ctx, uploadId);
    if (upload.state === 'completed') throw UploadsErrors.alreadyCompleted();
    if (upload.state === 'aborted') return;
    // Storage first: if it fails nothing has changed; if the commit fails, aborting again (or
    // the cleanup job) finishes the job, since aborting a gone upload succeeds.
    await this.storage.abortMultipartUpload('originals', upload.bucketKey, upload.storageUploadId);
    await this.uow.run(async () => {
      const closed = await this.uploads.close(uploadId, 'aborted', this.clock.now());
      if (!closed) {
        const current = await this.find(ctx, uploadId);
        if (current.state === 'completed') throw UploadsErrors.alreadyCompleted();
        return;
      }
      const actor = auditActor(caller);
      await this.clips.recordFailed(
        upload.clipId,
        'upload_cancelled',
        UPLOAD_CANCELLED_MESSAGE,
        actor,
      );
      await this.audit.record({
        actor,
        action: 'upload.aborted',
        orgId: ctx.org.id,
        target: { type: 'upload', id: uploadId },
        data: { clipId: upload.clipId, reason: 'cancelled' },
      });
    });
  }

  /** The organization's uploads, newest first, optionally in one state. */
  async list(
    ctx: OrgContext,
    query: PageQueryType & { state?: UploadStateType },
  ): Promise<{ items: UploadType[]; nextCursor: string | null }> {
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await this.uploads.listForOrg(ctx.org.id, {
      ...(query.state ? { state: query.state } : {}),
      limit: query.limit + 1,
      ...(after ? { after } : {}),
    });
    return toPage(rows, query.limit, toUploadDto);
  }

  /**
   * Aborts uploads left open past their expiry (the cleanup job): storage discards their parts
   * and their clips fail as `upload_abandoned`. Resolves to how many it aborted.
   */
  async abortAbandoned(batchSize = 50, maxBatches = 20): Promise<number> {
    const now = this.clock.now();
    let aborted = 0;
    for (let batch = 0; batch < maxBatches; batch++) {
      const expired = await this.uploads.listAbandoned(now, batchSize);
      for (const upload of expired) {
        await this.storage.abortMultipartUpload(
          'originals',
          upload.bucketKey,
          upload.storageUploadId,
        );
        await this.uow.run(async () => {
          if (!(await this.uploads.close(upload.id, 'aborted', now))) return;
          await this.clips.recordFailed(
            upload.clipId,
            'upload_abandoned',
            UPLOAD_ABANDONED_MESSAGE,
          );
          await this.audit.record({
            actor: {},
            action: 'upload.aborted',
            orgId: upload.orgId,
            target: { type: 'upload', id: upload.id },
            data: { clipId: upload.clipId, reason: 'abandoned' },
          });
          aborted++;
        });
      }
      if (expired.length < batchSize) break;
    }
    return aborted;
  }

  private async find(ctx: OrgContext, uploadId: string): Promise<UploadEntity> {
    const upload = await this.uploads.findInOrg(ctx.org.id, uploadId);
    if (!upload) throw UploadsErrors.notFound();
    return upload;
  }

  private async openUpload(ctx: OrgContext, uploadId: string): Promise<UploadEntity> {
    const upload = await this.find(ctx, uploadId);
    this.assertOpen(upload);
    return upload;
  }

  private assertOpen(upload: UploadEntity): void {
    if (upload.state !== 'uploading') throw UploadsErrors.notOpen();
    if (this.clock.now().getTime() >= upload.expiresAt.getTime()) throw UploadsErrors.expired();
  }

  private async answer(ctx: OrgContext, upload: UploadEntity): Promise<UploadWithClipType> {
    const clip = await this.clips.getInOrg(ctx.org.id, upload.clipId);
    return { upload: toUploadDto(upload), clip: toClipSummary(clip) };
  }

  private async replay(upload: UploadEntity, requestHash: string): Promise<UploadWithClipType> {
    if (upload.requestHash !== requestHash) throw UploadsErrors.idempotencyKeyReused();
    const clip = await this.clips.getInOrg(upload.orgId, upload.clipId);
    return { upload: toUploadDto(upload), clip: toClipSummary(clip) };
  }
}

function auditActor(caller: UploadCaller): AuditActor {
  return { userId: caller.userId, apiKeyId: caller.apiKeyId };
}

/** The client's list must name every part of the upload once: 1 to partCount. */
function checkPartList(upload: UploadEntity, parts: CompleteUploadType['parts']): void {
  const numbers = new Set(parts.map((part) => part.partNumber));
  const complete =
    numbers.size === parts.length &&
    parts.length === upload.partCount &&
    parts.every((part) => part.partNumber <= upload.partCount);
  if (!complete) {
    throw UploadsErrors.partsMismatch(
      `List parts 1 to ${upload.partCount}, each once (${parts.length} listed).`,
    );
  }
}

/** What storage holds must be exactly the listed parts, with the same ETags. */
function checkStoredParts(
  upload: UploadEntity,
  parts: CompleteUploadType['parts'],
  stored: StoredPart[],
): void {
  const byNumber = new Map(stored.map((part) => [part.partNumber, part]));
  const missing = parts.filter((part) => !byNumber.has(part.partNumber)).map((p) => p.partNumber);
  if (missing.length > 0) {
    throw UploadsErrors.partsMismatch(`Storage does not hold part ${listNumbers(missing)}.`);
  }
  const differing = parts
    .filter((part) => unquote(byNumber.get(part.partNumber)!.etag) !== unquote(part.etag))
    .map((part) => part.partNumber);
  if (differing.length > 0) {
    throw UploadsErrors.partsMismatch(
      `The ETag of part ${listNumbers(differing)} is not the one storage holds.`,
    );
  }
  const extra = stored.filter((part) => part.partNumber > upload.partCount);
  if (extra.length > 0) {
    throw UploadsErrors.partsMismatch(
      `Storage holds part ${listNumbers(extra.map((part) => part.partNumber))}, beyond this upload's ${upload.partCount}.`,
    );
  }
  const small = stored
    .filter((part) => part.partNumber < upload.partCount && part.sizeBytes < S3_MIN_PART_BYTES)
    .map((part) => part.partNumber);
  if (small.length > 0) {
    throw UploadsErrors.partsMismatch(
      `Part ${listNumbers(small)} is smaller than 5 MiB; only the last part may be.`,
    );
  }
}

function unquote(etag: string): string {
  return etag.replace(/"/g, '');
}

function listNumbers(numbers: number[]): string {
  const shown = numbers.slice(0, 10).join(', ');
  return numbers.length > 10 ? `${shown} and ${numbers.length - 10} more` : shown;
}

function isUniqueViolation(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: string } }).driverError;
  return (error as { code?: string }).code === '23505' || driverError?.code === '23505';
}
