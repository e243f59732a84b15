import { Disclosure, type DisclosureType } from '@clearframe/contracts/license';
import {
  CreateRelease,
  LicenseTemplateIdSchema,
  RELEASE_DOCUMENT_MAX_BYTES,
  RELEASE_SNIFF_BYTES,
  UpdateClip,
  releaseDocumentTypeOf,
  type CreateReleaseType,
  type SetClipPolicyType,
  type UpdateClipType,
} from '@clearframe/contracts/supply';
import type { z } from 'zod';
import type { ApiProblemType } from './api/client.server';
import { parseMoneyInput } from './clip-labels';
import { formValues, problemToFailure, type FormFailure } from './form-errors';
import { splitTags } from './studio-bulk.server';

// Reading the clip page's forms into the contracts' request bodies, and placing the API's
// `errors[].path` back onto the fields they came from.

export type Parsed<T> = { ok: true; data: T } | { ok: false; failure: FormFailure };

export const DESCRIBE_FIELDS = [
  'title',
  'description',
  'tags',
  'category',
  'captions',
  'cameraMotion',
  'setting',
  'timeOfDay',
  'country',
] as const;

export const RELEASE_FIELDS = [
  'personName',
  'signedOn',
  'document',
  'aiTraining',
  'commercialUse',
  'publicPreview',
  'likenessSynthesis',
] as const;

const CONSENT_FIELDS = [
  'aiTraining',
  'commercialUse',
  'publicPreview',
  'likenessSynthesis',
] as const;

export const POLICY_FIELDS = [
  'templateId',
  'ratePerMinute',
  'disclosureRequired',
  'disclosureDays',
] as const;

function issuesToFailure(
  error: z.ZodError,
  fields: readonly string[],
  fieldOf: (path: string) => string,
  values: Record<string, string>,
): FormFailure {
  const failure: FormFailure = { formError: null, fieldErrors: {}, values };
  for (const issue of error.issues) {
    const field = fieldOf(issue.path.map(String).join('.'));
    if (fields.includes(field)) failure.fieldErrors[field] ??= issue.message;
    else failure.formError ??= issue.message;
  }
  return failure;
}

/** An API problem on one of the clip page's forms, each `errors[].path` moved onto its field. */
export function placeProblem(
  problem: ApiProblemType,
  fields: readonly string[],
  fieldOf: (path: string) => string,
  values: Record<string, string>,
): FormFailure {
  return problemToFailure(
    { ...problem, errors: problem.errors?.map((e) => ({ ...e, path: fieldOf(e.path) })) },
    fields,
    { values },
  );
}

/** `tags.2` → `tags`: a list's items are one field on the form. */
export function describeFieldOf(path: string): string {
  return path.split('.')[0]!;
}

/**
 * The description form as an `UpdateClip` patch: every field is sent, blanks clear optional
 * fields (null), tags are comma-separated. The title cannot be cleared.
 */
export function parseDescription(formData: FormData): Parsed<UpdateClipType> {
  const values = formValues(formData, DESCRIBE_FIELDS);
  const text = (field: string) => String(formData.get(field) ?? '').trim();
  const orNull = (field: string) => text(field) || null;
  const patch = {
    title: text('title'),
    description: orNull('description'),
    tags: splitTags(text('tags')),
    category: orNull('category'),
    captions: orNull('captions'),
    cameraMotion: orNull('cameraMotion'),
    setting: orNull('setting'),
    timeOfDay: orNull('timeOfDay'),
    country: orNull('country'),
  };
  const parsed = UpdateClip.safeParse(patch);
  if (!parsed.success)
    return {
      ok: false,
      failure: issuesToFailure(parsed.error, DESCRIBE_FIELDS, describeFieldOf, values),
    };
  return { ok: true, data: parsed.data };
}

/** `person.name` → `personName`, `consent.aiTraining` → `aiTraining`, `document.*` → `document`. */
export function releaseFieldOf(path: string): string {
  if (path.startsWith('person')) return 'personName';
  if (path.startsWith('consent.')) return path.slice('consent.'.length);
  if (path.startsWith('document')) return 'document';
  return path;
}

export const AI_TRAINING_REQUIRED =
  'Tick this to add the person: Clearframe lists footage of identifiable people only with their consent to AI training, as their signed release states.';

/** A release form read and checked: the API body, and the document's bytes to store. */
export type ParsedRelease = { body: CreateReleaseType; bytes: Uint8Array<ArrayBuffer> };

/**
 * The "person with a release" form: name or pseudonym, signed date, the document (recognised
 * by its bytes as PDF, PNG, JPEG or WebP, whatever its name says) and the consent boxes, of
 * which AI training must be ticked explicitly.
 */
