import { z } from 'zod';
import { Id, Timestamp } from '../common.js';

/**
 * Where a required disclosure stands (decision 022). A released model owes one obligation per
 * grant its current declarations cite whose terms (`clearframe.license/2`) require disclosure:
 * - `pending`: the deadline has not passed and no disclosure citing the grant was published;
 * - `met`: one was published by the deadline;
 * - `overdue`: the deadline passed and none has been published;
 * - `late`: the first one was published after the deadline.
 */
export const OBLIGATION_STATES = ['pending', 'met', 'overdue', 'late'] as const;
export const ObligationState = z.enum(OBLIGATION_STATES);
export type ObligationStateType = z.infer<typeof ObligationState>;

/** One grant's disclosure obligation, as the lab sees it. */
export const DisclosureObligation = z.strictObject({
  certificateId: Id,
  /** The release date (00:00 UTC) plus the terms' days; published at or before it is in time. */
  deadline: Timestamp,
  state: ObligationState,
  /** The first disclosure of the model citing the grant, if any. */
  disclosedAt: Timestamp.nullable(),
  /** Whole days, rounded up, between the deadline and a late disclosure; else null. */
  daysLate: z.number().int().min(1).nullable(),
});
export type DisclosureObligationType = z.infer<typeof DisclosureObligation>;

/** What a model's page says about its required disclosures: no certificate ids, only counts. */
export const DisclosureStanding = z.strictObject({
  /** Set while at least one required disclosure is overdue: since the earliest missed deadline. */
  overdue: z.strictObject({ since: Timestamp, certificates: z.number().int().min(1) }).nullable(),
  /** Required disclosures that were published after their deadline, most days late first. */
  late: z.array(
    z.strictObject({
      deadline: Timestamp,
      publishedAt: Timestamp,
      daysLate: z.number().int().min(1),
    }),
  ),
});
export type DisclosureStandingType = z.infer<typeof DisclosureStanding>;

/** `GET /v1/orgs/:orgId/models/:modelId/disclosure-obligations`: the lab's own view. */
export const ModelDisclosureObligations = DisclosureStanding.extend({
  modelId: Id,
  /** Whether the model counts as released: public, with a release date that has been reached. */
  released: z.boolean(),
  obligations: z.array(DisclosureObligation),
});
export type ModelDisclosureObligationsType = z.infer<typeof ModelDisclosureObligations>;

/** `GET /v1/operator/overdue-disclosures`: every recorded overdue disclosure, newest first. */
export const OverdueDisclosureRecord = z.strictObject({
  lab: z.strictObject({ orgId: Id, name: z.string() }),
  model: z.strictObject({ id: Id, name: z.string(), version: z.string() }),
  certificateId: Id,
  deadline: Timestamp,
  /** When detection found it overdue and queued the notices. */
  recordedAt: Timestamp,
  /** How many mails were queued (creator owners and operators). */
  notified: z.number().int().min(0),
  /** The first disclosure of the model citing the grant, if one came since; null: still missing. */
  disclosedAt: Timestamp.nullable(),
});
export type OverdueDisclosureRecordType = z.infer<typeof OverdueDisclosureRecord>;
