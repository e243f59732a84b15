import {
  LicenseRequest,
  OUTPUT_MODALITIES,
  PERMITTED_USES,
  PROHIBITED_USES,
  type LicenseRequestType,
} from '@clearframe/contracts/license';
import type { FormFailure, FormParseResult } from './form-errors';

// The intended-use form: a contracts LicenseRequest as plain form fields that work without
// JavaScript (checkbox groups, radio choices, a date, a number, a list of country codes).

/** The form's field names, each where the schema's errors for it are shown. */
export const INTENDED_USE_FIELDS = [
  'uses',
  'outputModalities',
  'sensitiveUses',
  'commercial',
  'exclusivity',
  'exclusiveUntil',
  'term',
  'termMonths',
  'modelsUsableAfterTerm',
  'territory',
  'countries',
  'sublicensing',
] as const;
export type IntendedUseField = (typeof INTENDED_USE_FIELDS)[number];

/** The form's values for a request, to fill the form with the bundle's current intended use. */
export function intendedUseValues(request: LicenseRequestType): Record<string, string | string[]> {
  return {
    uses: [...request.uses],
    outputModalities: [...request.outputModalities],
    sensitiveUses: [...request.sensitiveUses],
    commercial: request.commercial ? 'yes' : 'no',
    exclusivity: request.exclusivity.kind,
    exclusiveUntil:
      request.exclusivity.kind === 'exclusive' && request.exclusivity.until !== 'term-end'
        ? request.exclusivity.until
        : '',
    term: request.term.kind,
    termMonths: request.term.kind === 'fixed' ? String(request.term.months) : '',
    modelsUsableAfterTerm:
      request.term.kind === 'fixed' && request.term.modelsUsableAfterTerm ? 'on' : '',
    territory: request.territory.scope,
    countries:
      request.territory.scope === 'worldwide' ? '' : request.territory.countries.join(', '),
    sublicensing: request.sublicensing,
  };
}

function pick<T extends string>(values: readonly T[], formData: FormData, name: string): T[] {
  const chosen = formData.getAll(name);
  return values.filter((value) => chosen.includes(value));
}

function text(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === 'string' ? value.trim() : '';
}

// Where each schema path's message is shown: `term.months` next to the months box, and so on.
function fieldOf(path: readonly PropertyKey[]): IntendedUseField | null {
  const [first, second] = path.map(String);
  if (first === 'exclusivity') return second === 'until' ? 'exclusiveUntil' : 'exclusivity';
  if (first === 'term') return second === 'months' ? 'termMonths' : 'term';
  if (first === 'territory') return second === 'countries' ? 'countries' : 'territory';
  return (INTENDED_USE_FIELDS as readonly string[]).includes(first ?? '')
    ? (first as IntendedUseField)
    : null;
}

/**
 * Reads the intended-use form into a `LicenseRequest`, validated with the contracts schema the
 * API uses, so the person sees the API's own messages next to the fields they concern. An
 * exclusive request without a date runs to the end of the term.
 */
export function parseIntendedUse(formData: FormData): FormParseResult<LicenseRequestType> {
  const exclusiveUntil = text(formData, 'exclusiveUntil');
  const months = text(formData, 'termMonths');
  const scope = text(formData, 'territory');
  const countries = text(formData, 'countries')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((code) => code.toUpperCase());
  const input = {
    uses: pick(PERMITTED_USES, formData, 'uses'),
    outputModalities: pick(OUTPUT_MODALITIES, formData, 'outputModalities'),
    sensitiveUses: pick(PROHIBITED_USES, formData, 'sensitiveUses'),
    commercial: text(formData, 'commercial') === 'yes',
    exclusivity:
      text(formData, 'exclusivity') === 'exclusive'
        ? { kind: 'exclusive', until: exclusiveUntil || 'term-end' }
        : { kind: 'none' },
    term:
      text(formData, 'term') === 'perpetual'
        ? { kind: 'perpetual' }
        : {
            kind: 'fixed',
            // Not a number stays a string, so the schema's own message names the field.
            months: /^\d+$/.test(months) ? Number(months) : months,
            modelsUsableAfterTerm: formData.get('modelsUsableAfterTerm') === 'on',
          },
    territory:
      scope === 'include' || scope === 'exclude' ? { scope, countries } : { scope: 'worldwide' },
    sublicensing: text(formData, 'sublicensing') === 'affiliates' ? 'affiliates' : 'none',
  };
  const result = LicenseRequest.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: Record<string, string> = {};
  let formError: string | null = null;
  for (const issue of result.error.issues) {
    const field = fieldOf(issue.path);
    const message =
      field === 'termMonths' ? 'Enter the term in whole months, from 1 to 240.' : issue.message;
    if (field) fieldErrors[field] ??= message;
    else formError ??= message;
  }
  const values: Record<string, string> = {};
  for (const name of [
    'exclusiveUntil',
    'termMonths',
    'countries',
    'commercial',
    'exclusivity',
    'term',
    'territory',
    'sublicensing',
  ]) {
    values[name] = text(formData, name);
  }
  // Ticked boxes come back as they were sent, comma-separated (no value contains a comma).
  values.uses = input.uses.join(',');
  values.outputModalities = input.outputModalities.join(',');
  values.sensitiveUses = input.sensitiveUses.join(',');
  values.modelsUsableAfterTerm = formData.get('modelsUsableAfterTerm') === 'on' ? 'on' : '';
  const failure: FormFailure = { formError, fieldErrors, values };
  return { ok: false, failure };
}
