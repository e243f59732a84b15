import { z } from 'zod';
import { Id, singleLineText, Timestamp } from '../common.js';
import { COMPATIBILITY_CODES } from '../license/compatibility.check.js';
import {
  LicenseRequest,
  type LicenseRequestType,
  OUTPUT_MODALITIES,
} from '../license/license.schema.js';
import { PUBLIC_RATE_CARD } from '../pricing/public-rate-card.js';
import { Quote } from '../pricing/quote.calculator.js';
import { RateCard, ResolutionTier } from '../pricing/rate-card.schema.js';
import { CatalogQuery } from '../supply/clip-catalog.js';
import { BundleTermsGroup } from './order.schema.js';

// A lab's working set of clips and the use it intends (DESIGN §3 "Bundle"). Orders freeze a
// bundle later; until then every quote is computed live from the current rate card.

export const BUNDLE_NAME_MAX = 120;
/** Clips one `POST …/clips` may name; a larger selection is sent in several adds. */
export const BUNDLE_ADD_MAX = 500;
/** Clips one bundle may hold: a quote over them stays one request's work. */
export const BUNDLE_CLIPS_MAX = 5_000;

export const BundleName = singleLineText({
  max: BUNDLE_NAME_MAX,
  emptyMessage: 'Name the bundle.',
});

/**
 * The intended use a new bundle starts with until the lab states its own: commercial training
 * and fine-tuning, every output modality, non-exclusive, 24 months, worldwide, no sublicensing
 * (what the standard training template grants).
 */
export const DEFAULT_INTENDED_USE: LicenseRequestType = LicenseRequest.parse({
  uses: ['ai-train', 'ai-finetune'],
  outputModalities: [...OUTPUT_MODALITIES],
  sensitiveUses: [],
  commercial: true,
  exclusivity: { kind: 'none' },
  term: { kind: 'fixed', months: 24, modelsUsableAfterTerm: true },
  territory: { scope: 'worldwide' },
  sublicensing: 'none',
});

/** `POST /v1/orgs/:orgId/bundles`: a name, and optionally the intended use (else the default). */
export const CreateBundle = z.strictObject({
  name: BundleName,
  intendedUse: LicenseRequest.optional(),
});
export type CreateBundleType = z.infer<typeof CreateBundle>;

/** `PATCH /v1/orgs/:orgId/bundles/:bundleId`: rename, restate the intended use, or both. */
export const UpdateBundle = z
  .strictObject({
    name: BundleName.optional(),
    intendedUse: LicenseRequest.optional(),
  })
  .refine((patch) => patch.name !== undefined || patch.intendedUse !== undefined, {
    message: 'Change the name or the intended use.',
  });
export type UpdateBundleType = z.infer<typeof UpdateBundle>;

/**
 * `POST /v1/orgs/:orgId/bundles/:bundleId/clips`: clip ids to add, at most `BUNDLE_ADD_MAX`.
 * Ids named twice, or already in the bundle, are added once.
 */
export const AddBundleClips = z.strictObject({
  clipIds: z
    .array(Id)
    .min(1, { message: 'Name at least one clip.' })
    .max(BUNDLE_ADD_MAX, {
      message: `Add at most ${BUNDLE_ADD_MAX} clips at once; send the rest in another add.`,
    }),
});
export type AddBundleClipsType = z.infer<typeof AddBundleClips>;

/** What an add did: how many clips went in, were there already, or are not listed (by id). */
export const BundleClipsAdded = z.strictObject({
  added: z.number().int().min(0),
  alreadyInBundle: z.number().int().min(0),
  /** Ids that are no listed clip (never listed, delisted, or no clip at all). */
  notListed: z.array(Id),
  /** The most clips one add may name. */
  cap: z.number().int().min(1),
  clipCount: z.number().int().min(0),
});
export type BundleClipsAddedType = z.infer<typeof BundleClipsAdded>;

/**
 * `POST /v1/orgs/:orgId/bundles/:bundleId/clips/from-search`: a catalog search (`GET /v1/catalog`'s
 * words, facets and sort; no cursor or limit), whose matching clips are added, at most
 * `BUNDLE_ADD_MAX` of them, in the search's order.
 */
export const AddSearchResults = CatalogQuery.omit({ cursor: true, limit: true });
export type AddSearchResultsType = z.infer<typeof AddSearchResults>;