export async function parseRelease(formData: FormData): Promise<Parsed<ParsedRelease>> {
  const ticked = (field: string) => formData.get(field) === 'on';
  // Ticked boxes come back ticked after a refusal ("on"), like the typed fields.
  const values: Record<string, string> = formValues(formData, ['personName', 'signedOn']);
  for (const flag of CONSENT_FIELDS) if (ticked(flag)) values[flag] = 'on';
  const fieldErrors: Record<string, string> = {};
  if (!ticked('aiTraining')) fieldErrors.aiTraining = AI_TRAINING_REQUIRED;

  const file = formData.get('document');
  let bytes = new Uint8Array(new ArrayBuffer(0));
  let contentType: string | null = null;
  if (!(file instanceof File) || file.size === 0) {
    fieldErrors.document = 'Choose the signed release document (PDF or image).';
  } else if (file.size > RELEASE_DOCUMENT_MAX_BYTES) {
    fieldErrors.document = `Use a document of at most ${RELEASE_DOCUMENT_MAX_BYTES / 1024 / 1024} MiB.`;
  } else {
    bytes = new Uint8Array(await file.arrayBuffer());
    contentType = releaseDocumentTypeOf(bytes.subarray(0, RELEASE_SNIFF_BYTES));
    if (!contentType)
      fieldErrors.document =
        'This file is not a PDF, PNG, JPEG or WebP document. Upload the signed release itself.';
  }

  const candidate = {
    person: { name: String(formData.get('personName') ?? '') },
    signedOn: String(formData.get('signedOn') ?? ''),
    consent: {
      aiTraining: ticked('aiTraining'),
      commercialUse: ticked('commercialUse'),
      publicPreview: ticked('publicPreview'),
      likenessSynthesis: ticked('likenessSynthesis'),
    },
    document: {
      fileName: file instanceof File ? file.name : '',
      contentType: contentType ?? 'application/pdf',
      sizeBytes: file instanceof File ? file.size : 0,
    },
  };
  const parsed = CreateRelease.safeParse(candidate);
  const failure: FormFailure = parsed.success
    ? { formError: null, fieldErrors: {}, values }
    : issuesToFailure(parsed.error, RELEASE_FIELDS, releaseFieldOf, values);
  for (const [field, message] of Object.entries(fieldErrors)) failure.fieldErrors[field] = message;
  if (!parsed.success || Object.keys(failure.fieldErrors).length > 0 || failure.formError)
    return { ok: false, failure };
  return { ok: true, data: { body: parsed.data, bytes } };
}

/** `policy.ratePerMinute.amountMinor` → `ratePerMinute`, `disclosure.withinDaysAfterRelease` → `disclosureDays`. */
export function policyFieldOf(path: string): string {
  if (path.includes('ratePerMinute') || path.includes('currency')) return 'ratePerMinute';
  if (path.includes('templateId')) return 'templateId';
  if (path.includes('withinDaysAfterRelease')) return 'disclosureDays';
  if (path.includes('disclosure')) return 'disclosureRequired';
  return path;
}

export const DISCLOSURE_DAYS_MISSING =
  'Enter how many days after release the disclosure is due: 0 means before release.';

/**
 * The disclosure part of the policy form: the box unticked is "not required" (the days are
 * then ignored); ticked, the days must be a whole number from 0 to 365.
 */
function parseDisclosure(
  formData: FormData,
): { ok: true; data: DisclosureType } | { ok: false; error: string } {
  if (formData.get('disclosureRequired') !== 'on') return { ok: true, data: { required: false } };
  const text = String(formData.get('disclosureDays') ?? '').trim();
  if (!text) return { ok: false, error: DISCLOSURE_DAYS_MISSING };
  // Digits only: Number('1e2') or Number('0x1f') would read as a day count nobody typed.
  const days = /^\d{1,4}$/.test(text) ? Number(text) : Number.NaN;
  const parsed = Disclosure.safeParse({ required: true, withinDaysAfterRelease: days });
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]!.message };
  return { ok: true, data: parsed.data };
}

/**
 * The policy form: a license template, the rate per minute in the catalog's currency, and
 * whether licensees must publish a model disclosure (and how many days after release).
 */
export function parsePolicy(formData: FormData, currency: string): Parsed<SetClipPolicyType> {
  const values = formValues(formData, POLICY_FIELDS);
  const fieldErrors: Record<string, string> = {};
  const template = LicenseTemplateIdSchema.safeParse(formData.get('templateId'));
  if (!template.success) fieldErrors.templateId = 'Choose the license this clip is offered under.';
  const rateText = String(formData.get('ratePerMinute') ?? '').trim();
  const rate = parseMoneyInput(rateText, currency);
  if (!rate)
    fieldErrors.ratePerMinute = rateText
      ? `Enter the rate as an amount in ${currency}, such as 4.50.`
      : 'Enter what a lab pays per minute of this clip.';
  const disclosure = parseDisclosure(formData);
  if (!disclosure.ok) fieldErrors.disclosureDays = disclosure.error;
  if (!template.success || !rate || !disclosure.ok)
    return { ok: false, failure: { formError: null, fieldErrors, values } };
  // "Not required" is sent as no member: the policy the API stores then hashes as before.
  return {
    ok: true,
    data: {
      templateId: template.data,
      ratePerMinute: rate,
      ...(disclosure.data.required ? { disclosure: disclosure.data } : {}),
    },
  };
}
