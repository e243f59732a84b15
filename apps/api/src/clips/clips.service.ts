import { Injectable } from '@nestjs/common';
import type { ClipPolicyType, LicenseTemplateId } from '@clearframe/contracts/license';
import {
  type BulkUpdateClipsType,
  CLIP_TITLE_MAX,
  type ClipDetailsType,
  type ClipDetailType,
  type ClipFailureCodeType,
  type ClipPolicyVersionType,
  type ClipSummaryType,
  type ListClipsQueryType,
  policyHash,
  type ProcessingStepType,
  type SetClipPolicyType,
  type StudioClipType,
  type UpdateClipType,
} from '@clearframe/contracts/supply';
import type { OrgContext } from '../access/principal.js';
import { type AuditActor, AuditLog } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { decodeCursor, encodeCursor } from '../common/http/keyset-cursor.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import {
  ClipFingerprintsRepository,
  type DuplicateMatchRow,
  type FingerprintFrameRow,
} from './clip-fingerprints.repository.js';
import type { ClipEntity } from './clip.entity.js';
import type { ClipPolicyVersionEntity } from './clip-policy-version.entity.js';
import { readinessOf } from './clip-readiness.js';
import {
  assertEditable,
  descriptionChanges,
  mergeTags,
  resolvePolicy,
  SUBMITTABLE_STATES,
} from './clip-rules.js';
import { ClipViews } from './clip-views.js';
import { ClipsErrors } from './clips.errors.js';
import { toClipSummary } from './clips.mapper.js';
import { ClipsRepository } from './clips.repository.js';
import { toPolicyVersionDto } from './curation.mapper.js';
import { PolicyVersionsRepository } from './policy-versions.repository.js';

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
    private readonly versions: PolicyVersionsRepository,
    private readonly views: ClipViews,
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

  // -------------------------------------------------------------------------------------------
  // Curation: the creator describes, sets the policy, attests, submits, delists (decision 011)
  // -------------------------------------------------------------------------------------------

  /** The organization's clips, newest first, optionally in one state. */
  async list(
    ctx: OrgContext,
    query: ListClipsQueryType,
  ): Promise<{ items: StudioClipType[]; nextCursor: string | null }> {
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await this.clips.listForOrg(ctx.org.id, query.limit + 1, {
      after,
      state: query.state,
    });
    const page = rows.slice(0, query.limit);
    return {
      items: await this.views.studioClips(page),
      nextCursor: rows.length > query.limit && page.length > 0 ? encodeCursor(page.at(-1)!) : null,
    };
  }

  /** One of the organization's clips in full. */
  async detail(ctx: OrgContext, clipId: string): Promise<ClipDetailType> {
    return this.views.detail(await this.getInOrg(ctx.org.id, clipId));
  }

  /** Changes description fields; a listed clip's changes are live at once (audited). */
  async describe(
    ctx: OrgContext,
    clipId: string,
    patch: UpdateClipType,
    actor: AuditActor,
  ): Promise<ClipDetailType> {
    const clip = await this.uow.run(async () => {
      const locked = await this.lockInOrg(ctx.org.id, clipId);
      assertEditable(locked, 'description');
      const changes = descriptionChanges(patch);
      await this.clips.updateInOrg(ctx.org.id, clipId, { ...changes, updatedAt: this.clock.now() });
      await this.audit.record({
        actor,
        action: 'clip.described',
        orgId: ctx.org.id,
        target: { type: 'clip', id: clipId },
        data: { fields: Object.keys(changes), state: locked.state },
      });
      return { ...locked, ...changes };
    });
    return this.views.detail(clip);
  }

  /**
   * Sets the clip's policy: a new immutable version, unless it equals the current one. Rates
   * must be in the public rate card's currency, or the catalog could not price the clip.
   */
  async setPolicy(
    ctx: OrgContext,
    clipId: string,
    input: SetClipPolicyType,
    actor: AuditActor,
  ): Promise<ClipPolicyVersionType> {
    const resolved = resolvePolicy(input);
    return this.uow.run(async () => {
      const clip = await this.lockInOrg(ctx.org.id, clipId);
      assertEditable(clip, 'policy');
      const version = await this.appendPolicyVersion(clip, resolved, actor, false);
      return toPolicyVersionDto(version);
    });
  }

  /** The signed-in person states that their organization owns the footage (kept: who, when). */
  async attestOwnership(ctx: OrgContext, clipId: string, userId: string): Promise<ClipDetailType> {
    const clip = await this.uow.run(async () => {
      const locked = await this.lockInOrg(ctx.org.id, clipId);
      assertEditable(locked, 'ownership');
      if (locked.ownershipAttestedAt) return locked;
      const now = this.clock.now();
      await this.clips.updateInOrg(ctx.org.id, clipId, {
        ownershipAttestedBy: userId,
        ownershipAttestedAt: now,
        updatedAt: now,
      });
      await this.audit.record({
        actor: { userId },
        action: 'clip.ownership_attested',
        orgId: ctx.org.id,
        target: { type: 'clip', id: clipId },
      });
      return { ...locked, ownershipAttestedBy: userId, ownershipAttestedAt: now };
    });
    return this.views.detail(clip);
  }

  /**
   * `draft | rejected | delisted → in_review`, when nothing is missing: title, category, policy,
   * ownership, and a release consenting to AI training for every identifiable person.
   */
  async submit(ctx: OrgContext, clipId: string, actor: AuditActor): Promise<ClipDetailType> {
    const clip = await this.uow.run(async () => {
      const locked = await this.lockInOrg(ctx.org.id, clipId);
      if (!SUBMITTABLE_STATES.includes(locked.state))
        throw ClipsErrors.notSubmittable(locked.state);
      const people = (await this.views.peopleOf([clipId], ctx.org.id)).get(clipId) ?? [];
      const readiness = readinessOf(
        { ...locked, identifiablePeople: locked.identifiablePeople ?? null },
        people,
      );
      if (!readiness.ready) throw ClipsErrors.incomplete(readiness.missing);
      const now = this.clock.now();
      const changes = {
        state: 'in_review' as const,
        submittedAt: now,
        submittedBy: actor.userId ?? null,
        rejectionCode: null,
        rejectionMessage: null,
        updatedAt: now,
      };
      if (!(await this.clips.transition(clipId, [locked.state], changes))) {
        throw ClipsErrors.notSubmittable(locked.state);
      }
      await this.audit.record({
        actor,
        action: 'clip.submitted',
        orgId: ctx.org.id,
        target: { type: 'clip', id: clipId },
        data: { from: locked.state, policyVersionId: locked.currentPolicyVersionId },
      });
      return { ...locked, ...changes };
    });
    return this.views.detail(clip);
  }

  /** `listed → delisted`: the clip leaves the catalog at once; it returns only through review. */
  async delist(ctx: OrgContext, clipId: string, actor: AuditActor): Promise<ClipDetailType> {
    const clip = await this.uow.run(async () => {
      const locked = await this.lockInOrg(ctx.org.id, clipId);
      if (locked.state !== 'listed') throw ClipsErrors.notListed(locked.state);
      const changes = { state: 'delisted' as const, updatedAt: this.clock.now() };
      await this.clips.transition(clipId, ['listed'], changes);
      await this.audit.record({
        actor,
        action: 'clip.delisted',
        orgId: ctx.org.id,
        target: { type: 'clip', id: clipId },
      });
      return { ...locked, ...changes };
    });
    return this.views.detail(clip);
  }

  /**
   * One change applied to many clips, all or none: every id must be one of the organization's
   * clips (else 404, and nothing changes) in a state that allows the change.
   */
  async bulkUpdate(
    ctx: OrgContext,
    input: BulkUpdateClipsType,
    actor: AuditActor,
  ): Promise<StudioClipType[]> {
    const policy = input.policy ? resolvePolicy(input.policy) : undefined;
    const ids = input.clipIds.map((id) => id.toLowerCase());
    const updated = await this.uow.run(async () => {
      const locked = await this.clips.lockManyInOrg(ctx.org.id, ids);
      if (locked.length !== ids.length) throw ClipsErrors.notFound();
      const byId = new Map(locked.map((clip) => [clip.id, clip]));
      const clips = ids.map((id) => byId.get(id)!);
      for (const clip of clips) {
        if (input.category !== undefined || input.addTags || input.removeTags) {
          assertEditable(clip, 'description');
        }
        if (policy) assertEditable(clip, 'policy');
      }
      const now = this.clock.now();
      const result: ClipEntity[] = [];
      for (const clip of clips) {
        let next = clip;
        const changes: Partial<ClipEntity> = {};
        if (input.category !== undefined) changes.category = input.category;
        if (input.addTags || input.removeTags) {
          changes.tags = mergeTags(clip.tags, input.addTags ?? [], input.removeTags ?? []);
        }
        if (Object.keys(changes).length > 0) {
          await this.clips.updateInOrg(ctx.org.id, clip.id, { ...changes, updatedAt: now });
          await this.audit.record({
            actor,
            action: 'clip.described',
            orgId: ctx.org.id,
            target: { type: 'clip', id: clip.id },
            data: { fields: Object.keys(changes), state: clip.state, bulk: true },
          });
          next = { ...next, ...changes };
        }
        if (policy) {
          const version = await this.appendPolicyVersion(next, policy, actor, true);
          next = { ...next, currentPolicyVersionId: version.id };
        }
        result.push(next);
      }
      return result;
    });
    return this.views.studioClips(updated);
  }

  /** The clip of the organization with its row locked for the transaction; else not found. */
  private async lockInOrg(orgId: string, clipId: string): Promise<ClipEntity> {
    const clip = await this.clips.lockInOrg(orgId, clipId);
    if (!clip) throw ClipsErrors.notFound();
    return clip;
  }

  /** Appends a version unless the policy equals the current one; the caller holds the lock. */
  private async appendPolicyVersion(
    clip: ClipEntity,
    resolved: { policy: ClipPolicyType; templateId: LicenseTemplateId | null },
    actor: AuditActor,
    bulk: boolean,
  ): Promise<ClipPolicyVersionEntity> {
    const hash = policyHash(resolved.policy);
    const current = clip.currentPolicyVersionId
      ? (await this.versions.byIds([clip.currentPolicyVersionId])).get(clip.currentPolicyVersionId)
      : undefined;
    if (current && current.policyHash === hash) return current;
    const now = this.clock.now();
    const version = await this.versions.append({
      clipId: clip.id,
      policy: resolved.policy,
      policyHash: hash,
      templateId: resolved.templateId,
      createdBy: actor.userId ?? null,
      createdByApiKey: actor.apiKeyId ?? null,
      createdAt: now,
    });
    await this.clips.updateInOrg(clip.orgId, clip.id, {
      currentPolicyVersionId: version.id,
      updatedAt: now,
    });
    await this.audit.record({
      actor,
      action: 'clip.policy_versioned',
      orgId: clip.orgId,
      target: { type: 'clip', id: clip.id },
      data: {
        version: version.version,
        policyHash: hash,
        templateId: resolved.templateId,
        state: clip.state,
        ...(bulk ? { bulk: true } : {}),
      },
    });
    return version;
  }
}

/** A clip's first title: its file name without the extension, cut to the title's limit. */
export function titleFromFileName(fileName: string): string {
  const base = fileName.replace(/\.[A-Za-z0-9]+$/, '').trim() || fileName;
  return Array.from(base).slice(0, CLIP_TITLE_MAX).join('').trim();
}
