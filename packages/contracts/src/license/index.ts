// @clearframe/contracts/license — the one definition of what a Clearframe license means.
// `LicenseTerms`, `ClipPolicy` and `LicenseRequest` are each both a zod schema and its type.
export {
  AuditRights,
  Attribution,
  ClipPolicy,
  CountryCode,
  Disclosure,
  Exclusivity,
  ExclusivityOffer,
  LICENSE_SCHEMA_ID,
  LICENSE_SCHEMA_ID_V2,
  LICENSE_SCHEMA_IDS,
  LicenseRequest,
  LicenseTerms,
  LicenseTermsV1,
  LicenseTermsV2,
  MAX_DISCLOSURE_DAYS,
  MAX_TERM_MONTHS,
  MaxTerm,
  OUTPUT_MODALITIES,
  OutputModality,
  PERMITTED_USES,
  PermittedUse,
  POLICY_SCHEMA_ID,
  PROHIBITED_USES,
  ProhibitedUse,
  RequiredDisclosure,
  Retention,
  SUBLICENSING,
  Sublicensing,
  Term,
  Territory,
  type AuditRightsType,
  type AttributionType,
  type ClipPolicyType,
  type DisclosureType,
  type ExclusivityOfferType,
  type ExclusivityType,
  type LicenseRequestType,
  type LicenseTermsType,
  type LicenseTermsV1Type,
  type LicenseTermsV2Type,
  type MaxTermType,
  type OutputModalityType,
  type PermittedUseType,
  type ProhibitedUseType,
  type RequiredDisclosureType,
  type RetentionType,
  type SublicensingType,
  type TermType,
  type TerritoryType,
} from './license.schema.js';
export { COUNTRY_CODES, COUNTRY_NAMES, countryName, type CountryCodeType } from './country.data.js';
export { LICENSE_ERROR_CODES, LicenseError, type LicenseErrorCode } from './license.errors.js';
export { MODALITY_LABELS, PROHIBITION_LABELS, USE_LABELS } from './license.vocabulary.js';
export {
  LICENSE_TEMPLATES,
  LICENSE_TEMPLATE_IDS,
  type LicenseTemplate,
  type LicenseTemplateId,
} from './license.templates.js';
export {
  COMPATIBILITY_CODES,
  CompatibilityCode,
  CompatibilityReason,
  CompatibilityResult,
  checkCompatibility,
  type CompatibilityCodeType,
  type CompatibilityReasonType,
  type CompatibilityResultType,
} from './compatibility.check.js';
export { termsFor } from './terms.builder.js';
export { canonicalize } from './canonical-json.codec.js';
export { termsHash } from './terms.hash.js';
export { renderTerms, type RenderTermsOptions } from './terms.render.js';
export {
  AIPREF_VOCABULARY_VERSION,
  CAWG_TRAINING_MINING_LABEL,
  CLEARFRAME_RSL_NAMESPACE,
  RSL_NAMESPACE,
  toAipref,
  toCawgAssertion,
  toRsl,
  type CawgTrainingMiningAssertion,
  type CawgTrainingMiningEntry,
  type ToRslOptions,
} from './interop.mapper.js';
