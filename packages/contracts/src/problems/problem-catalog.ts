/**
 * One problem code as every client sees it: the HTTP status it is sent with, a short title, and
 * optionally the sentence a person is shown. Without `message`, the problem's `detail` is already
 * written for people (or names a field, for validation errors).
 */
export interface ProblemEntry {
  readonly status: number;
  readonly title: string;
  readonly message?: string;
}

/** Declares one domain's problems; `const` keeps the codes and statuses as literal types. */
export function problemCatalog<const T extends Record<string, ProblemEntry>>(entries: T): T {
  return entries;
}
