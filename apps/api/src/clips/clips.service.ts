import { Injectable } from '@nestjs/common';
import {
  CLIP_TITLE_MAX,
  type ClipDetailsType,
  type ClipFailureCodeType,
  type ClipSummaryType,
  type ProcessingStepType,
} from '@clearframe/contracts/supply';
import { type AuditActor, AuditLog } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import {
  ClipFingerprintsRepository,
  type DuplicateMatchRow,
  type FingerprintFrameRow,
} from './clip-fingerprints.repository.js';
import type { ClipEntity } from './clip.entity.js';
import { ClipsErrors } from './clips.errors.js';
import { toClipSummary } from './clips.mapper.js';
import { ClipsRepository } from './clips.repository.js';

/** What the upload path knows when a clip is born. */
export interface NewUploadClip {
  orgId: string;
  fileName: string;
  sizeBytes: number;
  declaredSha256: string | null;
  /** Key of the original in the originals bucket. */
  originalKey: string;
  details: ClipDetailsType;
  actor: AuditActor;
}

/** What the verification job established about an accepted file. */
export interface VerifiedMedia {
  /** Measured from the stored bytes. */
  sizeBytes: number;
  sha256: string;
  durationMs: number;
  width: number;
  height: number;
  fps: number;
  codec: string;
  container: string;
  bitrate: number | null;
  hasAudio: boolean;
  /** Keys in the previews bucket. */
  thumbnailKey: string;
  previewKey: string;
}

/**
 * Clips. The media side (this part) moves a clip through `uploading → processing → draft | failed`
 * for the upload path and the verification job; the curation use cases (description, people,
 * policy, review) build on the same rows.
 */
