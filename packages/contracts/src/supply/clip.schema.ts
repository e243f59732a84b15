import { z } from 'zod';
import { Id, multiLineText, singleLineText, Timestamp } from '../common.js';
import { COUNTRY_CODES } from '../license/country.data.js';

// ---------------------------------------------------------------------------
// Clip lifecycle (docs/decisions/011-clip-lifecycle.md)
// ---------------------------------------------------------------------------

/**
 * Where a clip is in its life: born `uploading` with its upload, `processing` while the
 * verification job runs, `draft` once the media is verified, then `in_review` → `listed`;
 * `failed` (verification refused the file), `rejected` (an operator refused it), `delisted`.
 */
export const CLIP_STATES = [
  'uploading',
  'processing',
  'draft',
  'in_review',
  'listed',
  'failed',
  'rejected',
  'delisted',
] as const;
export const ClipState = z.enum(CLIP_STATES);
export type ClipStateType = z.infer<typeof ClipState>;

/** The step of the verification job a `processing` clip is in, in the order they run. */
export const PROCESSING_STEPS = [
  'hashing',
  'probing',
  'thumbnail',
  'preview',
  'fingerprint',
] as const;
export const ProcessingStep = z.enum(PROCESSING_STEPS);
export type ProcessingStepType = z.infer<typeof ProcessingStep>;

/**
 * Why a clip is `failed`: the media checks (`empty_file` … `too_long`), the declared size or
 * SHA-256 not matching the stored bytes, an upload that was cancelled or abandoned, or processing
 * that kept failing on our side (`processing_failed`).
 */
export const CLIP_FAILURE_CODES = [
  'empty_file',
  'not_video',
  'truncated',
  'audio_only',
  'still_image',
  'unsupported_container',
  'unsupported_codec',
  'too_long',
  'size_mismatch',
  'checksum_mismatch',
  'upload_cancelled',
  'upload_abandoned',
  'processing_failed',
] as const;
export const ClipFailureCode = z.enum(CLIP_FAILURE_CODES);
export type ClipFailureCodeType = z.infer<typeof ClipFailureCode>;

// ---------------------------------------------------------------------------
// Description vocabulary (shared by the upload's optional `clip` and the clip's own edits)
// ---------------------------------------------------------------------------

export const CLIP_CATEGORIES = [
  'nature',
  'urban',
  'people',
  'animals',
  'aerial',
  'underwater',
  'sports',
  'vehicles',
  'industry',
  'food',
  'abstract',
  'other',
] as const;
export const ClipCategory = z.enum(CLIP_CATEGORIES);
export type ClipCategoryType = z.infer<typeof ClipCategory>;

export const CAMERA_MOTIONS = [
  'static',
  'pan',
  'tilt',
  'zoom',
  'dolly',
  'tracking',
  'handheld',
  'drone',
] as const;
export const CameraMotion = z.enum(CAMERA_MOTIONS);
export type CameraMotionType = z.infer<typeof CameraMotion>;

export const SHOT_SETTINGS = ['indoor', 'outdoor', 'studio', 'mixed'] as const;
export const ShotSetting = z.enum(SHOT_SETTINGS);
export type ShotSettingType = z.infer<typeof ShotSetting>;

export const TIMES_OF_DAY = ['dawn', 'day', 'golden_hour', 'dusk', 'night'] as const;
export const TimeOfDay = z.enum(TIMES_OF_DAY);
export type TimeOfDayType = z.infer<typeof TimeOfDay>;

export const CLIP_TITLE_MAX = 200;
export const CLIP_TEXT_MAX = 5_000;
export const CLIP_TAG_MAX = 40;
export const CLIP_TAGS_MAX = 30;

export const ClipTitle = singleLineText({ max: CLIP_TITLE_MAX, emptyMessage: 'Enter a title.' });
export const ClipTag = singleLineText({ max: CLIP_TAG_MAX, emptyMessage: 'Remove the empty tag.' });
/** Tags, each a line of text; duplicates (ignoring case) are refused rather than merged. */
export const ClipTags = z
  .array(ClipTag)
  .max(CLIP_TAGS_MAX, { message: `Use at most ${CLIP_TAGS_MAX} tags.` })
  .refine((tags) => new Set(tags.map((tag) => tag.toLowerCase())).size === tags.length, {
    message: 'Each tag only once.',
  });
export const ClipCountry = z.enum(COUNTRY_CODES);

/**
 * The clip's descriptive fields, all optional: what `POST …/uploads` accepts as `clip`, and the
 * base of the clip's own description edits. Text is normalised like every human text field.
 */
export const ClipDetails = z.strictObject({
  title: ClipTitle.optional(),
  description: multiLineText({ max: CLIP_TEXT_MAX }).optional(),
  tags: ClipTags.optional(),
  category: ClipCategory.optional(),
  /** Text describing the shot, for training. */
  captions: multiLineText({ max: CLIP_TEXT_MAX }).optional(),
  cameraMotion: CameraMotion.optional(),
  setting: ShotSetting.optional(),
  timeOfDay: TimeOfDay.optional(),
  /** ISO 3166-1 alpha-2 code of where it was filmed. */
  country: ClipCountry.optional(),
});
export type ClipDetailsType = z.infer<typeof ClipDetails>;

/**
 * A clip as its organization sees it in lists and upload answers: state, progress, the
 * technical metadata once verified (null before), and why it failed, if it did.
 */
export const ClipSummary = z.strictObject({
  id: Id,
  orgId: Id,
  state: ClipState,
  fileName: z.string(),
  title: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  durationMs: z.number().int().nonnegative().nullable(),
  width: z.number().int().positive().nullable(),
  height: z.number().int().positive().nullable(),
  fps: z.number().positive().nullable(),
  codec: z.string().nullable(),
  processingStep: ProcessingStep.nullable(),
  rejection: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type ClipSummaryType = z.infer<typeof ClipSummary>;
