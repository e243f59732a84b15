import { z } from 'zod';
import { singleLineText } from '../text.js';
import { Money } from '../money/money.schema.js';
import { COUNTRY_CODES } from './country.data.js';

// The vocabularies below are listed in their canonical order. Clearframe always emits lists in
// this order, so the same terms always serialise — and hash — the same way.

/** Terms without a disclosure requirement: every certificate issued before issue 11. */
export const LICENSE_SCHEMA_ID = 'clearframe.license/1';
/** Terms that oblige the licensee to publish a model disclosure (docs/decisions/019). */
export const LICENSE_SCHEMA_ID_V2 = 'clearframe.license/2';
export const LICENSE_SCHEMA_IDS = [LICENSE_SCHEMA_ID, LICENSE_SCHEMA_ID_V2] as const;
export const POLICY_SCHEMA_ID = 'clearframe.policy/1';

/** What the footage may be used for. */
export const PERMITTED_USES = [
  'ai-train',
  'ai-finetune',
  'ai-eval',
  'ai-input',
  'research',
] as const;
export const PermittedUse = z.enum(PERMITTED_USES);
export type PermittedUseType = z.infer<typeof PermittedUse>;

/** What kind of output the models built with the footage may produce. */
export const OUTPUT_MODALITIES = [
  'video',
  'image',
  'audio',
  'text',
  'multimodal-understanding',
] as const;
export const OutputModality = z.enum(OUTPUT_MODALITIES);
export type OutputModalityType = z.infer<typeof OutputModality>;

/** Uses a creator can forbid outright; a prohibition always wins over any permission. */
export const PROHIBITED_USES = [
  'likeness-synthesis',
  'biometric-identification',
  'surveillance',
  'military',
  'political-persuasion',
  'source-redistribution',
] as const;
export const ProhibitedUse = z.enum(PROHIBITED_USES);
export type ProhibitedUseType = z.infer<typeof ProhibitedUse>;

/** Who may use the license besides the licensee itself. */
export const SUBLICENSING = ['none', 'affiliates'] as const;
export const Sublicensing = z.enum(SUBLICENSING);
export type SublicensingType = z.infer<typeof Sublicensing>;

/** An assigned ISO 3166-1 alpha-2 code, upper case. */
export const CountryCode = z.enum(COUNTRY_CODES, {
  error: (issue) =>
    typeof issue.input === 'string' && /^[A-Z]{2}$/.test(issue.input)
      ? `${issue.input} is not an assigned ISO 3166-1 alpha-2 country code.`
      : 'Enter a country as a two-letter upper-case ISO 3166-1 code such as US or DE.',
});

function uniqueList<T extends z.ZodType<string>>(item: T) {
  return z
    .array(item)
    .refine((values) => new Set(values).size === values.length, {
      message: 'List each value once.',
    })
    .meta({ uniqueItems: true });
}

/** Where the license applies: everywhere, only in the listed countries, or everywhere but them. */
export const Territory = z.discriminatedUnion('scope', [
  z.strictObject({ scope: z.literal('worldwide') }),
  z.strictObject({
    scope: z.literal('include'),
    countries: uniqueList(CountryCode).min(1, { message: 'List at least one country.' }),
  }),
  z.strictObject({
    scope: z.literal('exclude'),
    countries: uniqueList(CountryCode).min(1, { message: 'List at least one country.' }),
  }),
]);
export type TerritoryType = z.infer<typeof Territory>;

/**
 * Exclusivity: none, or exclusive until a calendar date (UTC), or until the end of a fixed
 * term. `term-end` lets a template stay complete without a hard-coded date.
 */
export const Exclusivity = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({
    kind: z.literal('exclusive'),
    until: z.union([z.iso.date(), z.literal('term-end')]),
  }),
]);
export type ExclusivityType = z.infer<typeof Exclusivity>;

export const MAX_TERM_MONTHS = 240;

/**
 * How long the license runs. For a fixed term, `modelsUsableAfterTerm` says whether models
 * trained during the term may still be used (not retrained) after it ends.
 */
export const Term = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('fixed'),
    months: z.number().int().min(1).max(MAX_TERM_MONTHS),
    modelsUsableAfterTerm: z.boolean(),
  }),
  z.strictObject({ kind: z.literal('perpetual') }),
]);
export type TermType = z.infer<typeof Term>;

