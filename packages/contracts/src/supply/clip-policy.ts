import { z } from 'zod';
import { sha256Hex } from '../certificates/sha256.hash.js';
import { Id, Timestamp } from '../common.js';
import { canonicalize } from '../license/canonical-json.codec.js';
import { LicenseError, parseOrThrow } from '../license/license.errors.js';
import {
  ClipPolicy,
  Disclosure,
  LicenseTerms,
  MaxTerm,
  PermittedUse,
  type ClipPolicyType,
  type DisclosureType,
  type LicenseRequestType,
  type LicenseTermsType,
} from '../license/license.schema.js';
import {
  LICENSE_TEMPLATE_IDS,
  LICENSE_TEMPLATES,
  type LicenseTemplateId,
} from '../license/license.templates.js';
import { termsFor } from '../license/terms.builder.js';
import { USE_LABELS, joinList } from '../license/license.vocabulary.js';
import { formatMoney } from '../money/money.format.js';
import { Money, type MoneyType } from '../money/money.schema.js';
import { quote } from '../pricing/quote.calculator.js';
import type { RateCardType, ResolutionTierType } from '../pricing/rate-card.schema.js';

// A clip's policy (`ClipPolicy`, `clearframe.policy/1`) is what the creator offers; a lab's
// grant is the `LicenseTerms` cut from it for one request. Creators start from one of the
// license templates and a rate per minute; every change is a new, immutable policy version.

export const LicenseTemplateIdSchema = z.enum(LICENSE_TEMPLATE_IDS);

/**
 * The policy a creator starts from with a license template: the template's uses, modalities,
 * prohibitions, commercial use, territory, attribution, sublicensing, retention and audit
 * rights; its term as the longest term offered; exclusivity offered (at the rate card's
 * multiplier) when the template is exclusive; and `disclosure` when it is required (templates
 * require none). Throws `LicenseError('invalid_option')` for an unknown template and
 * `invalid_policy` for an invalid rate or disclosure.
 */
export function policyFromTemplate(
  templateId: LicenseTemplateId,
  ratePerMinute: MoneyType,
  disclosure?: DisclosureType,
): ClipPolicyType {
  if (!(LICENSE_TEMPLATE_IDS as readonly string[]).includes(templateId)) {
    throw new LicenseError(
      'invalid_option',
      `Unknown license template ${String(templateId)}: use one of ${LICENSE_TEMPLATE_IDS.join(', ')}.`,
      [{ path: 'templateId', message: 'Choose a license template.', code: 'invalid_value' }],
    );
  }
  const terms = LICENSE_TEMPLATES[templateId].terms;
  const policy: ClipPolicyType = {
    schema: 'clearframe.policy/1',
    allowedUses: [...terms.permittedUses],
    allowedModalities: [...terms.outputModalities],
    prohibitedUses: [...terms.prohibitedUses],
    commercialUseAllowed: terms.commercial,
    exclusivity:
      terms.exclusivity.kind === 'none'
        ? { offered: false }
        : { offered: true, multiplierBps: null },
    maxTerm:
      terms.term.kind === 'perpetual'
        ? { kind: 'perpetual' }
        : { kind: 'months', months: terms.term.months },
    modelsUsableAfterTerm: terms.term.kind === 'perpetual' || terms.term.modelsUsableAfterTerm,
    territory: structuredClone(terms.territory),
    attribution: { ...terms.attribution },
    sublicensing: terms.sublicensing,
    retention: { ...terms.retention },
    audit: { ...terms.audit },
    ratePerMinute: { ...ratePerMinute },
    ...(disclosure === undefined ? {} : { disclosure: { ...disclosure } }),
  };
  return canonicalPolicy(parseOrThrow(ClipPolicy, policy, 'invalid_policy', 'clip policy'));
}

/**
 * `policy` with `disclosure: { required: false }` left out: absent means the same, and a
 * policy stored without it must keep its hash, so equal policies store and hash equally.
 * Store what this returns.
 */
export function canonicalPolicy(policy: ClipPolicyType): ClipPolicyType {
  if (policy.disclosure === undefined || policy.disclosure.required) return policy;
  const { disclosure: _none, ...rest } = policy;
  return rest;
}

/**
 * The broadest request a policy allows: every allowed use and modality, commercial when
 * allowed, non-exclusive, the longest term, the policy's own territory and sublicensing.
 */
export function widestRequest(policy: ClipPolicyType): LicenseRequestType {
  return {
    uses: [...policy.allowedUses],
    outputModalities: [...policy.allowedModalities],
    sensitiveUses: [],
    commercial: policy.commercialUseAllowed,
    exclusivity: { kind: 'none' },
    term:
      policy.maxTerm.kind === 'perpetual'
        ? { kind: 'perpetual' }
        : {
            kind: 'fixed',
            months: policy.maxTerm.months,
            modelsUsableAfterTerm: policy.modelsUsableAfterTerm,
          },
    territory: structuredClone(policy.territory),
    sublicensing: policy.sublicensing,
  };
}

/**
 * The widest license terms a lab can be granted under `policy` (non-exclusive): what
 * `renderTerms` shows operators and labs as the policy in plain language. Throws
 * `LicenseError('invalid_policy')` on an invalid policy.
 */
export function policyTerms(policy: ClipPolicyType): LicenseTermsType {
  const valid = parseOrThrow(ClipPolicy, policy, 'invalid_policy', 'clip policy');
  return termsFor(valid, widestRequest(valid));
}

/**
 * `"sha256:<hex>"` of the RFC 8785 canonical form of a policy: equal policies hash equally,
 * so setting the same policy again makes no new version.
 */
