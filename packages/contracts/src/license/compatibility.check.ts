import { z } from 'zod';
import { COUNTRY_CODES } from './country.data.js';
import { parseOrThrow } from './license.errors.js';
import {
  ClipPolicy,
  LicenseRequest,
  OUTPUT_MODALITIES,
  PERMITTED_USES,
  PROHIBITED_USES,
  type ClipPolicyType,
  type LicenseRequestType,
  type TerritoryType,
} from './license.schema.js';
import {
  MODALITY_LABELS,
  PROHIBITION_LABELS,
  USE_LABELS,
  inVocabularyOrder,
  joinList,
} from './license.vocabulary.js';

/** Stable reason codes. New codes may be added; existing ones never change meaning. */
export const COMPATIBILITY_CODES = [
  'prohibited_use',
  'use_not_allowed',
  'modality_not_allowed',
  'commercial_not_allowed',
  'exclusivity_not_offered',
  'term_too_long',
  'model_use_after_term_not_allowed',
  'territory_not_covered',
  'sublicensing_not_allowed',
] as const;
export const CompatibilityCode = z.enum(COMPATIBILITY_CODES);
export type CompatibilityCodeType = z.infer<typeof CompatibilityCode>;

/** Why a request does not fit a policy: a stable code, the request field, the values at fault and a sentence. */
export const CompatibilityReason = z.strictObject({
  code: CompatibilityCode,
  field: z.string(),
  values: z.array(z.string()),
  message: z.string(),
});
export type CompatibilityReasonType = z.infer<typeof CompatibilityReason>;

/** The answer to "does this policy allow this request?". `allowed` is true only when `reasons` is empty. */
export const CompatibilityResult = z.strictObject({
  allowed: z.boolean(),
  reasons: z.array(CompatibilityReason),
});
export type CompatibilityResultType = z.infer<typeof CompatibilityResult>;

function territoryReason(
  policy: TerritoryType,
  request: TerritoryType,
): CompatibilityReasonType | null {
  const reason = (values: string[], message: string): CompatibilityReasonType => ({
    code: 'territory_not_covered',
    field: 'territory',
    values,
    message,
  });
  // Deny by default: every branch below must positively establish coverage.
  if (policy.scope === 'worldwide') return null;
  if (policy.scope === 'include') {
    const allowed = new Set<string>(policy.countries);
    const list = joinList([...policy.countries].sort());
    if (request.scope !== 'include') {
      // "Worldwide" or "everywhere but X" covers every assigned country not excluded; it fits
      // only if all of them are in the policy's list.
      const excluded = new Set<string>(request.scope === 'exclude' ? request.countries : []);
      const covered = COUNTRY_CODES.filter((country) => !excluded.has(country));
      return covered.every((country) => allowed.has(country))
        ? null
        : reason(
            [],
            `The creator licenses this clip only in ${list}; the request covers other countries too.`,
          );
    }
    const outside = request.countries.filter((country) => !allowed.has(country)).sort();
    return outside.length === 0
      ? null
      : reason(
          outside,
          `The creator licenses this clip only in ${list}; ${joinList(outside)} ${outside.length === 1 ? 'is' : 'are'} outside that territory.`,
        );
  }
  const excluded = [...policy.countries].sort();
  if (request.scope === 'worldwide') {
    return reason(
      excluded,
      `The creator does not license this clip in ${joinList(excluded)}; the request covers the whole world.`,
    );
  }
  if (request.scope === 'include') {
    const inExcluded = request.countries.filter((country) => excluded.includes(country)).sort();
    return inExcluded.length === 0
      ? null
      : reason(inExcluded, `The creator does not license this clip in ${joinList(inExcluded)}.`);
  }
  const alsoExcluded = new Set<string>(request.countries);
  const missing = excluded.filter((country) => !alsoExcluded.has(country));
  return missing.length === 0
    ? null
    : reason(
        missing,
        `The creator does not license this clip in ${joinList(missing)}; the request must exclude ${missing.length === 1 ? 'it' : 'them'}.`,
      );
}

/**
 * The compatibility rules on already-validated input. Exported inside the package so `quote`
 * can check thousands of lines without re-parsing each policy.
 */
