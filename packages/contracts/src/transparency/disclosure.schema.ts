import { z } from 'zod';
import { Id, Timestamp } from '../common.js';
import { Sha256Hex, TermsHashText } from '../demand/order.schema.js';
import { OutputModality, PermittedUse } from '../license/license.schema.js';
import { CalendarDate, ModelVisibility, TrainingStage } from './model.schema.js';
import { DisclosureStanding } from './obligation.schema.js';

/** The JWS `typ` of a signed disclosure. */
export const DISCLOSURE_TYPE = 'clearframe-disclosure+jwt';
/** The version of the disclosure content. */
export const DISCLOSURE_VERSION = 'clearframe.disclosure/1';

/** One cited certificate as a disclosure lists it: what anyone can check against the certificate. */
export const DisclosureCertificate = z.strictObject({
  certificateId: Id,
  termsHash: TermsHashText,
  clipsMerkleRoot: Sha256Hex,
  clipCount: z.number().int().min(1),
  totalSeconds: z.number().min(0),
  validFrom: Timestamp,
  validUntil: Timestamp.nullable(),
  stages: z.array(TrainingStage).min(1),
});
export type DisclosureCertificateType = z.infer<typeof DisclosureCertificate>;

/** The declaration a stage rests on (its newest entry when the disclosure was published). */
export const DisclosureStage = z.strictObject({
  stage: TrainingStage,
  use: PermittedUse,
  declarationId: Id,
  usedAt: Timestamp,
  certificateIds: z.array(Id),
});
export type DisclosureStageType = z.infer<typeof DisclosureStage>;

const Period = z.strictObject({ from: Timestamp, until: Timestamp.nullable() });

/**
 * What a disclosure says, signed as the `disclosure` claim of the JWS. Totals count each clip
 * once however many cited certificates cover it. Two periods, because the platform knows two
 * dates and not when footage was shot: `licensePeriod` spans the cited grants' validity
 * (`until` null when a grant is perpetual), `listingPeriod` the dates the clips were listed.
 */
export const DisclosureContent = z.strictObject({
  schema: z.literal(DISCLOSURE_VERSION),
  disclosureId: Id,
  issuer: z.string(),
  publishedAt: Timestamp,
  lab: z.strictObject({ orgId: Id, name: z.string() }),
  model: z.strictObject({
    id: Id,
    name: z.string(),
    version: z.string(),
    releaseDate: CalendarDate.nullable(),
    outputModalities: z.array(OutputModality),
  }),
  stages: z.array(DisclosureStage),
  certificates: z.array(DisclosureCertificate).min(1),
  totals: z.strictObject({
    clips: z.number().int().min(1),
    seconds: z.number().min(0),
    hours: z.number().min(0),
    distinctCreators: z.number().int().min(1),
  }),
  footage: z.strictObject({
    modality: z.literal('video'),
    licensePeriod: Period,
    listingPeriod: Period,
  }),
});
export type DisclosureContentType = z.infer<typeof DisclosureContent>;

/** A published disclosure: its content, the compact JWS over it, and where its exports are. */
export const Disclosure = z.strictObject({
  id: Id,
  modelId: Id,
  orgId: Id,
  publishedAt: Timestamp,
  keyId: z.string(),
  jws: z.string(),
  disclosure: DisclosureContent,
  /** Whether the public sees it: only while the model is public. */
  public: z.boolean(),
  links: z.strictObject({
    page: z.string(),
    json: z.string(),
    euAiActMarkdown: z.string(),
    euAiActJson: z.string(),
    croissant: z.string(),
    jwks: z.string(),
  }),
});
export type DisclosureType = z.infer<typeof Disclosure>;

/** A model on a lab's public page, with its disclosures, newest first, and their standing. */
export const LabPublicModel = z.strictObject({
  id: Id,
  name: z.string(),
  version: z.string(),
  releaseDate: CalendarDate.nullable(),
  outputModalities: z.array(OutputModality),
  visibility: ModelVisibility,
  disclosures: z.array(z.strictObject({ id: Id, publishedAt: Timestamp, page: z.string() })),
  /** Required disclosures that are overdue or were published late (decision 022). */
  disclosureStanding: DisclosureStanding,
});
export type LabPublicModelType = z.infer<typeof LabPublicModel>;

/** `GET /v1/labs/:orgId/models`: a lab's public models and their disclosures. */
export const LabPublicPage = z.strictObject({
  lab: z.strictObject({ orgId: Id, name: z.string() }),
  models: z.array(LabPublicModel),
});
export type LabPublicPageType = z.infer<typeof LabPublicPage>;
