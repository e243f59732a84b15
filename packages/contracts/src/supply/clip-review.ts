import { z } from 'zod';
import { Id, multiLineText, PageQuery, Timestamp } from '../common.js';
import { CameraMotion, ClipCategory, ClipState, ShotSetting, TimeOfDay } from './clip.schema.js';
import { ClipReview, OwnershipAttestation, StudioClip } from './clip-curation.js';
import { ClipPersonStatus, Person, ReleaseWithDocument } from './clip-people.js';
import { ClipPolicyVersion, PolicySummary } from './clip-policy.js';

// The operators' review queue: submitted clips, oldest submission first, with everything a
// decision needs on one page.

export const ReviewQueueQuery = PageQuery;
export type ReviewQueueQueryType = z.infer<typeof ReviewQueueQuery>;

/** A person on the clip under review, with a link to the release document. */
export const ReviewPerson = z.strictObject({
  person: Person,
  release: ReleaseWithDocument.nullable(),
  status: ClipPersonStatus,
});

/** Another organization's clip the submitted one matches, to compare side by side. */
export const DuplicateMatch = z.strictObject({
  kind: z.enum(['exact', 'near']),
  /** Mean Hamming distance in bits between matched frames (0 for exact copies; ≤ 12 is a near duplicate). */
  score: z.number(),
  clip: z.strictObject({
    id: Id,
    orgId: Id,
    orgName: z.string(),
    title: z.string(),
    state: ClipState,
    durationMs: z.number().int().nullable(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    thumbnailUrl: z.string().nullable(),
    previewUrl: z.string().nullable(),
  }),
  flaggedAt: Timestamp,
});
export type DuplicateMatchType = z.infer<typeof DuplicateMatch>;

/** One submitted clip as the review queue shows it. */
export const ReviewQueueItem = z.strictObject({
  clip: StudioClip.extend({
    orgName: z.string(),
    description: z.string().nullable(),
    captions: z.string().nullable(),
    cameraMotion: CameraMotion.nullable(),
    setting: ShotSetting.nullable(),
    timeOfDay: TimeOfDay.nullable(),
    country: z.string().nullable(),
    container: z.string().nullable(),
    bitrate: z.number().int().nullable(),
    hasAudio: z.boolean().nullable(),
    sha256: z.string().nullable(),
    category: ClipCategory.nullable(),
  }),
  previewUrl: z.string().nullable(),
  identifiablePeople: z.boolean().nullable(),
  people: z.array(ReviewPerson),
  ownership: OwnershipAttestation.nullable(),
  policy: z
    .strictObject({
      version: ClipPolicyVersion,
      summary: PolicySummary,
      /** The widest terms the policy grants, in plain language (`renderTerms`, markdown). */
      rendered: z.string(),
    })
    .nullable(),
  duplicates: z.array(DuplicateMatch),
  previousReviews: z.array(ClipReview),
});
export type ReviewQueueItemType = z.infer<typeof ReviewQueueItem>;

/** `POST /v1/review/clips/:clipId/approve`: an optional note kept with the review. */
export const ApproveClip = z.strictObject({
  note: multiLineText({ max: 2_000 }).optional(),
});
export type ApproveClipType = z.infer<typeof ApproveClip>;

/** `POST /v1/review/clips/:clipId/reject`: the reason the creator reads. */
export const RejectClip = z.strictObject({
  reason: multiLineText({
    max: 2_000,
    emptyMessage: 'Tell the creator why the clip is rejected.',
  }),
});
export type RejectClipType = z.infer<typeof RejectClip>;

/** The answer to a decision: the clip as it now is, and the review recorded. */
export const ReviewResult = z.strictObject({
  clipId: Id,
  state: ClipState,
  review: ClipReview,
});
export type ReviewResultType = z.infer<typeof ReviewResult>;
