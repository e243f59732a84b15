import { z } from 'zod';
import { Id, Timestamp, singleLineText, multiLineText } from '../common.js';
import { OutputModality, PermittedUse } from '../license/license.schema.js';
import type { PermittedUseType } from '../license/license.schema.js';

// A lab's models, the grants it declares per training stage, and the signed public disclosure
// built from them (DESIGN §3 "Model and Disclosure", §4 flow 4).

export const MODEL_VISIBILITIES = ['public', 'not_yet_public'] as const;
export const ModelVisibility = z.enum(MODEL_VISIBILITIES);
export type ModelVisibilityType = z.infer<typeof ModelVisibility>;

export const TRAINING_STAGES = ['pre-training', 'fine-tuning', 'evaluation'] as const;
export const TrainingStage = z.enum(TRAINING_STAGES);
export type TrainingStageType = z.infer<typeof TrainingStage>;

/** The licensed use each training stage needs the grant's terms to permit. */
export const STAGE_USES: Readonly<Record<TrainingStageType, PermittedUseType>> = {
  'pre-training': 'ai-train',
  'fine-tuning': 'ai-finetune',
  evaluation: 'ai-eval',
};

export const STAGE_LABELS: Readonly<Record<TrainingStageType, string>> = {
  'pre-training': 'Pre-training',
  'fine-tuning': 'Fine-tuning',
  evaluation: 'Evaluation',
};

export const ModelName = singleLineText({ max: 120, emptyMessage: 'Enter the model’s name.' });
export const ModelVersion = singleLineText({ max: 60, emptyMessage: 'Enter a version.' });
// PostgreSQL has no year 0, and nothing here predates film: dates start in 1900.
const EARLIEST = '1900-01-01';

/** A calendar date, `YYYY-MM-DD`, from 1900 on. */
export const CalendarDate = z.iso
  .date()
  .refine((date) => date >= EARLIEST, { message: 'Give a date from 1900 on.' });

/** An instant with its offset, from 1900 on. */
const Instant = Timestamp.refine((at) => Date.parse(at) >= Date.parse(`${EARLIEST}T00:00:00Z`), {
  message: 'Give a time from 1900 on.',
});

/** `POST /v1/orgs/:orgId/models`: register a model. One name + version per lab. */
export const RegisterModel = z.strictObject({
  name: ModelName,
  version: ModelVersion,
  releaseDate: CalendarDate.nullable().default(null),
  outputModalities: z
    .array(OutputModality)
    .min(1, { message: 'Name at least one output modality.' })
    .refine((list) => new Set(list).size === list.length, { message: 'List each modality once.' }),
  visibility: ModelVisibility.default('not_yet_public'),
});
export type RegisterModelType = z.infer<typeof RegisterModel>;

/** `PATCH /v1/orgs/:orgId/models/:modelId`: make it public, or set its release date. */
export const UpdateModel = z
  .strictObject({
    visibility: ModelVisibility.optional(),
    releaseDate: CalendarDate.nullable().optional(),
  })
  .refine((patch) => patch.visibility !== undefined || patch.releaseDate !== undefined, {
    message: 'Change the visibility or the release date.',
  });
export type UpdateModelType = z.infer<typeof UpdateModel>;

export const Model = z.strictObject({
  id: Id,
  orgId: Id,
  name: z.string(),
  version: z.string(),
  releaseDate: CalendarDate.nullable(),
  outputModalities: z.array(OutputModality),
  visibility: ModelVisibility,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type ModelType = z.infer<typeof Model>;

export const DECLARATION_GRANTS_MAX = 500;

/**
 * `POST /v1/orgs/:orgId/models/:modelId/declarations`: the grants used at one stage, as of
 * `usedAt` (when the stage ran; not in the future). Append-only: the newest entry per stage is
 * the one that counts, earlier ones stay in the history. An empty list says "none".
 */
export const DeclareStage = z.strictObject({
  stage: TrainingStage,
  grantIds: z
    .array(Id)
    .max(DECLARATION_GRANTS_MAX)
    .refine((list) => new Set(list).size === list.length, { message: 'Cite each grant once.' }),
  usedAt: Instant,
  note: multiLineText({ max: 2_000 }).optional(),
});
export type DeclareStageType = z.infer<typeof DeclareStage>;

export const Declaration = z.strictObject({
  id: Id,
  modelId: Id,
  stage: TrainingStage,
  use: PermittedUse,
  grantIds: z.array(Id),
  usedAt: Timestamp,
  note: z.string().nullable(),
  declaredAt: Timestamp,
  /** Whether this is the stage's newest entry (the one a disclosure uses). */
  current: z.boolean(),
});
export type DeclarationType = z.infer<typeof Declaration>;

/** Why a grant cannot be cited, as the `code` of each `errors[]` item of `declaration_refused`. */
export const CITATION_REFUSALS = [
  'grant_not_held',
  'grant_revoked',
  'grant_not_yet_valid',
  'grant_expired',
  'use_not_permitted',
  'modality_not_permitted',
  'used_at_in_future',
] as const;
export type CitationRefusalType = (typeof CITATION_REFUSALS)[number];

/** A grant of the lab's, as the declaration form offers it. */
export const CitableGrant = z.strictObject({
  certificateId: Id,
  orderId: Id,
  orderName: z.string(),
  termsHash: z.string(),
  permittedUses: z.array(PermittedUse),
  outputModalities: z.array(OutputModality),
  clipCount: z.number().int(),
  totalSeconds: z.number(),
  validFrom: Timestamp,
  validUntil: Timestamp.nullable(),
  status: z.enum(['active', 'revoked']),
});
export type CitableGrantType = z.infer<typeof CitableGrant>;