export function compatibilityOf(
  policy: ClipPolicyType,
  request: LicenseRequestType,
): CompatibilityResultType {
  const reasons: CompatibilityReasonType[] = [];

  // Prohibitions are checked first and never cancelled by anything the policy allows.
  const prohibited = new Set(policy.prohibitedUses);
  const clashing = inVocabularyOrder(
    PROHIBITED_USES,
    request.sensitiveUses.filter((use) => prohibited.has(use)),
  );
  if (clashing.length > 0) {
    reasons.push({
      code: 'prohibited_use',
      field: 'sensitiveUses',
      values: clashing,
      message: `The creator prohibits ${joinList(clashing.map((use) => PROHIBITION_LABELS[use]))}; a prohibition cannot be licensed.`,
    });
  }

  const allowedUses = new Set(policy.allowedUses);
  const refusedUses = inVocabularyOrder(
    PERMITTED_USES,
    request.uses.filter((use) => !allowedUses.has(use)),
  );
  if (refusedUses.length > 0) {
    reasons.push({
      code: 'use_not_allowed',
      field: 'uses',
      values: refusedUses,
      message: `The creator does not allow ${joinList(refusedUses.map((use) => USE_LABELS[use]))} with this clip.`,
    });
  }

  const allowedModalities = new Set(policy.allowedModalities);
  const refusedModalities = inVocabularyOrder(
    OUTPUT_MODALITIES,
    request.outputModalities.filter((modality) => !allowedModalities.has(modality)),
  );
  if (refusedModalities.length > 0) {
    reasons.push({
      code: 'modality_not_allowed',
      field: 'outputModalities',
      values: refusedModalities,
      message: `The creator does not allow models whose output is ${joinList(refusedModalities.map((m) => MODALITY_LABELS[m]))}.`,
    });
  }

  if (request.commercial && !policy.commercialUseAllowed) {
    reasons.push({
      code: 'commercial_not_allowed',
      field: 'commercial',
      values: ['commercial'],
      message: 'The creator allows only non-commercial use of this clip.',
    });
  }

  if (request.exclusivity.kind !== 'none' && !policy.exclusivity.offered) {
    reasons.push({
      code: 'exclusivity_not_offered',
      field: 'exclusivity',
      values: ['exclusive'],
      message: 'The creator does not offer an exclusive license for this clip.',
    });
  }

  if (policy.maxTerm.kind === 'months') {
    const max = policy.maxTerm.months;
    if (request.term.kind === 'perpetual') {
      reasons.push({
        code: 'term_too_long',
        field: 'term',
        values: ['perpetual'],
        message: `The creator grants at most ${max} months; the request asks for a perpetual license.`,
      });
    } else if (request.term.months > max) {
      reasons.push({
        code: 'term_too_long',
        field: 'term.months',
        values: [String(request.term.months)],
        message: `The creator grants at most ${max} months; the request asks for ${request.term.months}.`,
      });
    }
  }

  if (
    request.term.kind === 'fixed' &&
    request.term.modelsUsableAfterTerm &&
    !policy.modelsUsableAfterTerm
  ) {
    reasons.push({
      code: 'model_use_after_term_not_allowed',
      field: 'term.modelsUsableAfterTerm',
      values: ['true'],
      message:
        'The creator does not allow models trained on this clip to be used after the license ends.',
    });
  }

  const territory = territoryReason(policy.territory, request.territory);
  if (territory) reasons.push(territory);

  if (request.sublicensing === 'affiliates' && policy.sublicensing !== 'affiliates') {
    reasons.push({
      code: 'sublicensing_not_allowed',
      field: 'sublicensing',
      values: ['affiliates'],
      message: 'The creator does not allow sublicensing to affiliates.',
    });
  }

  return { allowed: reasons.length === 0, reasons };
}

/**
 * Does this clip's policy allow this request? Returns every reason it does not, each with a
 * stable `code` and a sentence a creator or lab understands. A prohibition always wins; a
 * value the policy does not list is refused. Throws `LicenseError` (`invalid_policy`,
 * `invalid_request`) when either input does not validate, so an unknown value can never
 * come out as "allowed".
 */
export function checkCompatibility(
  policy: ClipPolicyType,
  request: LicenseRequestType,
): CompatibilityResultType {
  const validPolicy = parseOrThrow(ClipPolicy, policy, 'invalid_policy', 'clip policy');
  const validRequest = parseOrThrow(LicenseRequest, request, 'invalid_request', 'license request');
  return compatibilityOf(validPolicy, validRequest);
}
