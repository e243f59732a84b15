import {
  PROBLEMS,
  problemEntry,
  type ProblemCode,
  type ProblemType,
} from '@clearframe/contracts/problem';
import type { z } from 'zod';

/** What a form shows after a failed submission: one message per field, an optional form-level message, and the values to refill. */
export interface FormFailure {
  formError: string | null;
  fieldErrors: Record<string, string>;
  values: Record<string, string>;
}

/** Result of reading and validating a submitted form with a contracts schema. */
export type FormParseResult<T> = { ok: true; data: T } | { ok: false; failure: FormFailure };

// Fields whose values are never echoed back into the page.
const SECRET_FIELD = /password|secret|token/i;

/**
 * The submitted text values of `fields`, without secrets, for refilling a form after an error.
 * A field sent several times (checkboxes) keeps its first value; read those with `getAll`.
 */
export function formValues(formData: FormData, fields: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of fields) {
    const value = formData.get(field);
    if (typeof value === 'string' && !SECRET_FIELD.test(field)) values[field] = value;
  }
  return values;
}

export interface ParseFormOptions {
  /**
   * Fields read from the form but not shown as inputs (a token from the link, an id). Their
   * errors become the form-level message, since there is no field to show them next to.
   */
  hidden?: readonly string[];
  /** Replaces the schema's message for a field, where the generic one would confuse a person. */
  messages?: Record<string, string>;
  /**
   * Fields of `fields` sent as several values under one name (a group of checkboxes): read with
   * `getAll` and passed as a list, none checked being an empty list. An error anywhere in the
   * list (`scopes.1`) is shown on the field.
   */
  lists?: readonly string[];
}

/**
 * Validates the named fields of a form with the same zod schema the API uses, so a person sees
 * the API's own messages before a request is made. Only `fields` (and `hidden`) are read: the
 * contracts schemas are strict, and forms carry extras such as `intent` or `redirectTo`.
 */
export function parseForm<S extends z.ZodType>(
  schema: S,
  formData: FormData,
  fields: readonly string[],
  options: ParseFormOptions = {},
): FormParseResult<z.output<S>> {
  const lists = options.lists ?? [];
  const input: Record<string, string | string[]> = {};
  for (const field of [...fields, ...(options.hidden ?? [])]) {
    if (lists.includes(field)) {
      input[field] = formData.getAll(field).filter((value) => typeof value === 'string');
      continue;
    }
    const value = formData.get(field);
    // A missing field is left out rather than sent as "", so `.default()`s in the schema apply.
    if (typeof value === 'string') input[field] = value;
  }
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: Record<string, string> = {};
  let formError: string | null = null;
  for (const issue of result.error.issues) {
    const [first] = issue.path.map(String);
    const path = first && lists.includes(first) ? first : issue.path.map(String).join('.');
    if (path && fields.includes(path))
      fieldErrors[path] ??= options.messages?.[path] ?? issue.message;
    else formError ??= (path && options.messages?.[path]) || issue.message;
  }
  return { ok: false, failure: { formError, fieldErrors, values: formValues(formData, fields) } };
}

/** Field a problem code belongs to when the API reports it without a field path. */
export type CodeFieldMap = Partial<Record<ProblemCode, string>>;

/**
 * A sentence for a person, for any problem the API can return: the catalog's message for the
 * code (the same table the API's filter reads), else the problem's own detail, else its title.
 */
export function problemMessage(
  problem: Pick<ProblemType, 'code' | 'title' | 'detail' | 'retryAfterSeconds'>,
): string {
  if (problem.code === 'rate_limited') {
    const seconds = problem.retryAfterSeconds;
    return seconds && seconds > 0
      ? `Too many attempts. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`
      : PROBLEMS.rate_limited.message;
  }
  return problemEntry(problem.code)?.message ?? problem.detail ?? problem.title;
}

/**
 * Maps an API problem onto a form: `errors[].path` that name a field of this form become that
 * field's message; a code listed in `codeFields` (e.g. `email_taken` → `email`) lands on that
 * field; anything else becomes the form-level message, so no error is ever dropped.
 */
export function problemToFailure(
  problem: Omit<ProblemType, 'reason'>,
  fields: readonly string[],
  options: { codeFields?: CodeFieldMap; values?: Record<string, string> } = {},
): FormFailure {
  const fieldErrors: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const error of problem.errors ?? []) {
    if (error.path && fields.includes(error.path)) fieldErrors[error.path] ??= error.message;
    else unplaced.push(error.path ? `${error.path}: ${error.message}` : error.message);
  }
  const codeField = options.codeFields?.[problem.code];
  let formError: string | null = null;
  if (codeField && fields.includes(codeField) && !fieldErrors[codeField]) {
    fieldErrors[codeField] = problemMessage(problem);
  } else if (Object.keys(fieldErrors).length === 0) {
    formError =
      unplaced.length > 0 && problem.code === 'validation_failed'
        ? unplaced.join(' ')
        : problemMessage(problem);
  } else if (unplaced.length > 0) {
    formError = unplaced.join(' ');
  }
  return { formError, fieldErrors, values: options.values ?? {} };
}
