import {
  BulkUpdateClips,
  ClipCategory,
  LicenseTemplateIdSchema,
  type BulkUpdateClipsType,
} from '@clearframe/contracts/supply';
import type { ApiProblemType } from './api/client.server';
import { clipsApi } from './api/clips.server';
import { parseMoneyInput } from './clip-labels';
import { formValues, problemToFailure, type FormFailure } from './form-errors';

/** The studio's bulk form fields (besides the `clipId` checkboxes). */
export const BULK_FIELDS = [
  'clipIds',
  'templateId',
  'ratePerMinute',
  'addTags',
  'category',
] as const;

/** Tags typed as "city, night, rain": trimmed, blanks dropped. */
export function splitTags(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((tag) => tag.trim())
    .filter((tag) => tag.length > 0);
}

// API paths of the bulk body, onto the form field that holds them.
function fieldOf(path: string): string {
  if (path.startsWith('policy.ratePerMinute') || path === 'policy') return 'ratePerMinute';
  if (path.startsWith('policy.templateId')) return 'templateId';
  if (path.startsWith('addTags')) return 'addTags';
  if (path.startsWith('clipIds')) return 'clipIds';
  return path;
}

function placeProblem(problem: ApiProblemType, values: Record<string, string>): FormFailure {
  const moved = {
    ...problem,
    errors: problem.errors?.map((error) => ({ ...error, path: fieldOf(error.path) })),
  };
  return problemToFailure(moved, BULK_FIELDS, { values });
}

export type BulkOutcome =
  | { ok: true; count: number; applied: string[] }
  | { ok: false; status: number; failure: FormFailure };

/**
 * Reads the bulk form (selected clips, and any of a policy template with its rate, tags to add,
 * a category), checks it with the contracts schema and applies it in one API call, all or none.
 */
export async function applyBulk(
  token: string,
  orgId: string,
  currency: string,
  formData: FormData,
): Promise<BulkOutcome> {
  const values = formValues(formData, BULK_FIELDS);
  const fieldErrors: Record<string, string> = {};
  const clipIds = formData.getAll('clipId').map(String);
  const body: Partial<BulkUpdateClipsType> & { clipIds: string[] } = { clipIds };
  const applied: string[] = [];

  const templateText = String(formData.get('templateId') ?? '');
  const rateText = String(formData.get('ratePerMinute') ?? '').trim();
  if (templateText) {
    const templateId = LicenseTemplateIdSchema.safeParse(templateText);
    const rate = parseMoneyInput(rateText, currency);
    if (!templateId.success) fieldErrors.templateId = 'Choose a license template.';
    if (!rate)
      fieldErrors.ratePerMinute = rateText
        ? `Enter the rate as an amount in ${currency}, such as 4.50.`
        : 'Enter the rate per minute for the policy.';
    if (templateId.success && rate) {
      body.policy = { templateId: templateId.data, ratePerMinute: rate };
      applied.push('policy');
    }
  } else if (rateText) {
    fieldErrors.templateId = 'Choose the license template this rate is for.';
  }
  const tags = splitTags(String(formData.get('addTags') ?? ''));
  if (tags.length > 0) {
    body.addTags = tags;
    applied.push('tags');
  }
  const categoryText = String(formData.get('category') ?? '');
  if (categoryText) {
    const category = ClipCategory.safeParse(categoryText);
    if (category.success) {
      body.category = category.data;
      applied.push('category');
    } else fieldErrors.category = 'Choose a category.';
  }
  if (Object.keys(fieldErrors).length > 0)
    return { ok: false, status: 400, failure: { formError: null, fieldErrors, values } };

  const parsed = BulkUpdateClips.safeParse(body);
  if (!parsed.success) {
    const failure: FormFailure = { formError: null, fieldErrors: {}, values };
    for (const issue of parsed.error.issues) {
      const field = fieldOf(issue.path.map(String).join('.'));
      if (field && field !== 'clipIds' && BULK_FIELDS.includes(field as never))
        failure.fieldErrors[field] ??= issue.message;
      else failure.formError ??= issue.message;
    }
    return { ok: false, status: 400, failure };
  }
  const result = await clipsApi.bulk(token, orgId, parsed.data);
  if (!result.ok)
    return { ok: false, status: result.status, failure: placeProblem(result.problem, values) };
  return { ok: true, count: result.data.items.length, applied };
}