/** Whether the licensee must credit the footage, and with which words. */
export const Attribution = z.discriminatedUnion('required', [
  z.strictObject({ required: z.literal(false) }),
  z.strictObject({
    required: z.literal(true),
    // Exact: refused rather than normalised, since a transform would make the hashed terms
    // differ from the input.
    text: singleLineText({ max: 500, exact: true, emptyMessage: 'Enter the attribution text.' }),
  }),
]);
export type AttributionType = z.infer<typeof Attribution>;

/** What happens to the delivered source files when a fixed term ends. */
export const Retention = z.discriminatedUnion('deleteSourceFilesAtTermEnd', [
  z.strictObject({ deleteSourceFilesAtTermEnd: z.literal(false) }),
  z.strictObject({
    deleteSourceFilesAtTermEnd: z.literal(true),
    withinDays: z.number().int().min(1).max(365),
  }),
]);
export type RetentionType = z.infer<typeof Retention>;

/** Whether the licensor may audit the licensee's compliance, and how. */
export const AuditRights = z.discriminatedUnion('allowed', [
  z.strictObject({ allowed: z.literal(false) }),
  z.strictObject({
    allowed: z.literal(true),
    noticeDays: z.number().int().min(1).max(180),
    maxPerYear: z.number().int().min(1).max(12),
  }),
]);
export type AuditRightsType = z.infer<typeof AuditRights>;

export const MAX_DISCLOSURE_DAYS = 365;

/**
 * A disclosure the licensee must publish: the model's public training-data disclosure, at the
 * latest `withinDaysAfterRelease` days after the model's public release (0: before it).
 */
export const RequiredDisclosure = z.strictObject({
  // Reached only inside `/2` terms (the policy's union picks this branch by `required`).
  required: z.literal(true, {
    error:
      'clearframe.license/2 terms always require a disclosure; terms without one are clearframe.license/1.',
  }),
  withinDaysAfterRelease: z
    .number({ error: 'Enter the number of days as a whole number from 0 to 365.' })
    .int({ error: 'Enter the number of days as a whole number from 0 to 365.' })
    .min(0, { error: 'Enter 0 (before release) or a number of days up to 365.' })
    .max(MAX_DISCLOSURE_DAYS, { error: 'A disclosure can be due at most 365 days after release.' }),
});
export type RequiredDisclosureType = z.infer<typeof RequiredDisclosure>;

/** Whether a creator requires licensees to disclose the models built with the footage. */
export const Disclosure = z.discriminatedUnion('required', [
  z.strictObject({ required: z.literal(false) }),
  RequiredDisclosure,
]);
export type DisclosureType = z.infer<typeof Disclosure>;

// The members both terms versions share, in schema order.
const termsMembers = {
  permittedUses: uniqueList(PermittedUse).min(1, { message: 'Permit at least one use.' }),
  outputModalities: uniqueList(OutputModality).min(1, {
    message: 'Name at least one output modality.',
  }),
  prohibitedUses: uniqueList(ProhibitedUse),
  commercial: z.boolean(),
  exclusivity: Exclusivity,
  term: Term,
  territory: Territory,
  attribution: Attribution,
  sublicensing: Sublicensing,
  retention: Retention,
  audit: AuditRights,
};

function refineTerms(
  terms: { term: TermType; exclusivity: ExclusivityType; retention: RetentionType },
  ctx: z.RefinementCtx,
): void {
  if (
    terms.term.kind === 'perpetual' &&
    terms.exclusivity.kind === 'exclusive' &&
    terms.exclusivity.until === 'term-end'
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['exclusivity', 'until'],
      message: 'A perpetual term has no end: give a date.',
    });
  }
  if (terms.term.kind === 'perpetual' && terms.retention.deleteSourceFilesAtTermEnd) {
    ctx.addIssue({
      code: 'custom',
      path: ['retention', 'deleteSourceFilesAtTermEnd'],
      message: 'A perpetual term has no end at which to delete files.',
    });
  }
}

/** `clearframe.license/1`: terms without a disclosure requirement, unchanged since issue 3. */
export const LicenseTermsV1 = z
  .strictObject({ schema: z.literal(LICENSE_SCHEMA_ID), ...termsMembers })
  .superRefine(refineTerms);
