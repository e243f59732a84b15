import { z } from 'zod';
import { Id, Timestamp } from '../common.js';
import { ClipPolicy } from '../license/license.schema.js';
import { Money } from '../money/money.schema.js';
import { ResolutionTier } from '../pricing/rate-card.schema.js';
import { CameraMotion, ClipCategory, ShotSetting, TimeOfDay } from './clip.schema.js';
import { PolicySummary } from './clip-policy.js';

// The public catalog: listed clips only, previews only (never an original), newest first.
// Search and facets are the catalog-search issue's.

export const CatalogQuery = z.strictObject({
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(24),
});
export type CatalogQueryType = z.infer<typeof CatalogQuery>;

/** The price a lab pays for one minute of the clip, from the public rate card. */
export const ListPrice = z.strictObject({
  perMinute: Money,
  rateCardId: z.string(),
  /** What the price is for: `listPriceRequest` (12 months or the policy's longest, non-exclusive). */
  termMonths: z.number().int(),
  commercial: z.boolean(),
});
export type ListPriceType = z.infer<typeof ListPrice>;

/** A listed clip in the public catalog. */
export const CatalogClip = z.strictObject({
  id: Id,
  title: z.string(),
  creator: z.strictObject({ orgId: Id, name: z.string() }),
  category: ClipCategory.nullable(),
  tags: z.array(z.string()),
  durationMs: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  fps: z.number(),
  resolution: ResolutionTier,
  hasAudio: z.boolean(),
  thumbnailUrl: z.string().nullable(),
  previewUrl: z.string().nullable(),
  listPrice: ListPrice.nullable(),
  listedAt: Timestamp,
});
export type CatalogClipType = z.infer<typeof CatalogClip>;

export const CatalogPage = z.strictObject({
  items: z.array(CatalogClip),
  nextCursor: z.string().nullable(),
});
export type CatalogPageType = z.infer<typeof CatalogPage>;

/** `GET /v1/catalog/clips/:clipId`: everything public about one listed clip. */
export const CatalogClipDetail = CatalogClip.extend({
  description: z.string().nullable(),
  captions: z.string().nullable(),
  cameraMotion: CameraMotion.nullable(),
  setting: ShotSetting.nullable(),
  timeOfDay: TimeOfDay.nullable(),
  country: z.string().nullable(),
  codec: z.string().nullable(),
  policy: z.strictObject({
    version: z.number().int(),
    policyHash: z.string(),
    policy: ClipPolicy,
    summary: PolicySummary,
    /** The widest terms the policy grants, in plain language (`renderTerms`, markdown). */
    rendered: z.string(),
  }),
});
export type CatalogClipDetailType = z.infer<typeof CatalogClipDetail>;
