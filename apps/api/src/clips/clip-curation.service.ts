import { Injectable } from '@nestjs/common';
import type { ClipPolicyType, LicenseTemplateId } from '@clearframe/contracts/license';
import {
  type BulkUpdateClipsType,
  type ClipDetailType,
  type ClipPolicyVersionType,
  type ListClipsQueryType,
  policyHash,
  type SetClipPolicyType,
  type StudioClipType,
  type UpdateClipType,
} from '@clearframe/contracts/supply';
import type { OrgContext } from '../access/principal.js';
import { type AuditActor, AuditLog } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { decodeCursor, encodeCursor } from '../common/http/keyset-cursor.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import type { ClipEntity } from './clip.entity.js';
import type { ClipPolicyVersionEntity } from './clip-policy-version.entity.js';
import { readinessOf } from './clip-readiness.js';
import {
  assertEditable,
  lockForEdit,
  descriptionChanges,
  mergeTags,
  resolvePolicy,
  SUBMITTABLE_STATES,
} from './clip-rules.js';
import { ClipViews } from './clip-views.js';
import { ClipsErrors } from './clips.errors.js';
import { ClipsRepository } from './clips.repository.js';
import { toPolicyVersionDto } from './curation.mapper.js';
import { PolicyVersionsRepository } from './policy-versions.repository.js';

/**
 * The creator's use cases on a clip after its upload (decision 011): the studio's list and
 * detail, description, policy versions, ownership attestation, submission for review, delisting
 * and bulk changes. Each write locks the clip row, checks its state, and audits in the same unit
 * of work. The media side of the same rows is `ClipsService`'s.
 */
@Injectable()
export class ClipCurationService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly clips: ClipsRepository,
    private readonly versions: PolicyVersionsRepository,
    private readonly views: ClipViews,
    private readonly audit: AuditLog,
  ) {}

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
    const clip = await this.clips.findInOrg(ctx.org.id, clipId);
    if (!clip) throw ClipsErrors.notFound();
    return this.views.detail(clip);
  }

  /** Changes description fields; a listed clip's changes are live at once (audited). */
  async describe(
    ctx: OrgContext,
    clipId: string,
    patch: UpdateClipType,
    actor: AuditActor,
  ): Promise<ClipDetailType> {
    const clip = await this.uow.run(async () => {
      const locked = await lockForEdit(this.clips, ctx.org.id, clipId, 'description');
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
      const clip = await lockForEdit(this.clips, ctx.org.id, clipId, 'policy');
      const version = await this.appendPolicyVersion(clip, resolved, actor, false);
      return toPolicyVersionDto(version);
    });
  }

  /** The signed-in person states that their organization owns the footage (kept: who, when). */
  async attestOwnership(ctx: OrgContext, clipId: string, userId: string): Promise<ClipDetailType> {
    const clip = await this.uow.run(async () => {
      const locked = await lockForEdit(this.clips, ctx.org.id, clipId, 'ownership');
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
      const locked = await lockForEdit(this.clips, ctx.org.id, clipId);
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
      const locked = await lockForEdit(this.clips, ctx.org.id, clipId);
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