@Injectable()
export class ClipsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly clips: ClipsRepository,
    private readonly fingerprints: ClipFingerprintsRepository,
    private readonly audit: AuditLog,
  ) {}

  /** A clip in state `uploading`, described by whatever the uploader gave. */
  createForUpload(input: NewUploadClip): Promise<ClipEntity> {
    return this.uow.run(async () => {
      const now = this.clock.now();
      const { details } = input;
      const clip = await this.clips.create({
        orgId: input.orgId,
        state: 'uploading',
        fileName: input.fileName,
        title: details.title ?? titleFromFileName(input.fileName),
        description: details.description ?? null,
        tags: details.tags ?? [],
        category: details.category ?? null,
        captions: details.captions ?? null,
        cameraMotion: details.cameraMotion ?? null,
        setting: details.setting ?? null,
        timeOfDay: details.timeOfDay ?? null,
        country: details.country ?? null,
        sizeBytes: input.sizeBytes,
        declaredSha256: input.declaredSha256,
        sha256: null,
        durationMs: null,
        width: null,
        height: null,
        fps: null,
        codec: null,
        container: null,
        bitrate: null,
        hasAudio: null,
        originalKey: input.originalKey,
        thumbnailKey: null,
        previewKey: null,
        processingStep: null,
        rejectionCode: null,
        rejectionMessage: null,
        currentPolicyVersionId: null,
        ownershipAttestedBy: null,
        ownershipAttestedAt: null,
        submittedAt: null,
        listedAt: null,
        createdAt: now,
        updatedAt: now,
      });
      await this.audit.record({
        actor: input.actor,
        action: 'clip.created',
        orgId: input.orgId,
        target: { type: 'clip', id: clip.id },
        data: { fileName: input.fileName, sizeBytes: input.sizeBytes },
      });
      return clip;
    });
  }

  /** The upload is complete: `uploading → processing` (a clip already past it is left alone). */
  markProcessing(orgId: string, clipId: string, actor: AuditActor): Promise<ClipEntity> {
    return this.uow.run(async () => {
      const moved = await this.clips.transition(clipId, ['uploading'], {
        state: 'processing',
        processingStep: null,
        updatedAt: this.clock.now(),
      });
      const clip = await this.clips.findInOrg(orgId, clipId);
      if (!clip) throw ClipsErrors.notFound();
      if (moved) {
        await this.audit.record({
          actor,
          action: 'clip.processing',
          orgId,
          target: { type: 'clip', id: clipId },
        });
      }
      return clip;
    });
  }

  /** Progress of the verification job, shown in the studio; only while `processing`. */
  async recordProcessingStep(clipId: string, step: ProcessingStepType): Promise<void> {
    await this.uow.run(() =>
      this.clips.transition(clipId, ['processing'], {
        processingStep: step,
        updatedAt: this.clock.now(),
      }),
    );
  }

  /**
   * The media passed verification: its measured facts are stored and the clip becomes a `draft`
   * for its creator to describe. Idempotent: a clip no longer `processing` is returned as it is.
   */
  recordVerified(clipId: string, media: VerifiedMedia): Promise<ClipEntity> {
    return this.uow.run(async () => {
      const moved = await this.clips.transition(clipId, ['processing'], {
        state: 'draft',
        processingStep: null,
        sizeBytes: media.sizeBytes,
        sha256: media.sha256,
        durationMs: media.durationMs,
        width: media.width,
        height: media.height,
        fps: Math.round(media.fps * 1000) / 1000,
        codec: media.codec,
        container: media.container,
        bitrate: media.bitrate,
        hasAudio: media.hasAudio,
        thumbnailKey: media.thumbnailKey,
        previewKey: media.previewKey,
        rejectionCode: null,
        rejectionMessage: null,
        updatedAt: this.clock.now(),
      });
      const clip = await this.clips.findByIdUnscoped(clipId);
      if (!clip) throw ClipsErrors.notFound();
      if (moved) {
        await this.audit.record({
          actor: {},
          action: 'clip.verified',
          orgId: clip.orgId,
          target: { type: 'clip', id: clipId },
          data: { sha256: media.sha256, durationMs: media.durationMs },
        });
      }
      return clip;
    });
  }

  /**
   * The file was refused (by verification, or its upload was cancelled or abandoned): the clip
   * becomes `failed` with the reason its creator sees. Only from `uploading` or `processing`;
   * a clip already past those is returned as it is. `actor`: who caused it (none for the jobs).
   */
  recordFailed(
    clipId: string,
    code: ClipFailureCodeType,
    message: string,
    actor: AuditActor = {},
  ): Promise<ClipEntity> {
    return this.uow.run(async () => {
      const moved = await this.clips.transition(clipId, ['uploading', 'processing'], {
        state: 'failed',
        processingStep: null,
        rejectionCode: code,
        rejectionMessage: message,
        updatedAt: this.clock.now(),
      });
      const clip = await this.clips.findByIdUnscoped(clipId);
      if (!clip) throw ClipsErrors.notFound();
      if (moved) {
        await this.audit.record({
          actor,
          action: 'clip.failed',
          orgId: clip.orgId,
          target: { type: 'clip', id: clipId },
          data: { code },
        });
      }
      return clip;
    });
  }

  /** Stores the clip's perceptual fingerprint (replacing an earlier one of the same clip). */
  async recordFingerprint(clipId: string, frames: FingerprintFrameRow[]): Promise<void> {
    await this.uow.run(() => this.fingerprints.replace(clipId, frames));
  }

  /** Other organizations' verified clips whose bytes are exactly these (same SHA-256). */
  exactDuplicates(clip: Pick<ClipEntity, 'id' | 'orgId'>, sha256: string): Promise<string[]> {
    return this.fingerprints.sameBytes(clip.orgId, clip.id, sha256);
  }

  /**
   * Other organizations' clips that may be near duplicates (sharing LSH bands with the probe
   * frames), each with its stored frame hashes for an exact comparison.
   */
  async nearDuplicateCandidates(
    clip: Pick<ClipEntity, 'id' | 'orgId'>,
    probeBands: [number, number, number, number][],
  ): Promise<Map<string, bigint[]>> {
    const ids = await this.fingerprints.candidates(clip.orgId, clip.id, probeBands);
    return this.fingerprints.hashesOf(ids);
  }

  /** Flags the clip's duplicates of other organizations' clips for the operators' review. */
  async recordDuplicates(clipId: string, matches: DuplicateMatchRow[]): Promise<void> {
    if (matches.length === 0) return;
    await this.uow.run(async () => {
      const clip = await this.clips.findByIdUnscoped(clipId);
      if (!clip) throw ClipsErrors.notFound();
      await this.fingerprints.recordMatches(clipId, matches, this.clock.now());
      await this.audit.record({
        actor: {},
        action: 'clip.duplicates_flagged',
        orgId: clip.orgId,
        target: { type: 'clip', id: clipId },
        data: {
          matches: matches.map((match) => ({
            clipId: match.matchClipId,
            kind: match.kind,
            score: match.score,
          })),
        },
      });
    });
  }

  /** One of the organization's clips; another organization's id is not found. */
  async getInOrg(orgId: string, clipId: string): Promise<ClipEntity> {
    const clip = await this.clips.findInOrg(orgId, clipId);
    if (!clip) throw ClipsErrors.notFound();
    return clip;
  }

  /** Summaries of the organization's clips among `clipIds`, by id. */
  async summaries(orgId: string, clipIds: string[]): Promise<Map<string, ClipSummaryType>> {
    const clips = await this.clips.findManyInOrg(orgId, clipIds);
    return new Map(clips.map((clip) => [clip.id, toClipSummary(clip)]));
  }

  /** A clip by id for the platform's own jobs, which act on ids they queued themselves. */
  findForJob(clipId: string): Promise<ClipEntity | null> {
    return this.clips.findByIdUnscoped(clipId);
  }
}

/** A clip's first title: its file name without the extension, cut to the title's limit. */
export function titleFromFileName(fileName: string): string {
  const base = fileName.replace(/\.[A-Za-z0-9]+$/, '').trim() || fileName;
  return Array.from(base).slice(0, CLIP_TITLE_MAX).join('').trim();
}
