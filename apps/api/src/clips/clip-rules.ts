import type { ClipPolicyType, LicenseTemplateId } from '@clearframe/contracts/license';
import { PUBLIC_RATE_CARD } from '@clearframe/contracts/pricing';
import {
  CLIP_TAGS_MAX,
  type ClipStateType,
  canonicalPolicy,
  policyFromTemplate,
  type SetClipPolicyType,
  type UpdateClipType,
} from '@clearframe/contracts/supply';
import type { ClipEntity } from './clip.entity.js';
import { ClipsErrors } from './clips.errors.js';
import type { ClipsRepository } from './clips.repository.js';

/** What a creator may change on a clip (decision 011). */
export type EditableAspect = 'description' | 'policy' | 'people' | 'ownership';

const BEFORE_REVIEW: readonly ClipStateType[] = [
  'uploading',
  'processing',
  'draft',
  'rejected',
  'delisted',
];

/**
 * The states in which each aspect may change: never while in review (the reviewer decides on
 * what was submitted) or once failed; a listed clip's description and policy (a new version)
 * change live, its people only after delisting.
 */
export const EDITABLE_STATES: Readonly<Record<EditableAspect, readonly ClipStateType[]>> = {
  description: [...BEFORE_REVIEW, 'listed'],
  policy: [...BEFORE_REVIEW, 'listed'],
  people: BEFORE_REVIEW,
  ownership: BEFORE_REVIEW,
};

export const SUBMITTABLE_STATES: readonly ClipStateType[] = ['draft', 'rejected', 'delisted'];

export function assertEditable(clip: Pick<ClipEntity, 'state'>, aspect: EditableAspect): void {
  if (!EDITABLE_STATES[aspect].includes(clip.state)) {
    throw ClipsErrors.notEditable(clip.state, aspect);
  }
}

/**
 * The organization's clip with its row locked for the transaction, once `aspect` (if given) may
 * change in its state; else not found, or not editable.
 */
export async function lockForEdit(
  clips: Pick<ClipsRepository, 'lockInOrg'>,
  orgId: string,
  clipId: string,
  aspect?: EditableAspect,
): Promise<ClipEntity> {
  const clip = await clips.lockInOrg(orgId, clipId);
  if (!clip) throw ClipsErrors.notFound();
  if (aspect) assertEditable(clip, aspect);
  return clip;
}

/**
 * A policy from the request: a whole policy, or a template at a rate with an optional
 * disclosure requirement; priced in USD only.
 */
export function resolvePolicy(input: SetClipPolicyType): {
  policy: ClipPolicyType;
  templateId: LicenseTemplateId | null;
} {
  const resolved =
    'templateId' in input
      ? {
          policy: policyFromTemplate(input.templateId, input.ratePerMinute, input.disclosure),
          templateId: input.templateId,
        }
      : // `{ required: false }` is stored as no member, so the version hashes as before.
        { policy: canonicalPolicy(input.policy), templateId: null };
  if (resolved.policy.ratePerMinute.currency !== PUBLIC_RATE_CARD.currency) {
    throw ClipsErrors.policyCurrency(
      resolved.policy.ratePerMinute.currency,
      PUBLIC_RATE_CARD.currency,
    );
  }
  return resolved;
}

/** The clip columns a description patch sets (absent fields stay; null clears). */
export function descriptionChanges(patch: UpdateClipType): Partial<ClipEntity> {
  const changes: Partial<ClipEntity> = {};
  if (patch.title !== undefined) changes.title = patch.title;
  if (patch.description !== undefined) changes.description = patch.description;
  if (patch.tags !== undefined) changes.tags = patch.tags;
  if (patch.category !== undefined) changes.category = patch.category;
  if (patch.captions !== undefined) changes.captions = patch.captions;
  if (patch.cameraMotion !== undefined) changes.cameraMotion = patch.cameraMotion;
  if (patch.setting !== undefined) changes.setting = patch.setting;
  if (patch.timeOfDay !== undefined) changes.timeOfDay = patch.timeOfDay;
  if (patch.country !== undefined) changes.country = patch.country;
  return changes;
}

/**
 * Tags after adding and removing (ignoring case; a tag already there keeps its spelling, new
 * ones are appended in order). More than the maximum is refused.
 */
export function mergeTags(
  current: readonly string[],
  add: readonly string[],
  remove: readonly string[],
): string[] {
  const removed = new Set(remove.map((tag) => tag.toLowerCase()));
  const tags = current.filter((tag) => !removed.has(tag.toLowerCase()));
  const present = new Set(tags.map((tag) => tag.toLowerCase()));
  for (const tag of add) {
    if (present.has(tag.toLowerCase()) || removed.has(tag.toLowerCase())) continue;
    present.add(tag.toLowerCase());
    tags.push(tag);
  }
  if (tags.length > CLIP_TAGS_MAX) throw ClipsErrors.tooManyTags(CLIP_TAGS_MAX);
  return tags;
}