/**
 * What adding a search's results did: the add's counts, how many clips the search matched
 * (counted up to the catalog's search bound; `approximate` when more matched), and whether the
 * cap left matching clips out (`truncated`: only the first `cap`, in the search's order, went in).
 */
export const BundleSearchResultsAdded = BundleClipsAdded.extend({
  matched: z.strictObject({ count: z.number().int().min(0), approximate: z.boolean() }),
  truncated: z.boolean(),
});
export type BundleSearchResultsAddedType = z.infer<typeof BundleSearchResultsAdded>;

/** A bundle as listed. */
export const Bundle = z.strictObject({
  id: Id,
  orgId: Id,
  name: z.string(),
  intendedUse: LicenseRequest,
  clipCount: z.number().int().min(0),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type BundleType = z.infer<typeof Bundle>;

/** One clip of a bundle; `listed` false once it was delisted after being added. */
export const BundleClip = z.strictObject({
  clipId: Id,
  title: z.string(),
  creator: z.strictObject({ orgId: Id, name: z.string() }),
  durationMs: z.number().int().nullable(),
  resolution: ResolutionTier.nullable(),
  listed: z.boolean(),
  addedAt: Timestamp,
});
export type BundleClipType = z.infer<typeof BundleClip>;

/** A bundle with its clips, in the order they were added. */
export const BundleDetail = Bundle.extend({ clips: z.array(BundleClip) });
export type BundleDetailType = z.infer<typeof BundleDetail>;

/** Why a bundle's clip is left out of its quote: the policy's reasons, or that it is not offered now. */
export const BUNDLE_EXCLUSION_CODES = [
  ...COMPATIBILITY_CODES,
  'not_listed',
  'currency_not_on_rate_card',
  'exclusively_licensed',
] as const;
export const BundleExclusionReason = z.strictObject({
  code: z.enum(BUNDLE_EXCLUSION_CODES),
  message: z.string(),
});
export type BundleExclusionReasonType = z.infer<typeof BundleExclusionReason>;

/** A clip of the bundle that the quote does not price, with every reason in plain language. */
export const BundleExcludedClip = z.strictObject({
  clipId: Id,
  title: z.string(),
  reasons: z.array(BundleExclusionReason).min(1),
});
export type BundleExcludedClipType = z.infer<typeof BundleExcludedClip>;

/**
 * `GET /v1/orgs/:orgId/bundles/:bundleId/quote`: the live quote of the bundle's listed clips
 * under its intended use and the current rate card (`quote.rateCardId` names it). `excluded`
 * lists every clip the quote leaves out — refused by its policy, delisted since it was added,
 * or priced in another currency — with the reasons; `quote.excluded` is the policy part of it.
 */
export const BundleQuote = z.strictObject({
  bundleId: Id,
  intendedUse: LicenseRequest,
  quote: Quote,
  excluded: z.array(BundleExcludedClip),
  /** The distinct terms the priced clips resolve to; an order accepts them by hash. */
  terms: z.array(BundleTermsGroup),
  quotedAt: Timestamp,
  /** Until when an order may be placed from this quote. */
  expiresAt: Timestamp,
  /** Names this quote to `POST …/orders`; signed by the server, opaque to clients. */
  quoteToken: z.string(),
});
export type BundleQuoteType = z.infer<typeof BundleQuote>;

/**
 * The rate card quotes use now: the latest an operator published, or the built-in
 * `PUBLIC_RATE_CARD` before any was (then `publishedAt` is null). `rateCard.id` is its version.
 */
export const CurrentRateCard = z.strictObject({
  rateCard: RateCard,
  publishedAt: Timestamp.nullable(),
});
export type CurrentRateCardType = z.infer<typeof CurrentRateCard>;

/**
 * `POST /v1/rate-cards` (operators): a new version of the public rate card. Its `id` names the
 * version and must not have been used before (the built-in card's id included). The example is
 * the built-in card under a new id with a 15 % platform fee.
 */
export const PublishRateCard = RateCard.meta({
  examples: [
    { ...structuredClone(PUBLIC_RATE_CARD), id: 'public-usd-2027-01', platformFeeBps: 1_500 },
  ],
});
export type PublishRateCardType = z.infer<typeof PublishRateCard>;
