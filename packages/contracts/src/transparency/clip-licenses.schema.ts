import { z } from 'zod';
import { Id, Timestamp } from '../common.js';
import { TermsHashText } from '../demand/order.schema.js';
import { OutputModality, PermittedUse, Term } from '../license/license.schema.js';
import { Money } from '../money/money.schema.js';
import { TrainingStage } from './model.schema.js';

/** A model declaration that cites a grant covering the clip. */
export const ClipModelUse = z.strictObject({
  modelId: Id,
  modelName: z.string(),
  modelVersion: z.string(),
  stage: TrainingStage,
  declaredAt: Timestamp,
  /** False once a newer entry for that model and stage replaced this one. */
  current: z.boolean(),
  certificateId: Id,
  /** The model's newest public disclosure citing this grant, if the model is public. */
  disclosureId: Id.nullable(),
  disclosureUrl: z.string().nullable(),
});
export type ClipModelUseType = z.infer<typeof ClipModelUse>;

/** One grant covering the clip: who licensed it, for what, when, and the creator's share. */
export const ClipLicense = z.strictObject({
  certificateId: Id,
  lab: z.strictObject({ orgId: Id, name: z.string() }),
  uses: z.array(PermittedUse),
  outputModalities: z.array(OutputModality),
  term: Term,
  termsHash: TermsHashText,
  licensedAt: Timestamp,
  validFrom: Timestamp,
  validUntil: Timestamp.nullable(),
  status: z.enum(['active', 'revoked']),
  creatorShare: Money,
  certificateUrl: z.string(),
  models: z.array(ClipModelUse),
});
export type ClipLicenseType = z.infer<typeof ClipLicense>;

/** `GET /v1/orgs/:orgId/clips/:clipId/licenses` (the creator's members). */
export const ClipLicenses = z.strictObject({
  clipId: Id,
  licenses: z.array(ClipLicense),
});
export type ClipLicensesType = z.infer<typeof ClipLicenses>;
