import { z } from 'zod';
import { Id, Timestamp } from '../common.js';
import { OutputModality, PermittedUse } from '../license/license.schema.js';
import { Disclosure } from './disclosure.schema.js';
import { CalendarDate, TrainingStage } from './model.schema.js';

/** `PUT /v1/orgs/:orgId/public-work`: turn a creator studio's public licensed-work page on or off. */
export const SetPublicWork = z.strictObject({ enabled: z.boolean() });
export type SetPublicWorkType = z.infer<typeof SetPublicWork>;

/** A creator studio's public-page setting, as its owners see it. */
export const PublicWorkSettings = z.strictObject({
  orgId: Id,
  enabled: z.boolean(),
  /** When it was last turned on or off; null while it never was. */
  changedAt: Timestamp.nullable(),
  /** Where the page is (it answers 404 while `enabled` is false). */
  pageUrl: z.string(),
  /** The JSON behind the page. */
  apiUrl: z.string(),
});
export type PublicWorkSettingsType = z.infer<typeof PublicWorkSettings>;

/** One of the creator's clips in a certificate a model's disclosure cites, as it was licensed. */
export const CreatorWorkClip = z.strictObject({
  id: Id,
  title: z.string(),
  seconds: z.number().min(0),
});
export type CreatorWorkClipType = z.infer<typeof CreatorWorkClip>;

/** A public model whose published disclosures cite certificates holding the creator's clips. */
export const CreatorWorkModel = z.strictObject({
  lab: z.strictObject({ orgId: Id, name: z.string() }),
  model: z.strictObject({
    id: Id,
    name: z.string(),
    version: z.string(),
    releaseDate: CalendarDate.nullable(),
    outputModalities: z.array(OutputModality),
  }),
  /** The stages at which those disclosures say the creator's certificates were used. */
  stages: z.array(z.strictObject({ stage: TrainingStage, use: PermittedUse })),
  /** Those disclosures, newest first, with the links anyone can check them by. */
  disclosures: z
    .array(z.strictObject({ id: Id, publishedAt: Timestamp, links: Disclosure.shape.links }))
    .min(1),
  clips: z.array(CreatorWorkClip).min(1),
});
export type CreatorWorkModelType = z.infer<typeof CreatorWorkModel>;

/**
 * `GET /v1/creators/:orgId/licensed-work` (public, only while the studio opted in): the studio's
 * licensed work by public model. Licensing that no public disclosure shows is only counted.
 */
export const CreatorLicensedWork = z.strictObject({
  creator: z.strictObject({ orgId: Id, name: z.string() }),
  models: z.array(CreatorWorkModel),
  licensing: z.strictObject({
    /** Certificates in force that include at least one of the studio's clips, whoever holds them. */
    certificates: z.number().int().min(0),
    /** The studio's distinct clips in those certificates. */
    clips: z.number().int().min(0),
  }),
});
export type CreatorLicensedWorkType = z.infer<typeof CreatorLicensedWork>;
