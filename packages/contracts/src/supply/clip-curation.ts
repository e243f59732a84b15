import { z } from 'zod';
import { Id, multiLineText, PageQuery, Timestamp } from '../common.js';
import { FieldError } from '../problem.js';
import {
  CameraMotion,
  CLIP_TEXT_MAX,
  ClipCategory,
  ClipCountry,
  ClipState,
  ClipSummary,
  ClipTag,
  ClipTags,
  ClipTitle,
  ShotSetting,
  TimeOfDay,
} from './clip.schema.js';
import { ClipPeople } from './clip-people.js';
import { ClipPolicyVersion, PolicySummary, SetClipPolicy } from './clip-policy.js';

// The creator's side of a clip after its upload: description, people, policy, ownership,
// submission for review, delisting. States and their moves: docs/decisions/011-clip-lifecycle.md.

/**
 * What each category covers, for people choosing one (the studio shows these; the sidecar
 * of the CLI takes the ids).
 */
export const CLIP_CATEGORY_DESCRIPTIONS: Readonly<Record<z.infer<typeof ClipCategory>, string>> = {
  nature: 'Landscapes, plants, weather and the sky, without people as the subject.',
  urban: 'Streets, buildings, traffic and city life.',
  people: 'People as the subject: faces, gestures, activities (releases required).',
  animals: 'Wild, farm and pet animals.',
  aerial: 'Footage from drones, aircraft or high vantage points.',
  underwater: 'Footage shot below the water surface.',
  sports: 'Sports, games and physical exercise.',
  vehicles: 'Cars, trains, ships, aircraft and other vehicles in motion or at rest.',
  industry: 'Factories, machines, construction and work processes.',
  food: 'Cooking, dishes and ingredients.',
  abstract: 'Generated, synthetic or abstract imagery: patterns, textures, simulations.',
  other: 'Anything that fits none of the categories above.',
};

/**
 * `PATCH /v1/orgs/:orgId/clips/:clipId`: the description fields to change. `null` clears an
 * optional field; the title can be changed but not cleared. At least one field.
 */
export const UpdateClip = z
  .strictObject({
    title: ClipTitle.optional(),
    description: multiLineText({ max: CLIP_TEXT_MAX }).nullable().optional(),
    tags: ClipTags.optional(),
    category: ClipCategory.nullable().optional(),
    captions: multiLineText({ max: CLIP_TEXT_MAX }).nullable().optional(),
    cameraMotion: CameraMotion.nullable().optional(),
    setting: ShotSetting.nullable().optional(),
    timeOfDay: TimeOfDay.nullable().optional(),
    country: ClipCountry.nullable().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'Change at least one field.' });
export type UpdateClipType = z.infer<typeof UpdateClip>;

/** `POST …/clips/:clipId/attest`: the signed-in person states the organization owns the footage. */
export const AttestOwnership = z.strictObject({
  ownsAllRights: z.literal(true, {
    error: 'Confirm that your organization owns all rights to this footage (true).',
  }),
});
export type AttestOwnershipType = z.infer<typeof AttestOwnership>;

export const ListClipsQuery = PageQuery.extend({ state: ClipState.optional() });
export type ListClipsQueryType = z.infer<typeof ListClipsQuery>;

/** Who attested ownership, and when. */
export const OwnershipAttestation = z.strictObject({
  userId: Id.nullable(),
  name: z.string(),
  attestedAt: Timestamp,
});

/** A row of the studio's clip table. */
export const StudioClip = ClipSummary.extend({
  thumbnailUrl: z.string().nullable(),
  category: ClipCategory.nullable(),
  tags: z.array(z.string()),
  policy: PolicySummary.nullable(),
  submittedAt: Timestamp.nullable(),
  listedAt: Timestamp.nullable(),
});
export type StudioClipType = z.infer<typeof StudioClip>;

/** An operator's decision on a submitted clip. */
export const ReviewDecision = z.enum(['approve', 'reject']);
export type ReviewDecisionType = z.infer<typeof ReviewDecision>;

/** One review of the clip, as its creator sees it (the reviewer stays anonymous). */
export const ClipReview = z.strictObject({
  id: Id,
  decision: ReviewDecision,
  reason: z.string().nullable(),
  policyVersion: z.number().int().nullable(),
  reviewedAt: Timestamp,
});
export type ClipReviewType = z.infer<typeof ClipReview>;

/**
 * Whether the clip can be submitted, and if not every reason (`errors[].code`: `not_verified`,
 * `title_missing`, `category_missing`, `policy_missing`, `attestation_missing`,
 * `people_undeclared`, `release_missing`, `release_unconfirmed`, `no_ai_training_consent`).
 */
export const ClipReadiness = z.strictObject({
  ready: z.boolean(),
  missing: z.array(FieldError),
});
export type ClipReadinessType = z.infer<typeof ClipReadiness>;

/** One clip in full, for its organization's studio page. */
export const ClipDetail = StudioClip.extend({
  description: z.string().nullable(),
  captions: z.string().nullable(),
  cameraMotion: CameraMotion.nullable(),
  setting: ShotSetting.nullable(),
  timeOfDay: TimeOfDay.nullable(),
  country: z.string().nullable(),
  container: z.string().nullable(),
  bitrate: z.number().int().nullable(),
  hasAudio: z.boolean().nullable(),
  previewUrl: z.string().nullable(),
  people: ClipPeople,
  policyVersion: ClipPolicyVersion.nullable(),
  ownership: OwnershipAttestation.nullable(),
  reviews: z.array(ClipReview),
  readiness: ClipReadiness,
});
export type ClipDetailType = z.infer<typeof ClipDetail>;

export const BULK_CLIPS_MAX = 200;

/**
 * `POST /v1/orgs/:orgId/clips/bulk`: one change applied to every selected clip, all or none.
 * Every id must be one of the organization's clips in an editable state.
 */
export const BulkUpdateClips = z
  .strictObject({
    clipIds: z
      .array(Id)
      .min(1, { message: 'Select at least one clip.' })
      .max(BULK_CLIPS_MAX, { message: `Select at most ${BULK_CLIPS_MAX} clips at once.` })
      .refine((ids) => new Set(ids.map((id) => id.toLowerCase())).size === ids.length, {
        message: 'Select each clip once.',
      }),
    policy: SetClipPolicy.optional(),
    addTags: z.array(ClipTag).min(1).max(30).optional(),
    removeTags: z.array(ClipTag).min(1).max(30).optional(),
    category: ClipCategory.optional(),
  })
  .refine(
    (bulk) =>
      bulk.policy !== undefined ||
      bulk.addTags !== undefined ||
      bulk.removeTags !== undefined ||
      bulk.category !== undefined,
    { message: 'Choose a policy, tags or a category to apply.' },
  );
export type BulkUpdateClipsType = z.infer<typeof BulkUpdateClips>;

export const BulkUpdatedClips = z.strictObject({ items: z.array(StudioClip) });
export type BulkUpdatedClipsType = z.infer<typeof BulkUpdatedClips>;
