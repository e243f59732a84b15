import { compatibilityOf } from './compatibility.check.js';
import { LicenseError, parseOrThrow } from './license.errors.js';
import {
  ClipPolicy,
  LICENSE_SCHEMA_ID,
  LICENSE_SCHEMA_ID_V2,
  LicenseRequest,
  LicenseTerms,
  OUTPUT_MODALITIES,
  PERMITTED_USES,
  PROHIBITED_USES,
  type ClipPolicyType,
  type LicenseRequestType,
  type LicenseTermsType,
  type TerritoryType,
} from './license.schema.js';
import { COUNTRY_CODES } from './country.data.js';
import { inVocabularyOrder } from './license.vocabulary.js';

function normalizedTerritory(territory: TerritoryType): TerritoryType {
  if (territory.scope === 'worldwide') return { scope: 'worldwide' };
  return {
    scope: territory.scope,
    countries: inVocabularyOrder(COUNTRY_CODES, territory.countries),
  };
}

/**
 * The exact `LicenseTerms` a grant carries when `request` is licensed under `policy`: the
 * request's uses, modalities, term, territory and sublicensing; the policy's prohibitions,
 * attribution, retention, audit rights and disclosure requirement. A policy that requires a
 * disclosure gives `clearframe.license/2` terms; any other gives `clearframe.license/1`, exactly
 * as before disclosure existed, so those terms hash as they always did. Lists come out in
 * vocabulary order so equal terms hash equally. Throws `LicenseError('incompatible')` (with `reasons`) when the policy does
 * not allow the request, and `invalid_policy` / `invalid_request` on invalid input.
 */
export function termsFor(policy: ClipPolicyType, request: LicenseRequestType): LicenseTermsType {
  const validPolicy = parseOrThrow(ClipPolicy, policy, 'invalid_policy', 'clip policy');
  const validRequest = parseOrThrow(LicenseRequest, request, 'invalid_request', 'license request');
  const compatibility = compatibilityOf(validPolicy, validRequest);
  if (!compatibility.allowed) {
    const first = compatibility.reasons[0]!;
    throw new LicenseError(
      'incompatible',
      `The policy does not allow this request: ${first.message}`,
      [],
      compatibility.reasons,
    );
  }
  const members = {
    permittedUses: inVocabularyOrder(PERMITTED_USES, validRequest.uses),
    outputModalities: inVocabularyOrder(OUTPUT_MODALITIES, validRequest.outputModalities),
    prohibitedUses: inVocabularyOrder(PROHIBITED_USES, validPolicy.prohibitedUses),
    commercial: validRequest.commercial,
    exclusivity: validRequest.exclusivity,
    term: validRequest.term,
    territory: normalizedTerritory(validRequest.territory),
    attribution: validPolicy.attribution,
    sublicensing: validRequest.sublicensing,
    // A perpetual license has no end at which deletion could fall due.
    retention:
      validRequest.term.kind === 'perpetual'
        ? { deleteSourceFilesAtTermEnd: false as const }
        : validPolicy.retention,
    audit: validPolicy.audit,
  };
  // Like attribution, the requirement is the creator's: a request has no say in it.
  const disclosure = validPolicy.disclosure;
  const terms: LicenseTermsType = disclosure?.required
    ? {
        schema: LICENSE_SCHEMA_ID_V2,
        ...members,
        disclosure: {
          required: true,
          withinDaysAfterRelease: disclosure.withinDaysAfterRelease,
        },
      }
    : { schema: LICENSE_SCHEMA_ID, ...members };
  // Re-validated so a rule added to the schema can never be bypassed by this builder.
  return parseOrThrow(LicenseTerms, terms, 'invalid_terms', 'license terms');
}
