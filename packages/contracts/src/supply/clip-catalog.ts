import { z } from 'zod';
import { Id, Timestamp } from '../common.js';
import { ClipPolicy, PERMITTED_USES, PermittedUse } from '../license/license.schema.js';
import { Money } from '../money/money.schema.js';
import { ResolutionTier } from '../pricing/rate-card.schema.js';
import {
  CAMERA_MOTIONS,
  CameraMotion,
  CLIP_CATEGORIES,
  ClipCategory,
  ShotSetting,
  TimeOfDay,
} from './clip.schema.js';
import { PolicySummary } from './clip-policy.js';

// The public catalog: listed clips only, previews only (never an original). Search is full text
// (websearch syntax, English stemming) plus facets, bounded as DESIGN §9 measured: page and facet
// counts come from the first CATALOG_SEARCH_BOUND matching clips, and the answer says when there
// were more (docs/decisions/015-catalog-search.md).

/** How many matching clips one search reads at most; above it, totals and counts are "2,000+". */
export const CATALOG_SEARCH_BOUND = 2_000;
/** The longest query accepted: a search box, not a document. */
export const CATALOG_QUERY_MAX = 200;

/** Resolution class by the frame's short side: under 720, 720p, 1080p, 2160 (4K) and above. */
export const CATALOG_RESOLUTIONS = ['sd', '720p', '1080p', '4k'] as const;
export const CATALOG_ORIENTATIONS = ['landscape', 'vertical'] as const;
/** Duration buckets: [0, 5 s), [5, 10 s), [10, 30 s), [30 s, 1 min), [1, 3 min), 3 min and more. */
export const CATALOG_DURATIONS = ['0-5s', '5-10s', '10-30s', '30-60s', '1-3m', '3m+'] as const;
/** Frame rates offered as facets (a clip's rate rounded: 29.97 is 30). */
export const CATALOG_FPS = [24, 25, 30, 48, 50, 60, 120] as const;
export const CATALOG_EXCLUSIVITY = ['offered', 'not-offered'] as const;
export const CATALOG_SORTS = ['relevance', 'newest'] as const;

/**
 * Every facet, its query parameter and its values. The database stores each as a small code,
 * the value's position in its list plus one (migration 1764500000000-catalog-search).
 */
export const CATALOG_FACETS = {
  category: CLIP_CATEGORIES,
  resolution: CATALOG_RESOLUTIONS,
  orientation: CATALOG_ORIENTATIONS,
  fps: CATALOG_FPS,
  duration: CATALOG_DURATIONS,
  motion: CAMERA_MOTIONS,
  use: PERMITTED_USES,
  exclusivity: CATALOG_EXCLUSIVITY,
} as const;
export type CatalogFacetName = keyof typeof CATALOG_FACETS;
export const CATALOG_FACET_NAMES = Object.keys(CATALOG_FACETS) as CatalogFacetName[];

// A GET form sends every field, empty ones as `name=`: those mean "not set".
const param = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

export const CatalogSort = z.enum(CATALOG_SORTS);
export type CatalogSortType = z.infer<typeof CatalogSort>;

export const CatalogQuery = z.strictObject({
  /** Words, "quoted phrases" and -exclusions (websearch syntax); operators are read as text. */
  q: param(
    z
      .string()
      .max(CATALOG_QUERY_MAX, { message: `Use at most ${CATALOG_QUERY_MAX} characters.` })
      // Control characters are no search words (and PostgreSQL refuses a NUL outright).
      .refine((value) => !/\p{Cc}/u.test(value.replace(/[\t\n]/g, ' ')), {
        message: 'Remove control characters from the search.',
      })
      .transform((value) => value.trim()),
  ),
  category: param(ClipCategory),
  resolution: param(z.enum(CATALOG_RESOLUTIONS)),
  orientation: param(z.enum(CATALOG_ORIENTATIONS)),
  fps: param(
    z.coerce
      .number()
      .int()
      .refine((fps) => (CATALOG_FPS as readonly number[]).includes(fps), {
        message: `Use one of ${CATALOG_FPS.join(', ')}.`,
      }),
  ),
  duration: param(z.enum(CATALOG_DURATIONS)),
  motion: param(CameraMotion),
  use: param(PermittedUse),
  exclusivity: param(z.enum(CATALOG_EXCLUSIVITY)),
  /** Relevance needs words; without `q` clips come newest first whatever is asked. */
  sort: param(CatalogSort),
  cursor: param(z.string().max(1024)),
  limit: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.coerce.number().int().min(1).max(100).default(24),
  ),
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

/** One facet value and how many of the matching clips have it. */
export const FacetCount = z.strictObject({ value: z.string(), count: z.number().int().min(0) });

/** Counts per facet over the matching clips (the first CATALOG_SEARCH_BOUND of them). */
export const CatalogFacets = z.strictObject(
  Object.fromEntries(CATALOG_FACET_NAMES.map((name) => [name, z.array(FacetCount)])) as Record<
    CatalogFacetName,
    z.ZodArray<typeof FacetCount>
  >,
);
export type CatalogFacetsType = z.infer<typeof CatalogFacets>;

export const CatalogPage = z.strictObject({
  items: z.array(CatalogClip),
  nextCursor: z.string().nullable(),
  /** The order the items are in: `newest` whenever there is no `q`. */
  sort: CatalogSort,
  /**
   * First pages only (null on pages reached by cursor): how many clips match, counted up to the
   * bound; `approximate` when more match, so the count reads "2,000+" and the facet counts are
   * those of the first CATALOG_SEARCH_BOUND matches.
   */
  total: z.strictObject({ count: z.number().int().min(0), approximate: z.boolean() }).nullable(),
  facets: CatalogFacets.nullable(),
  /** Closest catalog words for query words the catalog does not have ("did you mean"). */
  suggestion: z
    .strictObject({
      q: z.string(),
      words: z.array(z.strictObject({ from: z.string(), to: z.string() })).min(1),
    })
    .nullable(),
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