export type LicenseTermsV1Type = z.infer<typeof LicenseTermsV1>;

/**
 * `clearframe.license/2`: the `/1` members plus a required `disclosure`. Terms without a
 * requirement are always `/1`, so one meaning has one serialisation and one hash.
 */
export const LicenseTermsV2 = z
  .strictObject({
    schema: z.literal(LICENSE_SCHEMA_ID_V2),
    ...termsMembers,
    disclosure: RequiredDisclosure,
  })
  .superRefine(refineTerms);
export type LicenseTermsV2Type = z.infer<typeof LicenseTermsV2>;

/**
 * The exact terms of a license grant (`clearframe.license/1` or `/2`, by `schema`). This
 * object is what a lab accepts, what `termsHash` hashes and what a certificate points to.
 */
export const LicenseTerms = z.discriminatedUnion('schema', [LicenseTermsV1, LicenseTermsV2]);
export type LicenseTermsType = z.infer<typeof LicenseTerms>;
export type LicenseTerms = LicenseTermsType;

/** The creator's offer for exclusivity: not offered, or offered at a price multiplier. */
export const ExclusivityOffer = z.discriminatedUnion('offered', [
  z.strictObject({ offered: z.literal(false) }),
  z.strictObject({
    offered: z.literal(true),
    // null: use the rate card's exclusivity multiplier.
    multiplierBps: z.number().int().min(10_000).max(1_000_000).nullable(),
  }),
]);
export type ExclusivityOfferType = z.infer<typeof ExclusivityOffer>;

/** The longest term a creator grants: a number of months, or perpetual. */
export const MaxTerm = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('months'),
    months: z.number().int().min(1).max(MAX_TERM_MONTHS),
  }),
  z.strictObject({ kind: z.literal('perpetual') }),
]);
export type MaxTermType = z.infer<typeof MaxTerm>;

/**
 * What a creator allows for one clip (`clearframe.policy/1`). Anything not listed as allowed
 * is refused; anything listed as prohibited is refused even when a use is allowed. A missing
 * `disclosure` means none is required, as `{ required: false }` does.
 */
export const ClipPolicy = z.strictObject({
  schema: z.literal(POLICY_SCHEMA_ID),
  allowedUses: uniqueList(PermittedUse).min(1, { message: 'Allow at least one use.' }),
  allowedModalities: uniqueList(OutputModality).min(1, {
    message: 'Allow at least one output modality.',
  }),
  prohibitedUses: uniqueList(ProhibitedUse),
  commercialUseAllowed: z.boolean(),
  exclusivity: ExclusivityOffer,
  maxTerm: MaxTerm,
  modelsUsableAfterTerm: z.boolean(),
  territory: Territory,
  attribution: Attribution,
  sublicensing: Sublicensing,
  retention: Retention,
  audit: AuditRights,
  ratePerMinute: Money,
  // Optional, so every policy stored before it existed parses and hashes as it did.
  disclosure: Disclosure.optional(),
});
export type ClipPolicyType = z.infer<typeof ClipPolicy>;
export type ClipPolicy = ClipPolicyType;

/**
 * What a lab intends to do. `sensitiveUses` declares any use from the prohibitable list the
 * lab plans (say, biometric identification); a policy that prohibits one refuses the request.
 */
export const LicenseRequest = z
  .strictObject({
    uses: uniqueList(PermittedUse).min(1, { message: 'Request at least one use.' }),
    outputModalities: uniqueList(OutputModality).min(1, {
      message: 'Name at least one output modality.',
    }),
    sensitiveUses: uniqueList(ProhibitedUse),
    commercial: z.boolean(),
    exclusivity: Exclusivity,
    term: Term,
    territory: Territory,
    sublicensing: Sublicensing,
  })
  .superRefine((request, ctx) => {
    if (
      request.term.kind === 'perpetual' &&
      request.exclusivity.kind === 'exclusive' &&
      request.exclusivity.until === 'term-end'
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['exclusivity', 'until'],
        message: 'A perpetual term has no end: give a date.',
      });
    }
  });
export type LicenseRequestType = z.infer<typeof LicenseRequest>;
export type LicenseRequest = LicenseRequestType;