export function policyHash(policy: ClipPolicyType): string {
  const valid = parseOrThrow(ClipPolicy, policy, 'invalid_policy', 'clip policy');
  return `sha256:${sha256Hex(canonicalize(valid))}`;
}

/** The term a list price is quoted for: 12 months, or the policy's longest term if shorter. */
export const LIST_PRICE_TERM_MONTHS = 12;

/**
 * The request a catalog list price is quoted for: the policy's widest request with a
 * `LIST_PRICE_TERM_MONTHS` term (or the policy's longest, if shorter), non-exclusive.
 */
export function listPriceRequest(policy: ClipPolicyType): LicenseRequestType {
  const months =
    policy.maxTerm.kind === 'months'
      ? Math.min(policy.maxTerm.months, LIST_PRICE_TERM_MONTHS)
      : LIST_PRICE_TERM_MONTHS;
  return {
    ...widestRequest(policy),
    term: { kind: 'fixed', months, modelsUsableAfterTerm: policy.modelsUsableAfterTerm },
  };
}

/**
 * What one minute of a clip costs a lab under the rate card, for `listPriceRequest(policy)`
 * at the clip's resolution: the clip's rate times the card's multipliers, before volume
 * discounts (one minute is in the first tier), rounded up once like every quote line. Throws
 * `PricingError` when the policy's currency is not the rate card's.
 */
export function listPricePerMinute(
  policy: ClipPolicyType,
  resolution: ResolutionTierType,
  rateCard: RateCardType,
): MoneyType {
  const priced = quote({
    lines: [{ clipId: 'list-price', durationMs: 60_000, resolution, policy }],
    request: listPriceRequest(policy),
    rateCard,
  });
  return priced.total;
}

/** A policy in a line, for tables: its main facts and one readable sentence. */
export const PolicySummary = z.strictObject({
  version: z.number().int().min(1),
  allowedUses: z.array(PermittedUse),
  commercialUseAllowed: z.boolean(),
  exclusivityOffered: z.boolean(),
  maxTerm: MaxTerm,
  territory: z.enum(['worldwide', 'include', 'exclude']),
  ratePerMinute: Money,
  /** e.g. "Training AI models, fine-tuning … · commercial · up to 24 months · worldwide · $5.00/min". */
  text: z.string(),
});
export type PolicySummaryType = z.infer<typeof PolicySummary>;

/** The summary of policy version `version`. */
export function summarizePolicy(policy: ClipPolicyType, version: number): PolicySummaryType {
  const uses = policy.allowedUses.map((use) => USE_LABELS[use]);
  const parts = [
    joinList(uses).replace(/^./, (first) => first.toUpperCase()),
    policy.commercialUseAllowed ? 'commercial' : 'non-commercial only',
    policy.maxTerm.kind === 'perpetual' ? 'perpetual' : `up to ${policy.maxTerm.months} months`,
    policy.territory.scope === 'worldwide'
      ? 'worldwide'
      : policy.territory.scope === 'include'
        ? `only ${policy.territory.countries.join(', ')}`
        : `worldwide except ${policy.territory.countries.join(', ')}`,
    ...(policy.exclusivity.offered ? ['exclusivity available'] : []),
    ...(policy.disclosure?.required
      ? [
          policy.disclosure.withinDaysAfterRelease === 0
            ? 'model disclosure before release'
            : `model disclosure within ${policy.disclosure.withinDaysAfterRelease} ${policy.disclosure.withinDaysAfterRelease === 1 ? 'day' : 'days'} of release`,
        ]
      : []),
    `${formatMoney(policy.ratePerMinute)}/min`,
  ];
  return {
    version,
    allowedUses: [...policy.allowedUses],
    commercialUseAllowed: policy.commercialUseAllowed,
    exclusivityOffered: policy.exclusivity.offered,
    maxTerm: policy.maxTerm,
    territory: policy.territory.scope,
    ratePerMinute: policy.ratePerMinute,
    text: parts.join(' · '),
  };
}

/**
 * `PUT …/clips/:clipId/policy` and the bulk `policy` action: a whole policy, or a template, a
 * rate and optionally a disclosure requirement (the API builds the policy with
 * `policyFromTemplate`).
 */
export const SetClipPolicy = z.union([
  z.strictObject({ policy: ClipPolicy }),
  z.strictObject({
    templateId: LicenseTemplateIdSchema,
    ratePerMinute: Money,
    disclosure: Disclosure.optional(),
  }),
]);
export type SetClipPolicyType = z.infer<typeof SetClipPolicy>;

/** One immutable version of a clip's policy; orders keep the version they bought under. */
export const ClipPolicyVersion = z.strictObject({
  id: Id,
  clipId: Id,
  version: z.number().int().min(1),
  policy: ClipPolicy,
  policyHash: z.string(),
  /** The template the version was made from, when it was made from one unchanged. */
  templateId: LicenseTemplateIdSchema.nullable(),
  createdAt: Timestamp,
});
export type ClipPolicyVersionType = z.infer<typeof ClipPolicyVersion>;

/** A license template as the studio offers it: its terms, and in plain language. */
export const PolicyTemplate = z.strictObject({
  id: LicenseTemplateIdSchema,
  title: z.string(),
  description: z.string(),
  terms: LicenseTerms,
  /** `renderTerms(terms, { format: 'markdown' })`. */
  rendered: z.string(),
});
export type PolicyTemplateType = z.infer<typeof PolicyTemplate>;

export const PolicyTemplateList = z.strictObject({
  items: z.array(PolicyTemplate),
  /** The currency every clip's rate must be in (the public rate card's). */
  currency: z.string(),
});
export type PolicyTemplateListType = z.infer<typeof PolicyTemplateList>;
