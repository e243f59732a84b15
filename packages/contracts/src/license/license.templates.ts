import {
  LICENSE_SCHEMA_ID,
  OUTPUT_MODALITIES,
  PROHIBITED_USES,
  type LicenseTermsType,
} from './license.schema.js';

/** Identifiers of the built-in templates. */
export const LICENSE_TEMPLATE_IDS = [
  'training-standard',
  'training-exclusive',
  'evaluation-only',
  'research-noncommercial',
] as const;
export type LicenseTemplateId = (typeof LICENSE_TEMPLATE_IDS)[number];

/** A named, documented, complete set of license terms a creator can start from. */
export interface LicenseTemplate {
  readonly id: LicenseTemplateId;
  readonly title: string;
  /** Who the template is for and what it grants, in one or two sentences. */
  readonly description: string;
  readonly terms: LicenseTermsType;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}

// Every template forbids every prohibitable use: templates are the defaults people accept
// without reading, so they are the strictest reasonable reading of each use case.
const ALL_PROHIBITIONS = [...PROHIBITED_USES];
const ALL_MODALITIES = [...OUTPUT_MODALITIES];

/**
 * The built-in templates, each a complete `LicenseTerms` object:
 * - `training-standard`: commercial training and fine-tuning, non-exclusive, 24 months,
 *   worldwide, models may be used after the term, source files deleted 30 days after it.
 * - `training-exclusive`: as standard, but exclusive until the end of a 12-month term and no
 *   sublicensing to affiliates.
 * - `evaluation-only`: evaluation and benchmarking only, 12 months, models trained on it are
 *   not part of the grant.
 * - `research-noncommercial`: non-commercial research including training, 36 months, with
 *   attribution.
 */
export const LICENSE_TEMPLATES: Readonly<Record<LicenseTemplateId, LicenseTemplate>> = deepFreeze({
  'training-standard': {
    id: 'training-standard',
    title: 'Standard training license',
    description:
      'For labs training or fine-tuning commercial models. Non-exclusive, worldwide, 24 months; models trained during the term may be used afterwards.',
    terms: {
      schema: LICENSE_SCHEMA_ID,
      permittedUses: ['ai-train', 'ai-finetune', 'ai-eval'],
      outputModalities: ALL_MODALITIES,
      prohibitedUses: ALL_PROHIBITIONS,
      commercial: true,
      exclusivity: { kind: 'none' },
      term: { kind: 'fixed', months: 24, modelsUsableAfterTerm: true },
      territory: { scope: 'worldwide' },
      attribution: { required: false },
      sublicensing: 'affiliates',
      retention: { deleteSourceFilesAtTermEnd: true, withinDays: 30 },
      audit: { allowed: true, noticeDays: 30, maxPerYear: 1 },
    },
  },
  'training-exclusive': {
    id: 'training-exclusive',
    title: 'Exclusive training license',
    description:
      'For a lab that wants to be the only licensee of the footage for a year. Exclusive until the end of a 12-month term; no sublicensing.',
    terms: {
      schema: LICENSE_SCHEMA_ID,
      permittedUses: ['ai-train', 'ai-finetune', 'ai-eval'],
      outputModalities: ALL_MODALITIES,
      prohibitedUses: ALL_PROHIBITIONS,
      commercial: true,
      exclusivity: { kind: 'exclusive', until: 'term-end' },
      term: { kind: 'fixed', months: 12, modelsUsableAfterTerm: true },
      territory: { scope: 'worldwide' },
      attribution: { required: false },
      sublicensing: 'none',
      retention: { deleteSourceFilesAtTermEnd: true, withinDays: 30 },
      audit: { allowed: true, noticeDays: 30, maxPerYear: 2 },
    },
  },
  'evaluation-only': {
    id: 'evaluation-only',
    title: 'Evaluation-only license',
    description:
      'For benchmarking and evaluating models without training on the footage. 12 months; nothing trained on the footage is licensed.',
    terms: {
      schema: LICENSE_SCHEMA_ID,
      permittedUses: ['ai-eval'],
      outputModalities: ALL_MODALITIES,
      prohibitedUses: ALL_PROHIBITIONS,
      commercial: true,
      exclusivity: { kind: 'none' },
      term: { kind: 'fixed', months: 12, modelsUsableAfterTerm: false },
      territory: { scope: 'worldwide' },
      attribution: { required: false },
      sublicensing: 'none',
      retention: { deleteSourceFilesAtTermEnd: true, withinDays: 30 },
      audit: { allowed: true, noticeDays: 30, maxPerYear: 1 },
    },
  },
  'research-noncommercial': {
    id: 'research-noncommercial',
    title: 'Non-commercial research license',
    description:
      'For universities and non-profit research: training, fine-tuning and evaluation for research that is not sold. 36 months, with attribution.',
    terms: {
      schema: LICENSE_SCHEMA_ID,
      permittedUses: ['ai-train', 'ai-finetune', 'ai-eval', 'research'],
      outputModalities: ALL_MODALITIES,
      prohibitedUses: ALL_PROHIBITIONS,
      commercial: false,
      exclusivity: { kind: 'none' },
      term: { kind: 'fixed', months: 36, modelsUsableAfterTerm: true },
      territory: { scope: 'worldwide' },
      attribution: { required: true, text: 'Includes footage licensed from Clearframe creators.' },
      sublicensing: 'none',
      retention: { deleteSourceFilesAtTermEnd: true, withinDays: 90 },
      audit: { allowed: false },
    },
  },
});
